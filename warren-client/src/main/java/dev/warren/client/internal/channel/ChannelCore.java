/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel;

import dev.warren.client.AckMode;
import dev.warren.client.AsyncChannel;
import dev.warren.client.Binding;
import dev.warren.client.CallbackThread;
import dev.warren.client.Cancellable;
import dev.warren.client.Channel;
import dev.warren.client.ConfirmListener;
import dev.warren.client.ConfirmOptions;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.Consumer;
import dev.warren.client.Delivery;
import dev.warren.client.ExchangeDeletion;
import dev.warren.client.ExchangeSpec;
import dev.warren.client.FlowState;
import dev.warren.client.GetResponse;
import dev.warren.client.PublishOptions;
import dev.warren.client.Qos;
import dev.warren.client.QueueDeclareOk;
import dev.warren.client.QueueDeletion;
import dev.warren.client.QueueSpec;
import dev.warren.client.Requeue;
import dev.warren.client.ReturnListener;
import dev.warren.client.internal.channel.consume.ChannelConsumers;
import dev.warren.client.internal.channel.consume.ConsumingLoop;
import dev.warren.client.internal.channel.consume.DemandPublisher;
import dev.warren.client.internal.channel.publish.ChannelPublishing;
import dev.warren.client.internal.queues.QueueTypeChecks;
import dev.warren.client.internal.retry.RetryingConsumer;
import dev.warren.client.internal.threads.CallbackFuture;
import dev.warren.client.internal.threads.IoThreadExecutor;
import dev.warren.client.internal.threads.SerialExecutor;
import dev.warren.engine.ChannelListener;
import dev.warren.errors.AmqpException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.QueueTypeUnsupportedException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.method.BasicGet;
import dev.warren.protocol.method.BasicGetOk;
import dev.warren.protocol.method.BasicRecover;
import dev.warren.protocol.method.BasicRecoverAsync;
import dev.warren.protocol.method.ChannelFlow;
import dev.warren.protocol.method.ChannelFlowOk;
import dev.warren.protocol.method.ConfirmSelect;
import dev.warren.protocol.method.TxCommit;
import dev.warren.protocol.method.TxRollback;
import dev.warren.protocol.method.TxSelect;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * One channel: the asynchronous implementation both views use. Operations go to the I/O thread;
 * what the broker sends is handled by {@link ChannelEvents} and run on the channel's serial
 * dispatcher, in order. The channel records what it needs to come back after a connection loss
 * (qos, confirm and tx modes, consumers) and keeps delivery tags the application sees increasing
 * across recoveries, so acknowledgements of tags from before a recovery are dropped, not sent.
 */
public final class ChannelCore implements AsyncChannel {
  private volatile boolean confirmEveryPublish;

  private final ChannelHost host;
  private final ChannelContext ctx;
  private final BlockingChannel blockingView;

  // The channel's parts, one concern each, each handed what it uses (see package-info).
  private final RecoveryGate gate;
  private final ChannelAcks acks;
  private final ChannelCalls calls;
  private final ChannelConsumers consumers;
  private final ConsumingLoop consumingLoop;
  private final ChannelPublishing publishing;
  private final ChannelClosing closing;
  private final ChannelRecovery recovery;
  private final ChannelEvents events;
  private final ChannelDeclarations declarations;

  public ChannelCore(ChannelHost host, int number) {
    this.host = host;
    this.ctx =
        new ChannelContext(
            number,
            host,
            new SerialExecutor(host.callbacks()),
            new IoThreadExecutor(host.loop(), number));
    this.gate = new RecoveryGate(ctx);
    this.acks = new ChannelAcks(ctx);
    this.calls = new ChannelCalls(ctx, gate, acks);
    this.consumers = new ChannelConsumers(ctx, calls, gate);
    this.consumingLoop = new ConsumingLoop(ctx, consumers);
    consumers.consumingLoop(consumingLoop);
    this.publishing = new ChannelPublishing(ctx, gate);
    this.closing = new ChannelClosing(ctx, gate, publishing, consumers, consumingLoop);
    this.recovery = new ChannelRecovery(ctx, gate, calls, acks, publishing, consumers, closing);
    consumers.qosInEffect(recovery::qos);
    this.events = new ChannelEvents(ctx, consumers, acks, publishing, recovery);
    recovery.engineListener(events);
    this.declarations = new ChannelDeclarations(ctx, calls);
    this.blockingView =
        new BlockingChannel(this, ctx, acks, consumers, calls, consumingLoop, publishing);
  }

