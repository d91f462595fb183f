/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.threads;

/**
 * When an application thread last blocked on one connection's reply (a {@code waitForConfirms}, a
 * {@code queueDeclare}: a {@link CallbackFuture} waited on). Receive coalescing asks it: pausing
 * reads only pays when more data is on its way anyway, and a caller waiting for a reply means the
 * connection is doing round trips, where a pause only adds its window to each one.
 *
 * <p>Thread-safe: written by waiting threads, read on the I/O thread.
 */
public final class CallerWaits {
  private volatile boolean touched;
  private volatile long last;

  /** A caller starts or stops waiting now. */
  public void touch() {
    touch(System.nanoTime());
  }

  /** A caller started or stopped waiting at {@code nanoTime} (a {@link System#nanoTime()}). */
  public void touch(long nanoTime) {
    last = nanoTime;
    if (!touched) {
      touched = true;
    }
  }

  /** Whether a caller started or stopped waiting less than {@code nanos} before {@code now}. */
  public boolean within(long now, long nanos) {
    // differences of nanoTime values, never the values themselves, are compared
    return touched && now - last < nanos;
  }
}
