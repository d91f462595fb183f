/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * basic.consume: which queue, and how.
 *
 * <pre>{@code
 * ch.basicConsume(ConsumeSpec.queue("orders").tag("worker-1"), delivery -> ...);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class ConsumeSpec {
  private static final String STREAM_OFFSET = "x-stream-offset";
  private final String queue;
  private final String consumerTag;
  private final boolean autoAck;
  private final boolean exclusive;
  private final boolean noLocal;
  private final boolean noWait;
  private final Map<String, Object> arguments;
  private final CallbackThread callbackThread;
  private final RetryPolicy retryPolicy;

  private ConsumeSpec(
      String queue,
      String consumerTag,
      boolean autoAck,
      boolean exclusive,
      boolean noLocal,
      boolean noWait,
      Map<String, Object> arguments,
      CallbackThread callbackThread,
      RetryPolicy retryPolicy) {
    this.queue = Objects.requireNonNull(queue, "queue");
    this.consumerTag = Objects.requireNonNull(consumerTag, "consumerTag");
    this.autoAck = autoAck;
    this.exclusive = exclusive;
    this.noLocal = noLocal;
    this.noWait = noWait;
    this.arguments = Names.immutableArguments(arguments);
    this.callbackThread = Objects.requireNonNull(callbackThread, "callbackThread");
    if (noWait && consumerTag.isEmpty()) {
      throw new IllegalArgumentException(
          "a no-wait consume needs a consumer tag of its own: call tag(...)");
    }
    this.retryPolicy = retryPolicy;
    checkStreamAndRetries(autoAck, this.arguments, retryPolicy);
  }

  private static void checkStreamAndRetries(
      boolean autoAck, Map<String, Object> arguments, RetryPolicy retryPolicy) {
    if (arguments.containsKey(STREAM_OFFSET)) {
      StreamOffset.fromArgument(arguments.get(STREAM_OFFSET));
      if (autoAck) {
        throw new IllegalArgumentException(
            "a stream queue cannot be consumed with auto-ack: RabbitMQ requires manual"
                + " acknowledgements (and a prefetch, Channel.basicQos(Qos.prefetch(n))) to read a"
                + " stream; drop autoAck() and ack each delivery");
      }
    }
    if (retryPolicy != null && autoAck) {
      throw new IllegalArgumentException(
          "retries need manual acknowledgements (Warren acks, nacks or rejects each delivery for"
              + " the callback); drop autoAck() or retries(...)");
    }
  }

  /**
   * {@return a spec that consumes from this queue with manual acknowledgements and a broker-chosen
   * tag}
   *
   * @param queue the queue's name
   */
  public static ConsumeSpec queue(String queue) {
    return new ConsumeSpec(
        queue, "", false, false, false, false, Map.of(), CallbackThread.DISPATCHER, null);
  }

  /** {@return the queue to consume from} */
  public String queue() {
    return queue;
  }

  /** {@return the consumer tag; empty lets the broker choose} */
  public String consumerTag() {
    return consumerTag;
  }

  /**
   * The broker considers each message acknowledged once sent (no-ack).
   *
   * @return a copy of this spec with the change; this one is unchanged
   */
  public ConsumeSpec autoAck() {
    return new ConsumeSpec(
        queue,
        consumerTag,
        true,
        exclusive,
        noLocal,
        noWait,
        arguments,
        callbackThread,
        retryPolicy);
  }

  /**
   * {@return whether autoAck is set: the broker considers each message acknowledged once sent
   * (no-ack)}
   */
  public boolean isAutoAck() {
    return autoAck;
  }

  /**
   * No other consumer may consume from the queue.
   *
   * @return a copy of this spec with the change; this one is unchanged
   */
  public ConsumeSpec exclusive() {
    return new ConsumeSpec(
        queue, consumerTag, autoAck, true, noLocal, noWait, arguments, callbackThread, retryPolicy);
  }

  /** {@return whether exclusive is set: no other consumer may consume from the queue} */
  public boolean isExclusive() {
    return exclusive;
  }

  /**
   * Do not receive messages published on this connection (RabbitMQ ignores it).
   *
   * @return a copy of this spec with the change; this one is unchanged
   */
  public ConsumeSpec noLocal() {
    return new ConsumeSpec(
        queue,
        consumerTag,
        autoAck,
        exclusive,
        true,
        noWait,
        arguments,
        callbackThread,
        retryPolicy);
  }

  /**
   * {@return whether noLocal is set: do not receive messages published on this connection (RabbitMQ
   * ignores it)}
   */
  public boolean isNoLocal() {
    return noLocal;
  }

  /**
   * Do not wait for consume-ok (needs a consumer tag of its own).
   *
   * @return a copy of this spec with the change; this one is unchanged
   */
  public ConsumeSpec noWait() {
    return new ConsumeSpec(
        queue,
        consumerTag,
        autoAck,
        exclusive,
        noLocal,
        true,
        arguments,
        callbackThread,
        retryPolicy);
  }

  /**
   * {@return whether noWait is set: do not wait for consume-ok (needs a consumer tag of its own)}
   */
  public boolean isNoWait() {
    return noWait;
  }

  /** {@return the arguments; never null, unmodifiable} */
  public Map<String, Object> arguments() {
    return arguments;
  }

  /**
   * Adds one argument.
   *
   * @param value its value: a type a field table can hold
   * @param key the argument's name, such as {@code x-queue-type}
   * @return a copy of this spec with the change; this one is unchanged
   */
  public ConsumeSpec argument(String key, Object value) {
    Map<String, Object> args = new LinkedHashMap<>(arguments);
    args.put(key, value);
    return new ConsumeSpec(
        queue, consumerTag, autoAck, exclusive, noLocal, noWait, args, callbackThread, retryPolicy);
  }

  /**
   * Replaces the arguments.
   *
   * @param newArguments the arguments; copied; empty for none
   * @return a copy of this spec with the change; this one is unchanged
   */
  public ConsumeSpec arguments(Map<String, Object> newArguments) {
    return new ConsumeSpec(
        queue,
        consumerTag,
        autoAck,
        exclusive,
        noLocal,
        noWait,
        newArguments,
        callbackThread,
        retryPolicy);
  }

  /**
   * The consumer tag.
   *
   * @param tag the consumer tag; empty lets the broker choose
   * @return a copy of this spec with the change; this one is unchanged
   */
  public ConsumeSpec tag(String tag) {
    return new ConsumeSpec(
        queue, tag, autoAck, exclusive, noLocal, noWait, arguments, callbackThread, retryPolicy);
  }

  /**
   * Which thread runs the consumer's callbacks: {@link CallbackThread#DISPATCHER} (the default) or
   * {@link CallbackThread#IO_THREAD} for short callbacks that never block. Applies to {@link
   * Channel#basicConsume}; consumer streams and publishers always use the dispatcher. Not sent to
   * the broker.
   *
   * @param thread where the consumer's callbacks run
   * @return a copy of this spec with the change; this one is unchanged
   * @throws NullPointerException if {@code thread} is null
   */
  public ConsumeSpec callbackThread(CallbackThread thread) {
    return new ConsumeSpec(
        queue, consumerTag, autoAck, exclusive, noLocal, noWait, arguments, thread, retryPolicy);
  }

  /** {@return which thread runs the consumer's callbacks; never null} */
  public CallbackThread callbackThread() {
    return callbackThread;
  }

  /**
   * The same spec for another queue (recovery of server-named queues).
   *
   * @param newQueue the new queue
   * @return a copy of this spec with the change; this one is unchanged
   */
  public ConsumeSpec withQueue(String newQueue) {
    return new ConsumeSpec(
        newQueue,
        consumerTag,
        autoAck,
        exclusive,
        noLocal,
        noWait,
        arguments,
        callbackThread,
        retryPolicy);
  }

  /**
   * Where to start reading a stream queue: sets the {@code x-stream-offset} argument. Reading a
   * stream needs manual acknowledgements and a prefetch; a spec with an offset refuses {@link
   * #autoAck()} (IllegalArgumentException, from whichever of the two calls comes second), and
   * {@link Channel#basicConsume} refuses it when the channel has no per-consumer prefetch ({@link
   * Qos#prefetch(int)}, not global), before anything is sent.
   *
   * @param offset where the consumer starts reading; replaces an offset set before
   * @return a copy of this spec with the change; this one is unchanged
   * @throws NullPointerException if {@code offset} is null
   * @throws IllegalArgumentException if the spec is auto-ack
   */
  public ConsumeSpec streamOffset(StreamOffset offset) {
    return argument(STREAM_OFFSET, offset.argumentValue());
  }

  /**
   * The stream offset this spec starts from ({@code x-stream-offset}), empty when it sets none
   * (RabbitMQ then starts a stream consumer at {@link StreamOffset#next()}).
   *
   * @return the offset, whether set with {@link #streamOffset(StreamOffset)} or as the {@code
   *     x-stream-offset} argument; empty when neither is set
   */
  public java.util.Optional<StreamOffset> streamOffset() {
    Object value = arguments.get(STREAM_OFFSET);
    return value == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(StreamOffset.fromArgument(value));
  }

  /**
   * Retries for a callback consumer ({@link Channel#basicConsume}): Warren then owns the
   * acknowledgements. A callback that returns normally has its delivery acked; one that throws has
   * it retried (requeued, or republished, after the policy's delay if it has one) until it has been
   * delivered {@link RetryPolicy#maxDeliveries()} times, then rejected without requeue, so that the
   * queue's dead-letter exchange takes it. The callback must not ack, nack or reject itself. Not
   * sent to the broker; consumer streams and publishers ignore it.
   *
   * @param policy how deliveries are retried; replaces a policy set before
   * @return a copy of this spec with the change; this one is unchanged
   * @throws NullPointerException if {@code policy} is null
   * @throws IllegalArgumentException if the spec is auto-ack
   */
  public ConsumeSpec retries(RetryPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    return new ConsumeSpec(
        queue, consumerTag, autoAck, exclusive, noLocal, noWait, arguments, callbackThread, policy);
  }

  /** {@return the retry policy, empty when the consumer has none (the default)} */
  public java.util.Optional<RetryPolicy> retryPolicy() {
    return java.util.Optional.ofNullable(retryPolicy);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ConsumeSpec other)) {
      return false;
    }
    return Objects.equals(queue, other.queue)
        && Objects.equals(consumerTag, other.consumerTag)
        && autoAck == other.autoAck
        && exclusive == other.exclusive
        && noLocal == other.noLocal
        && noWait == other.noWait
        && Objects.equals(arguments, other.arguments)
        && callbackThread == other.callbackThread
        && Objects.equals(retryPolicy, other.retryPolicy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        queue,
        consumerTag,
        autoAck,
        exclusive,
        noLocal,
        noWait,
        arguments,
        callbackThread,
        retryPolicy);
  }

  @Override
  public String toString() {
    return "ConsumeSpec["
        + "queue="
        + queue
        + ", "
        + "consumerTag="
        + consumerTag
        + ", "
        + "autoAck="
        + autoAck
        + ", "
        + "exclusive="
        + exclusive
        + ", "
        + "noLocal="
        + noLocal
        + ", "
        + "noWait="
        + noWait
        + ", "
        + "arguments="
        + arguments
        + ", "
        + "callbackThread="
        + callbackThread
        + (retryPolicy == null ? "" : ", retries=" + retryPolicy)
        + "]";
  }
}
