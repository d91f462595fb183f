/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * A handle on something scheduled, such as {@link Connection#callLater}, or registered, such as a
 * listener ({@link Channel#addConfirmListener(ConfirmListener)} and the other {@code
 * add...Listener} methods): {@link #cancel()} stops it.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Cancellable {
  /**
   * Cancels the task if it has not run yet. Thread-safe, never blocks; cancelling twice, or after
   * the task ran, does nothing.
   *
   * @return whether this call cancelled it
   */
  boolean cancel();
}
