/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel;

import dev.warren.client.Requeue;
import dev.warren.client.internal.threads.CallbackFuture;
import dev.warren.client.internal.threads.Rpcs;
import dev.warren.engine.RpcCallback;
import dev.warren.errors.AmqpException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.ConnectionLostException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.codec.Method;
import dev.warren.protocol.method.BasicAck;
import dev.warren.protocol.method.BasicNack;
import dev.warren.protocol.method.BasicReject;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one channel sends methods to the broker: synchronous ones whose reply completes a future
 * ({@link #rpc}), and ones with no reply ({@link #send}). The application's calls wait while the
 * channel recovers (see {@link RecoveryGate}); a request cut off by a connection loss that will be
 * recovered fails with a {@link ConnectionLostException} rather than a channel-closed error.
 */
public final class ChannelCalls {
  // Logs under ChannelCore's name: all of a channel's parts share one logger, so one logger
  // setting covers a channel.
  private static final Logger log = LoggerFactory.getLogger(ChannelCore.class);

  private final ChannelContext ctx;
  private final RecoveryGate gate;
  private final ChannelAcks acks;

  ChannelCalls(ChannelContext ctx, RecoveryGate gate, ChannelAcks acks) {
    this.ctx = ctx;
    this.gate = gate;
    this.acks = acks;
  }

  /**
   * Sends a synchronous method; the future gets {@code mapper} of the reply. While the channel is
   * recovering it waits (see {@link RecoveryGate#whenUsable}).
   */
  public <T> CompletableFuture<T> rpc(Method request, Function<Method, T> mapper) {
    return rpc(request, mapper, false);
  }

  /** Sends a synchronous method even while recovering (recovery's own use). */
  <T> CompletableFuture<T> rawRpc(Method request, Function<Method, T> mapper) {
    return rpc(request, mapper, true);
  }

  private <T> CompletableFuture<T> rpc(
      Method request, Function<Method, T> mapper, boolean duringRecovery) {
    CallbackFuture<T> future = ctx.newFuture();
    if (!ctx.failIfClosed(future)) {
      Runnable send =
          () -> {
            if (ctx.failIfClosed(future)) {
              return;
            }
            startRpc(request, Rpcs.complete(future, mapper));
          };
      ctx.submit(future, duringRecovery ? send : () -> gate.whenUsable(future, send));
    }
    return future;
  }

  /**
   * I/O thread: sends {@code request} now; {@code callback} gets the reply, or the failure as
   * {@link LossAware} tells it.
   */
  public void startRpc(Method request, RpcCallback callback) {
    LossAware lossAware = new LossAware(callback, request);
    ctx.engine().rpc(ctx.number(), request, lossAware);
    lossAware.sentUpTo(ctx.host().outputPosition());
  }

  /**
   * An RPC callback that turns "channel closed because its connection closed" into a {@link
   * ConnectionLostException} saying whether the request may have reached the broker, when the
   * connection is going to recover (the channel then lives on, so a channel-closed error would
   * mislead).
   */
  private final class LossAware implements RpcCallback {
    private final RpcCallback delegate;
    private final Method request;
    private long endOffset;

    LossAware(RpcCallback delegate, Method request) {
      this.delegate = delegate;
      this.request = request;
    }

    void sentUpTo(long offset) {
      endOffset = offset;
    }

    @Override
    public void onReply(Method reply, BasicProperties properties, byte[] body) {
      delegate.onReply(reply, properties, body);
    }

    @Override
    public void onFailure(AmqpException failure) {
      delegate.onFailure(lossFailure(failure, request, endOffset));
    }
  }

  /** See {@link LossAware}; I/O thread, while the lost session is still current. */
  private AmqpException lossFailure(AmqpException failure, Method request, long endOffset) {
    if (failure instanceof ChannelClosedException closed
        && closed.initiator() == dev.warren.errors.Initiator.LIBRARY
        && closed.getCause() instanceof ConnectionClosedException lost
        && ctx.recoverable()
        && ctx.host().willRecover(lost)) {
      boolean written = endOffset == 0 || ctx.host().mayHaveSent(endOffset);
      return new ConnectionLostException(
              "connection lost before the broker answered "
                  + request.protocolName()
                  + " on channel "
                  + ctx.number()
                  + " ("
                  + lost.getMessage()
                  + "); the channel is being recovered",
              lost,
              false)
          .forOperation(written);
    }
    return failure;
  }

  /** Sends a method with no reply; the future completes once it is written. */
  CompletableFuture<Void> send(Method method) {
    return send(method, null);
  }

  /**
   * {@link #send}, then runs {@code afterWrite} (when not null) on the I/O thread right after the
   * write, in the same task: before the future completes and before any method sent later on the
   * channel (a no-wait method whose effect must be in place for what follows, like confirm.select).
   */
  public CompletableFuture<Void> send(Method method, Runnable afterWrite) {
    CallbackFuture<Void> future = ctx.newFuture();
    if (!ctx.failIfClosed(future)) {
      ctx.submit(
          future,
          () ->
              gate.whenUsable(
                  future,
                  () -> {
                    if (ctx.failIfClosed(future)) {
                      return;
                    }
                    ctx.engine().send(ctx.number(), method);
                    if (afterWrite != null) {
                      afterWrite.run();
                    }
                    future.complete(null);
                  }));
    }
    return future;
  }

  /** {@link #send} when {@code noWait}, else {@link #rpc}; the future gets {@code value}. */
  <T> CompletableFuture<T> rpcOrSend(Method m, boolean noWait, Supplier<T> value) {
    return noWait ? send(m).thenApply(v -> value.get()) : rpc(m, r -> value.get());
  }

  interface ContentMapper<T> {
    T map(Method reply, BasicProperties properties, byte[] body);
  }

  /** {@link #rpc} for a reply that may carry content (basic.get-ok). */
  <T> CompletableFuture<T> rpcWithContent(Method request, ContentMapper<T> mapper) {
    CallbackFuture<T> future = ctx.newFuture();
    if (ctx.failIfClosed(future)) {
      return future;
    }
    Runnable send =
        () -> {
          if (ctx.failIfClosed(future)) {
            return;
          }
          startRpc(
              request,
              new RpcCallback() {
                @Override
                public void onReply(Method reply, BasicProperties p, byte[] body) {
                  future.complete(mapper.map(reply, p, body));
                }

                @Override
                public void onFailure(AmqpException failure) {
                  future.completeExceptionally(failure);
                }
              });
        };
    ctx.submit(future, () -> gate.whenUsable(future, send));
    return future;
  }

  /**
   * Sends a method with no reply, without a future; acks, nacks and rejects go through {@link
   * ChannelAcks#acknowledge} so their tags are translated.
   */
  public void sendQuietly(Method m) {
    if (m instanceof BasicAck a) {
      acks.acknowledge(a.deliveryTag(), ChannelAcks.AckKind.ACK, a.multiple(), Requeue.DISCARD);
    } else if (m instanceof BasicNack n) {
      acks.acknowledge(
          n.deliveryTag(),
          ChannelAcks.AckKind.NACK,
          n.multiple(),
          n.requeue() ? Requeue.REQUEUE : Requeue.DISCARD);
    } else if (m instanceof BasicReject r) {
      acks.acknowledge(
          r.deliveryTag(),
          ChannelAcks.AckKind.REJECT,
          false,
          r.requeue() ? Requeue.REQUEUE : Requeue.DISCARD);
    } else {
      ctx.requireOpen();
      ctx.submit(
          () -> {
            try {
              ctx.engine().send(ctx.number(), m);
            } catch (AmqpException e) {
              log.debug(
                  "channel {}: {} not sent: {}", ctx.number(), m.protocolName(), e.getMessage());
            }
          });
    }
  }
}
