/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * Hears connection.blocked and connection.unblocked: the broker stops reading publishes while a
 * memory or disk alarm is on.
 *
 * <p><b>Threading:</b> runs on the connection's dispatcher, never on the I/O thread.
 *
 * @since 0.1
 */
public interface BlockedListener {
  /**
   * The broker blocked the connection; {@code reason} is its explanation.
   *
   * @param reason the broker's explanation, such as "low on memory"
   */
  default void blocked(String reason) {}

  /** The broker unblocked the connection. */
  default void unblocked() {}
}