  /** What the channel's parts share; for the connection and recovery. */
  /** Consumers registered (any thread; the health snapshot). */
  public int consumerCount() {
    return consumers.size();
  }

  /** Publishes written and not yet confirmed (any thread; the health snapshot). */
  public int unconfirmedCount() {
    return publishing.unconfirmed();
  }

  /** Deliveries waiting for a manual ack, nack or reject (any thread; the health snapshot). */
  public int unacknowledgedCount() {
    return acks.unacknowledged();
  }

  public ChannelContext context() {
    return ctx;
  }

  /** What hears the engine about this channel (given to the engine when it opens). */
  public ChannelListener engineListener() {
    return events;
  }

  /** Bringing this channel back after a loss (for the connection's recovery). */
  public ChannelRecovery recovery() {
    return recovery;
  }

  /** Closes it for good with {@code reason} (I/O thread). */
  public void finalClose(AmqpException reason) {
    closing.finalClose(reason);
  }

  /** Marks a short-lived channel of the library's own (see {@link ChannelContext#libraryOwned}). */
  public void libraryOwned() {
    ctx.libraryOwned();
  }

  /** Whether the application's close has started, or the channel closed (any thread). */
  public boolean closedOrClosing() {
    return recovery.closedOrClosing();
  }

  @Override
  public int number() {
    return ctx.number();
  }

  @Override
  public boolean isOpen() {
    return !ctx.isClosed();
  }

  public ChannelPhase phase() {
    return ctx.phase();
  }

  @Override
  public Channel.State state() {
    return ctx.phase().state();
  }

  @Override
  public dev.warren.client.AsyncConnection connection() {
    return host.asAsyncConnection();
  }

  @Override
  public Channel blocking() {
    return blockingView;
  }

  public Duration rpcTimeout() {
    return ctx.rpcTimeout();
  }

  // ---- AsyncChannel ----

  @Override
  public CompletableFuture<Void> close() {
    return close(200, "OK");
  }

  @Override
  public CompletableFuture<Void> close(int replyCode, String replyText) {
    java.util.Objects.requireNonNull(replyText, "replyText");
    return closing.close(replyCode, replyText);
  }

  @Override
  public CompletableFuture<FlowState> flow(FlowState state) {
    java.util.Objects.requireNonNull(state, "state");
    return calls.rpc(
        new ChannelFlow(state == FlowState.ACTIVE),
        r -> ((ChannelFlowOk) r).active() ? FlowState.ACTIVE : FlowState.PAUSED);
  }

  @Override
  public CompletableFuture<Void> exchangeDeclare(ExchangeSpec x) {
    java.util.Objects.requireNonNull(x, "exchange");
    return declarations.exchangeDeclare(x);
  }

  @Override
  public CompletableFuture<Void> exchangeDelete(ExchangeDeletion d) {
    java.util.Objects.requireNonNull(d, "deletion");
    return declarations.exchangeDelete(d);
  }

  @Override
  public CompletableFuture<Void> exchangeBind(Binding b) {
    java.util.Objects.requireNonNull(b, "binding");
    return declarations.exchangeBind(b);
  }

  @Override
  public CompletableFuture<Void> exchangeUnbind(Binding b) {
    java.util.Objects.requireNonNull(b, "binding");
    return declarations.exchangeUnbind(b);
  }

  @Override
  public CompletableFuture<QueueDeclareOk> queueDeclare(QueueSpec q) {
    java.util.Objects.requireNonNull(q, "queue");
    QueueTypeUnsupportedException refused = QueueTypeChecks.checkDeclare(q);
    if (refused != null) {
      return failed(refused);
    }
    if (q.queueType().isEmpty()) {
      return declarations.queueDeclare(q);
    }
    return QueueTypeChecks.mapFailure(
        declarations.queueDeclare(q), ctx.newFuture(), q.queueType().get());
  }

  @Override
  public CompletableFuture<Void> queueBind(Binding b) {
    java.util.Objects.requireNonNull(b, "binding");
    return declarations.queueBind(b);
  }

