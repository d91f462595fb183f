/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A binding from a source exchange to a destination queue or exchange, for queue.bind /
 * queue.unbind / exchange.bind / exchange.unbind.
 *
 * <pre>{@code
 * ch.queueBind(Binding.queue("orders").to("events").withKey("order.*"));
 * ch.exchangeBind(Binding.exchange("audit").to("events").withKey("#"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Binding {
  private final String destination;
  private final DestinationKind kind;
  private final String source;
  private final String routingKey;
  private final boolean noWait;
  private final Map<String, Object> arguments;

  private Binding(
      String destination,
      DestinationKind kind,
      String source,
      String routingKey,
      boolean noWait,
      Map<String, Object> arguments) {
    this.destination = Objects.requireNonNull(destination, "destination");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.source = Objects.requireNonNull(source, "source");
    this.routingKey = Objects.requireNonNull(routingKey, "routingKey");
    this.noWait = noWait;
    this.arguments = Names.immutableArguments(arguments);
  }

  /** What a binding's destination is. */
  public enum DestinationKind {
    /** The destination is a queue (queue.bind). */
    QUEUE,
    /** The destination is an exchange (exchange.bind, a RabbitMQ extension). */
    EXCHANGE
  }

  /**
   * {@return a binding whose destination is this queue; name the source with {@link #to}}
   *
   * @param queue the destination queue's name
   */
  public static Binding queue(String queue) {
    return new Binding(queue, DestinationKind.QUEUE, "", "", false, Map.of());
  }

  /**
   * {@return a binding whose destination is this exchange; name the source with {@link #to}}
   *
   * @param exchange the destination exchange's name
   */
  public static Binding exchange(String exchange) {
    return new Binding(exchange, DestinationKind.EXCHANGE, "", "", false, Map.of());
  }

  /** {@return the queue or exchange that receives} */
  public String destination() {
    return destination;
  }

  /** {@return whether the destination is a queue or an exchange} */
  public DestinationKind kind() {
    return kind;
  }

  /** {@return the exchange messages come from} */
  public String source() {
    return source;
  }

  /** {@return the binding key} */
  public String routingKey() {
    return routingKey;
  }

  /**
   * Do not wait for the -ok reply (queue.unbind has no such option and ignores it).
   *
   * @return a copy of this value with the change; this one is unchanged
   */
  public Binding noWait() {
    return new Binding(destination, kind, source, routingKey, true, arguments);
  }

  /**
   * {@return whether noWait is set: do not wait for the -ok reply (queue.unbind has no such option
   * and ignores it)}
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
   * @return a copy of this value with the change; this one is unchanged
   */
  public Binding argument(String key, Object value) {
    Map<String, Object> args = new LinkedHashMap<>(arguments);
    args.put(key, value);
    return new Binding(destination, kind, source, routingKey, noWait, args);
  }

  /**
   * Replaces the arguments.
   *
   * @param newArguments the arguments; copied; empty for none
   * @return a copy of this value with the change; this one is unchanged
   */
  public Binding arguments(Map<String, Object> newArguments) {
    return new Binding(destination, kind, source, routingKey, noWait, newArguments);
  }

  /**
   * The source exchange.
   *
   * @param sourceExchange the source exchange
   * @return a copy of this value with the change; this one is unchanged
   */
  public Binding to(String sourceExchange) {
    return new Binding(destination, kind, sourceExchange, routingKey, noWait, arguments);
  }

  /**
   * The binding key.
   *
   * @param key the routing key ("" for none)
   * @return a copy of this value with the change; this one is unchanged
   */
  public Binding withKey(String key) {
    Names.checkShortString("routing key", key);
    return new Binding(destination, kind, source, key, noWait, arguments);
  }

  /**
   * The same binding with the destination renamed (recovery of server-named queues).
   *
   * @param newDestination the new destination
   * @return a copy of this value with the change; this one is unchanged
   */
  public Binding withDestination(String newDestination) {
    return new Binding(newDestination, kind, source, routingKey, noWait, arguments);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Binding other)) {
      return false;
    }
    return Objects.equals(destination, other.destination)
        && Objects.equals(kind, other.kind)
        && Objects.equals(source, other.source)
        && Objects.equals(routingKey, other.routingKey)
        && noWait == other.noWait
        && Objects.equals(arguments, other.arguments);
  }

  @Override
  public int hashCode() {
    return Objects.hash(destination, kind, source, routingKey, noWait, arguments);
  }

  @Override
  public String toString() {
    return "Binding["
        + "destination="
        + destination
        + ", "
        + "kind="
        + kind
        + ", "
        + "source="
        + source
        + ", "
        + "routingKey="
        + routingKey
        + ", "
        + "noWait="
        + noWait
        + ", "
        + "arguments="
        + arguments
        + "]";
  }
}
