/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import dev.warren.errors.ChannelClosedException;
import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.Optional;

/**
 * An AMQP channel, blocking view: each method returns when the broker has answered (or, for methods
 * without a reply, once the frames are on their way), and throws a typed, unchecked exception
 * otherwise. {@link #async()} is the asynchronous view of the same channel.
 *
 * <p><b>Threading:</b> safe to use from many threads at once: operations are handed to the
 * connection's I/O thread, which sends them in the order they arrive; synchronous methods of one
 * channel are answered in order. Suitable for virtual threads (no monitor is held while waiting).
 *
 * <p><b>Deadlines:</b> every call that waits for the broker waits at most the connection's RPC
 * timeout and then throws {@link dev.warren.errors.RpcTimeoutException} naming the method.
 *
 * <p><b>Errors:</b> a channel error (404, 403, 405, 406 ...) throws a {@link
 * ChannelClosedException} subclass carrying the reply code and text, closes this channel only and
 * leaves the connection and its other channels working. Using a closed channel throws {@link
 * dev.warren.errors.WrongStateException}.
 *
 * @since 0.1
 */
public interface Channel extends AutoCloseable {
  /**
   * The life of a channel as the application sees it (pika's {@code is_open}, {@code is_closing},
   * {@code is_closed}).
   *
   * @since 0.1
   */
  enum State {
    /** Open for business. */
    OPEN,
    /**
     * The connection was lost and automatic recovery is reopening the channel; operations wait for
     * it (up to the recovery policy's operation wait).
     */
    RECOVERING,
    /**
     * The application asked to close the channel and the broker's close-ok has not arrived yet
     * (pika's {@code is_closing}); it ends as {@link #CLOSED}, at the latest after the RPC timeout.
     */
    CLOSING,
    /** Closed for good: by the application, by the broker, or with its connection. */
    CLOSED
  }

  /** The channel number. */
  int number();

  /**
   * Whether the channel is open: true until it is {@link State#CLOSED}, so also while it is {@link
   * State#RECOVERING} or {@link State#CLOSING}; {@link #state()} tells those apart.
   */
  boolean isOpen();

  /**
   * The channel's state at the time of the call. A close the broker starts goes from {@link
   * State#OPEN} straight to {@link State#CLOSED}; only the application's {@link #close()} passes
   * through {@link State#CLOSING}.
   *
   * <p>Thread-safe, never blocks, never null; the state may change right after it is read.
   *
   * @since 0.1
   */
  State state();

  /** The asynchronous view of this channel. */
  AsyncChannel async();

  /**
   * The connection this channel belongs to, in the blocking view (pika's {@code
   * BlockingChannel.connection}); the same object after an automatic recovery. Never null.
   *
   * @since 0.1
   */
  Connection connection();

  /** channel.close with 200 OK, waiting for close-ok. Closing a closed channel does nothing. */
  @Override
  void close();

  /** channel.close with the application's reply code and text. */
  void close(int replyCode, String replyText);

  /** channel.flow; returns the state the broker confirmed. */
  FlowState flow(FlowState state);

  void exchangeDeclare(ExchangeSpec exchange);

  /** exchange.delete of the named exchange, unconditionally. */
  void exchangeDelete(String exchange);

  void exchangeDelete(ExchangeDeletion deletion);

  void exchangeBind(Binding binding);

  void exchangeUnbind(Binding binding);

  QueueDeclareOk queueDeclare(QueueSpec queue);

  void queueBind(Binding binding);

  /** queue.bind of {@code queue} to {@code exchange} with {@code routingKey}. */
  void queueBind(String queue, String exchange, String routingKey);

  void queueUnbind(Binding binding);

  /** Returns the number of messages purged. */
  long queuePurge(String queue);

  /**
   * queue.purge with no-wait set (py-amqp's {@code queue_purge(queue, nowait=True)}): asks the
   * broker to purge {@code queue} and returns once the method is written, without waiting for
   * purge-ok, so the number of messages purged is not known. Calls made on this channel afterwards
   * reach the broker after it, so a later {@link #queueDeclare} (passive) sees the purge done.
   *
   * <p>Thread-safe. Waits only for the I/O thread to write the method (and, during an automatic
   * recovery, for the channel to be usable again), at most the RPC timeout.
   *
   * <p>Errors the broker finds (no such queue: 404, an exclusive queue of another connection: 405)
   * are not thrown here: the broker closes the channel, which then reports a {@link
   * dev.warren.errors.ChannelClosedException} to its close listeners; later calls fail with a
   * {@link dev.warren.errors.WrongStateException} caused by it.
   *
   * @param queue the queue to purge; never null
   * @throws NullPointerException if {@code queue} is null
   * @throws dev.warren.errors.WrongStateException if the channel is closed
   * @throws dev.warren.errors.RpcTimeoutException if the method could not be written within the RPC
   *     timeout
   * @since 0.1
   */
  void queuePurgeNoWait(String queue);

