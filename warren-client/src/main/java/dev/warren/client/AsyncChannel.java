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
 * #blocking()}); both can be used together, and each method here does what its blocking twin
 * documents (frames, reply codes, what recovery records), with the outcome in the future instead of
 * a return value or an exception.
 *
 * <p><b>Threading:</b> every method may be called from any thread, an I/O thread included, and
 * never blocks: the work is handed to the connection's I/O thread. Futures complete on the
 * connection's I/O thread, but dependent actions ({@code thenApply}, {@code whenComplete} ...)
 * never run there: Warren's futures run them on the connection's callback executor, so they may
 * block. Calling {@code join()} or {@code get()} on an unfinished future from an I/O thread throws
 * {@link dev.warren.errors.WrongStateException}.
 *
 * <p><b>Errors:</b> a future completes exceptionally with a {@link ChannelClosedException} (or the
 * subclass for the reply code: 404 {@link dev.warren.errors.NotFoundException}, 403 {@link
 * dev.warren.errors.AccessRefusedException}, 405 {@link dev.warren.errors.ResourceLockedException},
 * 406 {@link dev.warren.errors.PreconditionFailedException}) when the broker closes the channel
 * because of the operation, with a {@link dev.warren.errors.WrongStateException} when the channel
 * was already closed, and, when the connection goes, with a {@link ChannelClosedException} whose
 * {@link ChannelClosedException#initiator() initiator} is {@link
 * dev.warren.errors.Initiator#LIBRARY} and whose cause is the {@link
 * dev.warren.errors.ConnectionClosedException}, or with a {@link
 * dev.warren.errors.ConnectionLostException} when the connection is being recovered. A future is
 * not bounded by the RPC timeout unless the method says so. No future is left pending when the
 * channel closes: closing it fails every publish still awaiting its confirm at once, and the close
 * itself gives up after the RPC timeout when no close-ok comes. Arguments are never null unless a
 * parameter says otherwise (a null one throws {@link NullPointerException} at once or fails the
 * future). See {@code docs/threading.md} for the thread of every callback.
 *
 * @since 0.1
 */
public interface AsyncChannel {
  /**
   * The channel number.
   *
   * @return the channel number, fixed for the channel's life
   */
  int number();

  /**
   * Whether the channel is open: true until it is {@link Channel.State#CLOSED} (see {@link
   * Channel#isOpen()}).
   *
   * @return false once the channel is closed for good
   */
  boolean isOpen();

  /**
   * The channel's state at the time of the call; same as {@link Channel#state()}. Thread-safe,
   * never blocks, never null.
   *
   * @return the state; never null
   * @since 0.1
   */
  Channel.State state();

  /**
   * The blocking view of this channel.
   *
   * @return the blocking view; never null, always the same object
   */
  Channel blocking();

  /**
   * The connection this channel belongs to, in the asynchronous view (pika's {@code
   * Channel.connection}); the same object after an automatic recovery. Never null.
   *
   * @return the connection; never null
   * @since 0.1
   */
  AsyncConnection connection();

  /**
   * Closes the channel: channel.close with 200 OK, as {@link Channel#close()} says. The future
   * completes on close-ok, or after the RPC timeout without one, and never exceptionally; at once
   * when the channel is closed already.
   *
   * @return a future that completes once the channel is closed
   */
  CompletableFuture<Void> close();

  /**
   * Closes the channel with a reply code and text of the application's choosing, as {@link
   * #close()}.
   *
   * @param replyCode the reply code to send, normally 200
   * @param replyText the reply text to send; never null
   * @return a future that completes once the channel is closed
   */
  CompletableFuture<Void> close(int replyCode, String replyText);

  /**
   * channel.flow: asks the broker to pause or resume deliveries, as {@link Channel#flow} says
   * (RabbitMQ refuses {@link FlowState#PAUSED} by closing the connection with 540).
   *
   * @param state the state asked for
   * @return a future that completes with the state the broker confirmed, or exceptionally as the
   *     blocking twin throws
   */
  CompletableFuture<FlowState> flow(FlowState state);

