/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.transport;

import java.nio.ByteBuffer;

/**
 * What hears one transport connection (the connection's session implements it), in the manner of
 * qpid-protonj2's transport listener: no Netty type crosses this seam. Every method runs on the
 * connection's I/O thread, in the order the events happen.
 */
public interface TransportListener {
  /** The TCP connection is up; TLS (when used) starts now. */
  void transportActive();

  /** The TLS handshake completed. */
  void tlsReady();

  /** The transport is ready for the AMQP handshake (after TCP, or after TLS). */
  void startHandshake();

  /**
   * Bytes arrived: {@code in} holds what was kept of the previous read followed by {@code
   * freshBytes} new ones; the listener advances its position past what it consumed.
   */
  void ingest(ByteBuffer in, int freshBytes);

  /** A read batch ended: a good moment to flush what the reads made. */
  void afterWork();

  /** Reading paused for receive coalescing. */
  void readPaused();

  /**
   * When an application thread last blocked on this connection's replies, so that receive
   * coalescing does not pause a connection doing round trips; null when nobody tracks it.
   */
  default dev.warren.client.internal.threads.CallerWaits callerWaits() {
    return null;
  }

  /** The socket's outbound buffer crossed its high or low water mark. */
  void writabilityChanged(boolean writable);

  /** The transport ended ({@code cause} null for a plain end of stream). */
  void transportClosed(Throwable cause);

  /** The transport failed; {@code stage} is where, when known (null otherwise). */
  void transportFailed(Throwable cause, ConnectStage stage);
}
