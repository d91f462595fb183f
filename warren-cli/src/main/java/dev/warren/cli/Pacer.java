/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Spaces sends to a rate (messages per second) on one thread: each send is due one interval after
 * the previous one was due, so short oversleeps are caught up; a backlog longer than one second is
 * forgotten rather than sent in a burst. Not thread-safe: one per sending thread.
 */
public final class Pacer {
  private static final long MAX_BACKLOG = 1_000_000_000L;
  private final long intervalNanos;
  private long next;

  /** A pacer for {@code ratePerSecond}; zero or less means no limit. */
  public Pacer(double ratePerSecond) {
    this.intervalNanos = ratePerSecond <= 0 ? 0 : Math.max(1, (long) (1e9 / ratePerSecond));
    this.next = System.nanoTime();
  }

  /** Whether there is a limit at all. */
  public boolean limited() {
    return intervalNanos > 0;
  }

  /** Waits until the next send is due, or until {@code stop} says so; then counts the send. */
  public void await(BooleanSupplier stop) {
    if (intervalNanos == 0) {
      return;
    }
    long now = System.nanoTime();
    if (next - now > 0) {
      while ((now = System.nanoTime()) - next < 0) {
        if (stop.getAsBoolean()) {
          return;
        }
        LockSupport.parkNanos(Math.min(next - now, 50_000_000L));
      }
    } else if (now - next > MAX_BACKLOG) {
      next = now;
    }
    next += intervalNanos;
  }
}
