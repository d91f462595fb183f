/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel.publish;

import dev.warren.client.internal.connection.PublishGate;
import dev.warren.client.internal.threads.SharedResources;
import java.time.Duration;

/**
 * The one way into a channel's publish path, owning the three gates a publish passes: the channel's
 * window of unconfirmed publishes ({@link UnconfirmedWindow}, CONFIRM_WINDOW) and the connection's
 * write buffer and connection.blocked ({@link PublishGate}, WRITE_BUFFER and BLOCKED_CONNECTION,
 * shared by the connection's channels). Blocking and asynchronous publishes differ only in how they
 * are admitted ({@link #admitBlocking}, {@link #admitAsync}); every admitted publish is given back
 * exactly once, by the I/O thread, when its task ran ({@link #release}), and confirms and losses
 * settle the window ({@link #settled}).
 *
 * <p>Threading: admission on any thread; the rest on the I/O thread.
 */
final class PublishAdmission {
  private final UnconfirmedWindow window = new UnconfirmedWindow();
  private final PublishGate connectionGates;
  private final Runnable requireOpen;
  private final dev.warren.client.internal.observe.Observers observers;

  PublishAdmission(
      PublishGate connectionGates,
      Runnable requireOpen,
      dev.warren.client.internal.observe.Observers observers) {
    this.connectionGates = connectionGates;
    this.requireOpen = requireOpen;
    this.observers = observers;
  }

  /**
   * A blocking publish takes its place in the confirm window, then in the connection's write
   * buffer, waiting (one deadline for both) while either is full or the connection is blocked.
   *
   * @throws dev.warren.errors.BackpressureTimeoutException naming the gate, at the deadline
   */
  void admitBlocking(int bytes, Duration timeout) {
    if (SharedResources.onIoThread()) {
      // The I/O thread is what opens the gates: waiting here would never end. Counted and written
      // at once, as an asynchronous publish is.
      admitAsync(bytes);
      return;
    }
    long start = System.nanoTime();
    // No Duration allocated per publish unless the window made it wait.
    boolean waited;
    try {
      waited = window.acquire(timeout, requireOpen);
    } catch (dev.warren.errors.BackpressureTimeoutException e) {
      if (observers.on) {
        observers.backpressureWaited(e.waitedFor(), System.nanoTime() - start);
      }
      throw e;
    }
    if (waited && observers.on) {
      observers.backpressureWaited(
          dev.warren.errors.BackpressureTimeoutException.Gate.CONFIRM_WINDOW,
          System.nanoTime() - start);
    }
    Duration left = waited ? timeout.minusNanos(System.nanoTime() - start) : timeout;
    try {
      connectionGates.acquire(bytes, left);
    } catch (RuntimeException e) {
      window.cancel();
      throw e;
    }
  }

  /** An asynchronous publish is counted in every gate without waiting. */
  void admitAsync(int bytes) {
    connectionGates.add(bytes);
    window.add();
  }

  /**
   * I/O thread: the publish's task ran (written, refused or failed); the confirm tracker now holds
   * {@code outstanding} publishes.
   */
  void release(int bytes, int outstanding) {
    window.taskRan(outstanding);
    connectionGates.release(bytes);
  }

  /** I/O thread: confirms or a loss changed what the tracker holds. */
  void settled(int outstanding) {
    window.settled(outstanding);
  }

  /** confirm.select set the window's limit ({@code 0}: none). */
  void limit(int maxUnconfirmed) {
    window.limit(maxUnconfirmed);
  }

  /** Wakes blocked publishers to re-check (the channel closed). */
  void signal() {
    window.signal();
  }

  /** Publishes written and not yet confirmed (any thread; for the health snapshot). */
  int unconfirmed() {
    return window.unconfirmed();
  }

  /** Publishes admitted and not yet settled, for tests and statistics. */
  long occupied() {
    return window.occupied();
  }
}
