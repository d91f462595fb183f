/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.threads;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: how each channel gets
 * ordered callbacks while different channels run in parallel. A task that blocks delays only the
 * tasks behind it on the same serial executor.
 */
public final class SerialExecutor implements Executor {
  private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);
  private static final int BATCH = 256;

  private final Executor base;
  // Many producers, one consumer (drain runs one at a time). The JDK's lock-free
  // ConcurrentLinkedQueue rather than Netty's internal MPSC queue (io.netty.util.internal is not
  // Netty's API and may change in any release) or JCTools (not a dependency of the project): it
  // costs one 24-byte node per task, measured within noise of the array-based queue
  // (docs/threading.md), and nothing while a channel is idle.
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final Runnable drain = this::drain;

  public SerialExecutor(Executor base) {
    this.base = base;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    if (pending.getAndIncrement() == 0 && !IoThread.deferWake(this)) {
      base.execute(drain);
    }
  }

  /** Starts the drain whose wake-up an I/O thread deferred to the end of its read batch. */
  void wake() {
    base.execute(drain);
  }

  private void drain() {
    int ran = 0;
    do {
      Runnable task = tasks.poll();
      try {
        task.run();
      } catch (Throwable t) {
        log.error("callback threw; continuing with the next one", t);
      }
      ran++;
      if (pending.decrementAndGet() == 0) {
        return;
      }
    } while (ran < BATCH);
    // Yield the thread so one busy channel cannot monopolise a pool thread forever.
    base.execute(drain);
  }
}