  /**
   * Declares an exchange (exchange.declare), as {@link Channel#exchangeDeclare(ExchangeSpec)} says
   * (frames, reply codes, what recovery records); the call never blocks.
   *
   * @param exchange the exchange's name, type, flags and arguments
   * @return a future that completes on declare-ok (with no-wait: once written), or exceptionally
   *     with the exception the blocking twin throws, such as a PreconditionFailedException (406)
   *     for a redeclaration with other properties
   */
  CompletableFuture<Void> exchangeDeclare(ExchangeSpec exchange);

  /**
   * Deletes an exchange (exchange.delete), as {@link Channel#exchangeDelete(ExchangeDeletion)} says
   * (frames, reply codes, what recovery records); the call never blocks.
   *
   * @param deletion the exchange and the if-unused and no-wait flags
   * @return a future that completes on delete-ok (with no-wait: once written), or exceptionally as
   *     the blocking twin throws (406 for an if-unused exchange with bindings)
   */
  CompletableFuture<Void> exchangeDelete(ExchangeDeletion deletion);

  /**
   * exchange.delete of the named exchange, unconditionally (twin of {@link
   * Channel#exchangeDelete(String)}).
   *
   * @param exchange the exchange's name
   * @return a future that completes on delete-ok, or exceptionally as the blocking twin throws
   * @since 0.1
   */
  default CompletableFuture<Void> exchangeDelete(String exchange) {
    return exchangeDelete(ExchangeDeletion.of(exchange));
  }

  /**
   * Binds an exchange to an exchange (exchange.bind, a RabbitMQ extension), as {@link
   * Channel#exchangeBind(Binding)} says (frames, reply codes, what recovery records); the call
   * never blocks.
   *
   * @param binding the destination exchange, source, key and arguments
   * @return a future that completes on bind-ok (with no-wait: once written), or exceptionally as
   *     the blocking twin throws (404 for a missing exchange)
   */
  CompletableFuture<Void> exchangeBind(Binding binding);

  /**
   * Removes an exchange-to-exchange binding (exchange.unbind), as {@link
   * Channel#exchangeUnbind(Binding)} says (frames, reply codes, what recovery records); the call
   * never blocks.
   *
   * @param binding the binding, as it was bound
   * @return a future that completes on unbind-ok (with no-wait: once written), or exceptionally as
   *     the blocking twin throws
   */
  CompletableFuture<Void> exchangeUnbind(Binding binding);

  /**
   * Declares a queue (queue.declare), as {@link Channel#queueDeclare(QueueSpec)} says (frames,
   * reply codes, what recovery records); the call never blocks.
   *
   * @param queue the queue's name, flags and arguments
   * @return a future that completes with the queue's name (the broker's, for a server-named queue)
   *     and counts on declare-ok (with no-wait: once written, with the name asked for and counts of
   *     0), or exceptionally as the blocking twin throws (406 for other properties, 404 for a
   *     missing passive one, 405 for another connection's exclusive queue)
   */
  CompletableFuture<QueueDeclareOk> queueDeclare(QueueSpec queue);

  /**
   * Binds a queue to an exchange (queue.bind), as {@link Channel#queueBind(Binding)} says (frames,
   * reply codes, what recovery records); the call never blocks.
   *
   * @param binding the queue, exchange, routing key and arguments
   * @return a future that completes on bind-ok (with no-wait: once written), or exceptionally as
   *     the blocking twin throws (404 for a missing queue or exchange)
   */
  CompletableFuture<Void> queueBind(Binding binding);

  /**
   * queue.bind of {@code queue} to {@code exchange} with {@code routingKey} (twin of {@link
   * Channel#queueBind(String, String, String)}).
   *
   * @param routingKey the routing key ("" for none)
   * @param exchange the exchange's name
   * @param queue the queue's name
   * @return a future that completes on bind-ok, or exceptionally as the blocking twin throws
   * @since 0.1
   */
  default CompletableFuture<Void> queueBind(String queue, String exchange, String routingKey) {
    java.util.Objects.requireNonNull(queue, "queue");
    java.util.Objects.requireNonNull(exchange, "exchange");
    java.util.Objects.requireNonNull(routingKey, "routingKey");
    return queueBind(Binding.queue(queue).to(exchange).withKey(routingKey));
  }

  /**
   * Removes a queue's binding (queue.unbind, which has no no-wait), as {@link
   * Channel#queueUnbind(Binding)} says (frames, reply codes, what recovery records); the call never
   * blocks.
   *
   * @param binding the binding, as it was bound
   * @return a future that completes on unbind-ok, or exceptionally as the blocking twin throws
   */
  CompletableFuture<Void> queueUnbind(Binding binding);

