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
import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.Consumer;
import dev.warren.client.ConsumerStream;
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
import dev.warren.client.internal.channel.consume.PullConsumerStream;
import dev.warren.client.internal.channel.publish.ChannelPublishing;
import dev.warren.client.internal.threads.Await;
import dev.warren.errors.ChannelClosedException;
import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The blocking view of a channel: each method calls the asynchronous implementation and waits for
 * its future with the connection's RPC timeout.
 */
final class BlockingChannel implements Channel {
  private final ChannelCore core;
  private final ChannelContext ctx;
  private final ChannelAcks acks;
  private final ChannelConsumers consumers;
  private final ChannelCalls calls;
  private final ConsumingLoop consumingLoop;
  private final ChannelPublishing publishing;

  /** The blocking view of {@code core}; the other parts are its fast paths (no future). */
  BlockingChannel(
      ChannelCore core,
      ChannelContext ctx,
      ChannelAcks acks,
      ChannelConsumers consumers,
      ChannelCalls calls,
      ConsumingLoop consumingLoop,
      ChannelPublishing publishing) {
    this.core = core;
    this.ctx = ctx;
    this.acks = acks;
    this.consumers = consumers;
    this.calls = calls;
    this.consumingLoop = consumingLoop;
    this.publishing = publishing;
  }

  /** Refuses on an I/O thread before anything is sent; otherwise starts the call and waits. */
  private <T> T await(Supplier<CompletableFuture<T>> call, String method) {
    Await.refuseOnIoThread(method);
    return Await.result(call.get(), core.rpcTimeout(), method);
  }

  @Override
  public int number() {
    return core.number();
  }

  @Override
  public boolean isOpen() {
    return core.isOpen();
  }

  @Override
  public State state() {
    return core.state();
  }

  @Override
  public AsyncChannel async() {
    return core;
  }

  @Override
  public Connection connection() {
    return ctx.host().asAsyncConnection().blocking();
  }

  @Override
  public void close() {
    await(() -> core.close(), "channel.close-ok");
  }

  @Override
  public void close(int replyCode, String replyText) {
    java.util.Objects.requireNonNull(replyText, "replyText");
    await(() -> core.close(replyCode, replyText), "channel.close-ok");
  }

  @Override
  public FlowState flow(FlowState state) {
    java.util.Objects.requireNonNull(state, "state");
    return await(() -> core.flow(state), "channel.flow-ok");
  }

  @Override
  public void exchangeDeclare(ExchangeSpec exchange) {
    java.util.Objects.requireNonNull(exchange, "exchange");
    await(() -> core.exchangeDeclare(exchange), "exchange.declare-ok");
  }

  @Override
  public void exchangeDelete(String exchange) {
    java.util.Objects.requireNonNull(exchange, "exchange");
    exchangeDelete(ExchangeDeletion.of(exchange));
  }

  @Override
  public void exchangeDelete(ExchangeDeletion deletion) {
    java.util.Objects.requireNonNull(deletion, "deletion");
    await(() -> core.exchangeDelete(deletion), "exchange.delete-ok");
  }

  @Override
  public void exchangeBind(Binding binding) {
    java.util.Objects.requireNonNull(binding, "binding");
    await(() -> core.exchangeBind(binding), "exchange.bind-ok");
  }

  @Override
  public void exchangeUnbind(Binding binding) {
    java.util.Objects.requireNonNull(binding, "binding");
    await(() -> core.exchangeUnbind(binding), "exchange.unbind-ok");
  }

  @Override
  public QueueDeclareOk queueDeclare(QueueSpec queue) {
    java.util.Objects.requireNonNull(queue, "queue");
    return await(() -> core.queueDeclare(queue), "queue.declare-ok");
  }

  @Override
  public void queueBind(Binding binding) {
    java.util.Objects.requireNonNull(binding, "binding");
    await(() -> core.queueBind(binding), "queue.bind-ok");
  }

  @Override
  public void queueBind(String queue, String exchange, String routingKey) {
    java.util.Objects.requireNonNull(queue, "queue");
    java.util.Objects.requireNonNull(exchange, "exchange");
    java.util.Objects.requireNonNull(routingKey, "routingKey");
    queueBind(Binding.queue(queue).to(exchange).withKey(routingKey));
  }

  @Override
  public void queueUnbind(Binding binding) {
    java.util.Objects.requireNonNull(binding, "binding");
    await(() -> core.queueUnbind(binding), "queue.unbind-ok");
  }

