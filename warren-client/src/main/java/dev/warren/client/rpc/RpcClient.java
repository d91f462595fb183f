/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.rpc;

import dev.warren.client.Connection;
import dev.warren.client.Delivery;
import dev.warren.client.internal.rpc.DirectReplyToClient;
import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Calls over RabbitMQ's direct reply-to: each call publishes a request with {@code reply_to} set to
 * {@code amq.rabbitmq.reply-to} and a correlation id of its own, and completes with the reply that
 * carries that id. The client has a channel of its own, on which it consumes the pseudo-queue
 * {@code amq.rabbitmq.reply-to} in no-ack mode (RabbitMQ requires the requests to be published on
 * that channel, which the client does).
 *
 * <pre>{@code
 * try (RpcClient rpc = RpcClient.open(connection)) {
 *   Delivery reply = rpc.call("", "rpc_queue", BasicProperties.EMPTY, body, Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Thread-safe: any number of threads may have any number of calls in flight at once. A call
 * fails with {@link RpcCallTimeoutException} (naming it) when no reply came in time; with {@link
 * dev.warren.errors.ConnectionLostException} when the connection is lost while it waits (its reply
 * cannot arrive: a direct reply goes to the channel of the request); with {@link
 * dev.warren.errors.UnroutableException} when no queue took the request (it is published
 * mandatory). After recovery the client consumes again and new calls work. A reply that matches no
 * waiting call (late, or unknown) is dropped and logged at debug.
 *
 * @since 0.2
 */
public interface RpcClient extends AutoCloseable {
  /**
   * Opens a client on {@code connection}: a channel of its own, consuming {@code
   * amq.rabbitmq.reply-to}. Returns once the broker confirmed the consumer.
   *
   * @param connection the connection to open the client's channel on
   * @return the client, ready for calls
   * @throws NullPointerException if {@code connection} is null
   * @throws dev.warren.errors.AmqpException if the channel or the consumer could not be opened
   */
  static RpcClient open(Connection connection) {
    return DirectReplyToClient.open(connection);
  }

  /**
   * Publishes a request and waits for its reply, at most {@code timeout}. {@code properties}' own
   * reply_to and correlation_id are replaced.
   *
   * @param exchange the exchange to publish the request to; empty for the default exchange
   * @param routingKey the request's routing key, such as the server's queue with the default
   *     exchange
   * @param properties the request's properties; their reply_to and correlation_id are replaced
   * @param body the request's body
   * @param timeout how long to wait for the reply; positive
   * @return the reply; never null
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeout} is not positive
   * @throws RpcCallTimeoutException when no reply came within {@code timeout}
   * @throws dev.warren.errors.ConnectionLostException when the connection was lost meanwhile
   * @throws dev.warren.errors.UnroutableException when the broker returned the request
   * @throws dev.warren.errors.WrongStateException when the client is closed, or when called on
   *     Warren's I/O thread (use {@link #callAsync} there), or when the waiting thread is
   *     interrupted (its interrupt status is set again)
   */
  Delivery call(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      Duration timeout);

  /**
   * {@link #call} without waiting: the future completes with the reply, or exceptionally with the
   * exceptions {@link #call} throws. Its dependent stages run on Warren's callback threads, never
   * on the I/O thread.
   *
   * @param exchange the exchange to publish the request to; empty for the default exchange
   * @param routingKey the request's routing key, such as the server's queue with the default
   *     exchange
   * @param properties the request's properties; their reply_to and correlation_id are replaced
   * @param body the request's body
   * @param timeout how long to wait for the reply; positive
   * @return a future of the reply; on a closed client, one already failed with {@link
   *     dev.warren.errors.WrongStateException}
   * @throws NullPointerException if an argument is null (thrown at once, not through the future)
   * @throws IllegalArgumentException if {@code timeout} is not positive (thrown at once, not
   *     through the future)
   */
  CompletableFuture<Delivery> callAsync(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      Duration timeout);

  /** {@return how many calls are waiting for their reply} */
  int pendingCalls();

  /**
   * Closes the client's channel; waiting calls fail with {@link
   * dev.warren.errors.WrongStateException}. Closing a closed client does nothing. The connection
   * stays open.
   */
  @Override
  void close();
}