  /**
   * Purges a queue (queue.purge), as {@link Channel#queuePurge(String)} says (frames, reply codes,
   * what recovery records); the call never blocks.
   *
   * @param queue the queue's name
   * @return a future that completes with the number of messages purged, or exceptionally as the
   *     blocking twin throws (404, 405)
   */
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

  /**
   * Deletes a queue (queue.delete), as {@link Channel#queueDelete(QueueDeletion)} says (frames,
   * reply codes, what recovery records); the call never blocks.
   *
   * @param deletion the queue and the if-unused, if-empty and no-wait flags
   * @return a future that completes with the number of messages deleted with the queue (0 with
   *     no-wait, once written), or exceptionally as the blocking twin throws (406 when a condition
   *     does not hold)
   */
  CompletableFuture<Long> queueDelete(QueueDeletion deletion);

  /**
   * queue.delete, unconditionally; completes with the number of messages deleted (twin of {@link
   * Channel#queueDelete(String)}).
   *
   * @param queue the queue's name
   * @return a future that completes with the number of messages deleted, or exceptionally as the
   *     blocking twin throws
   * @since 0.1
   */
  default CompletableFuture<Long> queueDelete(String queue) {
    return queueDelete(QueueDeletion.of(queue));
  }

  /**
   * Sets the prefetch limits (basic.qos), kept for recovery once qos-ok arrives, as {@link
   * Channel#basicQos(Qos)} says (frames, reply codes, what recovery records); the call never
   * blocks.
   *
   * @param qos the prefetch count, size and scope
   * @return a future that completes on qos-ok, or exceptionally as the blocking twin throws
   */
  CompletableFuture<Void> basicQos(Qos qos);

  /**
   * Subscribes a callback consumer (basic.consume), as {@link Channel#basicConsume} says:
   * deliveries go to {@code consumer} on the channel's dispatcher, and the consumer is kept for
   * recovery. The call never blocks.
   *
   * @param spec the queue, tag, flags and arguments
   * @param consumer the callbacks; never null
   * @return a future that completes with the consumer tag once the broker confirmed the
   *     subscription (with no-wait: once written), or exceptionally as the blocking twin throws
   *     (404, 403, 405; {@link IllegalArgumentException} for a tag already used on this channel)
   */
  CompletableFuture<String> basicConsume(ConsumeSpec spec, Consumer consumer);

  /**
   * A stream of the queue's deliveries whose demand drives the broker: the subscriber's first
   * request sets the consumer's prefetch (the window, at most 65535); when the demand later reaches
   * twice the window, the stream adds a consumer on the same channel and queue with the missing
   * prefetch (RabbitMQ fixes a consumer's prefetch at basic.consume), so the window follows the
   * demand (never for an exclusive or no-wait spec or a stream queue), and a delivery is
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
   *
   * @param spec the queue, tag, flags and arguments (manual acknowledgement)
   * @return a publisher for one subscriber; basic.consume is sent on its first request
   * @throws IllegalArgumentException if the spec asks for auto-ack
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

  /**
   * Cancels a consumer (basic.cancel), forgetting it for recovery, as {@link
   * Channel#basicCancel(String)} says (frames, reply codes, what recovery records); the call never
   * blocks.
   *
   * @param consumerTag the tag of the consumer
   * @return a future that completes on cancel-ok, or exceptionally as the blocking twin throws
   */
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
   * @param consumerTag the consumer's tag
   * @return a future that completes once basic.cancel is written
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
   * @return an immutable snapshot of the tags
   * @since 0.1
   */
  java.util.Set<String> consumerTags();

  /**
   * Adds a listener told whenever the broker cancels one of this channel's consumers (pika's {@code
   * add_on_cancel_callback}); same as {@link Channel#addCancelListener}. See {@link CancelListener}
   * for the thread.
   *
   * @param listener the listener
   * @return a registration whose {@link Cancellable#cancel()} removes the listener
   * @throws NullPointerException if {@code listener} is null
   * @since 0.1
   */
  Cancellable addCancelListener(CancelListener listener);

