/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.connection;

import dev.warren.client.ConnectionStats;
import java.time.Instant;

/**
 * A connection's traffic and heartbeat counters, over all its sessions. Plain fields, written and
 * read on the connection's event loop only (every session of a connection uses the same one): the
 * hot path pays an addition per socket read or output batch, never an atomic. Other threads get an
 * immutable {@link ConnectionStats} made on the event loop.
 */
final class TrafficStats {
  private static final long NEVER = Long.MIN_VALUE;

  long bytesReceived;
  long bytesSent;
  long heartbeatsReceived;
  long heartbeatsSent;
  long reads;
  long readPauses;
  long lastReceivedNanos = NEVER;
  long lastHeartbeatReceivedNanos = NEVER;
  long lastHeartbeatSentNanos = NEVER;

  void received(int bytes, long nowNanos) {
    bytesReceived += bytes;
    reads++;
    lastReceivedNanos = nowNanos;
  }

  void heartbeatReceived(long nowNanos) {
    heartbeatsReceived++;
    lastHeartbeatReceivedNanos = nowNanos;
  }

  void heartbeatSent(long nowNanos) {
    heartbeatsSent++;
    lastHeartbeatSentNanos = nowNanos;
  }

  /** The snapshot, with the monotonic times turned into instants of the wall clock (event loop). */
  ConnectionStats snapshot() {
    long nowNanos = System.nanoTime();
    Instant now = Instant.now();
    return new ConnectionStats(
        bytesReceived,
        bytesSent,
        heartbeatsReceived,
        heartbeatsSent,
        reads,
        readPauses,
        instant(lastReceivedNanos, nowNanos, now),
        instant(lastHeartbeatReceivedNanos, nowNanos, now),
        instant(lastHeartbeatSentNanos, nowNanos, now));
  }

  private static Instant instant(long nanos, long nowNanos, Instant now) {
    return nanos == NEVER ? null : now.minusNanos(nowNanos - nanos);
  }
}