  /** queue.delete, unconditionally; returns the number of messages deleted. */
  long queueDelete(String queue);

  long queueDelete(QueueDeletion deletion);

  void basicQos(Qos qos);

  /** basic.consume with a callback consumer; returns the consumer tag. */
  String basicConsume(ConsumeSpec spec, Consumer consumer);

  /**
   * pika's consume generator: iterates the queue's deliveries, yielding an {@link
   * ConsumerStream.Item#inactive() inactive} item whenever nothing arrived for {@code
   * inactivityTimeout} (null: wait forever). Closing the stream cancels the consumer and requeues
   * what arrived but was not handed out.
   */
  ConsumerStream consume(ConsumeSpec spec, Duration inactivityTimeout);

  void basicCancel(String consumerTag);

  /**
   * basic.cancel with no-wait set (py-amqp's {@code basic_cancel(tag, nowait=True)}): returns once
   * the method is written, without waiting for cancel-ok. The consumer's bookkeeping ends when the
   * method is written: its {@link Consumer#handleCancelOk} is queued on its thread then, it leaves
   * {@link #consumerTags()}, and recovery no longer re-subscribes it. Deliveries the broker sent
   * before it read the cancel are not handed to the consumer: for a consumer that acknowledges
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
  void basicCancelNoWait(String consumerTag);

  /**
   * basic.cancel, waiting for cancel-ok like {@link #basicCancel}, that returns the deliveries
   * which arrived for the consumer after the cancel was sent, instead of handing them to it (pika's
   * {@code BlockingChannel.basic_cancel}, which returns the messages it buffered). Deliveries
   * already handed to the consumer's thread before the call still reach it. The consumer hears
   * {@link Consumer#handleCancelOk} as after {@link #basicCancel}. For a consumer that acknowledges
   * manually, acknowledge or reject the returned deliveries as usual (the broker counts them
   * outstanding); for an auto-ack one they are already acknowledged.
   *
   * <p>Thread-safe; waits at most the RPC timeout ({@link dev.warren.errors.RpcTimeoutException});
   * a closed channel throws {@link dev.warren.errors.WrongStateException}.
   *
   * @param consumerTag the consumer's tag
   * @return the deliveries, in the order they arrived (immutable, empty when none)
   * @throws NullPointerException if {@code consumerTag} is null
   * @since 0.2
   */
  java.util.List<Delivery> basicCancelAndTake(String consumerTag);

  /**
   * The tags of the channel's active consumers (pika's {@code consumer_tags}; py-amqp's {@code
   * no_ack_consumers} are those of them subscribed with {@link ConsumeSpec#autoAck()}), including
   * those of {@link #consume} streams.
   *
   * <p>A consumer is listed from the moment {@link #basicConsume} returns its tag until its
   * cancel-ok ({@link #basicCancel} has returned), the broker cancels it (before {@link
   * Consumer#handleCancel} runs) or the channel closes; consumers kept for automatic recovery stay
   * listed while the channel recovers, and a consumer the broker cancelled is listed again if
   * recovery re-subscribes it once its queue is back ({@link
   * RecoveryPolicy.BrokerCancelPolicy#RESUBSCRIBE_WHEN_QUEUE_EXISTS}).
   *
   * <p>Thread-safe and never blocks: returns an immutable snapshot (never null, empty when there is
   * no consumer, in no particular order) that later changes do not affect.
   *
   * @since 0.1
   */
  java.util.Set<String> consumerTags();

  /**
   * Adds a listener told whenever the broker cancels one of this channel's consumers (pika's {@code
   * add_on_cancel_callback}), in addition to that consumer's {@link Consumer#handleCancel}; see
   * {@link CancelListener} for the thread. Listeners are kept for the channel's life (across
   * recoveries) and told in the order they were added; a listener added twice is told twice.
   *
   * <p>Returns a registration whose {@link Cancellable#cancel()} removes the listener (once per
   * registration; true if this call removed it).
   *
   * @throws NullPointerException if {@code listener} is null
   * @since 0.1
   */
  Cancellable addCancelListener(CancelListener listener);

