/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

import java.time.Duration;

/**
 * The broker kept the connection blocked (connection.blocked, usually a memory or disk alarm)
 * longer than the configured blocked-connection timeout, so the connection was torn down (pika's
 * {@code ConnectionBlockedTimeout}).
 *
 * @since 0.1
 */
public class BlockedTimeoutException extends ConnectionClosedException {
  private static final long serialVersionUID = 1L;

  /**
   * Warren's close of a connection the broker kept blocked for longer than {@code timeout}: reply
   * code 320 CONNECTION_FORCED, initiator {@link Initiator#LIBRARY}. Automatic recovery does not
   * reconnect after it.
   *
   * @param timeout the blocked-connection timeout that passed
   * @param reason the reason of the broker's connection.blocked (such as "low on memory")
   */
  public BlockedTimeoutException(Duration timeout, String reason) {
    super(
        ReplyCode.CONNECTION_FORCED,
        reason,
        Initiator.LIBRARY,
        "the broker blocked this connection for longer than the blocked-connection timeout of "
            + timeout.toMillis()
            + " ms (reason: "
            + reason
            + "); check the broker's memory and disk alarms",
        null);
  }
}