  @Override
  public CompletableFuture<Void> queueUnbind(Binding b) {
    java.util.Objects.requireNonNull(b, "binding");
    return declarations.queueUnbind(b);
  }

  @Override
  public CompletableFuture<Long> queuePurge(String queue) {
    java.util.Objects.requireNonNull(queue, "queue");
    return declarations.queuePurge(queue);
  }

  @Override
  public CompletableFuture<Void> queuePurgeNoWait(String queue) {
    java.util.Objects.requireNonNull(queue, "queue");
    return declarations.queuePurgeNoWait(queue);
  }

  @Override
  public CompletableFuture<Long> queueDelete(QueueDeletion d) {
    java.util.Objects.requireNonNull(d, "deletion");
    return declarations.queueDelete(d);
  }

  @Override
  public CompletableFuture<Void> basicQos(Qos q) {
    java.util.Objects.requireNonNull(q, "qos");
    return recovery.setQos(q);
  }

  @Override
  public CompletableFuture<String> basicConsume(ConsumeSpec spec, Consumer consumer) {
    java.util.Objects.requireNonNull(spec, "spec");
    java.util.Objects.requireNonNull(consumer, "consumer");
    QueueTypeUnsupportedException refused = QueueTypeChecks.checkConsume(spec, recovery.qos());
    if (refused != null) {
      return failed(refused);
    }
    if (spec.retryPolicy().isPresent()) {
      return RetryingConsumer.subscribe(this, spec, consumer, this::consume);
    }
    return consume(spec, consumer);
  }

  /** A future failed with {@code failure} whose dependents run on the callback executor. */
  private <T> CompletableFuture<T> failed(Throwable failure) {
    CallbackFuture<T> future = ctx.newFuture();
    future.completeExceptionally(failure);
    return future;
  }

  private CompletableFuture<String> consume(ConsumeSpec spec, Consumer consumer) {
    return QueueTypeChecks.mapFailure(
        consumers.subscribe(spec, consumer, true), ctx.newFuture(), "");
  }

  @Override
  public Flow.Publisher<Delivery> consumeStream(ConsumeSpec spec) {
    java.util.Objects.requireNonNull(spec, "spec");
    return consumeStream(spec, AckMode.AUTO);
  }

  @Override
  public Flow.Publisher<Delivery> consumeStream(ConsumeSpec spec, AckMode acknowledgements) {
    java.util.Objects.requireNonNull(spec, "spec");
    java.util.Objects.requireNonNull(acknowledgements, "acknowledgements");
    return new DemandPublisher(ctx, consumers, calls, recovery::setQos, spec, acknowledgements);
  }

  @Override
  public CompletableFuture<Void> basicCancel(String consumerTag) {
    java.util.Objects.requireNonNull(consumerTag, "consumerTag");
    return consumers.cancel(consumerTag);
  }

  @Override
  public CompletableFuture<java.util.List<Delivery>> basicCancelAndTake(String consumerTag) {
    java.util.Objects.requireNonNull(consumerTag, "consumerTag");
    return consumers.cancelAndTake(consumerTag);
  }

  @Override
  public CompletableFuture<Void> basicCancelNoWait(String consumerTag) {
    java.util.Objects.requireNonNull(consumerTag, "consumerTag");
    return consumers.cancelNoWait(consumerTag);
  }

  @Override
  public java.util.Set<String> consumerTags() {
    return consumers.tags();
  }

  @Override
  public Cancellable addCancelListener(dev.warren.client.CancelListener listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    return consumers.addCancelListener(listener);
  }

  @Override
  public CompletableFuture<Optional<GetResponse>> basicGet(String queue, AckMode ackMode) {
    java.util.Objects.requireNonNull(queue, "queue");
    java.util.Objects.requireNonNull(ackMode, "ackMode");
    // A stream refuses basic.get by closing the connection: say so (QueueTypeChecks).
    CompletableFuture<Optional<GetResponse>> result =
        QueueTypeChecks.mapFailure(get(queue, ackMode), ctx.newFuture(), "");
    if (!ctx.observers.on) {
      return result;
    }
    java.time.Instant started = java.time.Instant.now();
    dev.warren.client.ConsumerContext where = ctx.consumerContext(queue, null);
    return result.whenComplete(
        (r, e) ->
            ctx.observers.getCompleted(
                where, r == null ? null : r.orElse(null), unwrap(e), started));
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof java.util.concurrent.CompletionException && e.getCause() != null
        ? e.getCause()
        : e;
  }

