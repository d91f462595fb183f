/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.threads;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of Warren's I/O threads ({@link SharedResources#onIoThread()}), and the read batch it may be
 * in: while it feeds one socket read to the engine, callback executors that become busy are not
 * woken one by one but once, when the read has been processed. A read usually holds several
 * deliveries; without this the callback thread could wake, run one, park and be woken again for the
 * next, each wake-up costing more CPU than the delivery itself (docs/performance.md). Fields are
 * used by this thread only.
 */
public final class IoThread extends FastThreadLocalThread {
  private static final Logger log = LoggerFactory.getLogger(IoThread.class);
  private boolean batching;
  private SerialExecutor[] deferred = new SerialExecutor[8];
  private int deferredCount;

  IoThread(ThreadGroup group, Runnable r, String name) {
    super(group, r, name);
  }

  /**
   * Opens a read batch on the calling thread if it is an I/O thread with none open: returns the
   * thread to pass to {@link #endBatch()}, or null when there is nothing to close.
   */
  public static IoThread beginBatch() {
    if (Thread.currentThread() instanceof IoThread t && !t.batching) {
      t.batching = true;
      return t;
    }
    return null;
  }

  /**
   * Whether {@code executor}'s first task can wait for the end of the calling I/O thread's read
   * batch; if so it is woken then.
   */
  static boolean deferWake(SerialExecutor executor) {
    if (Thread.currentThread() instanceof IoThread t && t.batching) {
      if (t.deferredCount == t.deferred.length) {
        t.deferred = Arrays.copyOf(t.deferred, t.deferredCount * 2);
      }
      t.deferred[t.deferredCount++] = executor;
      return true;
    }
    return false;
  }

  /** Closes the batch and wakes every executor that got its first task during it. */
  public void endBatch() {
    batching = false;
    int n = deferredCount;
    deferredCount = 0;
    for (int i = 0; i < n; i++) {
      SerialExecutor executor = deferred[i];
      deferred[i] = null;
      try {
        executor.wake();
      } catch (RuntimeException e) {
        // A rejecting callback executor: as when it rejects a wake-up outside a batch, logged
        // here because the read must go on for the other executors.
        log.error("callback executor refused work; its callbacks will not run", e);
      }
    }
  }
}
