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
 * channel are answered in order, so several threads' calls are pipelined. Suitable for virtual
 * threads (no monitor is held while waiting). A blocking call made on an I/O thread (from a
 * consumer subscribed with {@link CallbackThread#IO_THREAD}) throws {@link
 * dev.warren.errors.WrongStateException} at once instead of waiting for itself. docs/threading.md
 * lists the thread of every callback.
 *
 * <p><b>Deadlines:</b> every call that waits for the broker waits at most the connection's RPC
 * timeout and then throws {@link dev.warren.errors.RpcTimeoutException} naming the method.
 *
 * <p><b>Errors:</b> a channel error throws the {@link ChannelClosedException} subclass for its
 * reply code, carrying the code and the broker's text: 404 NOT_FOUND {@link
 * dev.warren.errors.NotFoundException}, 403 ACCESS_REFUSED {@link
 * dev.warren.errors.AccessRefusedException}, 405 RESOURCE_LOCKED {@link
 * dev.warren.errors.ResourceLockedException}, 406 PRECONDITION_FAILED {@link
 * dev.warren.errors.PreconditionFailedException}, any other soft code a plain {@link
 * ChannelClosedException}. It closes this channel only and leaves the connection and its other
 * channels working. A connection error (a hard code such as 503 COMMAND_INVALID, 530 NOT_ALLOWED or
 * 541 INTERNAL_ERROR) closes the whole connection: the call throws a {@link ChannelClosedException}
 * with initiator {@link dev.warren.errors.Initiator#LIBRARY} whose cause is the {@link
 * dev.warren.errors.ConnectionClosedException}, or a {@link
 * dev.warren.errors.ConnectionLostException} when the connection is being recovered. Using a closed
 * channel throws {@link dev.warren.errors.WrongStateException}.
 *
 * <p><b>Recovery:</b> with automatic recovery ({@link RecoveryPolicy}), a lost connection suspends
 * the channel ({@link State#RECOVERING}) instead of closing it: calls wait for it, at most the
 * policy's operation wait. What the channel declared is recorded in its connection's topology and
 * declared again on the new connection: exchanges, queues (server-named ones under their new name)
 * and bindings, once the broker accepted them (passive declarations are not recorded); deletions
 * and unbindings forget them. The channel's qos, confirm and transaction modes and its consumers
 * (with their tags) are restored too.
 *
 * <p><b>Nullability:</b> arguments are never null unless a parameter says otherwise; return values
 * are never null.
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

  /**
   * The channel number, fixed for the channel's life (recovery reopens it with the same number).
   *
   * @return the number, 1 to the negotiated channel_max
   */
  int number();

  /**
   * Whether the channel is open: true until it is {@link State#CLOSED}, so also while it is {@link
   * State#RECOVERING} or {@link State#CLOSING}; {@link #state()} tells those apart. Thread-safe,
   * never blocks.
   *
   * @return false once the channel is closed for good
   */
  boolean isOpen();

  /**
   * The channel's state at the time of the call. A close the broker starts goes from {@link
   * State#OPEN} straight to {@link State#CLOSED}; only the application's {@link #close()} passes
   * through {@link State#CLOSING}.
   *
   * <p>Thread-safe, never blocks, never null; the state may change right after it is read.
   *
   * @return the state; never null
   * @since 0.1
   */
  State state();

  /**
   * The asynchronous view of this channel: the same channel, with methods that return futures. Both
   * views may be used at once.
   *
   * @return the asynchronous view; never null, always the same object
   */
  AsyncChannel async();

  /**
   * The connection this channel belongs to, in the blocking view (pika's {@code
   * BlockingChannel.connection}); the same object after an automatic recovery. Never null.
   *
   * @return the connection; never null
   * @since 0.1
   */
  Connection connection();

  /**
   * Closes the channel: sends channel.close with 200 OK and waits for close-ok, at most the RPC
   * timeout (without close-ok in time the channel counts as closed all the same). The state is
   * {@link State#CLOSING} meanwhile and {@link State#CLOSED} afterwards. Publishes still awaiting
   * their confirm fail at once; consumers hear {@link Consumer#handleShutdown} and close listeners
   * run, with initiator {@link dev.warren.errors.Initiator#CLIENT}. Closing a closed channel does
   * nothing; closing a recovering channel closes it for good. Never throws for what the broker
   * answers.
   *
   * <p>Thread-safe. What the channel declared stays in the connection's recorded topology (a
   * channel's close deletes nothing); its consumers are forgotten.
   *
   * @throws dev.warren.errors.WrongStateException if called on an I/O thread
   */
  @Override
  void close();

  /**
   * Closes the channel as {@link #close()} does, with the application's reply code and text in the
   * channel.close.
   *
   * @param replyCode the reply code to send, normally 200
   * @param replyText the reply text to send; never null
   * @throws dev.warren.errors.WrongStateException if called on an I/O thread
   */
  void close(int replyCode, String replyText);

  /**
   * Sends channel.flow asking the broker to pause or resume deliveries to this channel, and waits
   * for flow-ok. RabbitMQ does not implement {@link FlowState#PAUSED}: use {@link #basicQos} to
   * limit deliveries.
   *
   * @param state the state asked for
   * @return the state the broker confirmed
   * @throws ChannelClosedException for {@link FlowState#PAUSED} on RabbitMQ, which closes the
   *     connection with 540 NOT_IMPLEMENTED (the exception carries 540, its cause is the
   *     connection's close); also if the channel or its connection closes before the reply
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   */
  FlowState flow(FlowState state);

  /**
   * Declares an exchange: sends exchange.declare and waits for declare-ok. Declaring an exchange
   * that exists with the same properties does nothing; a passive declaration only checks that it
   * exists. Recorded for recovery once declare-ok arrives (a passive one is not). With no-wait set
   * the method is only written: the call returns once it is, nothing is thrown for what the broker
   * refuses (the broker then closes the channel, which its close listeners hear and later calls see
   * as a {@link dev.warren.errors.WrongStateException}), and the recorded topology is updated once
   * it is written.
   *
   * @param exchange the exchange's name, type, flags and arguments
   * @throws dev.warren.errors.PreconditionFailedException (406) if the exchange exists with other
   *     properties (type, durable, auto-delete, internal, arguments)
   * @throws dev.warren.errors.NotFoundException (404) if the declaration is passive and the
   *     exchange does not exist
   * @throws dev.warren.errors.AccessRefusedException (403) if the user may not configure it, or its
   *     name starts with "amq."
   * @throws ChannelClosedException if the channel or its connection closes before the reply (see
   *     "Errors" above)
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   * @throws NullPointerException if {@code exchange} is null
   */
  void exchangeDeclare(ExchangeSpec exchange);

  /**
   * Deletes an exchange, unconditionally: exchange.delete, waiting for delete-ok. RabbitMQ answers
   * delete-ok for an exchange that does not exist. The recorded topology forgets the exchange and
   * the bindings from or to it.
   *
   * @param exchange the exchange's name
   * @throws dev.warren.errors.AccessRefusedException (403) if the user may not configure it, or it
   *     is a predeclared "amq." exchange
   * @throws ChannelClosedException if the channel or its connection closes before the reply (see
   *     "Errors" above)
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   */
  void exchangeDelete(String exchange);

  /**
   * Deletes an exchange with the deletion's conditions: exchange.delete, waiting for delete-ok. On
   * success the recorded topology forgets the exchange and the bindings from or to it. With no-wait
   * set the method is only written: the call returns once it is, nothing is thrown for what the
   * broker refuses (the broker then closes the channel, which its close listeners hear and later
   * calls see as a {@link dev.warren.errors.WrongStateException}), and the recorded topology is
   * updated once it is written.
   *
   * @param deletion the exchange and the if-unused and no-wait flags
   * @throws dev.warren.errors.PreconditionFailedException (406) if {@code ifUnused} is set and the
   *     exchange has bindings
   * @throws dev.warren.errors.AccessRefusedException (403) if the user may not configure it
   * @throws ChannelClosedException if the channel or its connection closes before the reply (see
   *     "Errors" above)
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   */
  void exchangeDelete(ExchangeDeletion deletion);

  /**
   * Binds an exchange to an exchange (RabbitMQ extension): exchange.bind, waiting for bind-ok.
   * Binding again with the same key and arguments does nothing. Recorded for recovery once bind-ok
   * arrives. With no-wait set the method is only written: the call returns once it is, nothing is
   * thrown for what the broker refuses (the broker then closes the channel, which its close
   * listeners hear and later calls see as a {@link dev.warren.errors.WrongStateException}), and the
   * recorded topology is updated once it is written.
   *
   * @param binding the destination exchange ({@link Binding#exchange(String)}), source, key and
   *     arguments
   * @throws dev.warren.errors.NotFoundException (404) if the source or the destination exchange
   *     does not exist
   * @throws dev.warren.errors.AccessRefusedException (403) if the user may not write the
   *     destination or read the source
   * @throws ChannelClosedException if the channel or its connection closes before the reply (see
   *     "Errors" above)
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   */
  void exchangeBind(Binding binding);

  /**
   * Removes an exchange-to-exchange binding: exchange.unbind, waiting for unbind-ok (RabbitMQ
   * answers unbind-ok also when no such binding, or no such exchange, exists). The recorded
   * topology forgets the binding, and an auto-delete source exchange left without bindings. With
   * no-wait set the method is only written: the call returns once it is, nothing is thrown for what
   * the broker refuses (the broker then closes the channel, which its close listeners hear and
   * later calls see as a {@link dev.warren.errors.WrongStateException}), and the recorded topology
   * is updated once it is written.
   *
   * @param binding the binding, as it was bound (destination, source, key and arguments)
   * @throws dev.warren.errors.AccessRefusedException (403) if the user may not write the
   *     destination or read the source
   * @throws ChannelClosedException if the channel or its connection closes before the reply (see
   *     "Errors" above)
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   */
  void exchangeUnbind(Binding binding);

  /**
   * Declares a queue: sends queue.declare and waits for declare-ok. Declaring a queue that exists
   * with the same properties does nothing; a passive declaration only checks that it exists; a
   * server-named queue ({@link QueueSpec#serverNamed()}) gets its name from the broker. Recorded
   * for recovery once declare-ok arrives, under the name the broker gave (a passive declaration is
   * not recorded); recovery declares it again, and a server-named queue comes back under a new name
   * that its recorded bindings and consumers follow. With no-wait set it returns once the method is
   * written, with the name asked for and counts of 0, and a refusal closes the channel instead of
   * being thrown.
   *
   * @param queue the queue's name, flags and arguments
   * @return the queue's name (the broker's, for a server-named queue), message count and consumer
   *     count
   * @throws dev.warren.errors.PreconditionFailedException (406) if the queue exists with other
   *     properties (durable, exclusive, auto-delete, arguments such as x-queue-type)
   * @throws dev.warren.errors.NotFoundException (404) if the declaration is passive and the queue
   *     does not exist
   * @throws dev.warren.errors.ResourceLockedException (405) if the queue is exclusive to another
   *     connection
   * @throws dev.warren.errors.AccessRefusedException (403) if the user may not configure it, or its
   *     name starts with "amq."
   * @throws ChannelClosedException if the channel or its connection closes before the reply (see
   *     "Errors" above)
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   * @throws NullPointerException if {@code queue} is null
   */
  QueueDeclareOk queueDeclare(QueueSpec queue);

  /**
   * Binds a queue to an exchange: queue.bind, waiting for bind-ok. Binding again with the same key
   * and arguments does nothing. Recorded for recovery once bind-ok arrives. With no-wait set the
   * method is only written: the call returns once it is, nothing is thrown for what the broker
   * refuses (the broker then closes the channel, which its close listeners hear and later calls see
   * as a {@link dev.warren.errors.WrongStateException}), and the recorded topology is updated once
   * it is written.
   *
   * @param binding the queue ({@link Binding#queue(String)}), exchange, routing key and arguments
   * @throws dev.warren.errors.NotFoundException (404) if the queue or the exchange does not exist
   * @throws dev.warren.errors.ResourceLockedException (405) if the queue is exclusive to another
   *     connection
   * @throws dev.warren.errors.AccessRefusedException (403) if the user may not write the queue or
   *     read the exchange
   * @throws ChannelClosedException if the channel or its connection closes before the reply (see
   *     "Errors" above)
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   */
  void queueBind(Binding binding);

  /**
   * Binds {@code queue} to {@code exchange} with {@code routingKey} and no arguments: the same as
   * {@link #queueBind(Binding)} with {@code Binding.queue(queue).to(exchange).withKey(routingKey)},
   * and recorded the same way.
   *
   * @param queue the queue's name
   * @param exchange the exchange's name
   * @param routingKey the routing key ("" for none)
   * @throws dev.warren.errors.NotFoundException (404) if the queue or the exchange does not exist
   * @throws dev.warren.errors.ResourceLockedException (405) if the queue is exclusive to another
   *     connection
   * @throws dev.warren.errors.AccessRefusedException (403) if the user may not write the queue or
   *     read the exchange
   * @throws ChannelClosedException if the channel or its connection closes before the reply (see
   *     "Errors" above)
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   */
  void queueBind(String queue, String exchange, String routingKey);

  /**
   * Removes a queue's binding: queue.unbind, waiting for unbind-ok (AMQP has no no-wait here;
   * RabbitMQ answers unbind-ok also when no such binding, or no such exchange, exists). The
   * recorded topology forgets the binding, and an auto-delete exchange left without bindings.
   *
   * @param binding the binding, as it was bound (queue, exchange, key and arguments)
   * @throws dev.warren.errors.AccessRefusedException (403) if the user may not write the queue or
   *     read the exchange
   * @throws ChannelClosedException if the channel or its connection closes before the reply (see
   *     "Errors" above)
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   */
  void queueUnbind(Binding binding);

  /**
   * Removes every message from a queue that is not awaiting acknowledgement: queue.purge, waiting
   * for purge-ok. Changes nothing in the recorded topology.
   *
   * @param queue the queue's name
   * @return the number of messages purged
   * @throws dev.warren.errors.NotFoundException (404) if the queue does not exist
   * @throws dev.warren.errors.ResourceLockedException (405) if the queue is exclusive to another
   *     connection
   * @throws dev.warren.errors.AccessRefusedException (403) if the user may not read the queue
   * @throws ChannelClosedException if the channel or its connection closes before the reply (see
   *     "Errors" above)
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   */
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

  /**
   * Deletes a queue, unconditionally: queue.delete, waiting for delete-ok (RabbitMQ answers
   * delete-ok for a queue that does not exist). Its consumers on any channel are cancelled by the
   * broker. The recorded topology forgets the queue and its bindings.
   *
   * @param queue the queue's name
   * @return the number of messages deleted with the queue
   * @throws dev.warren.errors.ResourceLockedException (405) if the queue is exclusive to another
   *     connection
   * @throws dev.warren.errors.AccessRefusedException (403) if the user may not configure it
   * @throws ChannelClosedException if the channel or its connection closes before the reply (see
   *     "Errors" above)
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   */
  long queueDelete(String queue);

  /**
   * Deletes a queue with the deletion's conditions: queue.delete, waiting for delete-ok. On success
   * the recorded topology forgets the queue and its bindings. With no-wait set it returns 0 once
   * the method is written, the queue is forgotten then, and a refusal closes the channel instead of
   * being thrown.
   *
   * @param deletion the queue and the if-unused, if-empty and no-wait flags
   * @return the number of messages deleted with the queue (0 with no-wait)
   * @throws dev.warren.errors.PreconditionFailedException (406) if {@code ifUnused} is set and the
   *     queue has consumers, or {@code ifEmpty} is set and it has messages
   * @throws dev.warren.errors.ResourceLockedException (405) if the queue is exclusive to another
   *     connection
   * @throws dev.warren.errors.AccessRefusedException (403) if the user may not configure it
   * @throws ChannelClosedException if the channel or its connection closes before the reply (see
   *     "Errors" above)
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   */
  long queueDelete(QueueDeletion deletion);

  /**
   * Sets the prefetch limits: basic.qos, waiting for qos-ok. Applies to consumers subscribed
   * afterwards (per consumer) or to the whole channel ({@link Qos#global()}), as RabbitMQ reads the
   * flag. Once qos-ok arrives the setting is kept and restored on a recovered channel before its
   * consumers are re-subscribed.
   *
   * @param qos the prefetch count, size and scope
   * @throws ChannelClosedException if the prefetch size is not 0: RabbitMQ closes the connection
   *     with 540 NOT_IMPLEMENTED (the exception carries 540, its cause is the connection's close);
   *     also if the channel or its connection closes before the reply
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   */
  void basicQos(Qos qos);

  /**
   * Subscribes a callback consumer: basic.consume, waiting for consume-ok. Deliveries then go to
   * {@code consumer} on the channel's dispatcher (or on the I/O thread, with {@link
   * ConsumeSpec#callbackThread}), one at a time, in the broker's order; {@link
   * Consumer#handleConsumeOk} runs first. Acknowledge manually unless the spec says {@link
   * ConsumeSpec#autoAck()}. The consumer is kept for recovery, which re-subscribes it with the same
   * tag; it is forgotten on {@link #basicCancel}, a broker cancel (unless the recovery policy
   * re-subscribes it) or the channel's close. With no-wait set it returns the spec's tag once the
   * method is written.
   *
   * @param spec the queue, tag ("" for one the broker makes up), flags and arguments
   * @param consumer the callbacks; never null
   * @return the consumer tag (the broker's, when the spec asked for none)
   * @throws dev.warren.errors.NotFoundException (404) if the queue does not exist
   * @throws dev.warren.errors.ResourceLockedException (405) if the queue is exclusive to another
   *     connection
   * @throws dev.warren.errors.AccessRefusedException (403) if the queue has an exclusive consumer,
   *     or the user may not read it
   * @throws ChannelClosedException if the channel or its connection closes before the reply (see
   *     "Errors" above)
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   * @throws IllegalArgumentException if the spec's tag is already used by a consumer of this
   *     channel
   */
  String basicConsume(ConsumeSpec spec, Consumer consumer);

  /**
   * Consumes as an iterator (pika: the {@code consume} generator): subscribes a consumer
   * (basic.consume, waiting for consume-ok) whose deliveries the returned stream hands out on the
   * iterating thread, yielding an {@link ConsumerStream.Item#inactive() inactive} item whenever
   * nothing arrived for {@code inactivityTimeout}. Closing the stream cancels the consumer and
   * requeues what arrived but was not handed out. The consumer is kept for recovery like one of
   * {@link #basicConsume}.
   *
   * @param spec the queue, tag, flags and arguments
   * @param inactivityTimeout how long to wait before an inactive item; null to wait forever
   * @return the stream; close it when done (thread-safe: see {@link ConsumerStream})
   * @throws dev.warren.errors.NotFoundException (404) if the queue does not exist
   * @throws dev.warren.errors.ResourceLockedException (405) if the queue is exclusive to another
   *     connection
   * @throws dev.warren.errors.AccessRefusedException (403) if the queue has an exclusive consumer,
   *     or the user may not read it
   * @throws ChannelClosedException if the channel or its connection closes before the reply (see
   *     "Errors" above)
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   */
  ConsumerStream consume(ConsumeSpec spec, Duration inactivityTimeout);

  /**
   * Cancels a consumer: basic.cancel, waiting for cancel-ok. Deliveries that arrive before
   * cancel-ok still go to the consumer; {@link Consumer#handleCancelOk} runs after them. The
   * consumer is forgotten for recovery, and an auto-delete queue whose last consumer it was leaves
   * the recorded topology (the broker deletes it). RabbitMQ answers cancel-ok for a tag it does not
   * know.
   *
   * @param consumerTag the tag {@link #basicConsume} returned
   * @throws ChannelClosedException if the channel or its connection closes before the reply (see
   *     "Errors" above)
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   */
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
   * @param consumerTag the consumer's tag
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
   * @return an immutable snapshot of the tags
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
   * @param listener the listener
   * @return the registration; never null
   * @throws NullPointerException if {@code listener} is null
   * @since 0.1
   */
  Cancellable addCancelListener(CancelListener listener);

  /**
   * Fetches one message: basic.get, waiting for get-ok or get-empty. With {@link AckMode#MANUAL}
   * the message must be acknowledged with its delivery tag, like a delivery. Nothing is recorded.
   *
   * @param queue the queue's name
   * @param ackMode whether the broker considers the message acknowledged once sent
   * @return the message and the queue's remaining count, or empty when the queue had no message
   * @throws dev.warren.errors.NotFoundException (404) if the queue does not exist
   * @throws dev.warren.errors.ResourceLockedException (405) if the queue is exclusive to another
   *     connection
   * @throws dev.warren.errors.AccessRefusedException (403) if the user may not read the queue
   * @throws ChannelClosedException if the channel or its connection closes before the reply (see
   *     "Errors" above)
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   */
  Optional<GetResponse> basicGet(String queue, AckMode ackMode);

  /**
   * Publishes a message, not mandatory: basic.publish with its content header and body frames.
   * Returns once the frames are queued for the socket, without a reply: there is none unless the
   * channel is in confirm mode ({@link #publishConfirmed}, {@link #addConfirmListener}). Before
   * that it waits, while needed, for the backpressure gates (the socket's write buffer above its
   * high-water mark, a connection the broker blocked, the confirm window of {@link
   * ConfirmOptions#window(int)}) and, while the channel recovers, for the recovery. In confirm mode
   * it takes the next sequence number ({@link #nextPublishSeqNo()}).
   *
   * <p>What the broker refuses does not throw here: publishing to an exchange that does not exist
   * (404) or with a user-id that is not the connection's (406) closes the channel, which its close
   * listeners hear; an unroutable message is dropped. Thread-safe: publishes of one thread go out
   * in its order.
   *
   * @param exchange the exchange's name ("" for the default exchange); at most 255 bytes in UTF-8
   * @param routingKey the routing key; at most 255 bytes in UTF-8
   * @param properties the message's properties; null for none
   * @param body the message's body; never null, not copied (do not change it until the call
   *     returned)
   * @throws IllegalArgumentException if the exchange, the routing key or a string property is
   *     longer than 255 bytes in UTF-8
   * @throws dev.warren.errors.BackpressureTimeoutException if the publish waited longer than the
   *     timeout (the options', else the RPC timeout) at a gate: the socket's write buffer, a
   *     blocked connection, or the confirm window
   * @throws dev.warren.errors.WrongStateException if the channel is closed, or is still recovering
   *     after the recovery policy's operation wait
   */
  void basicPublish(String exchange, String routingKey, BasicProperties properties, byte[] body);

  /**
   * Publishes a message with options: as {@link #basicPublish(String, String, BasicProperties,
   * byte[])}, with the options' mandatory flag (an unroutable mandatory message comes back to the
   * {@link #addReturnListener return listeners}) and the options' timeout for the gates.
   *
   * @param exchange the exchange's name ("" for the default exchange); at most 255 bytes in UTF-8
   * @param routingKey the routing key; at most 255 bytes in UTF-8
   * @param properties the message's properties; null for none
   * @param body the message's body; never null, not copied (do not change it until the call
   *     returned)
   * @param options mandatory flag and timeout; {@link PublishOptions#DEFAULT} for none
   * @throws IllegalArgumentException if the exchange, the routing key or a string property is
   *     longer than 255 bytes in UTF-8
   * @throws dev.warren.errors.BackpressureTimeoutException if the publish waited longer than the
   *     timeout (the options', else the RPC timeout) at a gate: the socket's write buffer, a
   *     blocked connection, or the confirm window
   * @throws dev.warren.errors.WrongStateException if the channel is closed, or is still recovering
   *     after the recovery policy's operation wait
   */
  void basicPublish(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options);

  /**
   * Publishes a message and waits for the broker's confirm (pika: {@code BlockingChannel} in
   * confirm mode): as {@link #basicPublish(String, String, BasicProperties, byte[],
   * PublishOptions)}, then waits for the basic.ack of this message. One deadline covers both the
   * wait at the gates and the wait for the confirm: the options' timeout, else the RPC timeout.
   * Requires confirm mode ({@link #confirmSelect()}).
   *
   * @param exchange the exchange's name ("" for the default exchange); at most 255 bytes in UTF-8
   * @param routingKey the routing key; at most 255 bytes in UTF-8
   * @param properties the message's properties; null for none
   * @param body the message's body; never null, not copied (do not change it until the call
   *     returned)
   * @param options mandatory flag and timeout
   * @throws dev.warren.errors.NackedException if the broker nacked the message (it was not stored)
   * @throws dev.warren.errors.UnroutableException if the options say mandatory and the broker
   *     returned the message (it carries the message)
   * @throws dev.warren.errors.RpcTimeoutException if no confirm came within the deadline
   * @throws dev.warren.errors.ConnectionLostException if the connection was lost before the
   *     confirm; {@link dev.warren.errors.ConnectionLostException#mayHaveReachedBroker()} says
   *     whether the message may have been routed
   * @throws ChannelClosedException if the channel closed before the confirm
   * @throws dev.warren.errors.WrongStateException if the channel is not in confirm mode, is closed,
   *     or the call is made on an I/O thread
   * @throws IllegalArgumentException if the exchange, the routing key or a string property is
   *     longer than 255 bytes in UTF-8
   * @throws dev.warren.errors.BackpressureTimeoutException if the deadline passed while waiting at
   *     a gate
   */
  void publishConfirmed(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options);

  /**
   * Acknowledges one delivery: basic.ack of {@code deliveryTag}, multiple clear. Does not wait for
   * the I/O thread or the broker (there is no reply): the method is queued for the socket. An
   * unknown delivery tag (one acknowledged already, or of another channel) makes the broker close
   * the channel with 406 PRECONDITION_FAILED, which its close listeners hear. A tag from before an
   * automatic recovery is dropped (the broker requeued that message). Thread-safe.
   *
   * @param deliveryTag the delivery's tag, from {@link Delivery#deliveryTag()} or {@link
   *     GetResponse}
   * @throws dev.warren.errors.WrongStateException if the channel is closed
   */
  void basicAck(long deliveryTag);

  /**
   * Acknowledges every delivery up to and including {@code deliveryTag}; a tag of 0 acknowledges
   * every outstanding delivery, as {@link #basicAckAll()} says more plainly.
   *
   * @param deliveryTag the last tag acknowledged; 0 for every outstanding delivery
   * @throws dev.warren.errors.WrongStateException if the channel is closed
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

  /**
   * Rejects one delivery: basic.nack of {@code deliveryTag}, multiple clear, requeued or discarded
   * (dead-lettered when the queue has a dead-letter exchange) as {@code requeue} says. Does not
   * wait for the I/O thread or the broker (there is no reply): the method is queued for the socket.
   * An unknown delivery tag (one acknowledged already, or of another channel) makes the broker
   * close the channel with 406 PRECONDITION_FAILED, which its close listeners hear. A tag from
   * before an automatic recovery is dropped (the broker requeued that message). Thread-safe.
   *
   * @param deliveryTag the delivery's tag
   * @param requeue whether the broker requeues the message
   * @throws dev.warren.errors.WrongStateException if the channel is closed
   */
  void basicNack(long deliveryTag, Requeue requeue);

  /**
   * Rejects every delivery up to and including {@code deliveryTag}: basic.nack with multiple set
   * (tag 0: every outstanding delivery). Does not wait for the I/O thread or the broker (there is
   * no reply): the method is queued for the socket. An unknown delivery tag (one acknowledged
   * already, or of another channel) makes the broker close the channel with 406
   * PRECONDITION_FAILED, which its close listeners hear. A tag from before an automatic recovery is
   * dropped (the broker requeued that message). Thread-safe.
   *
   * @param deliveryTag the last tag rejected; 0 for every outstanding delivery
   * @param requeue whether the broker requeues the messages
   * @throws dev.warren.errors.WrongStateException if the channel is closed
   */
  void basicNackUpTo(long deliveryTag, Requeue requeue);

  /**
   * Negatively acknowledges every delivery of this channel not acknowledged yet (pika's {@code
   * basic_nack(0, multiple=True, requeue)}): a basic.nack with delivery tag 0 and multiple set,
   * requeueing or discarding (dead-lettering) them as {@code requeue} says. Same rules as {@link
   * #basicAckAll()}.
   *
   * @throws NullPointerException if {@code requeue} is null
   * @throws dev.warren.errors.WrongStateException if the channel is closed
   * @param requeue whether the broker requeues the messages
   * @since 0.1
   */
  void basicNackAll(Requeue requeue);

  /**
   * Rejects one delivery: basic.reject, requeued or discarded as {@code requeue} says (the spec's
   * single-message form of {@link #basicNack}). Does not wait for the I/O thread or the broker
   * (there is no reply): the method is queued for the socket. An unknown delivery tag (one
   * acknowledged already, or of another channel) makes the broker close the channel with 406
   * PRECONDITION_FAILED, which its close listeners hear. A tag from before an automatic recovery is
   * dropped (the broker requeued that message). Thread-safe.
   *
   * @param deliveryTag the delivery's tag
   * @param requeue whether the broker requeues the message
   * @throws dev.warren.errors.WrongStateException if the channel is closed
   */
  void basicReject(long deliveryTag, Requeue requeue);

  /**
   * Asks the broker to redeliver the channel's unacknowledged messages: basic.recover, waiting for
   * recover-ok. With {@link Requeue#REQUEUE} they are requeued (and may go to another consumer).
   * {@link Requeue#DISCARD} sends requeue=false, which the spec reads as "redeliver to the same
   * consumer" and RabbitMQ does not implement: it closes the connection with 540 NOT_IMPLEMENTED.
   *
   * @param requeue {@link Requeue#REQUEUE}; RabbitMQ refuses the other value
   * @throws ChannelClosedException for {@link Requeue#DISCARD} on RabbitMQ (carrying 540, its cause
   *     the connection's close); also if the channel or its connection closes before the reply
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   */
  void basicRecover(Requeue requeue);

  /**
   * basic.recover-async (deprecated in the spec, still served by RabbitMQ): as {@link
   * #basicRecover}, without a reply; returns once the method is written ({@link Requeue#DISCARD}
   * makes RabbitMQ close the connection with 540, which the close listeners hear).
   *
   * @param requeue {@link Requeue#REQUEUE}; RabbitMQ refuses the other value
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if the method could not be written within the RPC
   *     timeout
   */
  void basicRecoverAsync(Requeue requeue);

  /**
   * Puts the channel in transaction mode: tx.select, waiting for select-ok. Publishes and
   * acknowledgements then take effect at {@link #txCommit()}. Recovery selects transaction mode
   * again on the new channel (what was not committed is lost with the connection).
   *
   * @throws dev.warren.errors.PreconditionFailedException (406) if the channel is in confirm mode
   * @throws ChannelClosedException if the channel or its connection closes before the reply (see
   *     "Errors" above)
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   */
  void txSelect();

  /**
   * Commits the current transaction: tx.commit, waiting for commit-ok; a new transaction starts.
   *
   * @throws dev.warren.errors.PreconditionFailedException (406) if the channel is not in
   *     transaction mode
   * @throws ChannelClosedException if the channel or its connection closes before the reply (see
   *     "Errors" above)
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   */
  void txCommit();

  /**
   * Abandons the current transaction's publishes and acknowledgements: tx.rollback, waiting for
   * rollback-ok (RabbitMQ does not requeue the messages whose acknowledgements are rolled back).
   *
   * @throws dev.warren.errors.PreconditionFailedException (406) if the channel is not in
   *     transaction mode
   * @throws ChannelClosedException if the channel or its connection closes before the reply (see
   *     "Errors" above)
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   */
  void txRollback();

  /**
   * Puts the channel in confirm mode: confirm.select, waiting for select-ok. From then on the
   * broker acks or nacks every publish, numbered from 1 ({@link #nextPublishSeqNo()}); no confirm
   * window. Calling it again does nothing. Recovery selects confirm mode again on the new channel,
   * whose numbering starts at 1 again.
   *
   * @throws dev.warren.errors.PreconditionFailedException (406) if the channel is in transaction
   *     mode
   * @throws ChannelClosedException if the channel or its connection closes before the reply (see
   *     "Errors" above)
   * @throws dev.warren.errors.WrongStateException if the channel is closed (the cause says why) or
   *     still recovering after the operation wait, or the call is made on an I/O thread
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout (the
   *     method may still take effect)
   * @throws dev.warren.errors.ConnectionLostException if the connection is lost before the reply
   *     and is being recovered
   */
  void confirmSelect();

  /**
   * confirm.select with options: with {@link ConfirmOptions#window(int)}, {@link #basicPublish} and
   * {@link #publishConfirmed} wait while that many publishes are unconfirmed (at most their
   * timeout, then {@link dev.warren.errors.BackpressureTimeoutException} with gate {@code
   * CONFIRM_WINDOW}). The options stay in force across recoveries.
   *
   * @param options the confirm window; {@link ConfirmOptions#unbounded()} for none
   * @throws dev.warren.errors.PreconditionFailedException (406) if the channel is in transaction
   *     mode
   * @throws ChannelClosedException if the channel closes before the reply
   * @throws dev.warren.errors.WrongStateException if the channel is closed
   * @throws dev.warren.errors.RpcTimeoutException if no reply comes within the RPC timeout
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
   *
   * @param timeout how long to wait at most
   * @throws dev.warren.errors.NackedException if a publish covered was nacked
   * @throws dev.warren.errors.RpcTimeoutException if some publish is still unconfirmed at the
   *     deadline
   * @throws dev.warren.errors.ConnectionLostException if a publish covered was lost with the
   *     connection
   * @throws dev.warren.errors.WrongStateException if the call is made on an I/O thread (outside
   *     confirm mode there is nothing to wait for: it returns at once)
   */
  void waitForConfirms(Duration timeout);

  /**
   * The sequence number the next publish will get in confirm mode: 1 after {@link
   * #confirmSelect()}, then one more per publish handed over (a publish counts as soon as the call
   * was made, so the number right after a publish already counts it); 1 again on a recovered
   * channel. Thread-safe, never blocks.
   *
   * @return the next sequence number; 0 outside confirm mode
   */
  long nextPublishSeqNo();

  /**
   * Adds a listener of confirms, run on the channel's dispatcher; see {@link ConfirmListener}.
   *
   * <p>Returns a registration whose {@link Cancellable#cancel()} removes the listener (once per
   * registration; true if this call removed it).
   *
   * @param listener the listener
   * @return the registration; never null
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
   * Adds a listener of confirms that runs on {@code thread}: {@link CallbackThread#IO_THREAD} runs
   * it on the I/O thread that read the confirm, with no hand-off (amqp-client's confirm listeners
   * run there too), under that constant's rules; for short listeners such as counters.
   *
   * @param listener the listener
   * @param thread where it runs
   * @return a registration whose {@link Cancellable#cancel()} removes the listener
   * @throws NullPointerException if an argument is null
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
   * @param listener the listener
   * @return the registration; never null
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
   * @param listener the listener
   * @return the registration; never null
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
   * @param consumerTag the consumer to cancel
   * @since 0.1
   */
  void stopConsuming(String consumerTag);
}
