/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.rpc;

import dev.warren.client.CallbackThread;
import dev.warren.client.Cancellable;
import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.Consumer;
import dev.warren.client.Delivery;
import dev.warren.client.PublishOptions;
import dev.warren.client.RecoveryListener;
import dev.warren.client.ReturnedMessage;
import dev.warren.client.internal.threads.CallbackFuture;
import dev.warren.client.internal.threads.SharedResources;
import dev.warren.client.rpc.RpcCallTimeoutException;
import dev.warren.client.rpc.RpcClient;
import dev.warren.errors.AmqpException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.ConnectionLostException;
import dev.warren.errors.UnroutableException;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RpcClient} over direct reply-to: one channel, one no-ack consumer of {@code
 * amq.rabbitmq.reply-to}, the waiting calls by correlation id.
 */
public final class DirectReplyToClient implements RpcClient {
  private static final Logger log = LoggerFactory.getLogger(DirectReplyToClient.class);
  static final String REPLY_TO = "amq.rabbitmq.reply-to";

  /** A call waiting for its reply. */
  private record Pending(CompletableFuture<Delivery> future, Cancellable timer) {}

  private final Connection connection;
  private final Channel channel;
  private final String idPrefix = UUID.randomUUID().toString().substring(0, 8) + "-";
  private final AtomicLong nextId = new AtomicLong();
  private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  // The listeners this client added to the connection, which outlives it: removed on close.
  private final List<Cancellable> onConnection = new CopyOnWriteArrayList<>();

  private DirectReplyToClient(Connection connection, Channel channel) {
    this.connection = connection;
    this.channel = channel;
  }

  /** {@link RpcClient#open}. */
  public static RpcClient open(Connection connection) {
    Objects.requireNonNull(connection, "connection");
    Channel channel = connection.openChannel();
    DirectReplyToClient client = new DirectReplyToClient(connection, channel);
    try {
      channel.addReturnListener(client::returned);
      client.onConnection.add(
          connection.addRecoveryListener(
              new RecoveryListener() {
                @Override
                public void connectionLost(ConnectionClosedException cause) {
                  client.failAll(lost(cause));
                }

                @Override
                public void recoveryFailed(ConnectionClosedException cause) {
                  client.failAll(cause);
                }
              }));
      client.onConnection.add(connection.addCloseListener(client::failAll));
      channel.addCloseListener(client::failAll);
      channel.basicConsume(
          ConsumeSpec.queue(REPLY_TO).autoAck().callbackThread(CallbackThread.IO_THREAD),
          (Consumer) client::reply);
    } catch (RuntimeException e) {
      client.onConnection.forEach(Cancellable::cancel);
      channel.close();
      throw e;
    }
    return client;
  }

  @Override
  public Delivery call(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      Duration timeout) {
    CompletableFuture<Delivery> future = callAsync(exchange, routingKey, properties, body, timeout);
    try {
      // The call's own timer fails it at its deadline; the margin only guards against a lost timer.
      return future.get(timeout.toNanos() + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new WrongStateException("RPC call failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new WrongStateException("RPC call was not completed by its timer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WrongStateException("interrupted while waiting for an RPC reply", e);
    }
  }

  @Override
  public CompletableFuture<Delivery> callAsync(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      Duration timeout) {
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(routingKey, "routingKey");
    Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("an RPC timeout is positive, got " + timeout);
    }
    CallbackFuture<Delivery> future = new CallbackFuture<>(SharedResources.callbackExecutor());
    if (closed.get()) {
      future.completeExceptionally(
          new WrongStateException("the RPC client is closed; open a new one", null));
      return future;
    }
    String id = idPrefix + nextId.incrementAndGet();
    Cancellable timer =
        connection.callLater(
            timeout,
            () -> {
              Pending p = pending.remove(id);
              if (p != null) {
                p.future.completeExceptionally(
                    new RpcCallTimeoutException(id, exchange, routingKey, timeout));
              }
            });
    pending.put(id, new Pending(future, timer));
    BasicProperties request = properties.toBuilder().replyTo(REPLY_TO).correlationId(id).build();
    try {
      channel
          .async()
          .basicPublish(exchange, routingKey, request, body, PublishOptions.defaults().mandatory())
          .whenComplete(
              (v, failure) -> {
                if (failure != null) {
                  fail(id, unwrap(failure));
                }
              });
    } catch (RuntimeException e) {
      fail(id, e);
    }
    return future;
  }

  /** A reply arrived (I/O thread): complete its call, or drop it. */
  private void reply(Delivery reply) {
    String id = reply.properties().correlationId();
    Pending p = id == null ? null : pending.remove(id);
    if (p == null) {
      log.debug(
          "dropped an RPC reply with correlation id {}: no call waits for it (it timed out, failed"
              + " or was never made by this client)",
          id);
      return;
    }
    p.timer.cancel();
    p.future.complete(reply);
  }

  /** The broker returned a request: no queue took it. */
  private void returned(ReturnedMessage message) {
    String id = message.properties().correlationId();
    if (id != null) {
      fail(
          id,
          new UnroutableException(
              message.replyCode(),
              message.replyText(),
              message.exchange(),
              message.routingKey(),
              message.properties(),
              message.body()));
    }
  }

  private void fail(String id, Throwable failure) {
    Pending p = pending.remove(id);
    if (p != null) {
      p.timer.cancel();
      p.future.completeExceptionally(failure);
    }
  }

  /** What a call waiting at a connection loss fails with. */
  private static ConnectionLostException lost(ConnectionClosedException cause) {
    return new ConnectionLostException(
        "connection lost while the RPC call waited for its reply ("
            + cause.getMessage()
            + "); a direct reply-to reply goes to the channel of its request, so it cannot arrive:"
            + " call again once the connection has recovered",
        cause,
        true);
  }

  /** The connection or the channel went: no waiting call can get its reply any more. */
  private void failAll(AmqpException failure) {
    for (String id : pending.keySet()) {
      fail(id, failure);
    }
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof java.util.concurrent.CompletionException && t.getCause() != null
        ? t.getCause()
        : t;
  }

  @Override
  public int pendingCalls() {
    return pending.size();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    onConnection.forEach(Cancellable::cancel);
    WrongStateException cause = new WrongStateException("the RPC client was closed", null);
    for (String id : pending.keySet()) {
      fail(id, cause);
    }
    if (channel.isOpen()) {
      channel.close();
    }
  }

  @Override
  public String toString() {
    return "RpcClient[channel " + channel.number() + ", " + pending.size() + " pending]";
  }
}
