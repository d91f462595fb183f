/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel.consume;

import dev.warren.client.CallbackThread;
import dev.warren.client.CancelListener;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.Consumer;
import dev.warren.client.internal.channel.ChannelCalls;
import dev.warren.client.internal.channel.ChannelContext;
import dev.warren.client.internal.channel.ChannelPhase;
import dev.warren.client.internal.channel.RecoveryGate;
import dev.warren.client.internal.threads.CallbackFuture;
import dev.warren.engine.RpcCallback;
import dev.warren.errors.AmqpException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.codec.Method;
import dev.warren.protocol.method.BasicCancel;
import dev.warren.protocol.method.BasicConsume;
import dev.warren.protocol.method.BasicConsumeOk;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * The consumers of one channel, by tag: subscribing (basic.consume, also recovery's re-subscribe),
 * cancelling (basic.cancel), the broker's cancellations with the channel's cancel listeners and the
 * re-subscription of consumers whose queue went away, and the topology record's count of consumers
 * per queue. Consumers are registered and removed on the I/O thread; any thread may read them.
 */
public final class ChannelConsumers {
  private final ChannelContext ctx;
  private final ChannelCalls calls;
  private final RecoveryGate gate;
  private ConsumingLoop consumingLoop; // set once, right after construction
  // The channel's basic.qos in effect (set once, right after construction).
  private java.util.function.Supplier<dev.warren.client.Qos> qos = () -> null;
  private final ConcurrentHashMap<String, ConsumerRecord> byTag = new ConcurrentHashMap<>();
  private final CancelListeners cancelListeners = new CancelListeners();

  /** Consumers the broker cancelled that wait for their queue to come back, by tag. */
  private final ConcurrentHashMap<String, Resubscriber> resubscribers = new ConcurrentHashMap<>();

  /**
   * Tags the application is cancelling, with how many of its cancels are under way (I/O thread
   * only): a broker cancel of one of them does not bring the consumer back.
   */
  private final HashMap<String, Integer> cancelling = new HashMap<>();

  // I/O thread only: manually acknowledging consumers cancelled with no-wait.
  private final java.util.HashSet<String> noWaitCancelled = new java.util.HashSet<>();
  // I/O thread only: consumers cancelled with cancelAndTake, and the deliveries held back for them.
  private final HashMap<String, java.util.List<dev.warren.client.Delivery>> taking =
      new HashMap<>();

  public ChannelConsumers(ChannelContext ctx, ChannelCalls calls, RecoveryGate gate) {
    this.ctx = ctx;
    this.calls = calls;
    this.gate = gate;
  }

  /** The channel's consuming loop, told when a consumer goes (set once, at construction). */
  public void consumingLoop(ConsumingLoop loop) {
    this.consumingLoop = loop;
  }

  /** Where the channel's basic.qos in effect is read when a consumer is accepted (set once). */
  public void qosInEffect(java.util.function.Supplier<dev.warren.client.Qos> current) {
    this.qos = current;
  }

  /** The consumer with {@code tag}, or null. */
  public ConsumerRecord get(String tag) {
    return byTag.get(tag);
  }

  boolean contains(String tag) {
    return byTag.containsKey(tag);
  }

  boolean isEmpty() {
    return byTag.isEmpty();
  }

  public int size() {
    return byTag.size();
  }

  /**
   * Drops the consumer with {@code tag} and returns it (null if there was none); the caller updates
   * the topology record.
   */
  public ConsumerRecord remove(String tag) {
    return byTag.remove(tag);
  }

  /** A copy of the consumers, for recovery to go through. */
  public Map<String, ConsumerRecord> snapshot() {
    return Map.copyOf(byTag);
  }

  /** The tags of the current consumers, in the map's order. */
  List<String> tagList() {
    return new ArrayList<>(byTag.keySet());
  }

  /** {@link dev.warren.client.AsyncChannel#consumerTags()}. */
  public Set<String> tags() {
    return Set.copyOf(byTag.keySet());
  }

  public dev.warren.client.Cancellable addCancelListener(CancelListener listener) {
    return cancelListeners.add(listener);
  }

  /** basic.consume, also used by recovery to re-subscribe (then without consume-ok callback). */
  public CompletableFuture<String> subscribe(ConsumeSpec spec, Consumer consumer, boolean notify) {
    return subscribe(spec, consumer, notify, () -> true);
  }

  /**
   * {@link #subscribe(ConsumeSpec, Consumer, boolean)} that sends basic.consume only if {@code
   * wanted}, asked on the I/O thread just before sending (a {@link Resubscriber} the application's
   * cancel stopped in the meantime sends nothing); otherwise the future fails.
   */
  public CompletableFuture<String> subscribe(
      ConsumeSpec spec, Consumer consumer, boolean notify, BooleanSupplier wanted) {
    CallbackFuture<String> future = ctx.newFuture();
    if (ctx.failIfClosed(future)) {
      return future;
    }
    BasicConsume m =
        new BasicConsume(
            0,
            spec.queue(),
            spec.consumerTag(),
            spec.isNoLocal(),
            spec.isAutoAck(),
            spec.isExclusive(),
            spec.isNoWait(),
            spec.arguments());
    Runnable consume =
        () -> {
          if (ctx.failIfClosed(future)) {
            return;
          }
          if (!wanted.getAsBoolean()) {
            future.completeExceptionally(
                new IllegalStateException(
                    "consumer '" + spec.consumerTag() + "' is no longer wanted"));
            return;
          }
          if (notify && !spec.consumerTag().isEmpty() && byTag.containsKey(spec.consumerTag())) {
            throw new IllegalArgumentException(
                "consumer tag '"
                    + spec.consumerTag()
                    + "' is already in use on channel "
                    + ctx.number());
          }
          if (spec.isNoWait()) {
            // Sent before it is registered: a send that fails (the channel closing, the connection
            // gone) leaves no consumer behind. Both on the I/O thread, so no delivery for it can
            // come in between.
            ctx.engine().send(ctx.number(), m);
            register(spec.consumerTag(), spec, consumer, notify);
            future.complete(spec.consumerTag());
            return;
          }
          calls.startRpc(
              m,
              new RpcCallback() {
                @Override
                public void onReply(Method reply, BasicProperties p, byte[] b) {
                  // Registered here, on the I/O thread, before any delivery for it arrives.
                  String tag = ((BasicConsumeOk) reply).consumerTag();
                  register(tag, spec, consumer, notify);
                  future.complete(tag);
                }

                @Override
                public void onFailure(AmqpException failure) {
                  future.completeExceptionally(failure);
                }
              });
        };
    // The application's consumes wait for a recovery in progress; recovery's own do not.
    ctx.submit(future, notify ? () -> gate.whenUsable(future, consume) : consume);
    return future;
  }

  private void register(String tag, ConsumeSpec spec, Consumer consumer, boolean notify) {
    Executor callbacks =
        spec.callbackThread() == CallbackThread.IO_THREAD
            ? ctx.ioThreadCallbacks()
            : ctx.dispatcher();
    Consumer target = consumer;
    ConsumerRecord before = byTag.get(tag);
    // A resubscription keeps the prefetch the consumer was accepted under (recovery sent it again).
    dev.warren.client.Qos prefetch =
        before != null && before.original() == consumer ? before.prefetch() : qos.get();
    if (ctx.observers.on) {
      // A resubscription keeps the wrapper it had; only a new consumer is wrapped.
      target =
          before != null && before.original() == consumer
              ? before.consumer()
              : ctx.observers.wrapConsumer(consumer, ctx.consumerContext(spec.queue(), tag));
      ctx.observers.consumerStarted(ctx.number(), tag);
    }
    Consumer c = target;
    if (byTag.put(tag, new ConsumerRecord(spec.tag(tag), c, callbacks, consumer, prefetch))
        == null) {
      ctx.record(t -> t.consumerAdded(spec.queue()));
    }
    if (notify) {
      callbacks.execute(() -> c.handleConsumeOk(tag));
    }
  }

  /** basic.cancel from the application; also stops bringing that tag back after a broker cancel. */
  public CompletableFuture<Void> cancel(String consumerTag) {
    if (ctx.phase() == ChannelPhase.CLOSED) {
      // Fails at once; the channel's final close stopped any resubscriber already.
      return cancelRpc(consumerTag);
    }
    // Decided on the I/O thread, in order with the broker's cancellations (which create the
    // resubscribers): from here until the cancel completes, the application's cancel wins.
    ctx.submit(() -> cancelStarted(consumerTag));
    CompletableFuture<Void> result = cancelRpc(consumerTag);
    result.whenComplete((r, e) -> ctx.submit(() -> cancelEnded(consumerTag)));
    return result;
  }

  /**
   * basic.cancel with no-wait: the consumer's bookkeeping ends as soon as the method is written
   * (its {@code handleCancelOk} is queued then); deliveries the broker sent before it read the
   * cancel are rejected with requeue when the consumer acknowledged manually ({@link
   * #cancelledWithoutWaiting}).
   */
  public CompletableFuture<Void> cancelNoWait(String consumerTag) {
    if (ctx.phase() == ChannelPhase.CLOSED) {
      return cancelRpc(consumerTag); // fails at once with the close's cause
    }
    return calls.send(
        new BasicCancel(consumerTag, true),
        () -> {
          cancelStarted(consumerTag);
          cancelEnded(consumerTag);
          ConsumerRecord c = byTag.remove(consumerTag);
          if (c != null) {
            if (!c.spec().isAutoAck()) {
              noWaitCancelled.add(consumerTag);
            }
            ctx.record(t -> t.consumerRemoved(c.spec().queue()));
            c.callbacks().execute(() -> c.consumer().handleCancelOk(consumerTag));
            consumingLoop.consumerGone();
          }
        });
  }

  /**
   * basic.cancel, waiting for cancel-ok, that hands back the deliveries that arrived for the
   * consumer after the cancel was sent instead of giving them to it (pika's {@code
   * BlockingChannel.basic_cancel} return value). Completes with them, in order, at cancel-ok.
   */
  public CompletableFuture<java.util.List<dev.warren.client.Delivery>> cancelAndTake(
      String consumerTag) {
    if (ctx.phase() == ChannelPhase.CLOSED) {
      return cancelRpc(consumerTag).thenApply(v -> java.util.List.of()); // fails at once
    }
    ctx.submit(
        () -> {
          cancelStarted(consumerTag);
          taking.putIfAbsent(consumerTag, new java.util.ArrayList<>());
        });
    CompletableFuture<Void> cancelled = cancelRpc(consumerTag);
    CompletableFuture<java.util.List<dev.warren.client.Delivery>> result = ctx.newFuture();
    cancelled.whenComplete(
        (r, e) ->
            ctx.submit(
                () -> {
                  cancelEnded(consumerTag);
                  java.util.List<dev.warren.client.Delivery> held = taking.remove(consumerTag);
                  if (e != null) {
                    result.completeExceptionally(e);
                  } else {
                    result.complete(
                        held == null ? java.util.List.of() : java.util.List.copyOf(held));
                  }
                }));
    return result;
  }

  /**
   * I/O thread: the list that takes {@code tag}'s deliveries while {@link #cancelAndTake} waits for
   * cancel-ok, or null when they go to the consumer.
   */
  public java.util.List<dev.warren.client.Delivery> takingFor(String tag) {
    return taking.isEmpty() ? null : taking.get(tag);
  }

  /**
   * I/O thread: whether {@code tag} was a manually acknowledging consumer cancelled with no-wait,
   * whose late deliveries go back to the queue.
   */
  public boolean cancelledWithoutWaiting(String tag) {
    return noWaitCancelled.contains(tag);
  }

  /** I/O thread: the application cancels {@code tag}; it no longer wants it back. */
  private void cancelStarted(String tag) {
    cancelling.merge(tag, 1, Integer::sum);
    Resubscriber waiting = resubscribers.remove(tag);
    if (waiting != null) {
      waiting.stop();
    }
  }

  /** I/O thread: one of the application's cancels of {@code tag} is done. */
  private void cancelEnded(String tag) {
    cancelling.computeIfPresent(tag, (t, n) -> n == 1 ? null : n - 1);
  }

  private CompletableFuture<Void> cancelRpc(String consumerTag) {
    return calls.rpc(
        new BasicCancel(consumerTag, false),
        r -> {
          ConsumerRecord c = byTag.remove(consumerTag);
          if (c != null) {
            ctx.record(t -> t.consumerRemoved(c.spec().queue()));
            c.callbacks().execute(() -> c.consumer().handleCancelOk(consumerTag));
            consumingLoop.consumerGone();
          }
          return null;
        });
  }

  /** The broker cancelled a consumer (I/O thread). */
  public void cancelledByBroker(String consumerTag) {
    ConsumerRecord c = byTag.remove(consumerTag);
    if (c == null) {
      return;
    }
    ctx.record(t -> t.consumerRemoved(c.spec().queue()));
    c.callbacks().execute(() -> c.consumer().handleCancel(consumerTag));
    cancelListeners.brokerCancelled(ctx.dispatcher(), ctx.number(), consumerTag, c.spec().queue());
    consumingLoop.consumerGone();
    if (cancelling.containsKey(consumerTag)) {
      return; // the application is cancelling it too: its cancel wins
    }
    if (ctx.recoveryPolicy().isEnabled()
        && ctx.recoveryPolicy().brokerCancelPolicy()
            == dev.warren.client.RecoveryPolicy.BrokerCancelPolicy.RESUBSCRIBE_WHEN_QUEUE_EXISTS) {
      Resubscriber r = new Resubscriber(ctx, this, c);
      Resubscriber previous = resubscribers.put(consumerTag, r);
      if (previous != null) {
        previous.stop();
      }
      r.start();
    }
  }

  /** {@code resubscriber} is done with {@code tag} (if it is still the one for it). */
  void resubscriberDone(String tag, Resubscriber resubscriber) {
    resubscribers.remove(tag, resubscriber);
  }

  /** The channel closed for good: no consumer is brought back any more (I/O thread). */
  public void stopResubscribing() {
    resubscribers.values().forEach(Resubscriber::stop);
    resubscribers.clear();
  }

  /**
   * The channel closed for good: drops every consumer, updates the topology record, and returns
   * them for their handleShutdown (I/O thread).
   */
  public Map<String, ConsumerRecord> removeAll() {
    Map<String, ConsumerRecord> gone = Map.copyOf(byTag);
    byTag.clear();
    gone.values().forEach(c -> ctx.record(t -> t.consumerRemoved(c.spec().queue())));
    return gone;
  }
}