  /**
   * Fetches one message (basic.get), as {@link Channel#basicGet(String, AckMode)} says (frames,
   * reply codes, what recovery records); the call never blocks.
   *
   * @param queue the queue's name
   * @param ackMode whether the broker considers the message acknowledged once sent
   * @return a future that completes with the message, or empty when the queue had none (get-empty),
   *     or exceptionally as the blocking twin throws (404, 405)
   */
  CompletableFuture<Optional<GetResponse>> basicGet(String queue, AckMode ackMode);

  /**
   * Publishes a message, not mandatory (basic.publish with its content frames), as {@link
   * Channel#basicPublish(String, String, BasicProperties, byte[])} says, but never waits: the
   * publish is counted against the backpressure gates (write buffer, blocked connection, confirm
   * window) without being held by them; while the channel recovers it queues, in order, until the
   * channel is usable. In confirm mode it takes the next sequence number when called. Use {@link
   * #publishConfirmed} to learn whether the broker took it.
   *
   * @param exchange the exchange's name ("" for the default exchange); at most 255 bytes in UTF-8
   * @param routingKey the routing key; at most 255 bytes in UTF-8
   * @param properties the message's properties; null for none
   * @param body the message's body; never null, not copied (do not change it until the future
   *     completed)
   * @return a future that completes once the frames are written to the connection's output;
   *     exceptionally with {@link IllegalArgumentException} if a shortstr is longer than 255 bytes,
   *     {@link dev.warren.errors.WrongStateException} on a closed channel, or the channel's or
   *     connection's close before the write
   */
  CompletableFuture<Void> basicPublish(
      String exchange, String routingKey, BasicProperties properties, byte[] body);

  /**
   * Publishes a message with options (mandatory flag; the timeout does not apply, since nothing
   * here waits), as {@link #basicPublish(String, String, BasicProperties, byte[])}.
   *
   * @param exchange the exchange's name ("" for the default exchange); at most 255 bytes in UTF-8
   * @param routingKey the routing key; at most 255 bytes in UTF-8
   * @param properties the message's properties; null for none
   * @param body the message's body; never null, not copied (do not change it until the future
   *     completed)
   * @param options the mandatory flag; {@link PublishOptions#DEFAULT} for none
   * @return a future that completes once the frames are written, or exceptionally as the
   *     four-argument form's does
   */
  CompletableFuture<Void> basicPublish(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options);

  /**
   * Publishes in confirm mode and completes when the broker acks this message. Never waits at the
   * gates (counted, as {@link #basicPublish(String, String, BasicProperties, byte[])}). Requires
   * {@link #confirmSelect()} first.
   *
   * @param exchange the exchange's name ("" for the default exchange); at most 255 bytes in UTF-8
   * @param routingKey the routing key; at most 255 bytes in UTF-8
   * @param properties the message's properties; null for none
   * @param body the message's body; never null, not copied (do not change it until the future
   *     completed)
   * @param options mandatory flag and the deadline for the confirm (null timeout: the RPC timeout)
   * @return a future that completes on the broker's basic.ack of this message; exceptionally with
   *     {@link dev.warren.errors.NackedException} on a nack, {@link
   *     dev.warren.errors.UnroutableException} when a mandatory message was returned, {@link
   *     dev.warren.errors.ConnectionLostException} (saying whether it may have reached the broker)
   *     or a {@link ChannelClosedException} when the connection or channel goes, {@link
   *     dev.warren.errors.RpcTimeoutException} at the deadline, {@link
   *     dev.warren.errors.WrongStateException} outside confirm mode or on a closed channel
   */
  CompletableFuture<Void> publishConfirmed(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options);

  /**
   * basic.ack of one delivery. Never blocks; a tag from before an automatic recovery is dropped,
   * and an unknown tag makes the broker close the channel with 406 (see {@link Channel#basicAck}).
   *
   * @param deliveryTag the delivery's tag
   * @return a future that completes once written; exceptionally with {@link
   *     dev.warren.errors.WrongStateException} on a closed channel
   */
  CompletableFuture<Void> basicAck(long deliveryTag);

