/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.engine;

/**
 * The limits the client and the broker agreed in connection.tune / tune-ok.
 *
 * @param channelMax the highest channel number that may be used (at least 1)
 * @param frameMax the largest frame in bytes, including its 8 bytes of framing
 * @param heartbeatSeconds the heartbeat interval in seconds; 0 when heartbeats are off
 * @param serverHeartbeatSeconds the heartbeat the broker proposed in connection.tune, in seconds,
 *     before the client's policy was applied (py-amqp's {@code server_heartbeat}); 0 when the
 *     broker proposed none
 */
public record Tuning(
    int channelMax, int frameMax, int heartbeatSeconds, int serverHeartbeatSeconds) {
  /**
   * Negotiates one limit where 0 means "no limit": the smaller non-zero value wins, and 0 only when
   * both sides say 0.
   */
  public static long negotiate(long client, long server) {
    if (client == 0 || server == 0) {
      return Math.max(client, server);
    }
    return Math.min(client, server);
  }
}
