/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

import java.time.Duration;

/**
 * Nothing arrived from the broker for two heartbeat intervals, so the peer is considered dead and
 * the connection was closed. The network or the broker may be down or overloaded.
 *
 * @since 0.1
 */
public class HeartbeatTimeoutException extends ConnectionClosedException {
  private static final long serialVersionUID = 1L;

  /**
   * Warren's close of a silent connection: reply code 320 CONNECTION_FORCED, initiator {@link
   * Initiator#LIBRARY}; automatic recovery reconnects after it.
   *
   * @param heartbeat the negotiated heartbeat interval
   * @param silence how long nothing was received
   */
  public HeartbeatTimeoutException(Duration heartbeat, Duration silence) {
    super(
        ReplyCode.CONNECTION_FORCED,
        "",
        Initiator.LIBRARY,
        "heartbeat timeout: nothing received from the broker for "
            + silence.toMillis()
            + " ms (heartbeat interval "
            + heartbeat.toSeconds()
            + " s); the connection is considered dead",
        null);
  }
}
