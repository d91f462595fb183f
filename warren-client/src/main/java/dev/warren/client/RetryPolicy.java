/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Delivery limits and retries for a callback consumer, set with {@link
 * ConsumeSpec#retries(RetryPolicy)}. When the callback throws, Warren retries the delivery until it
 * has been delivered {@link #maxDeliveries()} times, then rejects it without requeue so that the
 * queue's dead-letter exchange takes it. A callback that returns normally has its delivery acked.
 *
 * <p>Warren counts the deliveries of a message from two headers: {@code x-delivery-count}, which a
 * quorum queue sets on each redelivery ({@link Delivery#deliveryCount()}), and {@code
 * x-warren-retries}, which Warren sets on each copy it republishes ({@link #RETRIES_HEADER}); the
 * delivery number is their sum plus one.
 *
 * <ul>
 *   <li>{@link #requeue(int)}: nack with requeue. For quorum queues, which count redeliveries; a
 *       classic queue counts nothing, so its message would be retried without end.
 *   <li>{@link #republish(int)}: publish a copy to the queue (default exchange, the queue's name as
 *       routing key) with the header one higher, then ack the delivery. For any queue type; the
 *       copy goes to the back of the queue.
 *   <li>{@link #withDelay(Duration)} (with either): publish the copy to a delay queue instead, with
 *       a per-message TTL of the delay, whose dead-letter exchange sends it back to the queue.
 *       Warren declares the delay queue (durable, classic, {@link #delayQueue(String) named} {@code
 *       <queue>.warren-delay} unless set) when the consumer subscribes.
 * </ul>
 *
 * <p>A republished copy is published before the delivery is acked, on the same channel: a lost
 * connection in between gives a duplicate, never a loss. Immutable and thread-safe.
 *
 * <pre>{@code
 * ch.basicConsume(
 *     ConsumeSpec.queue("orders").retries(RetryPolicy.requeue(5).listener(e -> log(e))),
 *     delivery -> handle(delivery));
 * }</pre>
 *
 * @since 0.2
 */
public final class RetryPolicy {
  /** The header in which Warren counts the copies it republished: {@code x-warren-retries}. */
  public static final String RETRIES_HEADER = "x-warren-retries";

  /** How a failed delivery goes back to the queue. */
  private enum Mode {
    REQUEUE,
    REPUBLISH
  }

  private static final RetryListener NO_LISTENER = event -> {};

  private final Mode mode;
  private final int maxDeliveries;
  private final Duration delay;
  private final String delayQueue;
  private final RetryListener listener;

  private RetryPolicy(
      Mode mode, int maxDeliveries, Duration delay, String delayQueue, RetryListener listener) {
    if (maxDeliveries < 1) {
      throw new IllegalArgumentException(
          "a message is delivered at least once: maxDeliveries must be 1 or more, got "
              + maxDeliveries);
    }
    this.mode = mode;
    this.maxDeliveries = maxDeliveries;
    this.delay = delay;
    this.delayQueue = delayQueue;
    this.listener = listener;
  }

  /**
   * Retries by nack with requeue, counting with the quorum queue's {@code x-delivery-count}: a
   * message is delivered at most {@code maxDeliveries} times.
   *
   * @param maxDeliveries the most times a message is delivered to the callback, 1 or more
   * @return a policy that retries by nack with requeue, at once, with no listener
   * @throws IllegalArgumentException if {@code maxDeliveries} is less than 1
   */
  public static RetryPolicy requeue(int maxDeliveries) {
    return new RetryPolicy(Mode.REQUEUE, maxDeliveries, Duration.ZERO, null, NO_LISTENER);
  }

  /**
   * Retries by republishing a copy with the {@code x-warren-retries} header one higher (and acking
   * the delivery): a message is delivered at most {@code maxDeliveries} times, on any queue type.
   *
   * @param maxDeliveries the most times a message is delivered to the callback, 1 or more
   * @return a policy that retries by republishing, at once, with no listener
   * @throws IllegalArgumentException if {@code maxDeliveries} is less than 1
   */
  public static RetryPolicy republish(int maxDeliveries) {
    return new RetryPolicy(Mode.REPUBLISH, maxDeliveries, Duration.ZERO, null, NO_LISTENER);
  }

  /**
   * Waits {@code delay} before each retry: the copy goes through a delay queue with that
   * per-message TTL (whole milliseconds). {@link Duration#ZERO} retries at once.
   *
   * @param delay the wait before each retry, from 0 to 2^32-1 ms; a fraction of a millisecond is
   *     dropped
   * @return a copy of this policy with the change; this one is unchanged
   * @throws NullPointerException if {@code delay} is null
   * @throws IllegalArgumentException if it is negative or longer than 2^32-1 ms
   */
  public RetryPolicy withDelay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative() || delay.toMillis() > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(
          "a retry delay is between 0 and 2^32-1 ms (RabbitMQ's per-message TTL), got " + delay);
    }
    return new RetryPolicy(mode, maxDeliveries, delay, delayQueue, listener);
  }

  /**
   * The name of the delay queue (default {@code <queue>.warren-delay}).
   *
   * @param name the delay queue's name: not empty, at most 255 bytes in UTF-8
   * @return a copy of this policy with the change; this one is unchanged
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if it is empty or not a valid queue name
   */
  public RetryPolicy delayQueue(String name) {
    Names.checkShortString("delay queue name", name);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("the delay queue needs a name of its own");
    }
    return new RetryPolicy(mode, maxDeliveries, delay, name, listener);
  }

  /**
   * Who is told each outcome (acked, requeued, republished, delayed, dead-lettered); replaces the
   * previous listener.
   *
   * @param listener told each outcome, on the thread of the consumer's callback
   * @return a copy of this policy with the change; this one is unchanged
   * @throws NullPointerException if {@code listener} is null
   */
  public RetryPolicy listener(RetryListener listener) {
    return new RetryPolicy(
        mode, maxDeliveries, delay, delayQueue, Objects.requireNonNull(listener, "listener"));
  }

  /** {@return the most times a message is delivered to the callback, 1 or more} */
  public int maxDeliveries() {
    return maxDeliveries;
  }

  /** {@return the wait before each retry; {@link Duration#ZERO} when retries are immediate} */
  public Duration delay() {
    return delay;
  }

  /**
   * Whether failed deliveries go back by nack with requeue ({@link #requeue(int)}).
   *
   * @return true for a policy made with {@link #requeue(int)}, false for one made with {@link
   *     #republish(int)}; with a {@link #withDelay(Duration) delay}, failed deliveries go through
   *     the delay queue either way
   */
  public boolean isRequeue() {
    return mode == Mode.REQUEUE;
  }

  /**
   * The delay queue's name for consumers of {@code queue}.
   *
   * @param queue the name of the queue consumed
   * @return the name set with {@link #delayQueue(String)}, or else {@code queue} followed by {@code
   *     .warren-delay}
   */
  public String delayQueueFor(String queue) {
    return delayQueue != null ? delayQueue : queue + ".warren-delay";
  }

  /** {@return the listener; never null (a no-op when none was set)} */
  public RetryListener listener() {
    return listener;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetryPolicy other
        && mode == other.mode
        && maxDeliveries == other.maxDeliveries
        && delay.equals(other.delay)
        && Objects.equals(delayQueue, other.delayQueue)
        && listener == other.listener;
  }

  @Override
  public int hashCode() {
    return Objects.hash(mode, maxDeliveries, delay, delayQueue, System.identityHashCode(listener));
  }

  @Override
  public String toString() {
    return "RetryPolicy["
        + mode.name().toLowerCase(java.util.Locale.ROOT)
        + ", maxDeliveries="
        + maxDeliveries
        + (delay.isZero() ? "" : ", delay=" + delay.toMillis() + " ms")
        + (delayQueue == null ? "" : ", delayQueue=" + delayQueue)
        + "]";
  }
}