  /**
   * basic.ack of every delivery up to and including {@code deliveryTag} (multiple; 0: every
   * outstanding delivery). Never blocks; a tag from before an automatic recovery is dropped, and an
   * unknown tag makes the broker close the channel with 406 (see {@link Channel#basicAck}).
   *
   * @param deliveryTag the last tag acknowledged; 0 for every outstanding delivery
   * @return a future that completes once written; exceptionally with {@link
   *     dev.warren.errors.WrongStateException} on a closed channel
   */
  CompletableFuture<Void> basicAckUpTo(long deliveryTag);

  /**
   * basic.ack of every delivery of the channel not acknowledged yet (delivery tag 0, multiple:
   * pika's {@code basic_ack(0, multiple=True)}); completes once written. Same rules as {@link
   * Channel#basicAckAll()}; on a closed channel the future fails with {@link
   * dev.warren.errors.WrongStateException}.
   *
   * @return a future that completes once written
   * @since 0.1
   */
  CompletableFuture<Void> basicAckAll();

  /**
   * basic.nack of one delivery, requeued or discarded as {@code requeue} says. Never blocks; a tag
   * from before an automatic recovery is dropped, and an unknown tag makes the broker close the
   * channel with 406 (see {@link Channel#basicAck}).
   *
   * @param deliveryTag the delivery's tag
   * @param requeue whether the broker requeues the message
   * @return a future that completes once written; exceptionally with {@link
   *     dev.warren.errors.WrongStateException} on a closed channel
   */
  CompletableFuture<Void> basicNack(long deliveryTag, Requeue requeue);

  /**
   * basic.nack of every delivery up to and including {@code deliveryTag} (multiple; 0: every
   * outstanding delivery). Never blocks; a tag from before an automatic recovery is dropped, and an
   * unknown tag makes the broker close the channel with 406 (see {@link Channel#basicAck}).
   *
   * @param deliveryTag the last tag rejected; 0 for every outstanding delivery
   * @param requeue whether the broker requeues the messages
   * @return a future that completes once written; exceptionally with {@link
   *     dev.warren.errors.WrongStateException} on a closed channel
   */
  CompletableFuture<Void> basicNackUpTo(long deliveryTag, Requeue requeue);

  /**
   * basic.nack of every delivery of the channel not acknowledged yet (delivery tag 0, multiple),
   * requeued or discarded as {@code requeue} says; completes once written. Same rules as {@link
   * Channel#basicNackAll(Requeue)}.
   *
   * @param requeue whether the broker requeues the messages
   * @return a future that completes once written
   * @throws NullPointerException if {@code requeue} is null
   * @since 0.1
   */
  CompletableFuture<Void> basicNackAll(Requeue requeue);

  /**
   * basic.reject of one delivery, requeued or discarded as {@code requeue} says. Never blocks; a
   * tag from before an automatic recovery is dropped, and an unknown tag makes the broker close the
   * channel with 406 (see {@link Channel#basicAck}).
   *
   * @param deliveryTag the delivery's tag
   * @param requeue whether the broker requeues the message
   * @return a future that completes once written; exceptionally with {@link
   *     dev.warren.errors.WrongStateException} on a closed channel
   */
  CompletableFuture<Void> basicReject(long deliveryTag, Requeue requeue);

  /**
   * basic.recover: redeliver the channel's unacknowledged messages, as {@link
   * Channel#basicRecover(Requeue)} says (frames, reply codes, what recovery records); the call
   * never blocks.
   *
   * @param requeue {@link Requeue#REQUEUE}; RabbitMQ refuses the other value (540)
   * @return a future that completes on recover-ok, or exceptionally as the blocking twin throws
   */
  CompletableFuture<Void> basicRecover(Requeue requeue);

  /**
   * basic.recover-async (deprecated in the spec, still served), with no reply awaited, as {@link
   * Channel#basicRecoverAsync(Requeue)} says (frames, reply codes, what recovery records); the call
   * never blocks.
   *
   * @param requeue {@link Requeue#REQUEUE}; RabbitMQ refuses the other value (540)
   * @return a future that completes once written
   */
  CompletableFuture<Void> basicRecoverAsync(Requeue requeue);

  /**
   * Puts the channel in transaction mode (tx.select), restored by recovery once select-ok arrived,
   * as {@link Channel#txSelect()} says (frames, reply codes, what recovery records); the call never
   * blocks.
   *
   * @return a future that completes on select-ok, or exceptionally as the blocking twin throws (406
   *     on a channel in confirm mode)
   */
  CompletableFuture<Void> txSelect();

