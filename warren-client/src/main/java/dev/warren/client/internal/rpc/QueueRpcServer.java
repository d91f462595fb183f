/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.rpc;

import dev.warren.client.AsyncChannel;
import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.Delivery;
import dev.warren.client.PublishOptions;
import dev.warren.client.Qos;
import dev.warren.client.Requeue;
import dev.warren.client.rpc.RpcHandler;
import dev.warren.client.rpc.RpcReply;
import dev.warren.client.rpc.RpcServer;
import dev.warren.client.rpc.RpcServerOptions;
import dev.warren.protocol.BasicProperties;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link RpcServer}: a channel of its own consuming the queue, replying, then acking. */
public final class QueueRpcServer implements RpcServer {
  private static final Logger log = LoggerFactory.getLogger(QueueRpcServer.class);

  private final Channel channel;
  private final String queue;
  private final RpcHandler handler;
  private final RpcServerOptions options;
  private final AtomicLong answered = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  private QueueRpcServer(
      Channel channel, String queue, RpcHandler handler, RpcServerOptions options) {
    this.channel = channel;
    this.queue = queue;
    this.handler = handler;
    this.options = options;
  }

  /** {@link RpcServer#start}. */
  public static RpcServer start(
      Connection connection, String queue, RpcHandler handler, RpcServerOptions options) {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(options, "options");
    Channel channel = connection.openChannel();
    QueueRpcServer server = new QueueRpcServer(channel, queue, handler, options);
    try {
      channel.basicQos(Qos.prefetch(options.prefetch()));
      if (options.isConfirmReplies()) {
        channel.confirmSelect();
      }
      channel.basicConsume(ConsumeSpec.queue(queue), server::handle);
    } catch (RuntimeException e) {
      channel.close();
      throw e;
    }
    return server;
  }

  /** One request, on the channel's dispatcher. */
  private void handle(Delivery request) {
    AsyncChannel ch = channel.async();
    long tag = request.deliveryTag();
    String replyTo = request.properties().replyTo();
    if (replyTo == null || replyTo.isEmpty()) {
      log.warn(
          "RPC server of queue '{}': request {} has no reply_to; rejected without requeue",
          queue,
          tag);
      ch.basicReject(tag, Requeue.DISCARD);
      return;
    }
    RpcReply reply;
    try {
      reply = Objects.requireNonNull(handler.handle(request), "the handler returned null");
    } catch (Exception e) {
      log.warn(
          "RPC server of queue '{}': the handler threw for request {} (correlation id {});"
              + " rejected without requeue",
          queue,
          tag,
          request.properties().correlationId(),
          e);
      ch.basicReject(tag, Requeue.DISCARD);
      return;
    }
    BasicProperties props =
        reply.properties().toBuilder().correlationId(request.properties().correlationId()).build();
    CompletableFuture<Void> sent =
        options.isConfirmReplies()
            ? ch.publishConfirmed(
                "",
                replyTo,
                props,
                reply.body(),
                PublishOptions.defaults().withTimeout(options.confirmTimeout()))
            : ch.basicPublish("", replyTo, props, reply.body());
    sent.thenCompose(v -> ch.basicAck(tag))
        .whenComplete(
            (v, failure) -> {
              if (failure == null) {
                answered.incrementAndGet();
              } else {
                log.debug(
                    "RPC server of queue '{}': the reply to request {} or its ack failed; the"
                        + " request stays unacked: {}",
                    queue,
                    tag,
                    failure.toString());
              }
            });
  }

  @Override
  public String queue() {
    return queue;
  }

  @Override
  public long answered() {
    return answered.get();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && channel.isOpen()) {
      channel.close();
    }
  }

  @Override
  public String toString() {
    return "RpcServer[queue=" + queue + ", answered=" + answered.get() + "]";
  }
}
