/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.errors.ConnectionLostException;
import dev.warren.protocol.BasicProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A publisher (confirms, persistent, asynchronous {@code publishConfirmed}, at most {@link
 * #IN_FLIGHT} unconfirmed) and a consumer (manual acks, prefetch {@link #PREFETCH}) on one queue,
 * on connections of their own, counting what was confirmed, what failed and how, and what was
 * delivered how often, so a test can check after node failures that 0 confirmed messages were lost.
 */
final class ClusterLoad implements AutoCloseable {
  static final int IN_FLIGHT = 200;
  static final int PREFETCH = 50;
  static final BasicProperties PERSISTENT = BasicProperties.builder().deliveryMode(2).build();

  final String queue;
  final Connection publisherConn;
  final Connection consumerConn;
  final Events publisherEvents = new Events();
  final Events consumerEvents = new Events();
  final Set<Long> confirmed = ConcurrentHashMap.newKeySet();
  final Map<Long, Throwable> failed = new ConcurrentHashMap<>();
  final Map<Long, AtomicInteger> deliveries = new ConcurrentHashMap<>();
  final AtomicInteger duplicatesNotRedelivered = new AtomicInteger();
  final Set<Long> notRedeliveredDuplicates = ConcurrentHashMap.newKeySet();
  final AtomicInteger duplicates = new AtomicInteger();
  final AtomicInteger cancels = new AtomicInteger();
  final AtomicLong published = new AtomicLong();
  private final java.util.Queue<CompletableFuture<Void>> futures =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final Semaphore window = new Semaphore(IN_FLIGHT);
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread publisher;

  /** Starts both; the queue must exist. */
  ClusterLoad(String queue, EndpointList publisherAt, EndpointList consumerAt) {
    this.queue = queue;
    publisherConn = Connection.open(publisherAt);
    publisherConn.addRecoveryListener(publisherEvents);
    consumerConn = Connection.open(consumerAt);
    consumerConn.addRecoveryListener(consumerEvents);
    Channel cch = consumerConn.openChannel();
    cch.basicQos(Qos.prefetch(PREFETCH));
    cch.basicConsume(
        ConsumeSpec.queue(queue),
        new Consumer() {
          @Override
          public void handleDelivery(Delivery d) {
            long seq = Long.parseLong(new String(d.body(), StandardCharsets.UTF_8));
            int n = deliveries.computeIfAbsent(seq, k -> new AtomicInteger()).incrementAndGet();
            if (n > 1) {
              duplicates.incrementAndGet();
              if (!d.redelivered()) {
                duplicatesNotRedelivered.incrementAndGet();
                notRedeliveredDuplicates.add(seq);
              }
            }
            try {
              cch.basicAck(d.deliveryTag());
            } catch (RuntimeException e) {
              // The channel went with its connection: the broker redelivers it (redelivered).
            }
          }

          @Override
          public void handleCancel(String consumerTag) {
            cancels.incrementAndGet();
          }
        });
    Channel pch = publisherConn.openChannel();
    pch.confirmSelect();
    AsyncChannel async = pch.async();
    publisher =
        new Thread(
            () -> {
              long seq = 0;
              while (running.get()) {
                try {
                  if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                  }
                } catch (InterruptedException e) {
                  return;
                }
                long s = ++seq;
                published.set(s);
                CompletableFuture<Void> f;
                try {
                  f =
                      async.publishConfirmed(
                          "",
                          queue,
                          PERSISTENT,
                          Long.toString(s).getBytes(StandardCharsets.UTF_8),
                          PublishOptions.DEFAULT);
                } catch (RuntimeException e) {
                  f = CompletableFuture.failedFuture(e);
                }
                futures.add(f);
                if (s % 20 == 0) {
                  // At most about 2,000 a second: the machine is shared, the point is the faults.
                  ItSupport.sleep(Duration.ofMillis(10));
                }
                f.whenComplete(
                    (ok, e) -> {
                      window.release();
                      if (e == null) {
                        confirmed.add(s);
                      } else {
                        failed.put(s, unwrap(e));
                      }
                    });
              }
            },
            "cluster-load-publisher");
    publisher.setDaemon(true);
    publisher.start();
  }

  /** Waits until at least {@code count} more publishes have been confirmed. */
  void awaitConfirmedMore(int count, Duration timeout) {
    int target = confirmed.size() + count;
    ItSupport.waitUntil(
        timeout,
        target + " confirms (have " + confirmed.size() + ")",
        () -> confirmed.size() >= target);
  }

  /**
   * Stops publishing, waits until every publish has completed, then until the consumer has seen
   * every confirmed message.
   */
  void finish(Duration timeout) throws InterruptedException {
    running.set(false);
    publisher.join(timeout.toMillis());
    assertThat(publisher.isAlive()).as("the publisher thread ended").isFalse();
    ItSupport.waitUntil(
        timeout,
        "every publish completed (" + futures.stream().filter(f -> !f.isDone()).count() + " open)",
        () -> futures.stream().allMatch(CompletableFuture::isDone));
    ItSupport.waitUntil(
        timeout,
        "the consumer received every confirmed message (" + missing().size() + " missing)",
        () -> missing().isEmpty());
  }

  /** Confirmed but never delivered. */
  List<Long> missing() {
    List<Long> out = new ArrayList<>();
    for (long s : confirmed) {
      if (!deliveries.containsKey(s)) {
        out.add(s);
      }
    }
    return out;
  }

  /** The checks every cluster failure test makes at the end. */
  void assertNothingConfirmedLost() {
    check(false, false);
  }

  /**
   * As {@link #assertNothingConfirmedLost()}, but a message may also arrive twice without the
   * redelivered flag: a republished publish whose first copy had reached the queue.
   */
  void assertNothingConfirmedLostAllowingRepublishedCopies() {
    check(false, true);
  }

  /**
   * As {@link #assertNothingConfirmedLost()}, but a publish may also have been nacked by the broker
   * ({@code NackedException}: not stored, and the application is told), as RabbitMQ does for a
   * quorum queue while a node shuts down gracefully.
   */
  void assertNothingConfirmedLostAcceptingNacks() {
    check(true, false);
  }

  private void check(boolean nacksAccepted, boolean republishedCopiesAccepted) {
    assertThat(missing()).as("confirmed messages never delivered").isEmpty();
    assertThat(confirmed.size() + failed.size())
        .as("every publish completed")
        .isEqualTo((int) published.get());
    List<String> unexpected = new ArrayList<>();
    for (Throwable e : failed.values()) {
      boolean ok =
          e instanceof ConnectionLostException
              || (nacksAccepted && e instanceof dev.warren.errors.NackedException);
      if (!ok && unexpected.size() < 5) {
        unexpected.add(e.toString());
      }
    }
    assertThat(unexpected)
        .as(
            "unconfirmed publishes fail with ConnectionLostException"
                + (nacksAccepted ? " (or were nacked by the broker)" : ""))
        .isEmpty();
    assertThat(deliveries.keySet())
        .as("delivered messages were published")
        .allMatch(s -> s >= 1 && s <= published.get());
    if (!republishedCopiesAccepted) {
      assertThat(duplicatesNotRedelivered.get())
          .as("every second copy is a redelivery (its first ack had not reached the broker)")
          .isZero();
    }
  }

  long nacked() {
    return failed.values().stream()
        .filter(e -> e instanceof dev.warren.errors.NackedException)
        .count();
  }

  /** One line of figures for the docs. */
  String figures() {
    return "published="
        + published.get()
        + " confirmed="
        + confirmed.size()
        + " failed(ConnectionLost)="
        + (failed.size() - nacked())
        + " nacked="
        + nacked()
        + " lost="
        + missing().size()
        + " duplicates="
        + duplicates.get()
        + (notRedeliveredDuplicates.isEmpty()
            ? ""
            : " (" + notRedeliveredDuplicates.size() + " republished copies)")
        + " brokerCancels="
        + cancels.get();
  }

  private static Throwable unwrap(Throwable e) {
    while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  @Override
  public void close() {
    running.set(false);
    publisherConn.close();
    consumerConn.close();
  }

  /** Recovery steps with times, for recovery durations. */
  static final class Events implements RecoveryListener {
    final List<String> connectedAt = new CopyOnWriteArrayList<>();
    final List<String> attempts = new CopyOnWriteArrayList<>();
    final List<String> recoveredAt = new CopyOnWriteArrayList<>();
    final List<dev.warren.errors.ConnectionClosedException> losses = new CopyOnWriteArrayList<>();
    final List<Object> entityFailures = new CopyOnWriteArrayList<>();
    final List<dev.warren.errors.AmqpException> entityFailureCauses = new CopyOnWriteArrayList<>();
    volatile long lostNanos;
    volatile long recoveredNanos;

    @Override
    public void connected(String endpoint, String clusterName) {
      connectedAt.add(endpoint);
    }

    @Override
    public void connectionLost(dev.warren.errors.ConnectionClosedException cause) {
      lostNanos = System.nanoTime();
      losses.add(cause);
    }

    @Override
    public void recoveryAttempt(int attempt, String endpoint) {
      attempts.add(endpoint);
    }

    @Override
    public void entityRecoveryFailed(Object entity, dev.warren.errors.AmqpException failure) {
      entityFailures.add(entity);
      entityFailureCauses.add(failure);
    }

    @Override
    public void recovered(String endpoint) {
      recoveredNanos = System.nanoTime();
      recoveredAt.add(endpoint);
    }

    void awaitRecovered(int count, Duration timeout) {
      ItSupport.waitUntil(
          timeout,
          count + " recoveries (have " + recoveredAt + ", losses " + losses + ")",
          () -> recoveredAt.size() >= count);
    }

    /** From the loss to the end of the latest recovery. */
    Duration lastRecoveryTime() {
      return Duration.ofNanos(recoveredNanos - lostNanos);
    }
  }
}
