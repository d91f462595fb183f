/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.threads;

import io.netty.channel.EventLoop;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One connection's hold on a {@link ThreadResources}: the event loop that serves it and the
 * executor its callbacks run on. Released once, when the connection is over (closed, or never
 * opened); a second release does nothing.
 */
public final class Lease {
  private final ThreadResources owner;
  private final EventLoop loop;
  private final Executor callbacks;
  private final AtomicBoolean released = new AtomicBoolean();

  Lease(ThreadResources owner, EventLoop loop, Executor callbacks) {
    this.owner = owner;
    this.loop = loop;
    this.callbacks = callbacks;
  }

  /** The connection's I/O thread, for its whole life. */
  public EventLoop loop() {
    return loop;
  }

  /** Where the connection's callbacks run. */
  public Executor callbacks() {
    return callbacks;
  }

  /** The connection is over; the last lease of its resources ends their I/O threads. */
  public void release() {
    if (released.compareAndSet(false, true)) {
      owner.release();
    }
  }
}
