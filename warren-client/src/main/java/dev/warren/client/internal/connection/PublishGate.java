/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.connection;

import dev.warren.errors.BackpressureTimeoutException;
import dev.warren.errors.BackpressureTimeoutException.Gate;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.WrongStateException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connection's outbound backpressure: a blocking publish waits, up to its deadline, while the
 * bytes handed to the I/O thread but not yet written exceed a high-water mark or the socket is not
 * writable, and while the broker has blocked the connection. The fast path takes no lock.
 *
 * <p>Asynchronous publishes do not wait here: their channel parks them and asks to be told, on the
 * I/O thread, when the gates open ({@link #whenOpen}). What the connection holds of them is bounded
 * by the asynchronous publish budget ({@link #tryHold}, {@link #unhold}), counted from admission to
 * the run of their task.
 */
public final class PublishGate {
  static final long HIGH_WATER = 8L * 1024 * 1024;
  static final long LOW_WATER = HIGH_WATER / 2;

  private final ConnectionCore conn;
  private final AtomicLong queued = new AtomicLong();
  private final AtomicInteger waiters = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private volatile boolean writable = true;
  private volatile boolean blocked;
  private volatile ConnectionClosedException closed;
  private final int budgetMessages;
  private final long budgetBytes;
  private final AtomicInteger heldMessages = new AtomicInteger();
  private final AtomicLong heldBytes = new AtomicLong();
  private final ConcurrentLinkedQueue<Runnable> openWaiters = new ConcurrentLinkedQueue<>();

  PublishGate(ConnectionCore conn) {
    this(conn, conn.params.asyncPublishBudgetMessages(), conn.params.asyncPublishBudgetBytes());
  }

  PublishGate(ConnectionCore conn, int budgetMessages, long budgetBytes) {
    this.conn = conn;
    this.budgetMessages = budgetMessages;
    this.budgetBytes = budgetBytes;
  }

  /**
   * The connection's gate that is shut now ({@code WRITE_BUFFER} or {@code BLOCKED_CONNECTION}), or
   * null when both are open (or the connection is closed: the publish then fails when it runs).
   */
  public Gate shut() {
    if (closed != null) {
      return null;
    }
    if (blocked) {
      return Gate.BLOCKED_CONNECTION;
    }
    return writable && queued.get() < HIGH_WATER ? null : Gate.WRITE_BUFFER;
  }

  /**
   * Runs {@code drain} once, on the I/O thread, the next time the gates open (a write drained the
   * buffer below the low-water mark, the socket became writable, the broker unblocked the
   * connection, a new session opened). Registering again from {@code drain} waits for the next
   * time.
   */
  public void whenOpen(Runnable drain) {
    openWaiters.add(drain);
  }

  private void opened() {
    if (openWaiters.isEmpty()) {
      return;
    }
    conn.submit(
        () -> {
          for (int n = openWaiters.size(); n > 0; n--) {
            Runnable r = openWaiters.poll();
            if (r == null) {
              return;
            }
            r.run();
          }
        });
  }

  /**
   * Takes room for one asynchronous publish of {@code bytes} in the budget; false (nothing taken)
   * when the budget's message or byte limit would be passed. A single publish larger than the byte
   * limit is taken when nothing else is held, so it is not refused forever.
   */
  public boolean tryHold(long bytes) {
    if (heldMessages.incrementAndGet() > budgetMessages) {
      heldMessages.decrementAndGet();
      return false;
    }
    long now = heldBytes.addAndGet(bytes);
    if (now > budgetBytes && now != bytes) {
      heldBytes.addAndGet(-bytes);
      heldMessages.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Gives back what {@link #tryHold} took: the publish's task ran or it failed. */
  public void unhold(long bytes) {
    heldBytes.addAndGet(-bytes);
    heldMessages.decrementAndGet();
  }

  /** The budget's message limit. */
  public int budgetMessages() {
    return budgetMessages;
  }

  /** The budget's byte limit. */
  public long budgetBytes() {
    return budgetBytes;
  }

  /** Asynchronous publishes held now (for tests and statistics). */
  public int heldMessages() {
    return heldMessages.get();
  }

  /** Bytes of asynchronous publishes held now (for tests and statistics). */
  public long heldBytes() {
    return heldBytes.get();
  }

  /**
   * Counts {@code bytes} as queued, waiting first while a gate is shut (at most {@code timeout}).
   */
  public void acquire(long bytes, Duration timeout) {
    if (!open()) {
      if (conn.observers.on) {
        awaitObserved(timeout);
      } else {
        await(timeout);
      }
    }
    queued.addAndGet(bytes);
  }

  /** Counts {@code bytes} as queued without waiting (asynchronous publishes). */
  public void add(long bytes) {
    queued.addAndGet(bytes);
  }

  /** The I/O thread wrote {@code bytes} to the socket buffer. */
  public void release(long bytes) {
    long now = queued.addAndGet(-bytes);
    if (now < LOW_WATER && now + bytes >= LOW_WATER) {
      if (waiters.get() > 0) {
        signal();
      }
      opened();
    }
  }

  private boolean open() {
    return !blocked && writable && queued.get() < HIGH_WATER && closed == null;
  }

  private Gate shutGate() {
    if (blocked) {
      return Gate.BLOCKED_CONNECTION;
    }
    return Gate.WRITE_BUFFER;
  }

  /** {@link #await}, telling the observers which gate it waited at and for how long. */
  private void awaitObserved(Duration timeout) {
    Gate gate = shutGate();
    long start = System.nanoTime();
    try {
      await(timeout);
    } finally {
      conn.observers.backpressureWaited(gate, System.nanoTime() - start);
    }
  }

  private void await(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    waiters.incrementAndGet();
    lock.lock();
    try {
      while (!open()) {
        ConnectionClosedException c = closed;
        if (c != null) {
          throw new WrongStateException("connection is closed: " + c.getMessage(), c);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new BackpressureTimeoutException(shutGate(), timeout);
        }
        changed.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.warren.errors.AmqpException(0, "interrupted while waiting to publish", e);
    } finally {
      lock.unlock();
      waiters.decrementAndGet();
    }
  }

  void writabilityChanged(boolean nowWritable) {
    writable = nowWritable;
    if (nowWritable) {
      signal();
      opened();
    }
  }

  void blockedChanged(boolean nowBlocked) {
    blocked = nowBlocked;
    if (!nowBlocked) {
      signal();
      opened();
    }
  }

  /** A new session is open: nothing blocks it yet. */
  void reset() {
    closed = null;
    blocked = false;
    writable = true;
    signal();
    opened();
  }

  void closed(ConnectionClosedException cause) {
    closed = cause;
    signal();
    opened(); // parked publishes run and fail with the closed connection
  }

  private void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Bytes handed over but not yet written. */
  long queuedBytes() {
    return queued.get();
  }

  ConnectionCore connection() {
    return conn;
  }
}
