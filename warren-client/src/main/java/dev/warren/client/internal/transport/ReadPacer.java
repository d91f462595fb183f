/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.transport;

import dev.warren.client.internal.threads.CallerWaits;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Receive coalescing ({@link dev.warren.client.TcpOptions#receiveCoalescing()}), as network cards
 * moderate interrupts: when data was waiting again within half of the window after the previous
 * read, reading pauses for the window so that the next read takes several segments' frames at once.
 * Each read costs a wake-up of the I/O thread and, with the default dispatcher, of a callback
 * thread; on small machines a wake-up costs more CPU than the deliveries it carries
 * (docs/performance.md). A connection that receives less often never pauses.
 *
 * <p>A connection doing round trips never pauses: when an application thread blocked on one of its
 * replies within the last {@link #ROUND_TRIP_WINDOWS} windows ({@link CallerWaits}), the data that
 * arrives is what that thread waits for, and nothing more would come during a pause.
 *
 * <p>Pausing is Netty's auto-read switched off, and back on by a task on the channel's event loop;
 * nothing else in Warren uses auto-read. Used on the connection's I/O thread only.
 */
final class ReadPacer {
  private final long windowNanos;
  private final long busyNanos;

  /**
   * A caller that blocked on a reply within this many windows means round trips: no pause. Long
   * enough to cover the broker's answer to a publish or a declare on a loaded machine.
   */
  static final int ROUND_TRIP_WINDOWS = 10;

  private final long roundTripNanos;
  private final CallerWaits callerWaits;
  private final LongSupplier clock;
  private final Runnable resume = this::resume;
  private Channel channel;
  private long lastRead;
  private boolean readBefore;
  private boolean paused;

  /**
   * A pacer, or null when {@code window} is zero (read at once, always); {@code callerWaits}
   * (nullable) tells it when an application thread blocks on this connection's replies.
   */
  static ReadPacer of(Duration window, CallerWaits callerWaits) {
    return window.isZero() ? null : new ReadPacer(window, System::nanoTime, callerWaits);
  }

  ReadPacer(Duration window, LongSupplier clock, CallerWaits callerWaits) {
    this.windowNanos = window.toNanos();
    this.busyNanos = windowNanos / 2;
    this.roundTripNanos = windowNanos * ROUND_TRIP_WINDOWS;
    this.clock = clock;
    this.callerWaits = callerWaits;
  }

  /** Called when a read has been processed; returns whether reading is now paused. */
  boolean readComplete(Channel ch) {
    long now = clock.getAsLong();
    boolean busy = readBefore && now - lastRead < busyNanos;
    lastRead = now;
    readBefore = true;
    if (!busy || paused || !ch.isActive()) {
      return false;
    }
    if (callerWaits != null && callerWaits.within(now, roundTripNanos)) {
      return false; // a caller waits for this connection's replies: a pause would only delay it
    }
    paused = true;
    channel = ch;
    ch.config().setAutoRead(false);
    ch.eventLoop().schedule(resume, windowNanos, TimeUnit.NANOSECONDS);
    return true;
  }

  private void resume() {
    paused = false;
    // Measured from here: a read that follows at once found data that waited for the pause, so
    // the connection is still busy and pauses again; one that comes later reads at once.
    lastRead = clock.getAsLong();
    channel.config().setAutoRead(true);
  }
}
