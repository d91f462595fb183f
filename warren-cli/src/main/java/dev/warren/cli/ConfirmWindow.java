/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import dev.warren.client.ConfirmListener;
import java.time.Duration;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Publisher confirms of one channel as a window: at most {@code size} messages unconfirmed at once
 * (a semaphore the publishing thread takes a permit from before each publish and that confirms give
 * back), counting acks and nacks. No per-message future or map entry: confirms settle a range of
 * sequence numbers; only acks that arrive out of order are remembered.
 *
 * <p>Threading: one publishing thread calls {@link #acquire} and {@link #published}; the channel's
 * dispatcher (or, for {@code warren perf}, the I/O thread) calls the listener methods; any thread
 * may read the counts or wait.
 */
public final class ConfirmWindow implements ConfirmListener {
  private final Semaphore permits; // null: counting only, the client's window bounds publishing
  private final AtomicLong publishedCount = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong nacked = new AtomicLong();
  // Settled state, guarded by this: every sequence number below low is settled; early holds the
  // ones above low settled out of order.
  private long low = 1;
  private final NavigableSet<Long> early = new TreeSet<>();

  /** A window of {@code size} unconfirmed messages. */
  public ConfirmWindow(int size) {
    if (size <= 0) {
      throw new IllegalArgumentException("the confirm window must be at least 1, was " + size);
    }
    this.permits = new Semaphore(size);
  }

  private ConfirmWindow() {
    this.permits = null;
  }

  /**
   * Counts confirms without bounding anything: for a channel whose own confirm window ({@code
   * confirmSelect(ConfirmOptions.window(n))}) makes blocking publishes wait. {@link #acquire} must
   * not be called on it.
   */
  public static ConfirmWindow countingOnly() {
    return new ConfirmWindow();
  }

  /**
   * Takes a permit for the next publish, waiting while the window is full; returns false if {@code
   * stop} became true or {@code timeout} passed first.
   */
  public boolean acquire(BooleanSupplier stop, Duration timeout) throws InterruptedException {
    if (permits.tryAcquire()) {
      return true;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!stop.getAsBoolean()) {
      if (permits.tryAcquire(20, TimeUnit.MILLISECONDS)) {
        return true;
      }
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
    }
    return false;
  }

  /** Gives back a permit taken for a publish that did not happen. */
  public void cancel() {
    if (permits != null) {
      permits.release();
    }
  }

  /** Counts one publish (after {@link #acquire}). */
  public void published() {
    publishedCount.incrementAndGet();
  }

  @Override
  public void handleAck(long sequenceNumber, boolean multiple) {
    release(settle(sequenceNumber, multiple, acked));
  }

  @Override
  public void handleNack(long sequenceNumber, boolean multiple) {
    release(settle(sequenceNumber, multiple, nacked));
  }

  private void release(int n) {
    if (permits != null && n > 0) {
      permits.release(n);
    }
  }

  private synchronized int settle(long seq, boolean multiple, AtomicLong counter) {
    if (seq < low) {
      return 0;
    }
    int n;
    if (multiple) {
      NavigableSet<Long> before = early.headSet(seq, true);
      n = (int) (seq - low + 1 - before.size());
      before.clear();
      low = seq + 1;
    } else if (seq == low) {
      n = 1;
      low++;
    } else {
      n = early.add(seq) ? 1 : 0;
    }
    while (!early.isEmpty() && early.first() == low) {
      early.pollFirst();
      low++;
    }
    if (n > 0) {
      counter.addAndGet(n);
      notifyAll();
    }
    return n;
  }

  /** Waits until every publish so far is acked or nacked; returns false at the deadline. */
  public boolean awaitSettled(Duration timeout, BooleanSupplier stop) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (unconfirmed() > 0 && !stop.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)));
      }
    }
    return unconfirmed() == 0;
  }

  public long publishedCount() {
    return publishedCount.get();
  }

  public long acked() {
    return acked.get();
  }

  public long nacked() {
    return nacked.get();
  }

  /** Published but neither acked nor nacked yet. */
  public long unconfirmed() {
    return publishedCount.get() - acked.get() - nacked.get();
  }
}
