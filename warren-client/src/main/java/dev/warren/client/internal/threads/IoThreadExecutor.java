/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.threads;

import io.netty.channel.EventLoop;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the callbacks of a consumer subscribed with {@link
 * dev.warren.client.CallbackThread#IO_THREAD} on the connection's I/O thread: at once when called
 * there (deliveries, consume-ok, cancellations), otherwise queued to it. A callback that throws is
 * logged; one that holds the thread long is logged too, at most every ten seconds, because
 * everything else on that thread waited for it.
 */
public final class IoThreadExecutor implements Executor {
  private static final Logger log = LoggerFactory.getLogger(IoThreadExecutor.class);
  static final long SLOW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final EventLoop loop;
  private final int channel;
  private long lastWarning = System.nanoTime() - WARN_EVERY_NANOS; // I/O thread only

  public IoThreadExecutor(EventLoop loop, int channel) {
    this.loop = loop;
    this.channel = channel;
  }

  @Override
  public void execute(Runnable task) {
    if (loop.inEventLoop()) {
      run(task);
    } else {
      loop.execute(() -> run(task));
    }
  }

  private void run(Runnable task) {
    long start = System.nanoTime();
    try {
      task.run();
    } catch (Throwable t) {
      log.error("channel {}: consumer callback on the I/O thread threw; continuing", channel, t);
    }
    long took = System.nanoTime() - start;
    if (took > SLOW_NANOS && start - lastWarning >= WARN_EVERY_NANOS) {
      lastWarning = start;
      log.warn(
          "channel {}: a consumer callback held the I/O thread for {} ms; reads, writes and"
              + " heartbeats of every connection on it waited. Keep CallbackThread.IO_THREAD"
              + " callbacks short, or subscribe with the default CallbackThread.DISPATCHER",
          channel,
          TimeUnit.NANOSECONDS.toMillis(took));
    }
  }
}
