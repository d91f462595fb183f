/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.threads;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The default callback executor: four threads per core ({@code -Dwarren.callbackThreads} changes
 * it), daemon, each ending after a second without work, so an idle process has none. Tasks beyond
 * the bound wait in an unbounded queue rather than being refused: each channel's callbacks reach it
 * through its {@link SerialExecutor}, which queues them and keeps their order, so the pool holds at
 * most one drain per busy channel. Unbounded, the pool grew to hundreds of threads on two cores
 * under load (docs/threading.md); bounded, a busy process runs a few threads per core and the rest
 * waits its turn.
 *
 * <p>One exception to the bound, as a ForkJoinPool's managed blocking makes: while a pool thread
 * waits for one of Warren's futures (a blocking call in a callback, {@code get()} on a future), the
 * bound is one higher ({@link #blocking()}). The completion of what it waits for runs on this pool
 * (CallbackFuture), so without this, callbacks making blocking calls on every pool thread at once
 * would wait for completions queued behind themselves until their deadlines.
 *
 * <p>Daemon threads: what keeps the JVM alive while a connection is open is its I/O thread; a
 * callback thread that outlives its connections must not hold the JVM.
 */
final class CallbackPool {
  private static final long KEEP_ALIVE_MILLIS = 1_000;
  private static final int MAX_COMPENSATION = 1024;

  private final ThreadPoolExecutor pool;
  private final int threads;
  private final ReentrantLock lock = new ReentrantLock();
  private int blocked; // guarded by lock

  private CallbackPool(int threads) {
    this.threads = threads;
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new PoolThread(this, r, "warren-callback-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            KEEP_ALIVE_MILLIS,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            factory);
    pool.allowCoreThreadTimeOut(true);
  }

  /** The number of threads: {@code -Dwarren.callbackThreads}, or four per core (at least 4). */
  static int threads() {
    int cores = Runtime.getRuntime().availableProcessors();
    return Math.max(1, Integer.getInteger("warren.callbackThreads", Math.max(4, 4 * cores)));
  }

  static Executor create() {
    return new CallbackPool(threads()).pool;
  }

  /**
   * Called before the calling thread blocks waiting for a future: on one of this pool's threads,
   * raises the bound by one until {@link Blocking#close()}; elsewhere does nothing.
   */
  static Blocking blocking() {
    if (Thread.currentThread() instanceof PoolThread t) {
      t.owner.resize(+1);
      return t.unblock;
    }
    return Blocking.NONE;
  }

  private void resize(int delta) {
    lock.lock();
    try {
      int before = Math.min(blocked, MAX_COMPENSATION);
      blocked += delta;
      int after = Math.min(blocked, MAX_COMPENSATION);
      if (after > before) { // the maximum first: the core size may never exceed it
        pool.setMaximumPoolSize(threads + after);
        pool.setCorePoolSize(threads + after);
      } else if (after < before) {
        pool.setCorePoolSize(threads + after);
        pool.setMaximumPoolSize(threads + after);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The end of a wait begun with {@link #blocking()}. */
  interface Blocking extends AutoCloseable {
    Blocking NONE = () -> {};

    @Override
    void close();
  }

  private static final class PoolThread extends Thread {
    final CallbackPool owner;
    final Blocking unblock;

    PoolThread(CallbackPool owner, Runnable r, String name) {
      super(r, name);
      this.owner = owner;
      this.unblock = () -> owner.resize(-1);
    }
  }
}