  /**
   * Commits the current transaction (tx.commit), as {@link Channel#txCommit()} says (frames, reply
   * codes, what recovery records); the call never blocks.
   *
   * @return a future that completes on commit-ok, or exceptionally as the blocking twin throws (406
   *     outside transaction mode)
   */
  CompletableFuture<Void> txCommit();

  /**
   * Abandons the current transaction (tx.rollback), as {@link Channel#txRollback()} says (frames,
   * reply codes, what recovery records); the call never blocks.
   *
   * @return a future that completes on rollback-ok, or exceptionally as the blocking twin throws
   *     (406 outside transaction mode)
   */
  CompletableFuture<Void> txRollback();

  /**
   * confirm.select: from now on the broker acks or nacks every publish; restored by recovery, as
   * {@link Channel#confirmSelect()} says (frames, reply codes, what recovery records); the call
   * never blocks.
   *
   * @return a future that completes on select-ok, or exceptionally as the blocking twin throws (406
   *     on a transactional channel)
   */
  CompletableFuture<Void> confirmSelect();

  /**
   * confirm.select with options (see {@link ConfirmOptions}): asynchronous publishes count against
   * a window but never wait for it; blocking publishes on the same channel do.
   *
   * @param options the confirm window; {@link ConfirmOptions#unbounded()} for none
   * @return a future that completes on select-ok, or exceptionally as the blocking twin throws (406
   *     on a transactional channel)
   * @throws NullPointerException if {@code options} is null
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
   * Completes when every publish made so far has been confirmed. Has no deadline of its own: {@link
   * #waitForConfirms(java.time.Duration)} has one.
   *
   * @return a future that completes when they are all acked; exceptionally with a {@link
   *     dev.warren.errors.NackedException} if any of them was nacked, a {@link
   *     dev.warren.errors.ConnectionLostException} if one was lost with the connection; at once
   *     outside confirm mode, where there is nothing to wait for
   */
  CompletableFuture<Void> waitForConfirms();

  /**
   * Like {@link #waitForConfirms()}, with a deadline: completes exceptionally with {@link
   * dev.warren.errors.RpcTimeoutException} when some publish is still unconfirmed after {@code
   * timeout} (twin of {@link Channel#waitForConfirms(java.time.Duration)}).
   *
   * @param timeout how long to wait at most
   * @return a future that completes when every publish so far is acked, or exceptionally as {@link
   *     #waitForConfirms()} says or at the deadline
   * @since 0.1
   */
  CompletableFuture<Void> waitForConfirms(java.time.Duration timeout);

  /**
   * The sequence number the next publish will get in confirm mode; 0 outside confirm mode.
   *
   * @return the next sequence number; 0 outside confirm mode
   */
  long nextPublishSeqNo();

  /**
   * Adds a listener of confirms; see {@link ConfirmListener} for the thread.
   *
   * <p>Returns a registration whose {@link Cancellable#cancel()} removes the listener (once per
   * registration; true if this call removed it).
   *
   * @param listener the listener
   * @return the registration; never null
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
   * @param ack called for each ack
   * @param nack called for each nack and each lost publish
   * @return the registration; never null
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
   *
   * @param listener the listener
   * @param thread the thread the listener runs on
   * @return the registration; never null
   */
  Cancellable addConfirmListener(ConfirmListener listener, CallbackThread thread);

  /**
   * Adds a listener of returned messages; see {@link ReturnListener} for the thread.
   *
   * <p>Returns a registration whose {@link Cancellable#cancel()} removes the listener (once per
   * registration; true if this call removed it).
   *
   * @param listener the listener
   * @return the registration; never null
   */
  Cancellable addReturnListener(ReturnListener listener);

  /**
   * Adds a listener called once when the channel closes, with the reason, on the channel's
   * dispatcher.
   *
   * @param listener the listener; told once, when the channel closes for good (not when it is
   *     suspended for recovery)
   * @return a registration whose {@link Cancellable#cancel()} removes the listener
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
   * @param listener the listener
   * @return the registration; never null
   * @throws NullPointerException if {@code listener} is null
   * @since 0.2
   */
  Cancellable addFlowListener(java.util.function.Consumer<FlowState> listener);
}
