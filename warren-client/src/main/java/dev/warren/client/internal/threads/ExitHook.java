/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.threads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the connections still open when the JVM shuts down (System.exit, SIGTERM, the end of the
 * last non-daemon thread): one shutdown hook per process, registered when the first connection
 * opens. Each open connection is closed as {@code close()} would close it: the close is queued
 * behind what the application already handed to the I/O thread, so every publish accepted before
 * the shutdown is written before connection.close. The hook waits for them all together, at most
 * {@code -Dwarren.exitTimeoutMillis} (default 5,000 ms), then lets the JVM go.
 *
 * <p>Shutdown hooks run concurrently, in no order: an application with a hook of its own that still
 * uses its connections while the JVM shuts down (and closes them itself) turns this one off with
 * {@code -Dwarren.exitHook=false}, read when the JVM shuts down.
 */
public final class ExitHook {
  private static final Logger log = LoggerFactory.getLogger(ExitHook.class);
  private static final Map<Object, Function<Duration, CompletableFuture<?>>> open =
      new ConcurrentHashMap<>();
  private static final AtomicBoolean installed = new AtomicBoolean();

  private ExitHook() {}

  /**
   * {@code connection} is open until {@link #forget}; at JVM shutdown {@code close} is called with
   * the time left and returns a future completing when it closed.
   */
  public static void register(Object connection, Function<Duration, CompletableFuture<?>> close) {
    open.put(connection, close);
    if (installed.compareAndSet(false, true)) {
      try {
        Runtime.getRuntime().addShutdownHook(new Thread(ExitHook::run, "warren-exit"));
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already shutting down: nothing will run a hook registered now.
      }
    }
  }

  /** {@code connection} closed. */
  public static void forget(Object connection) {
    open.remove(connection);
  }

  static Duration timeout() {
    return Duration.ofMillis(Math.max(0, Long.getLong("warren.exitTimeoutMillis", 5_000)));
  }

  private static void run() {
    if (open.isEmpty() || !Boolean.parseBoolean(System.getProperty("warren.exitHook", "true"))) {
      return;
    }
    Duration timeout = timeout();
    log.info("JVM shutdown: closing {} open connection(s)", open.size());
    List<CompletableFuture<?>> closing = new ArrayList<>();
    for (Function<Duration, CompletableFuture<?>> close : open.values()) {
      try {
        closing.add(close.apply(timeout));
      } catch (RuntimeException e) {
        log.debug("JVM shutdown: a connection could not be closed: {}", e.toString());
      }
    }
    // get() on each in turn, one deadline for all: it needs no executor (the application's
    // callback executor may already be shut down by another hook).
    long deadline = System.nanoTime() + timeout.toNanos();
    int late = 0;
    for (CompletableFuture<?> f : closing) {
      try {
        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (java.util.concurrent.TimeoutException e) {
        late++;
      } catch (java.util.concurrent.ExecutionException e) {
        log.debug("JVM shutdown: a close failed: {}", e.getCause().toString());
      }
    }
    if (late > 0) {
      log.warn(
          "JVM shutdown: {} connection(s) did not close within {} ms; exiting anyway",
          late,
          timeout.toMillis());
    }
  }
}