  private CompletableFuture<Optional<GetResponse>> get(String queue, AckMode ackMode) {
    return calls.rpcWithContent(
        new BasicGet(0, queue, ackMode == AckMode.AUTO),
        (reply, props, body) -> {
          if (reply instanceof BasicGetOk ok) {
            if (ackMode != AckMode.AUTO) {
              acks.awaitingSettlement(ok.deliveryTag());
            }
            Delivery d =
                new Delivery(
                    "",
                    acks.userTag(ok.deliveryTag()),
                    ok.redelivered(),
                    ok.exchange(),
                    ok.routingKey(),
                    props,
                    body);
            return Optional.of(new GetResponse(d, ok.messageCount()));
          }
          return Optional.empty();
        });
  }

  @Override
  public CompletableFuture<Void> basicPublish(
      String exchange, String routingKey, BasicProperties properties, byte[] body) {
    java.util.Objects.requireNonNull(exchange, "exchange");
    java.util.Objects.requireNonNull(routingKey, "routingKey");
    java.util.Objects.requireNonNull(properties, "properties");
    java.util.Objects.requireNonNull(body, "body");
    return basicPublish(exchange, routingKey, properties, body, PublishOptions.DEFAULT);
  }

  /** Every plain publish of this channel waits for its confirm (confirmEveryPublish). */
  public void confirmEveryPublish() {
    confirmEveryPublish = true;
  }

  /** Whether {@link #confirmEveryPublish()} was set. */
  public boolean confirmsEveryPublish() {
    return confirmEveryPublish;
  }

  @Override
  public CompletableFuture<Void> basicPublish(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options) {
    java.util.Objects.requireNonNull(exchange, "exchange");
    java.util.Objects.requireNonNull(routingKey, "routingKey");
    java.util.Objects.requireNonNull(properties, "properties");
    java.util.Objects.requireNonNull(body, "body");
    java.util.Objects.requireNonNull(options, "options");
    if (confirmEveryPublish) {
      return publishing.publishConfirmed(exchange, routingKey, properties, body, options);
    }
    return publishing.publish(exchange, routingKey, properties, body, options);
  }

  @Override
  public CompletableFuture<Void> publishConfirmed(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options) {
    java.util.Objects.requireNonNull(exchange, "exchange");
    java.util.Objects.requireNonNull(routingKey, "routingKey");
    java.util.Objects.requireNonNull(properties, "properties");
    java.util.Objects.requireNonNull(body, "body");
    java.util.Objects.requireNonNull(options, "options");
    return publishing.publishConfirmed(exchange, routingKey, properties, body, options);
  }

  @Override
  public CompletableFuture<Void> basicAck(long deliveryTag) {
    return acks.acknowledgeAsync(deliveryTag, ChannelAcks.AckKind.ACK, false, Requeue.DISCARD);
  }

  @Override
  public CompletableFuture<Void> basicAckUpTo(long deliveryTag) {
    return acks.acknowledgeAsync(deliveryTag, ChannelAcks.AckKind.ACK, true, Requeue.DISCARD);
  }

  @Override
  public CompletableFuture<Void> basicAckAll() {
    return acks.acknowledgeAsync(0, ChannelAcks.AckKind.ACK, true, Requeue.DISCARD);
  }

  @Override
  public CompletableFuture<Void> basicNackAll(Requeue requeue) {
    java.util.Objects.requireNonNull(requeue, "requeue");
    return acks.acknowledgeAsync(0, ChannelAcks.AckKind.NACK, true, requeue);
  }

  @Override
  public CompletableFuture<Void> basicNack(long deliveryTag, Requeue requeue) {
    java.util.Objects.requireNonNull(requeue, "requeue");
    return acks.acknowledgeAsync(deliveryTag, ChannelAcks.AckKind.NACK, false, requeue);
  }

  @Override
  public CompletableFuture<Void> basicNackUpTo(long deliveryTag, Requeue requeue) {
    java.util.Objects.requireNonNull(requeue, "requeue");
    return acks.acknowledgeAsync(deliveryTag, ChannelAcks.AckKind.NACK, true, requeue);
  }