  @Override
  public long queuePurge(String queue) {
    java.util.Objects.requireNonNull(queue, "queue");
    return await(() -> core.queuePurge(queue), "queue.purge-ok");
  }

  @Override
  public long queueDelete(String queue) {
    java.util.Objects.requireNonNull(queue, "queue");
    return queueDelete(QueueDeletion.of(queue));
  }

  @Override
  public long queueDelete(QueueDeletion deletion) {
    java.util.Objects.requireNonNull(deletion, "deletion");
    return await(() -> core.queueDelete(deletion), "queue.delete-ok");
  }

  @Override
  public void basicQos(Qos qos) {
    java.util.Objects.requireNonNull(qos, "qos");
    await(() -> core.basicQos(qos), "basic.qos-ok");
  }

  @Override
  public String basicConsume(ConsumeSpec spec, Consumer consumer) {
    java.util.Objects.requireNonNull(spec, "spec");
    java.util.Objects.requireNonNull(consumer, "consumer");
    return await(() -> core.basicConsume(spec, consumer), "basic.consume-ok");
  }

  @Override
  public ConsumerStream consume(ConsumeSpec spec, Duration inactivityTimeout) {
    java.util.Objects.requireNonNull(spec, "spec");
    // inactivityTimeout may be null: wait forever (Channel#consume)
    Await.refuseOnIoThread("basic.consume-ok");
    return PullConsumerStream.start(ctx, consumers, calls, spec, inactivityTimeout);
  }

  @Override
  public void queuePurgeNoWait(String queue) {
    java.util.Objects.requireNonNull(queue, "queue");
    await(() -> core.queuePurgeNoWait(queue), "queue.purge (no-wait) to be written");
  }

  @Override
  public void basicCancel(String consumerTag) {
    java.util.Objects.requireNonNull(consumerTag, "consumerTag");
    await(() -> core.basicCancel(consumerTag), "basic.cancel-ok");
  }

  @Override
  public java.util.List<dev.warren.client.Delivery> basicCancelAndTake(String consumerTag) {
    return await(() -> core.basicCancelAndTake(consumerTag), "basic.cancel-ok");
  }

  @Override
  public void basicCancelNoWait(String consumerTag) {
    await(() -> core.basicCancelNoWait(consumerTag), "basic.cancel (no-wait) to be written");
  }

  @Override
  public java.util.Set<String> consumerTags() {
    return core.consumerTags();
  }

  @Override
  public Cancellable addCancelListener(dev.warren.client.CancelListener listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    return core.addCancelListener(listener);
  }

  @Override
  public Optional<GetResponse> basicGet(String queue, AckMode ackMode) {
    java.util.Objects.requireNonNull(queue, "queue");
    java.util.Objects.requireNonNull(ackMode, "ackMode");
    return await(() -> core.basicGet(queue, ackMode), "basic.get-ok");
  }

  @Override
  public void basicPublish(
      String exchange, String routingKey, BasicProperties properties, byte[] body) {
    java.util.Objects.requireNonNull(exchange, "exchange");
    java.util.Objects.requireNonNull(routingKey, "routingKey");
    java.util.Objects.requireNonNull(properties, "properties");
    java.util.Objects.requireNonNull(body, "body");
    basicPublish(exchange, routingKey, properties, body, PublishOptions.DEFAULT);
  }

  @Override
  public void basicPublish(
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
    if (core.confirmsEveryPublish()) {
      publishConfirmed(exchange, routingKey, properties, body, options);
      return;
    }
    publishing.publishBlocking(exchange, routingKey, properties, body, options);
  }

  @Override
  public void publishConfirmed(
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
    Await.refuseOnIoThread("basic.ack (publisher confirm)");
    Duration timeout = options.timeout() == null ? core.rpcTimeout() : options.timeout();
    long start = System.nanoTime();
    CompletableFuture<Void> confirmed =
        publishing.publishConfirmedBlocking(
            exchange, routingKey, properties, body, options, timeout);
    // One deadline for the whole call: time spent waiting for room counts against it.
    Duration left = timeout.minusNanos(System.nanoTime() - start);
    Await.result(confirmed, left, timeout, "basic.ack (publisher confirm)");
  }

  // Acknowledgements do not wait for the I/O thread: a consumer acking every message must not pay
  // a thread hand-off round trip each time. A closed channel still throws at once.

  @Override
  public void basicAck(long deliveryTag) {
    acks.acknowledge(deliveryTag, ChannelAcks.AckKind.ACK, false, Requeue.DISCARD);
  }

  @Override
  public void basicAckUpTo(long deliveryTag) {
    acks.acknowledge(deliveryTag, ChannelAcks.AckKind.ACK, true, Requeue.DISCARD);
  }

