/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What exchange.declare asks for: an immutable value built fluently.
 *
 * <pre>{@code
 * ch.exchangeDeclare(ExchangeSpec.topic("events").durable());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class ExchangeSpec {
  private final String name;
  private final String type;
  private final boolean passive;
  private final boolean durable;
  private final boolean autoDelete;
  private final boolean internal;
  private final boolean noWait;
  private final Map<String, Object> arguments;

  private ExchangeSpec(
      String name,
      String type,
      boolean passive,
      boolean durable,
      boolean autoDelete,
      boolean internal,
      boolean noWait,
      Map<String, Object> arguments) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.passive = passive;
    this.durable = durable;
    this.autoDelete = autoDelete;
    this.internal = internal;
    this.noWait = noWait;
    this.arguments = Names.immutableArguments(arguments);
  }

  /**
   * {@return an exchange of the given type}
   *
   * @param name the exchange's name, at most 255 bytes in UTF-8
   * @param type the exchange type: direct, fanout, topic, headers or a plugin's
   */
  public static ExchangeSpec of(String name, String type) {
    Names.checkShortString("exchange name", name);
    return new ExchangeSpec(name, type, false, false, false, false, false, Map.of());
  }

  /**
   * {@return a direct exchange}
   *
   * @param name the exchange's name
   */
  public static ExchangeSpec direct(String name) {
    return of(name, "direct");
  }

  /**
   * {@return a fanout exchange}
   *
   * @param name the exchange's name
   */
  public static ExchangeSpec fanout(String name) {
    return of(name, "fanout");
  }

  /**
   * {@return a topic exchange}
   *
   * @param name the exchange's name
   */
  public static ExchangeSpec topic(String name) {
    return of(name, "topic");
  }

  /**
   * {@return a headers exchange}
   *
   * @param name the exchange's name
   */
  public static ExchangeSpec headers(String name) {
    return of(name, "headers");
  }

  /** {@return the exchange name} */
  public String name() {
    return name;
  }

  /**
   * {@return the type: direct, fanout, topic, headers, or one from a plugin such as
   * x-delayed-message}
   */
  public String type() {
    return type;
  }

  /**
   * Only check that the exchange exists.
   *
   * @return a copy of this spec with the change; this one is unchanged
   */
  public ExchangeSpec passive() {
    return new ExchangeSpec(name, type, true, durable, autoDelete, internal, noWait, arguments);
  }

  /** {@return whether passive is set: only check that the exchange exists} */
  public boolean isPassive() {
    return passive;
  }

  /**
   * Survive a broker restart.
   *
   * @return a copy of this spec with the change; this one is unchanged
   */
  public ExchangeSpec durable() {
    return new ExchangeSpec(name, type, passive, true, autoDelete, internal, noWait, arguments);
  }

  /** {@return whether durable is set: survive a broker restart} */
  public boolean isDurable() {
    return durable;
  }

  /**
   * Deleted when its last binding is removed.
   *
   * @return a copy of this spec with the change; this one is unchanged
   */
  public ExchangeSpec autoDelete() {
    return new ExchangeSpec(name, type, passive, durable, true, internal, noWait, arguments);
  }

  /** {@return whether autoDelete is set: deleted when its last binding is removed} */
  public boolean isAutoDelete() {
    return autoDelete;
  }

  /**
   * Cannot be published to directly, only through exchange-to-exchange bindings.
   *
   * @return a copy of this spec with the change; this one is unchanged
   */
  public ExchangeSpec internal() {
    return new ExchangeSpec(name, type, passive, durable, autoDelete, true, noWait, arguments);
  }

  /**
   * {@return whether internal is set: cannot be published to directly, only through
   * exchange-to-exchange bindings}
   */
  public boolean isInternal() {
    return internal;
  }

  /**
   * Do not wait for declare-ok.
   *
   * @return a copy of this spec with the change; this one is unchanged
   */
  public ExchangeSpec noWait() {
    return new ExchangeSpec(name, type, passive, durable, autoDelete, internal, true, arguments);
  }

  /** {@return whether noWait is set: do not wait for declare-ok} */
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
  public ExchangeSpec argument(String key, Object value) {
    Map<String, Object> args = new LinkedHashMap<>(arguments);
    args.put(key, value);
    return new ExchangeSpec(name, type, passive, durable, autoDelete, internal, noWait, args);
  }

  /**
   * Replaces the arguments.
   *
   * @param newArguments the arguments; copied; empty for none
   * @return a copy of this spec with the change; this one is unchanged
   */
  public ExchangeSpec arguments(Map<String, Object> newArguments) {
    return new ExchangeSpec(
        name, type, passive, durable, autoDelete, internal, noWait, newArguments);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ExchangeSpec other)) {
      return false;
    }
    return Objects.equals(name, other.name)
        && Objects.equals(type, other.type)
        && passive == other.passive
        && durable == other.durable
        && autoDelete == other.autoDelete
        && internal == other.internal
        && noWait == other.noWait
        && Objects.equals(arguments, other.arguments);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, passive, durable, autoDelete, internal, noWait, arguments);
  }

  @Override
  public String toString() {
    return "ExchangeSpec["
        + "name="
        + name
        + ", "
        + "type="
        + type
        + ", "
        + "passive="
        + passive
        + ", "
        + "durable="
        + durable
        + ", "
        + "autoDelete="
        + autoDelete
        + ", "
        + "internal="
        + internal
        + ", "
        + "noWait="
        + noWait
        + ", "
        + "arguments="
        + arguments
        + "]";
  }
}
