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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connection's outbound backpressure: a blocking publish waits, up to its deadline, while the
 * bytes handed to the I/O thread but not yet written exceed a high-water mark or the socket is not
 * writable, and while the broker has blocked the connection. The fast path takes no lock.
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

  PublishGate(ConnectionCore conn) {
    this.conn = conn;
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
    if (now < LOW_WATER && now + bytes >= LOW_WATER && waiters.get() > 0) {
      signal();
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
    }
  }

  void blockedChanged(boolean nowBlocked) {
    blocked = nowBlocked;
    if (!nowBlocked) {
      signal();
    }
  }

  /** A new session is open: nothing blocks it yet. */
  void reset() {
    closed = null;
    blocked = false;
    writable = true;
    signal();
  }

  void closed(ConnectionClosedException cause) {
    closed = cause;
    signal();
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
