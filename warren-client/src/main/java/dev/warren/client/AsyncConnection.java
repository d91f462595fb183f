/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import dev.warren.client.internal.connection.Connector;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous view of a connection ({@link Connection} is the blocking view of the same).
 *
 * <p><b>Threading:</b> every method may be called from any thread; dependent actions of the
 * returned futures run on the connection's callback executor, never on the I/O thread.
 *
 * @since 0.1
 */
public interface AsyncConnection {

  /**
   * Opens a connection without blocking the caller; the future fails with the same exceptions
   * {@link Connection#open} throws (pika's on_open_error_callback).
   */
  static CompletableFuture<AsyncConnection> open(ConnectionParameters parameters) {
    return Connector.openAsync(EndpointList.of(parameters), parameters.recovery());
  }

  /** Opens a connection to the first endpoint of the list that accepts it, without blocking. */
  static CompletableFuture<AsyncConnection> open(EndpointList endpoints) {
    return Connector.openAsync(endpoints, endpoints.endpoints().get(0).recovery());
  }

  /**
   * Opens a connection to an {@code amqp://} or {@code amqps://} URI without blocking the caller
   * (twin of {@link Connection#open(String)}). An invalid URI fails the future rather than
   * throwing.
   *
   * @since 0.1
   */
  static CompletableFuture<AsyncConnection> open(String uri) {
    ConnectionParameters parameters;
    try {
      parameters = ConnectionParameters.fromUri(uri);
    } catch (RuntimeException e) {
      return dev.warren.client.internal.threads.CallbackFuture.failed(
          dev.warren.client.internal.threads.ThreadResources.of(null).callbacks(), e);
    }
    return open(parameters);
  }

  /** The blocking view of this connection. */
  Connection blocking();

  /** Opens a channel with the next free number. */
  CompletableFuture<AsyncChannel> openChannel();

  /** Opens a channel with this number. */
  CompletableFuture<AsyncChannel> openChannel(int number);

  /**
   * A snapshot of the connection's traffic and heartbeat counters; completes (never exceptionally)
   * once the I/O thread, which owns them, has taken it. Same as {@link Connection#stats()}.
   *
   * @since 0.1
   */
  CompletableFuture<ConnectionStats> stats();

  /** connection.update-secret; completes on update-secret-ok. */
  CompletableFuture<Void> updateSecret(String newSecret, String reason);

  /** Closes with 200 OK; completes when the connection is closed. */
  CompletableFuture<Void> close();

  /** Closes with a reply code and text; completes when closed, or after {@code timeout} anyway. */
  CompletableFuture<Void> close(int replyCode, String replyText, Duration timeout);

  /** Completes when the connection closes, for whatever reason (pika's on_close_callback). */
  CompletableFuture<dev.warren.errors.ConnectionClosedException> closeFuture();

  /**
   * Runs {@code task} once after {@code delay} on the connection's callback executor, never on the
   * I/O thread (pika's {@code call_later}); the returned handle cancels it (pika's {@code
   * remove_timeout}). Same as {@link Connection#callLater}.
   *
   * @since 0.1
   */
  default Cancellable callLater(Duration delay, Runnable task) {
    return blocking().callLater(delay, task);
  }

  /**
   * Adds a listener called once, with the reason, when the connection closes; it runs on the
   * connection's dispatcher, never on the I/O thread (pika's {@code add_on_close_callback}). Same
   * as {@link Connection#addCloseListener}; {@link #closeFuture()} is the future-shaped equivalent.
   *
   * @since 0.1
   */
  default void addCloseListener(
      java.util.function.Consumer<dev.warren.errors.ConnectionClosedException> listener) {
    blocking().addCloseListener(listener);
  }

  /**
   * Adds a listener of connection.blocked / connection.unblocked (pika's {@code
   * add_on_connection_blocked_callback} and {@code add_on_connection_unblocked_callback}); see
   * {@link BlockedListener} for the thread. Same as {@link Connection#addBlockedListener}.
   *
   * @since 0.1
   */
  default void addBlockedListener(BlockedListener listener) {
    blocking().addBlockedListener(listener);
  }
}