  @Override
  public void basicAckAll() {
    acks.acknowledge(0, ChannelAcks.AckKind.ACK, true, Requeue.DISCARD);
  }

  @Override
  public void basicNackAll(Requeue requeue) {
    java.util.Objects.requireNonNull(requeue, "requeue");
    acks.acknowledge(0, ChannelAcks.AckKind.NACK, true, requeue);
  }

  @Override
  public void basicNack(long deliveryTag, Requeue requeue) {
    java.util.Objects.requireNonNull(requeue, "requeue");
    acks.acknowledge(deliveryTag, ChannelAcks.AckKind.NACK, false, requeue);
  }

  @Override
  public void basicNackUpTo(long deliveryTag, Requeue requeue) {
    java.util.Objects.requireNonNull(requeue, "requeue");
    acks.acknowledge(deliveryTag, ChannelAcks.AckKind.NACK, true, requeue);
  }

  @Override
  public void basicReject(long deliveryTag, Requeue requeue) {
    java.util.Objects.requireNonNull(requeue, "requeue");
    acks.acknowledge(deliveryTag, ChannelAcks.AckKind.REJECT, false, requeue);
  }

  @Override
  public void basicRecover(Requeue requeue) {
    java.util.Objects.requireNonNull(requeue, "requeue");
    await(() -> core.basicRecover(requeue), "basic.recover-ok");
  }

  @Override
  public void basicRecoverAsync(Requeue requeue) {
    java.util.Objects.requireNonNull(requeue, "requeue");
    await(() -> core.basicRecoverAsync(requeue), "basic.recover-async");
  }

  @Override
  public void txSelect() {
    await(() -> core.txSelect(), "tx.select-ok");
  }

  @Override
  public void txCommit() {
    await(() -> core.txCommit(), "tx.commit-ok");
  }

  @Override
  public void txRollback() {
    await(() -> core.txRollback(), "tx.rollback-ok");
  }

  @Override
  public void confirmSelect() {
    await(() -> core.confirmSelect(), "confirm.select-ok");
  }

  @Override
  public void confirmSelect(ConfirmOptions options) {
    java.util.Objects.requireNonNull(options, "options");
    await(() -> core.confirmSelect(options), "confirm.select-ok");
  }

  @Override
  public void confirmSelectNoWait(ConfirmOptions options) {
    java.util.Objects.requireNonNull(options, "options");
    await(() -> core.confirmSelectNoWait(options), "confirm.select (no-wait) to be written");
  }

  @Override
  public void waitForConfirms(Duration timeout) {
    java.util.Objects.requireNonNull(timeout, "timeout");
    Await.result(core.waitForConfirms(), timeout, "basic.ack of every outstanding publish");
  }

  @Override
  public long nextPublishSeqNo() {
    return core.nextPublishSeqNo();
  }

  @Override
  public Cancellable addConfirmListener(ConfirmListener listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    return core.addConfirmListener(listener);
  }

  @Override
  public Cancellable addConfirmListener(ConfirmListener listener, CallbackThread thread) {
    java.util.Objects.requireNonNull(listener, "listener");
    java.util.Objects.requireNonNull(thread, "thread");
    return core.addConfirmListener(listener, thread);
  }

  @Override
  public Cancellable addReturnListener(ReturnListener listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    return core.addReturnListener(listener);
  }

  @Override
  public Cancellable addCloseListener(
      java.util.function.Consumer<ChannelClosedException> listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    return core.addCloseListener(listener);
  }

  @Override
  public Cancellable addFlowListener(
      java.util.function.Consumer<dev.warren.client.FlowState> listener) {
    return core.addFlowListener(listener);
  }

  @Override
  public void startConsuming() {
    Await.refuseOnIoThread("the consumers to finish (startConsuming)");
    consumingLoop.run(null);
  }

  @Override
  public boolean startConsuming(Duration timeLimit) {
    java.util.Objects.requireNonNull(timeLimit, "timeLimit");
    Await.refuseOnIoThread("the consumers to finish (startConsuming)");
    return consumingLoop.run(timeLimit);
  }

  @Override
  public void stopConsuming() {
    consumingLoop.stop();
  }

  @Override
  public void stopConsuming(String consumerTag) {
    java.util.Objects.requireNonNull(consumerTag, "consumerTag");
    consumingLoop.stop(consumerTag);
  }

  @Override
  public String toString() {
    return "Channel[" + core.number() + (core.isOpen() ? ", open]" : ", closed]");
  }
}
