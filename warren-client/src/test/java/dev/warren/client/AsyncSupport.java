/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Helpers of the asynchronous API's integration tests (Async*IT). */
final class AsyncSupport {
  private AsyncSupport() {}

  /** How long a test waits for anything the broker should do quickly. */
  static final Duration WAIT = Duration.ofSeconds(20);

  /** The broker's parameters, without automatic recovery (pika's behaviour: a loss is final). */
  static ConnectionParameters params() {
    return Broker.parameters().toBuilder().recovery(RecoveryPolicy.disabled()).build();
  }

  /** The same, with a connection name the broker shows (for rabbitmqctl close_connection). */
  static ConnectionParameters params(String connectionName) {
    return params().toBuilder().connectionName(connectionName).build();
  }

  static AsyncConnection connect() {
    return await(AsyncConnection.open(params()));
  }

  static AsyncConnection connect(ConnectionParameters p) {
    return await(AsyncConnection.open(p));
  }

  /**
   * The test thread's only way of waiting: the future's value, at most {@link #WAIT}; a failure is
   * rethrown as it is (unchecked) so assertions see the typed exception.
   */
  static <T> T await(CompletionStage<T> stage) {
    return await(stage, WAIT);
  }

  static <T> T await(CompletionStage<T> stage, Duration timeout) {
    try {
      return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = unwrap(e.getCause());
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new AssertionError("failed", cause);
    } catch (TimeoutException e) {
      throw new AssertionError("future still pending after " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Waits for {@code future} to fail and returns why (unwrapped); fails if it succeeds. */
  static Throwable failure(CompletableFuture<?> future) {
    return failure(future, WAIT);
  }

  static Throwable failure(CompletableFuture<?> future, Duration timeout) {
    try {
      Object value = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected a failure, but it completed with " + value);
    } catch (ExecutionException e) {
      return unwrap(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("future still pending after " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  // ---- the memory alarm (connection.blocked) ----

  /**
   * Runs {@code body} while the broker's memory alarm is on (every publishing connection blocked),
   * and always switches it off again, whatever {@code body} did. Keep {@code body} short: the alarm
   * blocks every publisher on the broker.
   */
  static void withMemoryAlarm(ThrowingRunnable body) throws Exception {
    // The alarm is broker-wide: test runs sharing the broker (other modules, other JVMs) take
    // this lock around theirs, so that one run's "off" cannot cut another's "on" short.
    try (FileChannel lockFile =
            FileChannel.open(ALARM_LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.lock()) {
      ItSupport.ctl("set_vm_memory_high_watermark", "0.00001");
      try {
        body.run();
      } finally {
        ItSupport.ctl("set_vm_memory_high_watermark", "0.4");
      }
    }
  }

  /** The file whose lock serializes memory alarms across processes sharing the test broker. */
  static final Path ALARM_LOCK =
      Path.of(System.getProperty("java.io.tmpdir"), "warren-broker-memory-alarm.lock");

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** Waits until {@code conn} hears connection.blocked (the alarm must be on). */
  static void awaitBlocked(Connection conn) {
    ItSupport.waitUntil(WAIT, "connection.blocked", conn::isBlocked);
  }

  // ---- queues as the broker sees them ----

  /** messages_ready, messages_unacknowledged and consumers of a queue, from rabbitmqctl. */
  record QueueStats(long ready, long unacked, long consumers) {}

  static QueueStats queueStats(String queue) {
    String out =
        ItSupport.ctl(
            "list_queues", "name", "messages_ready", "messages_unacknowledged", "consumers");
    for (String line : out.split("\n")) {
      String[] f = line.trim().split("\t");
      if (f.length == 4 && f[0].equals(queue)) {
        return new QueueStats(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
      }
    }
    throw new AssertionError("rabbitmqctl list_queues does not list " + queue + ":\n" + out);
  }

  // ---- which thread ran what ----

  /** Records, per kind of callback, the name of the thread that ran it. */
  static final class Threads {
    final Map<String, String> byKind = new ConcurrentHashMap<>();

    void record(String kind) {
      byKind.putIfAbsent(kind, Thread.currentThread().getName());
    }

    void assertNoneOnIoThread() {
      assertThat(byKind).allSatisfy((kind, thread) -> assertIsCallbackThread(kind, thread));
    }
  }

  static void assertIsCallbackThread(String kind, String thread) {
    assertThat(thread)
        .as("thread that ran %s", kind)
        .doesNotStartWith("warren-io")
        .startsWith("warren-callback-");
  }
}
