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
 * <pre>{@code try (Connection conn =
 * Connection.open(ConnectionParameters.fromUri("amqp://localhost")); Channel ch =
 * conn.openChannel()) { ch.queueDeclare(QueueSpec.named("hello")); ch.basicPublish("", "hello",
 * BasicProperties.EMPTY, "hi".getBytes(UTF_8)); } }</pre>
 *
 * <p><b>Threading:</b> safe to share between threads; any method may be called from any thread. One
 * I/O thread (shared with other connections) reads and writes the socket, sends heartbeats and
 * detects a dead peer independently of application code; callbacks run on dispatcher threads, never
 * on the I/O thread. A blocking call made on an I/O thread throws {@link
 * dev.warren.errors.WrongStateException} at once instead of deadlocking.
 *
 * <p><b>Errors:</b> a connection error (a hard reply code: 320, 402, 501 to 541) closes the
 * connection with every channel; the close listeners hear a {@link ConnectionClosedException} (or
 * its subclass for the cause) whose initiator says who closed it. With automatic recovery ({@link
 * RecoveryPolicy}) a lost transport, a heartbeat timeout and the broker's 320 CONNECTION_FORCED or
 * 541 INTERNAL_ERROR are recovered: the connection is {@link State#RECOVERING} meanwhile, keeps its
 * channels, consumers and recorded topology, and comes back as the same object.
 *
 * <p><b>Nullability:</b> arguments and return values are never null unless the method says
 * otherwise.
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
   * Opens a connection: TCP (and TLS), then the AMQP handshake (protocol header, start/start-ok
   * with SASL, tune/tune-ok, open/open-ok), trying the endpoint up to its connection attempts with
   * their retry delay. Returns once connection.open-ok has arrived. Automatic recovery follows the
   * parameters' {@link RecoveryPolicy}.
   *
   * @param parameters where and how to connect
   * @return the open connection; close it when done
   * @throws dev.warren.errors.AuthenticationException if the broker refused the user name or
   *     password, or no SASL mechanism is common to both sides (not retried)
   * @throws dev.warren.errors.VirtualHostAccessException if the virtual host does not exist or is
   *     not permitted (530 or 402 at connection.open; not retried)
   * @throws dev.warren.errors.ConnectFailedException if the broker could not be reached, or the
   *     handshake did not finish within the stack timeout; it lists every attempt
   */
  static Connection open(ConnectionParameters parameters) {
    return Connector.open(EndpointList.of(parameters), parameters.recovery()).blocking();
  }

  /**
   * Opens a connection to the first endpoint of the list that accepts it, in the list's order (each
   * up to its connection attempts), as {@link #open(ConnectionParameters)}; recovery uses the same
   * list and the first endpoint's recovery policy.
   *
   * @param endpoints the endpoints to try
   * @return the open connection
   * @throws dev.warren.errors.AuthenticationException if an endpoint refused the login
   * @throws dev.warren.errors.VirtualHostAccessException if an endpoint refused the virtual host
   * @throws dev.warren.errors.ConnectFailedException if no endpoint accepted the connection; it
   *     lists every attempt
   */
  static Connection open(EndpointList endpoints) {
    return Connector.open(endpoints, endpoints.recovery()).blocking();
  }

  /**
   * Opens a connection to an {@code amqp://} or {@code amqps://} URI, as {@link
   * #open(ConnectionParameters)} with {@link ConnectionParameters#fromUri(String)}.
   *
   * @param uri the URI (user, password, host, port, virtual host and query parameters)
   * @return the open connection
   * @throws InvalidUriException if the URI cannot be parsed or names an unknown parameter
   * @throws dev.warren.errors.AuthenticationException if the broker refused the login
   * @throws dev.warren.errors.VirtualHostAccessException if the virtual host does not exist or is
   *     not permitted
   * @throws dev.warren.errors.ConnectFailedException if the broker could not be reached or the
   *     handshake did not finish
   */
  static Connection open(String uri) {
    EndpointList list = EndpointList.fromUri(uri);
    return list.size() == 1 ? open(list.endpoints().get(0)) : open(list);
  }

  /**
   * The asynchronous view of this connection.
   *
   * @return the asynchronous view; never null, always the same object
   */
  AsyncConnection async();

  /**
   * Opens a channel with the lowest free number: channel.open, waiting for open-ok. While the
   * connection recovers it waits for the recovery first.
   *
   * @return the open channel; close it when done
   * @throws dev.warren.errors.NoFreeChannelsException if every number up to channel_max is in use
   * @throws dev.warren.errors.WrongStateException if the connection is closed or closing, or the
   *     call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if open-ok does not come within the RPC timeout
   * @throws ConnectionClosedException if the connection closes before open-ok
   */
  Channel openChannel();

  /**
   * Opens a channel with this number: channel.open, waiting for open-ok.
   *
   * @param number the channel number, 1 to the negotiated channel_max
   * @return the open channel; close it when done
   * @throws IllegalArgumentException if the number is outside 1..65535, in use, or above
   *     channel_max
   * @throws dev.warren.errors.WrongStateException if the connection is closed or closing, or the
   *     call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if open-ok does not come within the RPC timeout
   * @throws ConnectionClosedException if the connection closes before open-ok
   */
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

  /**
   * The connection's state at the time of the call. Thread-safe, never blocks.
   *
   * @return the state; never null
   */
  State state();

  /**
   * Whether the connection is {@link State#OPEN}: false while it recovers, closes or is closed.
   * Thread-safe, never blocks.
   *
   * @return true when open
   */
  boolean isOpen();

  /**
   * Whether the broker has blocked the connection (connection.blocked).
   *
   * @return true between the broker's connection.blocked and connection.unblocked
   */
  boolean isBlocked();

  /**
   * The broker's server-properties table (product, version, capabilities ...).
   *
   * @return the table of the broker now connected; empty while no session is open
   */
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

  /**
   * What the broker announced it supports.
   *
   * @return the capabilities of the broker now connected
   */
  ServerCapabilities serverCapabilities();

  /**
   * The negotiated highest channel number.
   *
   * @return the highest channel number; 0 before the handshake
   */
  int channelMax();

  /**
   * The negotiated maximum frame size, in bytes.
   *
   * @return the frame size limit in bytes; 0 before the handshake
   */
  int frameMax();

  /**
   * The negotiated heartbeat interval; {@link Duration#ZERO} when heartbeats are off.
   *
   * @return the interval; {@link Duration#ZERO} when off
   */
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
   * @throws dev.warren.errors.WrongStateException if called on an I/O thread
   * @since 0.1
   */
  ConnectionStats stats();

  /**
   * A snapshot of the connection's health: its state and since when, the endpoint and node it is
   * connected to, whether the broker blocks it, when bytes last arrived, the recoveries so far and
   * the last loss's cause, and the counts of channels, consumers, unconfirmed publishes and
   * unacknowledged deliveries. For liveness and readiness probes ({@link
   * ConnectionHealth#isAlive()}, {@link ConnectionHealth#isReady()}; docs/observability.md).
   *
   * <p>Thread-safe and never blocks: it reads values the I/O thread publishes as they change, so it
   * may be called as often as a probe likes, in every state (after the close too).
   *
   * @return never null
   * @since 0.1
   */
  ConnectionHealth health();

  /**
   * The connection's name as the broker shows it (connection_name), or null.
   *
   * @return the name from the parameters, or null when none was set
   */
  String name();

  /**
   * connection.update-secret: hands the broker a new secret, such as a refreshed OAuth 2 token, and
   * waits for update-secret-ok. The secret is not logged and does not appear in messages; recovery
   * connects with the credentials provider's current credentials.
   *
   * @param newSecret the new secret; never null
   * @param reason why, as the broker logs it
   * @throws ConnectionClosedException if the broker refuses the secret (it closes the connection)
   *     or the connection closes first
   * @throws dev.warren.errors.RpcTimeoutException if update-secret-ok does not come within the RPC
   *     timeout
   * @throws dev.warren.errors.WrongStateException if called on an I/O thread
   */
  void updateSecret(String newSecret, String reason);

  /**
   * Runs {@code task} once after {@code delay} on the connection's callback executor (pika: {@code
   * call_later}); the returned handle cancels it (pika: {@code remove_timeout}). Never blocks.
   *
   * @param delay how long to wait
   * @param task what to run; an exception it throws is logged
   * @return the handle that cancels the task if it has not run yet
   */
  Cancellable callLater(Duration delay, Runnable task);

  /**
   * Adds a listener called once, with the reason, when the connection closes, on the connection's
   * dispatcher (pika's {@code add_on_close_callback}); added after the close, it is called at once.
   *
   * <p>Returns a registration whose {@link Cancellable#cancel()} removes the listener (once per
   * registration; true if this call removed it).
   *
   * @param listener the listener
   * @return the registration; never null
   * @throws NullPointerException if {@code listener} is null
   */
  Cancellable addCloseListener(java.util.function.Consumer<ConnectionClosedException> listener);

  /**
   * Adds a listener of connection.blocked / connection.unblocked; see {@link BlockedListener}.
   *
   * <p>Returns a registration whose {@link Cancellable#cancel()} removes the listener (once per
   * registration; true if this call removed it).
   *
   * @param listener the listener
   * @return the registration; never null
   * @throws NullPointerException if {@code listener} is null
   */
  Cancellable addBlockedListener(BlockedListener listener);

  /**
   * Adds a listener of automatic recovery's steps. Added to an open connection, it hears {@link
   * RecoveryListener#connected} at once (on the dispatcher) for the endpoint the connection is on,
   * so it learns where the first connect landed; then {@code connected} again after each recovery.
   * Thread-safe.
   *
   * <p>Returns a registration whose {@link Cancellable#cancel()} removes the listener (once per
   * registration; true if this call removed it).
   *
   * @param listener the listener
   * @return the registration; never null
   * @throws NullPointerException if {@code listener} is null
   */
  Cancellable addRecoveryListener(RecoveryListener listener);

  /**
   * Closes with 200 OK: sends connection.close and waits for the broker's close-ok at most the RPC
   * timeout (without one, the socket is closed all the same). Closes every channel, cancels every
   * consumer, fails everything pending; stops a recovery in progress. Closing twice does nothing.
   * Never throws for what the broker answers.
   *
   * @throws dev.warren.errors.WrongStateException if called on an I/O thread
   */
  @Override
  void close();

  /**
   * Closes with the application's reply code and text, as {@link #close()}, waiting for close-ok at
   * most {@code timeout}.
   *
   * @param replyCode the reply code to send, normally 200
   * @param replyText the reply text to send
   * @param timeout how long to wait for close-ok
   * @throws dev.warren.errors.WrongStateException if called on an I/O thread
   */
  void close(int replyCode, String replyText, Duration timeout);
}