  /** basic.get; empty when the queue had no message. */
  Optional<GetResponse> basicGet(String queue, AckMode ackMode);

  /**
   * basic.publish, not mandatory. Returns once the frames are queued for the socket; on a
   * connection with {@link ConnectionParameters#confirmEveryPublish()}, once the broker confirmed
   * it, as {@link #publishConfirmed}.
   */
  void basicPublish(String exchange, String routingKey, BasicProperties properties, byte[] body);

  void basicPublish(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options);

  /**
   * Publishes and waits for the broker's confirm (pika's BlockingChannel in confirm mode). Throws
   * {@link dev.warren.errors.NackedException} on a nack and {@link
   * dev.warren.errors.UnroutableException} (carrying the message) when a mandatory message is
   * returned. Requires {@link #confirmSelect()}.
   */
  void publishConfirmed(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options);

  void basicAck(long deliveryTag);

  /**
   * Acknowledges every delivery up to and including {@code deliveryTag}; a tag of 0 acknowledges
   * every outstanding delivery, as {@link #basicAckAll()} says more plainly.
   */
  void basicAckUpTo(long deliveryTag);

  /**
   * Acknowledges every delivery of this channel not acknowledged yet (pika's and py-amqp's {@code
   * basic_ack(0, multiple=True)}): a basic.ack with delivery tag 0 and multiple set. Like {@link
   * #basicAck} it does not wait for the I/O thread; nothing outstanding is fine. After an automatic
   * recovery it covers the deliveries since the recovery only (the broker requeued the earlier
   * ones).
   *
   * <p>Thread-safe. Deliveries still queued on the dispatcher (not yet handed to the consumer) are
   * acknowledged too, since the broker counts them as outstanding.
   *
   * @throws dev.warren.errors.WrongStateException if the channel is closed
   * @since 0.1
   */
  void basicAckAll();

  void basicNack(long deliveryTag, Requeue requeue);

  void basicNackUpTo(long deliveryTag, Requeue requeue);

  /**
   * Negatively acknowledges every delivery of this channel not acknowledged yet (pika's {@code
   * basic_nack(0, multiple=True, requeue)}): a basic.nack with delivery tag 0 and multiple set,
   * requeueing or discarding (dead-lettering) them as {@code requeue} says. Same rules as {@link
   * #basicAckAll()}.
   *
   * @throws NullPointerException if {@code requeue} is null
   * @throws dev.warren.errors.WrongStateException if the channel is closed
   * @since 0.1
   */
  void basicNackAll(Requeue requeue);

  void basicReject(long deliveryTag, Requeue requeue);

  void basicRecover(Requeue requeue);

  void basicRecoverAsync(Requeue requeue);

  void txSelect();

  void txCommit();

  void txRollback();

  /** confirm.select: from now on the broker acks or nacks every publish; no confirm window. */
  void confirmSelect();

  /**
   * confirm.select with options: with {@link ConfirmOptions#window(int)}, {@link #basicPublish} and
   * {@link #publishConfirmed} wait while that many publishes are unconfirmed (at most their
   * timeout, then {@link dev.warren.errors.BackpressureTimeoutException} with gate {@code
   * CONFIRM_WINDOW}). The options stay in force across recoveries.
   */
  void confirmSelect(ConfirmOptions options);

  /**
   * confirm.select with no-wait set (py-amqp's {@code confirm_select(nowait=True)}): returns once
   * the method is written, without waiting for select-ok. Confirm mode, with {@code options}, is in
   * force for every publish on this channel made after this returns, as with {@link
   * #confirmSelect(ConfirmOptions)}; {@link #nextPublishSeqNo()} is counted from here. Calling it
   * on a channel already in confirm mode only replaces the options.
   *
   * <p>Thread-safe. Waits only for the I/O thread to write the method (and, during an automatic
   * recovery, for the channel to be usable again), at most the RPC timeout. Recovery re-selects
   * confirm mode as after {@link #confirmSelect(ConfirmOptions)}.
   *
   * <p>Errors the broker finds (a channel in transaction mode: 406 PRECONDITION_FAILED) are not
   * thrown here: the broker closes the channel, which then reports a {@link
   * dev.warren.errors.ChannelClosedException} to its close listeners; later calls fail with a
   * {@link dev.warren.errors.WrongStateException} caused by it.
   *
   * @param options the confirm window; never null ({@link ConfirmOptions#unbounded()} for none)
   * @throws NullPointerException if {@code options} is null
   * @throws dev.warren.errors.WrongStateException if the channel is closed
   * @throws dev.warren.errors.RpcTimeoutException if the method could not be written within the RPC
   *     timeout
   * @since 0.1
   */
  void confirmSelectNoWait(ConfirmOptions options);

