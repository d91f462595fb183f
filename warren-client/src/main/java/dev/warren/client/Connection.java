/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import dev.warren.client.internal.connection.Connector;
import dev.warren.errors.ConnectionClosedException;
import java.time.Duration;
import java.util.Map;

/**
 * A connection to an AMQP 0-9-1 broker, blocking view ({@link #async()} is the asynchronous view of
 * the same connection).
 *
 * <pre>{@code
 * try (Connection conn = Connection.open(ConnectionParameters.fromUri("amqp://localhost"));
 *     Channel ch = conn.openChannel()) {
 *   ch.queueDeclare(QueueSpec.named("hello"));
 *   ch.basicPublish("", "hello", BasicProperties.EMPTY, "hi".getBytes(UTF_8));
 * }
 * }</pre>
 *
 * <p><b>Threading:</b> safe to share between threads. One I/O thread (shared with other
 * connections) reads and writes the socket, sends heartbeats and detects a dead peer independently
 * of application code; callbacks run on dispatcher threads, never on the I/O thread.
 *
 * @since 0.1
 */
public interface Connection extends AutoCloseable {

  /** The life of a connection as the application sees it. */
  enum State {
    /** Open for business. */
    OPEN,
    /**
     * The connection was lost and automatic recovery is bringing it back; operations wait for it
     * (up to the recovery policy's operation wait).
     */
    RECOVERING,
    /** The application asked to close it; the close handshake is under way. */
    CLOSING,
    /** Closed for good. */
    CLOSED
  }

  /**
   * Opens a connection: TCP (and TLS), then the AMQP handshake, trying each endpoint up to its
   * connection attempts.
   *
   * @throws dev.warren.errors.AuthenticationException wrong user name or password
   * @throws dev.warren.errors.VirtualHostAccessException the virtual host does not exist or is not
   *     permitted
   * @throws dev.warren.errors.ConnectFailedException the broker could not be reached, or the
   *     handshake did not finish within the stack timeout
   */
  static Connection open(ConnectionParameters parameters) {
    return Connector.open(EndpointList.of(parameters), parameters.recovery()).blocking();
  }

  /**
   * Opens a connection to the first endpoint of the list that accepts it, in order; recovery uses
   * the same list.
   */
  static Connection open(EndpointList endpoints) {
    return Connector.open(endpoints, endpoints.endpoints().get(0).recovery()).blocking();
  }

  /** Opens a connection to an {@code amqp://} or {@code amqps://} URI. */
  static Connection open(String uri) {
    return open(ConnectionParameters.fromUri(uri));
  }

  /** The asynchronous view of this connection. */
  AsyncConnection async();

  /** Opens a channel with the next free number. */
  Channel openChannel();

  /** Opens a channel with this number (1 .. channel_max). */
  Channel openChannel(int number);

  /**
   * The application's channel with this number, if it is open or recovering (py-amqp's {@code
   * connection.channel(channel_id)} for a channel already open, and its {@code channels} map): the
   * same object {@link #openChannel} returned. Empty when no such channel is open (never opened,
   * closed, or one of Warren's own). Sends nothing.
   *
   * <p>Thread-safe; asks the I/O thread, waiting at most the RPC timeout.
   *
   * @param number the channel number
   * @return the channel, or empty
   * @throws dev.warren.errors.WrongStateException if the connection is closed
   * @since 0.2
   */
  java.util.Optional<Channel> channel(int number);

  State state();

  boolean isOpen();

  /** Whether the broker has blocked the connection (connection.blocked). */
  boolean isBlocked();

  /** The broker's server-properties table (product, version, capabilities ...). */
  Map<String, Object> serverProperties();

  /** What the broker announced it supports. */
  ServerCapabilities serverCapabilities();

  /** The negotiated highest channel number. */
  int channelMax();

  /** The negotiated maximum frame size, in bytes. */
  int frameMax();

  /** The negotiated heartbeat interval; {@link Duration#ZERO} when heartbeats are off. */
  Duration heartbeat();

  /**
   * The heartbeat interval the broker proposed in {@code connection.tune}, before this client's
   * {@link HeartbeatPolicy} was applied (py-amqp's {@code server_heartbeat}); {@link #heartbeat()}
   * is what was agreed. The I/O thread records it at tune on every (re)opening, so after a recovery
   * it is the proposal of the broker now connected.
   *
   * <p>Thread-safe and never waits: it reads the value the I/O thread published.
   *
   * @return never null; {@link Duration#ZERO} when the broker proposed no heartbeats, and before
   *     the first connection.tune
   * @since 0.1
   */
  Duration serverHeartbeat();

  /**
   * A snapshot of the connection's traffic and heartbeat counters (py-amqp's {@code bytes_recv},
   * {@code bytes_sent}, {@code last_heartbeat_received}, {@code last_heartbeat_sent}), over its
   * whole life including recoveries. Works in every state, after the close too (the final counts).
   *
   * <p>Thread-safe. The counters belong to the I/O thread, so this hands the read over to it and
   * waits for the answer (normally microseconds; at most the RPC timeout); the I/O path itself only
   * adds to plain fields. Do not call it in a tight loop; {@link AsyncConnection#stats()} does not
   * wait.
   *
   * @return never null
   * @throws dev.warren.errors.RpcTimeoutException if the I/O thread did not answer within the RPC
   *     timeout
   * @since 0.1
   */
  ConnectionStats stats();

  /** The connection's name as the broker shows it (connection_name), or null. */
  String name();

  /** connection.update-secret: hands the broker a new secret, such as a refreshed token. */
  void updateSecret(String newSecret, String reason);

  /**
   * Runs {@code task} once after {@code delay} on the connection's callback executor (pika's {@code
   * call_later}); the returned handle cancels it (pika's {@code remove_timeout}).
   */
  Cancellable callLater(Duration delay, Runnable task);

  /**
   * Adds a listener called once, with the reason, when the connection closes, on the connection's
   * dispatcher (pika's {@code add_on_close_callback}); added after the close, it is called at once.
   *
   * <p>Returns a registration whose {@link Cancellable#cancel()} removes the listener (once per
   * registration; true if this call removed it).
   *
   * @throws NullPointerException if {@code listener} is null
   */
  Cancellable addCloseListener(java.util.function.Consumer<ConnectionClosedException> listener);

  /**
   * Adds a listener of connection.blocked / connection.unblocked; see {@link BlockedListener}.
   *
   * <p>Returns a registration whose {@link Cancellable#cancel()} removes the listener (once per
   * registration; true if this call removed it).
   *
   * @throws NullPointerException if {@code listener} is null
   */
  Cancellable addBlockedListener(BlockedListener listener);

  /**
   * Adds a listener of automatic recovery's steps.
   *
   * <p>Returns a registration whose {@link Cancellable#cancel()} removes the listener (once per
   * registration; true if this call removed it).
   *
   * @throws NullPointerException if {@code listener} is null
   */
  Cancellable addRecoveryListener(RecoveryListener listener);

  /**
   * Closes with 200 OK, waiting for the broker's close-ok at most the RPC timeout: closes every
   * channel, cancels every consumer, completes everything pending. Closing twice does nothing.
   */
  @Override
  void close();

  /** Closes with the application's reply code and text, waiting at most {@code timeout}. */
  void close(int replyCode, String replyText, Duration timeout);
}