  @Override
  public CompletableFuture<Void> basicReject(long deliveryTag, Requeue requeue) {
    java.util.Objects.requireNonNull(requeue, "requeue");
    return acks.acknowledgeAsync(deliveryTag, ChannelAcks.AckKind.REJECT, false, requeue);
  }

  @Override
  public CompletableFuture<Void> basicRecover(Requeue requeue) {
    java.util.Objects.requireNonNull(requeue, "requeue");
    return calls.rpc(new BasicRecover(requeue == Requeue.REQUEUE), r -> null);
  }

  @Override
  public CompletableFuture<Void> basicRecoverAsync(Requeue requeue) {
    java.util.Objects.requireNonNull(requeue, "requeue");
    return calls.send(new BasicRecoverAsync(requeue == Requeue.REQUEUE));
  }

  @Override
  public CompletableFuture<Void> txSelect() {
    return calls.rpc(
        TxSelect.INSTANCE,
        r -> {
          recovery.txSelected();
          return null;
        });
  }

  @Override
  public CompletableFuture<Void> txCommit() {
    return calls.rpc(TxCommit.INSTANCE, r -> null);
  }

  @Override
  public CompletableFuture<Void> txRollback() {
    return calls.rpc(TxRollback.INSTANCE, r -> null);
  }

  @Override
  public CompletableFuture<Void> confirmSelect() {
    return confirmSelect(ConfirmOptions.unbounded());
  }

  @Override
  public CompletableFuture<Void> confirmSelect(ConfirmOptions options) {
    java.util.Objects.requireNonNull(options, "options");
    return calls.rpc(
        new ConfirmSelect(false),
        r -> {
          publishing.confirmSelected(options.maxUnconfirmed());
          return null;
        });
  }

  @Override
  public CompletableFuture<Void> confirmSelectNoWait(ConfirmOptions options) {
    java.util.Objects.requireNonNull(options, "options");
    // Confirm mode is on for the publishes sent after this one, reply or not: record it in the
    // same I/O task as the write, so a publish submitted right after already counts.
    return calls.send(
        new ConfirmSelect(true), () -> publishing.confirmSelected(options.maxUnconfirmed()));
  }

  @Override
  public CompletableFuture<Void> waitForConfirms() {
    return publishing.waitForConfirms();
  }

  @Override
  public CompletableFuture<Void> waitForConfirms(Duration timeout) {
    java.util.Objects.requireNonNull(timeout, "timeout");
    CallbackFuture<Void> result = ctx.newFuture();
    publishing
        .waitForConfirms()
        .orTimeout(Math.max(1, timeout.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS)
        .whenComplete(
            (v, e) -> {
              if (e instanceof java.util.concurrent.TimeoutException) {
                result.completeExceptionally(
                    new dev.warren.errors.RpcTimeoutException(
                        "basic.ack of every outstanding publish", timeout));
              } else if (e != null) {
                result.completeExceptionally(e);
              } else {
                result.complete(null);
              }
            });
    return result;
  }

  @Override
  public long nextPublishSeqNo() {
    return publishing.nextPublishSeqNo();
  }

  @Override
  public Cancellable addConfirmListener(ConfirmListener listener) {
    return addConfirmListener(listener, CallbackThread.DISPATCHER);
  }

  @Override
  public Cancellable addConfirmListener(ConfirmListener listener, CallbackThread thread) {
    java.util.Objects.requireNonNull(listener, "listener");
    java.util.Objects.requireNonNull(thread, "thread");
    return publishing.addConfirmListener(listener, thread == CallbackThread.IO_THREAD);
  }

  @Override
  public Cancellable addReturnListener(ReturnListener listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    return publishing.addReturnListener(listener);
  }

  @Override
  public Cancellable addCloseListener(
      java.util.function.Consumer<ChannelClosedException> listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    return closing.addCloseListener(listener);
  }

  @Override
  public Cancellable addFlowListener(java.util.function.Consumer<FlowState> listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    return publishing.addFlowListener(listener);
  }

  @Override
  public String toString() {
    return "AsyncChannel[" + ctx.number() + ", " + ctx.phase() + "]";
  }
}