  /**
   * Waits until every publish so far is confirmed, at most {@code timeout}; throws {@link
   * dev.warren.errors.NackedException} if any was nacked and {@link
   * dev.warren.errors.RpcTimeoutException} at the deadline.
   */
  void waitForConfirms(Duration timeout);

  /** The sequence number the next publish will get in confirm mode; 0 outside it. */
  long nextPublishSeqNo();

  /**
   * Adds a listener of confirms, run on the channel's dispatcher; see {@link ConfirmListener}.
   *
   * <p>Returns a registration whose {@link Cancellable#cancel()} removes the listener (once per
   * registration; true if this call removed it).
   *
   * @throws NullPointerException if {@code listener} is null
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
   * Adds a listener of confirms that runs on {@code thread}: {@link CallbackThread#IO_THREAD} runs
   * it on the I/O thread that read the confirm, with no hand-off (amqp-client's confirm listeners
   * run there too), under that constant's rules; for short listeners such as counters.
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
   *
   * @throws NullPointerException if {@code listener} is null
   */
  Cancellable addReturnListener(ReturnListener listener);

  /**
   * Adds a listener called once when the channel closes, with the reason, on the channel's
   * dispatcher; added after the close, it is called at once.
   *
   * <p>Returns a registration whose {@link Cancellable#cancel()} removes the listener (once per
   * registration; true if this call removed it).
   *
   * @throws NullPointerException if {@code listener} is null
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

  /**
   * pika's {@code start_consuming}: runs until {@link #stopConsuming()} is called (from a callback
   * or another thread), the channel has no consumers left, or it closes. Deliveries keep running on
   * the dispatcher meanwhile; this only waits.
   *
   * @throws dev.warren.errors.ChannelClosedException (the close's cause: {@link
   *     dev.warren.errors.NotFoundException} and the other subtypes) when the channel closed other
   *     than by the application: the broker closed it, or its connection closed for good
   * @throws dev.warren.errors.WrongStateException if the channel is closed already, or when called
   *     on the I/O thread
   */
  void startConsuming();

  /**
   * {@link #startConsuming()} for at most {@code timeLimit} (pika's {@code
   * process_data_events(time_limit)}, py-amqp's {@code drain_events(timeout)}): waits while the
   * channel's consumers run on the dispatcher, and returns when the loop ended (stopped, no
   * consumer left, closed by the application) or the time limit passed, whichever comes first.
   * Deliveries do not need this call to be handed out; it only waits, so an application can do
   * other work between calls.
   *
   * @param timeLimit how long to wait at most; never null ({@link Duration#ZERO}: only check)
   * @return true when the loop ended, false when the time limit passed first
   * @throws NullPointerException if {@code timeLimit} is null
   * @throws dev.warren.errors.ChannelClosedException as {@link #startConsuming()}
   * @throws dev.warren.errors.WrongStateException as {@link #startConsuming()}
   * @since 0.2
   */
  boolean startConsuming(Duration timeLimit);

  /**
   * pika's {@code stop_consuming}: cancels every consumer of the channel and ends {@link
   * #startConsuming()}.
   */
  void stopConsuming();

  /**
   * pika's {@code stop_consuming(consumer_tag)}: cancels that one consumer (waiting for its
   * cancel-ok, like {@link #basicCancel}); {@link #startConsuming()} goes on while the channel has
   * other consumers and returns when this was the last one. A tag the channel does not know is
   * cancelled at the broker all the same (RabbitMQ answers cancel-ok); on a closed channel this
   * does nothing, as the loop has ended already.
   *
   * <p>Thread-safe; may be called from a consumer callback or from another thread.
   *
   * @throws NullPointerException if {@code consumerTag} is null
   * @throws dev.warren.errors.RpcTimeoutException when no cancel-ok comes within the RPC timeout
   * @since 0.1
   */
  void stopConsuming(String consumerTag);
}
