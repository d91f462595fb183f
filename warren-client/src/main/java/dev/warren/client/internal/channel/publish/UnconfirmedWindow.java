/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel.publish;

import dev.warren.errors.AmqpException;
import dev.warren.errors.BackpressureTimeoutException;
import dev.warren.errors.BackpressureTimeoutException.Gate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A channel's window of unconfirmed publishes ({@link dev.warren.client.ConfirmOptions}): how many
 * publishes are handed to the I/O thread and not yet acked, nacked or failed, and a place for
 * blocking publishers to wait while that reaches the limit.
 *
 * <p>Counting needs no per-publish bookkeeping on the I/O thread: publishing threads count every
 * publish they hand over; the I/O thread counts the publish tasks it ran, and a publish still holds
 * its place when its task has not run yet or the confirm tracker still has it outstanding. So
 * {@code occupied = handedOver - (tasksRun - outstanding)}: a confirm, a failure, a connection loss
 * (the tracker starts empty) and a republish (the tracker grows again) all show up by re-reading
 * the tracker's count. Publishes of a channel outside confirm mode are never outstanding, so they
 * hold a place only while queued.
 *
 * <p>Threading: {@link #acquire} and {@link #add} from any thread; the other methods on the I/O
 * thread only. A full window is left once a quarter of it is free again (hysteresis), so a fast
 * publisher wakes once per batch of confirms.
 */
final class UnconfirmedWindow {
  private final AtomicLong handedOver = new AtomicLong();
  private final AtomicInteger waiters = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition roomMade = lock.newCondition();
  private volatile int max; // 0 = no limit
  private volatile long released; // written by the I/O thread only
  // Written by the I/O thread with a release store (no fence on the publish path).
  private volatile int unconfirmed;

  /** Publishes written and not yet confirmed, as of the I/O thread's last settle (any thread). */
  int unconfirmed() {
    return unconfirmed;
  }

  private static final java.lang.invoke.VarHandle UNCONFIRMED;

  static {
    try {
      UNCONFIRMED =
          java.lang.invoke.MethodHandles.lookup()
              .findVarHandle(UnconfirmedWindow.class, "unconfirmed", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private long tasksRun; // I/O thread only

  /** Sets the limit (0 = none); waiters re-check at once. */
  void limit(int maxUnconfirmed) {
    max = maxUnconfirmed;
    signal();
  }

  int limit() {
    return max;
  }

  /** Publishes handed over and not yet settled (queued, or written and unconfirmed). */
  long occupied() {
    return handedOver.get() - released;
  }

  /** Counts an asynchronous publish: it never waits. */
  void add() {
    handedOver.incrementAndGet();
  }

  /**
   * Takes a place for an asynchronous publish if the window has room (never waits); false when it
   * is full.
   */
  boolean tryAdd() {
    while (true) {
      int m = max;
      long h = handedOver.get();
      if (m != 0 && h - released >= m) {
        return false;
      }
      if (handedOver.compareAndSet(h, h + 1)) {
        return true;
      }
    }
  }

  /** Whether a publish would find a place now. */
  boolean hasRoom() {
    int m = max;
    return m == 0 || occupied() < m;
  }

  /** Whether a full window is free enough to let waiting publishes go on (a quarter of it). */
  boolean hasBatchRoom() {
    int m = max;
    return m == 0 || occupied() <= m - resumeStep(m);
  }

  /**
   * Takes a place for a blocking publish, waiting while the window is full, at most {@code
   * timeout}; {@code requireOpen} throws when the channel closed meanwhile.
   *
   * @return whether it had to wait
   * @throws BackpressureTimeoutException with gate {@code CONFIRM_WINDOW} at the deadline
   */
  boolean acquire(Duration timeout, Runnable requireOpen) {
    long deadline = 0;
    while (true) {
      int m = max;
      long h = handedOver.get();
      if (m == 0 || h - released < m) {
        if (handedOver.compareAndSet(h, h + 1)) {
          return deadline != 0;
        }
        continue;
      }
      if (deadline == 0) {
        deadline = System.nanoTime() + timeout.toNanos();
      }
      await(m, deadline, timeout, requireOpen);
    }
  }

  /** Gives back a place {@link #acquire} took for a publish that was not handed over after all. */
  void cancel() {
    handedOver.decrementAndGet();
  }

  private void await(int m, long deadline, Duration timeout, Runnable requireOpen) {
    waiters.incrementAndGet();
    lock.lock();
    try {
      // Full: wait until a quarter of the window is free (or the limit changed).
      while (max == m && occupied() > m - resumeStep(m)) {
        requireOpen.run();
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new BackpressureTimeoutException(Gate.CONFIRM_WINDOW, timeout);
        }
        roomMade.awaitNanos(left);
      }
      requireOpen.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AmqpException(0, "interrupted while waiting for the confirm window", e);
    } finally {
      lock.unlock();
      waiters.decrementAndGet();
    }
  }

  private static int resumeStep(int m) {
    return Math.max(1, m / 4);
  }

  /** I/O thread: a publish task ran (written, refused or failed); the tracker holds {@code n}. */
  void taskRan(int outstanding) {
    tasksRun++;
    settled(outstanding);
  }

  /** I/O thread: the confirm tracker now holds {@code outstanding} publishes. */
  void settled(int outstanding) {
    long before = released;
    long now = tasksRun - outstanding;
    UNCONFIRMED.setRelease(this, outstanding);
    released = now;
    int m = max;
    if (now > before && m > 0 && waiters.get() > 0 && occupied() <= m - resumeStep(m)) {
      signal();
    }
  }

  /** Wakes every waiter to re-check (the channel closed, the limit changed). */
  void signal() {
    lock.lock();
    try {
      roomMade.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
