/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.time.Instant;

/**
 * A snapshot of a connection's health, from {@link Connection#health()}: made without waiting for
 * the I/O thread, from values it publishes, so the numbers of different fields may be a few
 * microseconds apart. Meant for liveness and readiness probes and for status pages (see
 * docs/observability.md).
 *
 * <p>Immutable and thread-safe.
 *
 * @param state the connection's state; never null
 * @param endpoint {@code host:port} it is connected to (while recovering: the one it was connected
 *     to last); never null
 * @param nodeName the broker's {@code cluster_name} server property (RabbitMQ announces no node
 *     name; a node's cluster name defaults to its node name, {@code rabbit@host}); null when the
 *     broker did not send one
 * @param since when the connection entered its current state; never null
 * @param blockedSince when the broker blocked the connection (connection.blocked); null when it is
 *     not blocked
 * @param lastFrameReceived when bytes last arrived from the broker; null before any
 * @param recoveries how many times automatic recovery brought the connection back
 * @param lastRecoveryCause the message of the last loss that started a recovery; null before any
 * @param channels channels open (or recovering), Warren's own short-lived ones included
 * @param consumers consumers registered on those channels
 * @param unconfirmedPublishes publishes written in confirm mode and not yet acked or nacked
 * @param unacknowledgedDeliveries deliveries to consumers with manual acknowledgement not yet
 *     acked, nacked or rejected, on the current connection (a loss requeues them)
 * @since 0.1
 */
public record ConnectionHealth(
    Connection.State state,
    String endpoint,
    String nodeName,
    Instant since,
    Instant blockedSince,
    Instant lastFrameReceived,
    long recoveries,
    String lastRecoveryCause,
    int channels,
    int consumers,
    long unconfirmedPublishes,
    long unacknowledgedDeliveries) {

  /**
   * Whether the connection can do work now: {@link Connection.State#OPEN} and not blocked by the
   * broker. A readiness probe's answer.
   *
   * @return true when open and not blocked
   */
  public boolean isReady() {
    return state == Connection.State.OPEN && blockedSince == null;
  }

  /**
   * Whether the connection is alive or coming back: not {@link Connection.State#CLOSED} (a
   * recovering connection is alive). A liveness probe's answer.
   *
   * @return true unless closed for good
   */
  public boolean isAlive() {
    return state != Connection.State.CLOSED;
  }
}
