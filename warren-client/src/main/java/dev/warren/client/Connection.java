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
   * Opens a connection to the first endpoint of the list that accepts it, in the list's {@link
   * EndpointList#order() order} (by default a random order of its own for each connection, so
   * clients spread over a cluster's nodes); recovery uses the same endpoints and the list's {@link
   * EndpointList#recovery() recovery policy}. Blocks like {@link #open(ConnectionParameters)}.
   *
   * @throws IllegalArgumentException when the list sets no recovery policy and its endpoints have
   *     different ones
   * @throws dev.warren.errors.ConnectFailedException no endpoint could be reached; the exception
   *     carries every attempt's failure
   */
  static Connection open(EndpointList endpoints) {
    return Connector.open(endpoints, endpoints.recovery()).blocking();
  }

  /**
   * Opens a connection to an {@code amqp://} or {@code amqps://} URI. A URI naming several hosts,
   * {@code amqp://user:pass@rabbit1:5672,rabbit2:5673,rabbit3/vhost}, opens over the {@link
   * EndpointList#fromUri(String) endpoint list} of its hosts (shuffled per connection), as {@link
   * #open(EndpointList)} does; a URI with one host behaves as {@link #open(ConnectionParameters)}.
   *
   * @throws InvalidUriException when the URI is invalid (the message never shows the password)
   */
  static Connection open(String uri) {
    EndpointList list = EndpointList.fromUri(uri);
    return list.size() == 1 ? open(list.endpoints().get(0)) : open(list);
  }

  /** The asynchronous view of this connection. */
  AsyncConnection async();

  /** Opens a channel with the next free number. */
  Channel openChannel();

  /** Opens a channel with this number (1 .. channel_max). */
  Channel openChannel(int number);

  State state();

  boolean isOpen();

  /** Whether the broker has blocked the connection (connection.blocked). */
  boolean isBlocked();

  /** The broker's server-properties table (product, version, capabilities ...). */
  Map<String, Object> serverProperties();

  /**
   * The endpoint this connection is on, as a URI without credentials or query ({@code
   * amqp://rabbit2:5672/%2F}): the one the first connect or the latest recovery landed on; while
   * {@link State#RECOVERING}, the one that was lost. With an {@link EndpointList} it tells which
   * node of a cluster the connection uses (RabbitMQ announces no node name in its server
   * properties).
   *
   * <p>Thread-safe and never waits.
   *
   * @return never null
   * @since 0.1
   */
  String endpoint();

  /**
   * The {@code cluster_name} the broker announced in its server properties when this connection (or
   * its latest recovery) opened: the same for every node of one RabbitMQ cluster, so it tells
   * clusters apart, not nodes (for the node see {@link #endpoint()}).
   *
   * <p>Thread-safe and never waits.
   *
   * @return never null; empty when the broker announced none
   * @since 0.1
   */
  java.util.Optional<String> clusterName();

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

  void addCloseListener(java.util.function.Consumer<ConnectionClosedException> listener);

  void addBlockedListener(BlockedListener listener);

  /**
   * Adds a listener of automatic recovery's steps. Added to an open connection, it hears {@link
   * RecoveryListener#connected} at once (on the dispatcher) for the endpoint the connection is on,
   * so it learns where the first connect landed; then {@code connected} again after each recovery.
   * Thread-safe.
   *
   * @throws NullPointerException when {@code listener} is null
   */
  void addRecoveryListener(RecoveryListener listener);

  /**
   * Closes with 200 OK, waiting for the broker's close-ok at most the RPC timeout: closes every
   * channel, cancels every consumer, completes everything pending. Closing twice does nothing.
   */
  @Override
  void close();

  /** Closes with the application's reply code and text, waiting at most {@code timeout}. */
  void close(int replyCode, String replyText, Duration timeout);
}
