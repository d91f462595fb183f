/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.time.Instant;

/**
 * A snapshot of a connection's traffic and heartbeats, from {@link Connection#stats()}
 * (docs/coming-from-pika.md maps py-amqp's counters to these). The counts cover the connection's
 * whole life, every transport automatic recovery opened included; bytes are AMQP bytes (frames and
 * the protocol header), before TLS encryption and after decryption.
 *
 * <p>Immutable and thread-safe.
 *
 * @param bytesReceived bytes read from the broker, at least 0
 * @param bytesSent bytes handed to the transport for the broker, at least 0 (those still in the
 *     socket's buffer included)
 * @param heartbeatsReceived heartbeat frames received, at least 0
 * @param heartbeatsSent heartbeat frames sent, at least 0 (Warren sends one only after half an
 *     interval with nothing else to send)
 * @param reads socket reads that brought bytes, at least 0
 * @param readPauses times {@linkplain TcpOptions#receiveCoalescing() receive coalescing} paused
 *     reading because data kept arriving, at least 0; {@code bytesReceived / reads} is the bytes
 *     each read took
 * @param lastReceived when the last bytes of any kind arrived (what the dead-peer check goes by);
 *     null before any
 * @param lastHeartbeatReceived when the last heartbeat frame arrived; null before any
 * @param lastHeartbeatSent when the last heartbeat frame was sent; null before any
 * @since 0.1
 */
public record ConnectionStats(
    long bytesReceived,
    long bytesSent,
    long heartbeatsReceived,
    long heartbeatsSent,
    long reads,
    long readPauses,
    Instant lastReceived,
    Instant lastHeartbeatReceived,
    Instant lastHeartbeatSent) {

  /**
   * Checks the components.
   *
   * @param bytesReceived bytes read from the broker, at least 0
   * @param bytesSent bytes handed to the transport for the broker, at least 0 (those still in the
   *     socket's buffer included)
   * @param heartbeatsReceived heartbeat frames received, at least 0
   * @param heartbeatsSent heartbeat frames sent, at least 0 (Warren sends one only after half an
   *     interval with nothing else to send)
   * @param reads socket reads that brought bytes, at least 0
   * @param readPauses times {@linkplain TcpOptions#receiveCoalescing() receive coalescing} paused
   *     reading because data kept arriving, at least 0; {@code bytesReceived / reads} is the bytes
   *     each read took
   * @param lastReceived when the last bytes of any kind arrived (what the dead-peer check goes by);
   *     null before any
   * @param lastHeartbeatReceived when the last heartbeat frame arrived; null before any
   * @param lastHeartbeatSent when the last heartbeat frame was sent; null before any
   * @throws IllegalArgumentException if a count is negative
   */
  public ConnectionStats {
    if (bytesReceived < 0
        || bytesSent < 0
        || heartbeatsReceived < 0
        || heartbeatsSent < 0
        || reads < 0
        || readPauses < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative: "
              + bytesReceived
              + ", "
              + bytesSent
              + ", "
              + heartbeatsReceived
              + ", "
              + heartbeatsSent
              + ", "
              + reads
              + ", "
              + readPauses);
    }
  }
}
