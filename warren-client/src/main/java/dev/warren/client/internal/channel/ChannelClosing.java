/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel;

import dev.warren.client.internal.channel.consume.ChannelConsumers;
import dev.warren.client.internal.channel.consume.ConsumerRecord;
import dev.warren.client.internal.channel.consume.ConsumingLoop;
import dev.warren.client.internal.channel.publish.ChannelPublishing;
import dev.warren.client.internal.connection.Session;
import dev.warren.client.internal.threads.CallbackFuture;
import dev.warren.engine.RpcCallback;
import dev.warren.errors.AmqpException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.codec.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one channel closes: the application's close (the channel.close handshake, with a deadline),
 * and the final close, whoever caused it, that fails what is pending and tells consumers and close
 * listeners. The channel's phase and close cause are kept by its {@link ChannelContext}.
 */
public final class ChannelClosing {
  // Logs under ChannelCore's name: all of a channel's parts share one logger, so one logger
  // setting covers a channel.
  private static final Logger log = LoggerFactory.getLogger(ChannelCore.class);

  private final ChannelContext ctx;
  private final RecoveryGate gate;
  private final ChannelPublishing publishing;
  private final ChannelConsumers consumers;
  private final ConsumingLoop consumingLoop;
  private final CopyOnWriteArrayList<Consumer<ChannelClosedException>> closeListeners =
      new CopyOnWriteArrayList<>();
  private final CallbackFuture<ChannelClosedException> closed;

  ChannelClosing(
      ChannelContext ctx,
      RecoveryGate gate,
      ChannelPublishing publishing,
      ChannelConsumers consumers,
      ConsumingLoop consumingLoop) {
    this.ctx = ctx;
    this.gate = gate;
    this.publishing = publishing;
    this.consumers = consumers;
    this.consumingLoop = consumingLoop;
    this.closed = new CallbackFuture<>(ctx.callbacks());
  }

  /** {@link dev.warren.client.AsyncChannel#close(int, String)} (any thread). */
  CompletableFuture<Void> close(int replyCode, String replyText) {
    int number = ctx.number();
    CallbackFuture<Void> future = ctx.newFuture();
    ChannelPhase before = ctx.startClosing();
    if (before == ChannelPhase.CLOSED) {
      future.complete(null);
      return future;
    }
    if (before == ChannelPhase.RECOVERING) {
      ctx.submit(
          () -> {
            try {
              finalClose(ChannelClosures.byApplication(number, replyCode, replyText));
              // Recovery may have reopened it on the new connection already.
              Session s = ctx.host().currentSession();
              if (s != null
                  && s.engine.state() == dev.warren.engine.ConnectionState.OPEN
                  && s.engine.channelState(number) != dev.warren.engine.ChannelState.CLOSED) {
                s.engine.closeChannel(number, replyCode, replyText, RpcCallback.IGNORE);
              }
            } finally {
              // Only now: once the close returns, the channel is closed for good.
              future.complete(null);
            }
          });
      return future;
    }
    Duration timeout = ctx.rpcTimeout();
    ctx.submit(
        () -> {
          try {
            sendClose(number, replyCode, replyText, timeout, future);
          } catch (RuntimeException e) {
            // No session to send channel.close on (the connection went between the caller's check
            // and now): closed here all the same, and the future must not be left pending.
            log.debug("channel {}: closing without channel.close: {}", number, e.toString());
            finalClose(ChannelClosures.byApplication(number, replyCode, replyText));
            future.complete(null);
          }
        });
    return future;
  }

  /** I/O thread: channel.close, waiting for close-ok at most {@code timeout}. */
  private void sendClose(
      int number,
      int replyCode,
      String replyText,
      Duration timeout,
      CompletableFuture<Void> future) {
    ctx.engine()
        .closeChannel(
            number,
            replyCode,
            replyText,
            new RpcCallback() {
              @Override
              public void onReply(Method reply, BasicProperties p, byte[] b) {
                future.complete(null);
              }

              @Override
              public void onFailure(AmqpException failure) {
                future.complete(null);
              }
            });
    if (future.isDone()) {
      return;
    }
    ChannelClosedException cause = ChannelClosures.byApplication(number, replyCode, replyText);
    // The engine discards what the broker sends between our channel.close and its close-ok,
    // so no confirm can arrive any more: fail the unconfirmed publishes now rather than at
    // close-ok, which a broker that blocked the connection may not send for a long time.
    publishing.failAll(cause);
    // The close has a deadline too: without close-ok in time, the channel counts as closed
    // here (the engine keeps the number until close-ok or the connection's end).
    ctx.loop()
        .schedule(
            () -> {
              if (!future.isDone()) {
                log.warn(
                    "channel {}: no channel.close-ok within {} ms", number, timeout.toMillis());
                finalClose(cause);
                future.completeExceptionally(
                    new dev.warren.errors.RpcTimeoutException("channel.close-ok", timeout));
              }
            },
            timeout.toNanos(),
            java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** The channel is closed for good: fail everything, tell consumers and listeners. */
  public void finalClose(AmqpException reason) {
    if (ctx.phase() == ChannelPhase.CLOSED) {
      return;
    }
    ChannelClosedException cause =
        reason instanceof ChannelClosedException cce
            ? cce
            : ChannelClosures.withConnection(ctx.number(), reason);
    ctx.closed(cause);
    consumers.stopResubscribing();
    publishing.failAll(cause);
    Map<String, ConsumerRecord> gone = consumers.removeAll();
    ctx.host().channelClosed(ctx);
    // Each consumer where its callbacks run: on the dispatcher, before the close listeners.
    gone.forEach((tag, c) -> c.callbacks().execute(() -> c.consumer().handleShutdown(tag, cause)));
    ctx.dispatcher()
        .execute(
            () -> {
              for (var l : closeListeners) {
                // Whoever removes a listener calls it: one added while this runs is called once,
                // here or by addCloseListener, never twice.
                if (closeListeners.remove(l)) {
                  l.accept(cause);
                }
              }
            });
    gate.open(); // operations waiting for a recovery now find the channel closed
    consumingLoop.consumerGone();
    closed.complete(cause);
  }

  /** {@link dev.warren.client.AsyncChannel#addCloseListener} (any thread). */
  dev.warren.client.Cancellable addCloseListener(Consumer<ChannelClosedException> listener) {
    closeListeners.add(listener);
    ChannelClosedException cause = ctx.closeCause();
    if (cause != null && closeListeners.remove(listener)) {
      ctx.dispatcher().execute(() -> listener.accept(cause));
    }
    return () -> closeListeners.remove(listener);
  }

  CompletableFuture<ChannelClosedException> closedFuture() {
    return closed;
  }
}
