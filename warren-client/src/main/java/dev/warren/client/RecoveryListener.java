/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import dev.warren.errors.AmqpException;
import dev.warren.errors.ConnectionClosedException;

/**
 * Hears every step of automatic recovery. All methods have empty defaults.
 *
 * <p><b>Threading:</b> runs on the connection's dispatcher, never on the I/O thread, in the order
 * of the steps.
 *
 * @since 0.1
 */
public interface RecoveryListener {
  /**
   * The connection is open on {@code endpoint}: told once, at once, when the listener is added to
   * an open connection (so it learns where the first connect landed), and after each recovery just
   * before {@link #recovered}.
   *
   * @param endpoint the endpoint as a URI without credentials ({@code amqp://rabbit2:5672/%2F})
   * @param clusterName the broker's {@code cluster_name} server property; empty when it announced
   *     none
   * @since 0.1
   */
  default void connected(String endpoint, String clusterName) {}

  /**
   * The connection was lost; recovery starts.
   *
   * @param cause what was lost, and why
   */
  default void connectionLost(ConnectionClosedException cause) {}

  /**
   * Recovery attempt {@code attempt} (1-based) is about to connect to {@code endpoint}.
   *
   * @param attempt the attempt's number, from 1
   * @param endpoint the endpoint tried, without credentials
   */
  default void recoveryAttempt(int attempt, String endpoint) {}

  /**
   * An entity could not be recovered (a queue declared with other arguments by someone else, say);
   * recovery goes on with the rest. {@code entity} is the recorded spec.
   *
   * @param entity the recorded {@link ExchangeSpec}, {@link QueueSpec}, {@link Binding} or {@link
   *     ConsumeSpec}, or a text such as {@code "channel 3"} for a channel that could not be
   *     reopened
   * @param failure the broker's refusal
   */
  default void entityRecoveryFailed(Object entity, AmqpException failure) {}

  /**
   * The connection, its channels, topology and consumers are back.
   *
   * @param endpoint the endpoint now connected, without credentials
   */
  default void recovered(String endpoint) {}

  /**
   * Recovery gave up; the connection is closed for good with {@code cause}.
   *
   * @param cause why recovery gave up
   */
  default void recoveryFailed(ConnectionClosedException cause) {}
}
