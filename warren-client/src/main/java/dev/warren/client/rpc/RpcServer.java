/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.rpc;

import dev.warren.client.Connection;
import dev.warren.client.internal.rpc.QueueRpcServer;

/**
 * Answers the requests of a queue: for each delivery it calls an {@link RpcHandler}, publishes the
 * reply to the request's {@code reply_to} (through the default exchange) with the request's {@code
 * correlation_id}, and acks the request once the reply is written, or, with {@link
 * RpcServerOptions#confirmReplies}, once the broker confirmed it. The server has a channel of its
 * own; a request without reply_to is rejected without requeue (logged), as is one whose handler
 * throws. Requests are handled one at a time, in order; start more servers for more at once.
 *
 * <pre>{@code
 * try (RpcServer server = RpcServer.start(connection, "rpc_queue", request -> RpcReply.text("42"),
 *     RpcServerOptions.defaults())) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. The queue must exist; the server does not declare it.
 *
 * @since 0.2
 */
public interface RpcServer extends AutoCloseable {
  /**
   * Starts serving {@code queue}: opens a channel, sets its prefetch (and confirm mode, if asked)
   * and consumes the queue with manual acks. Returns once the broker confirmed the consumer.
   *
   * @param connection the connection to open the server's channel on
   * @param queue the queue to serve; it must exist
   * @param handler called for each request
   * @param options the server's prefetch and whether it confirms replies
   * @return the server, consuming
   * @throws NullPointerException if an argument is null
   * @throws dev.warren.errors.AmqpException if the channel or the consumer could not be opened,
   *     such as {@link dev.warren.errors.NotFoundException} when the queue does not exist
   */
  static RpcServer start(
      Connection connection, String queue, RpcHandler handler, RpcServerOptions options) {
    return QueueRpcServer.start(connection, queue, handler, options);
  }

  /** {@return the queue served} */
  String queue();

  /** {@return how many requests were answered (reply written, request acked) so far} */
  long answered();

  /**
   * Cancels the consumer and closes the server's channel; requests not yet acked go back to the
   * queue. Closing a closed server does nothing.
   */
  @Override
  void close();
}
