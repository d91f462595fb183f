/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli.perf;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Runs rate-limited producers as periodic tasks on a few threads instead of a thread each: with
 * {@code -x 1000 -r 10}, a thread per producer would make the tool's own threads (a thousand,
 * mostly asleep) the figure a thread count measures, not the client's. Each producer's task runs
 * once per interval, its first run at a random point of the first interval so that the producers'
 * publishes spread over it. Thread-safe.
 */
final class ProducerScheduler implements AutoCloseable {
  /** Below this many producers, a thread each (the tight loop the throughput scenarios need). */
  static final int THRESHOLD = 2 * Runtime.getRuntime().availableProcessors();

  private final ScheduledThreadPoolExecutor executor;

  /** A scheduler with one thread per core. */
  ProducerScheduler() {
    AtomicInteger n = new AtomicInteger();
    executor =
        new ScheduledThreadPoolExecutor(
            Runtime.getRuntime().availableProcessors(),
            r -> {
              Thread t = new Thread(r, "warren-perf-scheduler-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
  }

  /**
   * Whether {@code producers} producers at {@code rate} msg/s each run here (else a thread each).
   */
  static boolean schedules(int producers, double rate) {
    return rate > 0 && producers > THRESHOLD;
  }

  /**
   * Runs {@code tick} every {@code 1 / rate} seconds until it returns false or the scheduler is
   * closed. A tick that throws ends its producer too.
   */
  void every(double rate, BooleanSupplier tick) {
    long interval = Math.max(1, (long) (1e9 / rate));
    long offset = ThreadLocalRandom.current().nextLong(interval);
    executor.scheduleAtFixedRate(
        () -> {
          if (!tick.getAsBoolean()) {
            // A periodic task that throws runs no more: the cheapest way to end one from inside.
            throw Done.INSTANCE;
          }
        },
        offset,
        interval,
        TimeUnit.NANOSECONDS);
  }

  /** Ends a producer's periodic task; carries no stack trace. */
  private static final class Done extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Done INSTANCE = new Done();

    private Done() {
      super("producer done", null, false, false);
    }
  }

  /** Stops every producer's task (a running tick finishes) and ends the threads. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
