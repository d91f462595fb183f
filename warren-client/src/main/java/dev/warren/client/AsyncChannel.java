/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import dev.warren.errors.ChannelClosedException;
import dev.warren.protocol.BasicProperties;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * The asynchronous view of an AMQP channel: every operation returns at once with a {@link
 * CompletableFuture}. {@link Channel} is the blocking view of the same channel ({@link
 * #blocking()}); both can be used together.
 *
 * <p><b>Threading:</b> every method may be called from any thread. Futures complete on the
 * connection's I/O thread, but dependent actions ({@code thenApply}, {@code whenComplete} ...)
 * never run there: Warren's futures run them on the connection's callback executor, so they may
 * block.
 *
 * <p><b>Errors:</b> a future completes exceptionally with a {@link ChannelClosedException} (or a
 * subclass for the reply code) when the broker closes the channel because of the operation, with a
 * {@link dev.warren.errors.WrongStateException} when the channel was already closed, and, when the
 * connection goes, with a {@link ChannelClosedException} whose {@link
 * ChannelClosedException#initiator() initiator} is {@link dev.warren.errors.Initiator#LIBRARY} and
 * whose cause is the {@link dev.warren.errors.ConnectionClosedException}. No future is left pending
 * when the channel closes: closing it fails every publish still awaiting its confirm at once, and
 * the close itself gives up after the RPC timeout when no close-ok comes. See {@code
 * docs/threading.md} for the thread of every callback.
 *
 * @since 0.1
 */
public interface AsyncChannel {
  /** The channel number. */
  int number();

  /**
   * Whether the channel is open: true until it is {@link Channel.State#CLOSED} (see {@link
   * Channel#isOpen()}).
   */
  boolean isOpen();

  /**
   * The channel's state at the time of the call; same as {@link Channel#state()}. Thread-safe,
   * never blocks, never null.
   *
   * @since 0.1
   */
  Channel.State state();

  /** The blocking view of this channel. */
  Channel blocking();

  /**
   * The connection this channel belongs to, in the asynchronous view (pika's {@code
   * Channel.connection}); the same object after an automatic recovery. Never null.
   *
   * @since 0.1
   */
  AsyncConnection connection();

  /** channel.close with 200 OK; completes on close-ok. */
  CompletableFuture<Void> close();

  /** channel.close with a reply code and text of the application's choosing. */
  CompletableFuture<Void> close(int replyCode, String replyText);

  /** channel.flow: asks the broker to pause or resume deliveries (RabbitMQ may refuse PAUSED). */
  CompletableFuture<FlowState> flow(FlowState state);

  CompletableFuture<Void> exchangeDeclare(ExchangeSpec exchange);

  CompletableFuture<Void> exchangeDelete(ExchangeDeletion deletion);

  /**
   * exchange.delete of the named exchange, unconditionally (twin of {@link
   * Channel#exchangeDelete(String)}).
   *
   * @since 0.1
   */
  default CompletableFuture<Void> exchangeDelete(String exchange) {
    return exchangeDelete(ExchangeDeletion.of(exchange));
  }

  /** exchange.bind: an exchange-to-exchange binding (RabbitMQ extension). */
  CompletableFuture<Void> exchangeBind(Binding binding);

  CompletableFuture<Void> exchangeUnbind(Binding binding);

  CompletableFuture<QueueDeclareOk> queueDeclare(QueueSpec queue);

  CompletableFuture<Void> queueBind(Binding binding);

  /**
   * queue.bind of {@code queue} to {@code exchange} with {@code routingKey} (twin of {@link
   * Channel#queueBind(String, String, String)}).
   *
   * @since 0.1
   */
  default CompletableFuture<Void> queueBind(String queue, String exchange, String routingKey) {
    return queueBind(Binding.queue(queue).to(exchange).withKey(routingKey));
  }

  CompletableFuture<Void> queueUnbind(Binding binding);

  /** queue.purge; completes with the number of messages purged. */
  CompletableFuture<Long> queuePurge(String queue);

  /**
   * queue.purge with no-wait set (py-amqp's {@code queue_purge(queue, nowait=True)}; twin of {@link
   * Channel#queuePurgeNoWait(String)}): completes once the method is written, with no purge-ok
   * awaited. Thread-safe and never blocks; the future completes on the callback executor, never on
   * the I/O thread. Broker errors (404, 405) close the channel instead of failing the future.
   *
   * @param queue the queue to purge; never null
   * @return completes once written; exceptionally with {@link
   *     dev.warren.errors.WrongStateException} if the channel is closed
   * @throws NullPointerException if {@code queue} is null
   * @since 0.1
   */
  CompletableFuture<Void> queuePurgeNoWait(String queue);

  /** queue.delete; completes with the number of messages deleted with the queue. */
  CompletableFuture<Long> queueDelete(QueueDeletion deletion);

  /**
   * queue.delete, unconditionally; completes with the number of messages deleted (twin of {@link
   * Channel#queueDelete(String)}).
   *
   * @since 0.1
   */
  default CompletableFuture<Long> queueDelete(String queue) {
    return queueDelete(QueueDeletion.of(queue));
  }

  CompletableFuture<Void> basicQos(Qos qos);

  /**
   * basic.consume; completes with the consumer tag once the broker confirmed the subscription.
   * Deliveries go to {@code consumer} on the channel's dispatcher.
   */
  CompletableFuture<String> basicConsume(ConsumeSpec spec, Consumer consumer);

  /**
   * A stream of the queue's deliveries whose demand drives the broker: the subscriber's first
   * request sets the consumer's prefetch (the window, at most 65535; a later, larger request does
   * not widen it, as RabbitMQ fixes a consumer's prefetch at basic.consume), and a delivery is
   * acknowledged after {@code onNext} only while the window exceeds the outstanding demand, so the
   * broker's credit follows demand and a slow subscriber never makes the client buffer more than it
   * requested (one at a time: at most one message in flight). Manual acknowledgement at the broker
   * only (an auto-ack spec throws {@link IllegalArgumentException}); the stream acknowledges for
   * the subscriber ({@link #consumeStream(ConsumeSpec, AckMode)} lets it acknowledge itself);
   * delivery is at least once.
   *
   * <p>One subscriber per publisher (a second one gets {@code onError}). Signals run on the
   * channel's dispatcher, one at a time. Cancelling the subscription cancels the consumer,
   * acknowledges what was handed out and requeues what was buffered; a non-positive request signals
   * {@code onError} (Reactive Streams §3.9); the broker cancelling the consumer (queue deleted)
   * signals {@code onComplete}; the channel closing signals {@code onError} with the reason.
   */
  Flow.Publisher<Delivery> consumeStream(ConsumeSpec spec);

  /**
   * {@link #consumeStream(ConsumeSpec)} with a choice of who acknowledges: {@link AckMode#AUTO},
   * the stream, after each {@code onNext} (as {@code consumeStream(spec)}); {@link AckMode#MANUAL},
   * the subscriber, with {@link #basicAck} (or nack, reject) of each delivery's tag, from any
   * thread. In manual mode the window (the prefetch set by the first request) alone bounds what the
   * broker sends; cancelling requeues what was buffered and leaves what was handed out to the
   * subscriber to acknowledge.
   *
   * @param spec the queue and consumer options; must not be auto-ack
   * @param acknowledgements who acknowledges the deliveries; never null
   * @return the publisher; nothing is sent before a subscriber requests
   * @throws IllegalArgumentException if {@code spec} is auto-ack
   * @throws NullPointerException if an argument is null
   * @since 0.2
   */
  Flow.Publisher<Delivery> consumeStream(ConsumeSpec spec, AckMode acknowledgements);

  /** basic.cancel; completes on cancel-ok. */
  CompletableFuture<Void> basicCancel(String consumerTag);

  /**
   * basic.cancel with no-wait set (py-amqp's {@code basic_cancel(tag, nowait=True)}): completes
   * once the method is written, without waiting for cancel-ok. The consumer's bookkeeping ends when
   * the method is written: its {@link Consumer#handleCancelOk} is queued on its thread then, it
   * leaves {@link #consumerTags()}, and recovery no longer re-subscribes it. Deliveries the broker
   * sent before it read the cancel are not handed to the consumer: for a consumer that acknowledges
   * manually they are rejected with requeue (they go back to the queue); for an auto-ack consumer
   * they are dropped, as the broker already counts them delivered (use {@link #basicCancel} to
   * receive them).
   *
   * <p>Thread-safe. A tag the channel does not know is sent all the same; RabbitMQ ignores it.
   *
   * @throws NullPointerException if {@code consumerTag} is null
   * @throws dev.warren.errors.WrongStateException if the channel is closed
   * @since 0.2
   */
  CompletableFuture<Void> basicCancelNoWait(String consumerTag);

  /**
   * basic.cancel, waiting for cancel-ok like {@link #basicCancel}, that completes with the
   * deliveries which arrived for the consumer after the cancel was sent, instead of handing them to
   * it (pika's {@code BlockingChannel.basic_cancel}, which returns the messages it buffered).
   * Deliveries already handed to the consumer's thread before the call still reach it. The consumer
   * hears {@link Consumer#handleCancelOk} as after {@link #basicCancel}. For a consumer that
   * acknowledges manually, acknowledge or reject the returned deliveries as usual (the broker
   * counts them outstanding); for an auto-ack one they are already acknowledged.
   *
   * <p>Thread-safe; never blocks; the future fails with the close cause on a closed channel.
   *
   * @param consumerTag the consumer's tag
   * @return the deliveries, in the order they arrived (immutable, empty when none)
   * @throws NullPointerException if {@code consumerTag} is null
   * @since 0.2
   */
  CompletableFuture<java.util.List<Delivery>> basicCancelAndTake(String consumerTag);

  /**
   * The tags of the channel's active consumers, as an immutable snapshot; same as {@link
   * Channel#consumerTags()} (a consumer is listed once the future of {@link #basicConsume}
   * completed, and no longer once that of {@link #basicCancel} completed). Thread-safe, never
   * blocks, never null.
   *
   * @since 0.1
   */
  java.util.Set<String> consumerTags();

  /**
   * Adds a listener told whenever the broker cancels one of this channel's consumers (pika's {@code
   * add_on_cancel_callback}); same as {@link Channel#addCancelListener}. See {@link CancelListener}
   * for the thread.
   *
   * <p>Returns a registration whose {@link Cancellable#cancel()} removes the listener (once per
   * registration; true if this call removed it).
   *
   * @throws NullPointerException if {@code listener} is null
   * @since 0.1
   */
  Cancellable addCancelListener(CancelListener listener);

  /** basic.get; completes with the message, or empty when the queue had none. */
  CompletableFuture<Optional<GetResponse>> basicGet(String queue, AckMode ackMode);

  /**
   * basic.publish; completes when the message was handed to the socket. In confirm mode use {@link
   * #publishConfirmed} to learn whether the broker took it; on a connection with {@link
   * ConnectionParameters#confirmEveryPublish()} this is {@code publishConfirmed}.
   */
  CompletableFuture<Void> basicPublish(
      String exchange, String routingKey, BasicProperties properties, byte[] body);

  CompletableFuture<Void> basicPublish(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options);

  /**
   * Publishes in confirm mode and completes when the broker acks the message; exceptionally with
   * {@link dev.warren.errors.NackedException} on a nack, {@link
   * dev.warren.errors.UnroutableException} when a mandatory message was returned, a closed-channel
   * or connection exception when it goes, or {@link dev.warren.errors.RpcTimeoutException} at the
   * deadline. Requires {@link #confirmSelect()} first.
   */
  CompletableFuture<Void> publishConfirmed(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options);

  /** basic.ack of one delivery; completes once written. */
  CompletableFuture<Void> basicAck(long deliveryTag);

  /** basic.ack of every delivery up to and including {@code deliveryTag} (multiple). */
  CompletableFuture<Void> basicAckUpTo(long deliveryTag);

  /**
   * basic.ack of every delivery of the channel not acknowledged yet (delivery tag 0, multiple:
   * pika's {@code basic_ack(0, multiple=True)}); completes once written. Same rules as {@link
   * Channel#basicAckAll()}; on a closed channel the future fails with {@link
   * dev.warren.errors.WrongStateException}.
   *
   * @since 0.1
   */
  CompletableFuture<Void> basicAckAll();

  /** basic.nack of one delivery. */
  CompletableFuture<Void> basicNack(long deliveryTag, Requeue requeue);

  /** basic.nack of every delivery up to and including {@code deliveryTag} (multiple). */
  CompletableFuture<Void> basicNackUpTo(long deliveryTag, Requeue requeue);

  /**
   * basic.nack of every delivery of the channel not acknowledged yet (delivery tag 0, multiple),
   * requeued or discarded as {@code requeue} says; completes once written. Same rules as {@link
   * Channel#basicNackAll(Requeue)}.
   *
   * @throws NullPointerException if {@code requeue} is null
   * @since 0.1
   */
  CompletableFuture<Void> basicNackAll(Requeue requeue);

  /** basic.reject of one delivery. */
  CompletableFuture<Void> basicReject(long deliveryTag, Requeue requeue);

  /**
   * basic.recover: redeliver (REQUEUE) or drop unacknowledged messages; completes on recover-ok.
   */
  CompletableFuture<Void> basicRecover(Requeue requeue);

  /** basic.recover-async (deprecated in the spec, still served): no reply is awaited. */
  CompletableFuture<Void> basicRecoverAsync(Requeue requeue);

  CompletableFuture<Void> txSelect();

  CompletableFuture<Void> txCommit();

  CompletableFuture<Void> txRollback();

  /** confirm.select: from now on the broker acks or nacks every publish. */
  CompletableFuture<Void> confirmSelect();

  /**
   * confirm.select with options (see {@link ConfirmOptions}): asynchronous publishes count against
   * a window but never wait for it; blocking publishes on the same channel do.
   */
  CompletableFuture<Void> confirmSelect(ConfirmOptions options);

  /**
   * confirm.select with no-wait set (py-amqp's {@code confirm_select(nowait=True)}; twin of {@link
   * Channel#confirmSelectNoWait(ConfirmOptions)}): completes once the method is written, with no
   * select-ok awaited. Confirm mode is recorded on the I/O thread in the same step as the write, so
   * a publish made after this call, even before the future completes, is already confirmed.
   * Thread-safe and never blocks; the future completes on the callback executor, never on the I/O
   * thread. A broker error (406 on a transactional channel) closes the channel instead of failing
   * the future.
   *
   * @param options the confirm window; never null
   * @return completes once written; exceptionally with {@link
   *     dev.warren.errors.WrongStateException} if the channel is closed
   * @throws NullPointerException if {@code options} is null
   * @since 0.1
   */
  CompletableFuture<Void> confirmSelectNoWait(ConfirmOptions options);

  /**
   * Completes when every publish made so far has been confirmed; exceptionally with a {@link
   * dev.warren.errors.NackedException} if any of them was nacked.
   */
  CompletableFuture<Void> waitForConfirms();

  /**
   * Like {@link #waitForConfirms()}, with a deadline: completes exceptionally with {@link
   * dev.warren.errors.RpcTimeoutException} when some publish is still unconfirmed after {@code
   * timeout} (twin of {@link Channel#waitForConfirms(java.time.Duration)}).
   *
   * @since 0.1
   */
  CompletableFuture<Void> waitForConfirms(java.time.Duration timeout);

  /** The sequence number the next publish will get in confirm mode; 0 outside confirm mode. */
  long nextPublishSeqNo();

  /**
   * Adds a listener of confirms; see {@link ConfirmListener} for the thread.
   *
   * <p>Returns a registration whose {@link Cancellable#cancel()} removes the listener (once per
   * registration; true if this call removed it).
   */
  Cancellable addConfirmListener(ConfirmListener listener);

  /**
   * Adds a confirm listener built from two callbacks (amqp-client's {@code
   * addConfirmListener(ackCallback, nackCallback)}); see {@link ConfirmListener#of}. A lost publish
   * is reported to {@code nack}.
   *
   * <p>Returns a registration whose {@link Cancellable#cancel()} removes the listener (once per
   * registration; true if this call removed it).
   *
   * @throws NullPointerException if either callback is null
   * @since 0.2
   */
  default Cancellable addConfirmListener(
      ConfirmListener.Callback ack, ConfirmListener.Callback nack) {
    return addConfirmListener(ConfirmListener.of(ack, nack));
  }

  /**
   * Adds a listener of confirms that runs on {@code thread}; see {@link Channel}'s.
   *
   * <p>Returns a registration whose {@link Cancellable#cancel()} removes the listener (once per
   * registration; true if this call removed it).
   */
  Cancellable addConfirmListener(ConfirmListener listener, CallbackThread thread);

  /**
   * Adds a listener of returned messages; see {@link ReturnListener} for the thread.
   *
   * <p>Returns a registration whose {@link Cancellable#cancel()} removes the listener (once per
   * registration; true if this call removed it).
   */
  Cancellable addReturnListener(ReturnListener listener);

  /**
   * Adds a listener called once when the channel closes, with the reason, on the channel's
   * dispatcher.
   *
   * <p>Returns a registration whose {@link Cancellable#cancel()} removes the listener (once per
   * registration; true if this call removed it).
   */
  Cancellable addCloseListener(java.util.function.Consumer<ChannelClosedException> listener);

  /**
   * Adds a listener of the broker's channel.flow (pika's {@code add_on_flow_callback}): {@link
   * FlowState#PAUSED} when the broker asked the client to stop publishing on this channel
   * (publishes then wait at the {@code FLOW} gate), {@link FlowState#ACTIVE} when it may go on.
   * Runs on the channel's dispatcher, in order. RabbitMQ itself does not send channel.flow (it uses
   * connection.blocked); other brokers and proxies may.
   *
   * <p>Returns a registration whose {@link Cancellable#cancel()} removes the listener (once per
   * registration; true if this call removed it).
   *
   * @throws NullPointerException if {@code listener} is null
   * @since 0.2
   */
  Cancellable addFlowListener(java.util.function.Consumer<FlowState> listener);
}
