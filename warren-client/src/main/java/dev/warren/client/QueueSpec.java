/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What queue.declare asks for: an immutable value built fluently, each call returning a new spec.
 *
 * <pre>{@code
 * ch.queueDeclare(QueueSpec.named("orders").durable().argument("x-queue-type", "quorum"));
 * ch.queueDeclare(QueueSpec.serverNamed().exclusive());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class QueueSpec {
  private static final String QUEUE_TYPE = "x-queue-type";
  private final String name;
  private final boolean passive;
  private final boolean durable;
  private final boolean exclusive;
  private final boolean autoDelete;
  private final boolean noWait;
  private final Map<String, Object> arguments;

  private QueueSpec(
      String name,
      boolean passive,
      boolean durable,
      boolean exclusive,
      boolean autoDelete,
      boolean noWait,
      Map<String, Object> arguments) {
    this.name = Objects.requireNonNull(name, "name");
    this.passive = passive;
    this.durable = durable;
    this.exclusive = exclusive;
    this.autoDelete = autoDelete;
    this.noWait = noWait;
    this.arguments = Names.immutableArguments(arguments);
  }

  /**
   * {@return a queue with this name; not durable, not exclusive, not auto-delete}
   *
   * @param name the queue's name, at most 255 bytes in UTF-8
   */
  public static QueueSpec named(String name) {
    Names.checkShortString("queue name", name);
    return new QueueSpec(name, false, false, false, false, false, Map.of());
  }

  /** {@return a queue the broker names (the name is in the declare-ok)} */
  public static QueueSpec serverNamed() {
    return named("");
  }

  /** {@return the queue name; empty asks the broker to name the queue} */
  public String name() {
    return name;
  }

  /**
   * Only check that the queue exists (404 NOT_FOUND closes the channel if not).
   *
   * @return a copy of this spec with the change; this one is unchanged
   */
  public QueueSpec passive() {
    return new QueueSpec(name, true, durable, exclusive, autoDelete, noWait, arguments);
  }

  /**
   * {@return whether passive is set: only check that the queue exists (404 NOT_FOUND closes the
   * channel if not)}
   */
  public boolean isPassive() {
    return passive;
  }

  /**
   * Survive a broker restart.
   *
   * @return a copy of this spec with the change; this one is unchanged
   */
  public QueueSpec durable() {
    return new QueueSpec(name, passive, true, exclusive, autoDelete, noWait, arguments);
  }

  /** {@return whether durable is set: survive a broker restart} */
  public boolean isDurable() {
    return durable;
  }

  /**
   * Used by this connection only and deleted when it closes.
   *
   * @return a copy of this spec with the change; this one is unchanged
   */
  public QueueSpec exclusive() {
    return new QueueSpec(name, passive, durable, true, autoDelete, noWait, arguments);
  }

  /** {@return whether exclusive is set: used by this connection only and deleted when it closes} */
  public boolean isExclusive() {
    return exclusive;
  }

  /**
   * Deleted when its last consumer is cancelled.
   *
   * @return a copy of this spec with the change; this one is unchanged
   */
  public QueueSpec autoDelete() {
    return new QueueSpec(name, passive, durable, exclusive, true, noWait, arguments);
  }

  /** {@return whether autoDelete is set: deleted when its last consumer is cancelled} */
  public boolean isAutoDelete() {
    return autoDelete;
  }

  /**
   * Do not wait for declare-ok (the returned counts are then zero).
   *
   * @return a copy of this spec with the change; this one is unchanged
   */
  public QueueSpec noWait() {
    return new QueueSpec(name, passive, durable, exclusive, autoDelete, true, arguments);
  }

  /**
   * {@return whether noWait is set: do not wait for declare-ok (the returned counts are then zero)}
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
  public QueueSpec argument(String key, Object value) {
    Map<String, Object> args = new LinkedHashMap<>(arguments);
    args.put(key, value);
    return new QueueSpec(name, passive, durable, exclusive, autoDelete, noWait, args);
  }

  /**
   * Replaces the arguments.
   *
   * @param newArguments the arguments; copied; empty for none
   * @return a copy of this spec with the change; this one is unchanged
   */
  public QueueSpec arguments(Map<String, Object> newArguments) {
    return new QueueSpec(name, passive, durable, exclusive, autoDelete, noWait, newArguments);
  }

  /** {@return whether the broker is to choose the name} */
  public boolean isServerNamed() {
    return name.isEmpty();
  }

  /**
   * The same spec with another name (recovery renames server-named queues).
   *
   * @param newName the new name
   * @return a copy of this spec with the change; this one is unchanged
   */
  public QueueSpec withName(String newName) {
    return new QueueSpec(newName, passive, durable, exclusive, autoDelete, noWait, arguments);
  }

  /**
   * A quorum queue ({@code x-queue-type=quorum}): replicated, durable (this sets {@link #durable()}
   * too), never exclusive or auto-delete. {@link Channel#queueDeclare} refuses an exclusive,
   * auto-delete or non-durable quorum queue before sending anything, with a {@link
   * dev.warren.errors.QueueTypeUnsupportedException}.
   *
   * @return a copy of this spec with {@code x-queue-type=quorum} and durable set; this one is
   *     unchanged
   */
  public QueueSpec quorum() {
    return durable().argument(QUEUE_TYPE, "quorum");
  }

  /**
   * A stream queue ({@code x-queue-type=stream}): an append-only log read from an offset (see
   * {@link ConsumeSpec#streamOffset(StreamOffset)}); durable (this sets {@link #durable()} too),
   * never exclusive or auto-delete.
   *
   * @return a copy of this spec with {@code x-queue-type=stream} and durable set; this one is
   *     unchanged
   */
  public QueueSpec stream() {
    return durable().argument(QUEUE_TYPE, "stream");
  }

  /**
   * The queue type this spec asks for, the {@code x-queue-type} argument ({@code "classic"}, {@code
   * "quorum"}, {@code "stream"}); empty when it is not set (the broker's default, classic).
   *
   * @return the {@code x-queue-type} argument as a string; empty when the spec does not set it
   */
  public java.util.Optional<String> queueType() {
    Object type = arguments.get(QUEUE_TYPE);
    return type == null ? java.util.Optional.empty() : java.util.Optional.of(type.toString());
  }

  /**
   * A quorum queue's delivery limit ({@code x-delivery-limit}): a message returned to the queue
   * (nack or reject with requeue, a consumer gone) more than this many times is dead-lettered, or
   * dropped without a dead-letter exchange.
   *
   * @param limit how many times a message may be returned to the queue, 0 or more
   * @return a copy of this spec with the change; this one is unchanged
   * @throws IllegalArgumentException if {@code limit} is negative
   */
  public QueueSpec deliveryLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("a delivery limit is 0 or more, got " + limit);
    }
    return argument("x-delivery-limit", limit);
  }

  /**
   * A quorum queue's dead-letter strategy ({@code x-dead-letter-strategy}). {@link
   * DeadLetterStrategy#AT_LEAST_ONCE} also sets {@code x-overflow=reject-publish}, which RabbitMQ
   * requires for it.
   *
   * @param strategy how the queue dead-letters its messages
   * @return a copy of this spec with the change (and, for {@link DeadLetterStrategy#AT_LEAST_ONCE},
   *     {@code x-overflow=reject-publish}); this one is unchanged
   * @throws NullPointerException if {@code strategy} is null
   */
  public QueueSpec deadLetterStrategy(DeadLetterStrategy strategy) {
    QueueSpec spec = argument("x-dead-letter-strategy", strategy.argument());
    return strategy == DeadLetterStrategy.AT_LEAST_ONCE
        ? spec.argument("x-overflow", "reject-publish")
        : spec;
  }

  /**
   * How many cluster nodes a new quorum queue starts on ({@code x-quorum-initial-group-size}).
   *
   * @param size the number of nodes, 1 or more
   * @return a copy of this spec with the change; this one is unchanged
   * @throws IllegalArgumentException if {@code size} is less than 1
   */
  public QueueSpec quorumInitialGroupSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("a quorum group has at least 1 member, got " + size);
    }
    return argument("x-quorum-initial-group-size", size);
  }

  /**
   * Where rejected, expired or over-limit messages go ({@code x-dead-letter-exchange}; the empty
   * string is the default exchange).
   *
   * @param exchange the exchange's name, at most 255 bytes in UTF-8; empty for the default exchange
   * @return a copy of this spec with the change; this one is unchanged
   * @throws NullPointerException if {@code exchange} is null
   * @throws IllegalArgumentException if the name is not a valid exchange name
   */
  public QueueSpec deadLetterExchange(String exchange) {
    Names.checkShortString("dead-letter exchange", exchange);
    return argument("x-dead-letter-exchange", exchange);
  }

  /**
   * The routing key dead-lettered messages get ({@code x-dead-letter-routing-key}); without it they
   * keep their own.
   *
   * @param routingKey the routing key, at most 255 bytes in UTF-8
   * @return a copy of this spec with the change; this one is unchanged
   * @throws NullPointerException if {@code routingKey} is null
   * @throws IllegalArgumentException if the key is not a valid short string
   */
  public QueueSpec deadLetterRoutingKey(String routingKey) {
    Names.checkShortString("dead-letter routing key", routingKey);
    return argument("x-dead-letter-routing-key", routingKey);
  }

  /**
   * The most bytes of message bodies the queue keeps ({@code x-max-length-bytes}); a stream drops
   * its oldest segments beyond it.
   *
   * @param bytes the most bytes, 1 or more
   * @return a copy of this spec with the change; this one is unchanged
   * @throws IllegalArgumentException if {@code bytes} is not positive
   */
  public QueueSpec maxLengthBytes(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("a maximum length in bytes is positive, got " + bytes);
    }
    return argument("x-max-length-bytes", bytes);
  }

  /**
   * How long a stream keeps its messages ({@code x-max-age}, sent in whole seconds such as {@code
   * "3600s"}); older segments are removed.
   *
   * @param age how long messages are kept, at least one second; a fraction of a second is dropped
   * @return a copy of this spec with the change; this one is unchanged
   * @throws NullPointerException if {@code age} is null
   * @throws IllegalArgumentException if {@code age} is shorter than one second
   */
  public QueueSpec maxAge(java.time.Duration age) {
    if (age.getSeconds() < 1) {
      throw new IllegalArgumentException("a stream's maximum age is at least 1 s, got " + age);
    }
    return argument("x-max-age", age.getSeconds() + "s");
  }

  /**
   * The size of a stream's segment files ({@code x-stream-max-segment-size-bytes}); retention
   * removes whole segments.
   *
   * @param bytes the segment size in bytes, 1 or more
   * @return a copy of this spec with the change; this one is unchanged
   * @throws IllegalArgumentException if {@code bytes} is not positive
   */
  public QueueSpec streamSegmentSizeBytes(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("a stream segment size is positive, got " + bytes);
    }
    return argument("x-stream-max-segment-size-bytes", bytes);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof QueueSpec other)) {
      return false;
    }
    return Objects.equals(name, other.name)
        && passive == other.passive
        && durable == other.durable
        && exclusive == other.exclusive
        && autoDelete == other.autoDelete
        && noWait == other.noWait
        && Objects.equals(arguments, other.arguments);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, passive, durable, exclusive, autoDelete, noWait, arguments);
  }

  @Override
  public String toString() {
    return "QueueSpec["
        + "name="
        + name
        + ", "
        + "passive="
        + passive
        + ", "
        + "durable="
        + durable
        + ", "
        + "exclusive="
        + exclusive
        + ", "
        + "autoDelete="
        + autoDelete
        + ", "
        + "noWait="
        + noWait
        + ", "
        + "arguments="
        + arguments
        + "]";
  }
}
