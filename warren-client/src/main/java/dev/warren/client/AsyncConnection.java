/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import dev.warren.client.internal.connection.Connector;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous view of a connection ({@link Connection} is the blocking view of the same; the
 * errors and recovery it describes apply here).
 *
 * <p><b>Threading:</b> every method may be called from any thread and never blocks; dependent
 * actions of the returned futures run on the connection's callback executor, never on the I/O
 * thread.
 *
 * @since 0.1
 */
public interface AsyncConnection {

  /**
   * Opens a connection without blocking the caller, as {@link
   * Connection#open(ConnectionParameters)} does (pika: {@code on_open_error_callback} is the
   * future's failure).
   *
   * @param parameters where and how to connect
   * @return a future that completes with the open connection, or exceptionally with the exceptions
   *     {@link Connection#open(ConnectionParameters)} throws
   */
  static CompletableFuture<AsyncConnection> open(ConnectionParameters parameters) {
    return Connector.openAsync(EndpointList.of(parameters), parameters.recovery());
  }

  /**
   * Opens a connection to the first endpoint of the list that accepts it, without blocking.
   *
   * @param endpoints the endpoints to try, in order
   * @return a future that completes with the open connection, or exceptionally as {@link
   *     Connection#open(EndpointList)} throws
   */
  static CompletableFuture<AsyncConnection> open(EndpointList endpoints) {
    RecoveryPolicy policy;
    try {
      policy = endpoints.recovery();
    } catch (RuntimeException e) {
      return dev.warren.client.internal.threads.CallbackFuture.failed(
          dev.warren.client.internal.threads.ThreadResources.of(null).callbacks(), e);
    }
    return Connector.openAsync(endpoints, policy);
  }

  /**
   * Opens a connection to an {@code amqp://} or {@code amqps://} URI without blocking the caller
   * (twin of {@link Connection#open(String)}); a URI naming several hosts opens over their {@link
   * EndpointList#fromUri(String) endpoint list}. An invalid URI fails the future rather than
   * throwing.
   *
   * @param uri the URI
   * @return a future that completes with the open connection, or exceptionally with {@link
   *     InvalidUriException} or as {@link Connection#open(String)} throws
   * @since 0.1
   */
  static CompletableFuture<AsyncConnection> open(String uri) {
    EndpointList list;
    try {
      list = EndpointList.fromUri(uri);
    } catch (RuntimeException e) {
      return dev.warren.client.internal.threads.CallbackFuture.failed(
          dev.warren.client.internal.threads.SharedResources.callbackExecutor(), e);
    }
    return list.size() == 1 ? open(list.endpoints().get(0)) : open(list);
  }

  /**
   * The blocking view of this connection.
   *
   * @return the blocking view; never null, always the same object
   */
  Connection blocking();

  /**
   * Opens a channel with the lowest free number (channel.open), after the recovery in progress if
   * there is one.
   *
   * @return a future that completes with the channel on open-ok; exceptionally with {@link
   *     dev.warren.errors.NoFreeChannelsException} when every number is in use, {@link
   *     dev.warren.errors.WrongStateException} on a closed connection, or the connection's close
   */
  CompletableFuture<AsyncChannel> openChannel();

  /**
   * Opens a channel with this number (channel.open).
   *
   * @param number the channel number, 1 to the negotiated channel_max
   * @return a future that completes with the channel on open-ok; exceptionally with {@link
   *     IllegalArgumentException} for a number outside 1..65535, in use or above channel_max,
   *     {@link dev.warren.errors.WrongStateException} on a closed connection, or the connection's
   *     close
   */
  CompletableFuture<AsyncChannel> openChannel(int number);

  /**
   * A snapshot of the connection's traffic and heartbeat counters; completes (never exceptionally)
   * once the I/O thread, which owns them, has taken it. Same as {@link Connection#stats()}.
   *
   * @return a future that completes with the snapshot
   * @since 0.1
   */
  CompletableFuture<ConnectionStats> stats();

  /**
   * connection.update-secret, as {@link Connection#updateSecret} says.
   *
   * @param newSecret the new secret; never null
   * @param reason why, as the broker logs it
   * @return a future that completes on update-secret-ok, or exceptionally with the connection's
   *     close
   */
  CompletableFuture<Void> updateSecret(String newSecret, String reason);

  /**
   * Closes with 200 OK, as {@link Connection#close()} says.
   *
   * @return a future that completes, never exceptionally, when the connection is closed (at the
   *     latest after the RPC timeout)
   */
  CompletableFuture<Void> close();

  /**
   * Closes with a reply code and text; completes when closed, or after {@code timeout} anyway.
   *
   * @param replyCode the reply code to send, normally 200
   * @param replyText the reply text to send
   * @param timeout how long to wait for close-ok
   * @return a future that completes, never exceptionally, when the connection is closed
   */
  CompletableFuture<Void> close(int replyCode, String replyText, Duration timeout);

  /**
   * Completes when the connection closes for good, for whatever reason (pika: {@code
   * on_close_callback}); a recovered loss does not complete it.
   *
   * @return a future that completes, never exceptionally, with the reason; always the same future
   */
  CompletableFuture<dev.warren.errors.ConnectionClosedException> closeFuture();

  /**
   * Runs {@code task} once after {@code delay} on the connection's callback executor, never on the
   * I/O thread (pika's {@code call_later}); the returned handle cancels it (pika's {@code
   * remove_timeout}). Same as {@link Connection#callLater}.
   *
   * @param task what to run
   * @param delay how long to wait
   * @return the handle that cancels the task if it has not run yet
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
   * @param listener the listener
   * @return a registration whose {@link Cancellable#cancel()} removes the listener
   * @since 0.1
   */
  default Cancellable addCloseListener(
      java.util.function.Consumer<dev.warren.errors.ConnectionClosedException> listener) {
    return blocking().addCloseListener(listener);
  }

  /**
   * Adds a listener of connection.blocked / connection.unblocked (pika's {@code
   * add_on_connection_blocked_callback} and {@code add_on_connection_unblocked_callback}); see
   * {@link BlockedListener} for the thread. Same as {@link Connection#addBlockedListener}.
   *
   * @param listener the listener
   * @return a registration whose {@link Cancellable#cancel()} removes the listener
   * @since 0.1
   */
  default Cancellable addBlockedListener(BlockedListener listener) {
    return blocking().addBlockedListener(listener);
  }
}
