/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import dev.warren.client.internal.config.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the client answers the broker's heartbeat proposal in {@code connection.tune} (pika and
 * py-amqp: {@code heartbeat}; docs/coming-from-pika.md maps their values).
 *
 * <p>The heartbeat timeout is a whole number of seconds from 0 to 65535 on the wire; zero means "no
 * heartbeats", as in the AMQP 0-9-1 specification. {@link #negotiate(Duration)} applies these
 * rules, where {@code B} is the broker's proposal ({@link Duration#ZERO} when it proposes none):
 *
 * <table>
 *   <caption>Heartbeat negotiation</caption>
 *   <tr><th>policy</th><th>B = 0</th><th>B &gt; 0</th></tr>
 *   <tr><td>{@link #brokerDefault()} (the default)</td><td>0 (off)</td><td>B</td></tr>
 *   <tr><td>{@link #off()}, {@code of(ZERO)}</td><td>0 (off)</td><td>0 (off)</td></tr>
 *   <tr><td>{@link #of(Duration) of(C)}, C &gt; 0</td><td>C</td>
 *       <td>min(C, B): the smaller non-zero value wins</td></tr>
 *   <tr><td>{@link #negotiated(Function) negotiated(f)}</td><td>f(0)</td><td>f(B)</td></tr>
 * </table>
 *
 * <p>To use a value larger than the broker's proposal, use {@code negotiated(b -> yourValue)}.
 *
 * <p>Immutable and thread-safe (provided the function given to {@link #negotiated(Function)} is).
 *
 * @since 0.1
 */
public final class HeartbeatPolicy {
  /** The largest heartbeat timeout the protocol can carry: 65535 seconds. */
  public static final Duration MAX = Duration.ofSeconds(65535);

  private static final HeartbeatPolicy BROKER_DEFAULT =
      new HeartbeatPolicy(Kind.BROKER_DEFAULT, null, null);
  private static final HeartbeatPolicy OFF = new HeartbeatPolicy(Kind.OFF, Duration.ZERO, null);

  private enum Kind {
    BROKER_DEFAULT,
    OFF,
    FIXED,
    FUNCTION
  }

  private final Kind kind;
  private final Duration requested;
  private final Function<Duration, Duration> function;

  private HeartbeatPolicy(Kind kind, Duration requested, Function<Duration, Duration> function) {
    this.kind = kind;
    this.requested = requested;
    this.function = function;
  }

  /**
   * Ask for {@code timeout}; the smaller non-zero of it and the broker's proposal wins. {@code
   * Duration.ZERO} is {@link #off()}.
   *
   * @param timeout the timeout to ask for, whole seconds from 0 to 65535
   * @return the policy
   * @throws IllegalArgumentException when {@code timeout} is not a whole number of seconds from 0 s
   *     to 65535 s
   */
  public static HeartbeatPolicy of(Duration timeout) {
    Checks.wholeSeconds("heartbeat", timeout, 0, MAX.getSeconds());
    return timeout.isZero() ? OFF : new HeartbeatPolicy(Kind.FIXED, timeout, null);
  }

  /**
   * {@return a policy that asks for {@code seconds}; the same as {@code
   * of(Duration.ofSeconds(seconds))}}
   *
   * @param seconds 0 to 65535
   */
  public static HeartbeatPolicy ofSeconds(int seconds) {
    return of(Duration.ofSeconds(seconds));
  }

  /**
   * {@return a policy that accepts the broker's proposal, whatever it is (RabbitMQ's default is 60
   * s)} The default.
   */
  public static HeartbeatPolicy brokerDefault() {
    return BROKER_DEFAULT;
  }

  /**
   * {@return a policy of no heartbeats, whatever the broker proposes (pika's {@code heartbeat=0})}
   */
  public static HeartbeatPolicy off() {
    return OFF;
  }

  /**
   * Let {@code chooser} decide from the broker's proposal ({@link Duration#ZERO} when the broker
   * proposes none), like pika's callable {@code heartbeat}. It is called once per connection
   * attempt, on the connection's I/O thread: it must be quick and must not block. A result with a
   * fraction of a second is rounded up to the next whole second; {@code ZERO} turns heartbeats off.
   *
   * @param chooser gets the broker's proposal ({@link Duration#ZERO} for none) and returns the
   *     timeout to use
   * @return the policy
   * @throws NullPointerException when {@code chooser} is null
   */
  public static HeartbeatPolicy negotiated(Function<Duration, Duration> chooser) {
    return new HeartbeatPolicy(Kind.FUNCTION, null, Objects.requireNonNull(chooser, "chooser"));
  }

  /**
   * The timeout to send in {@code connection.tune-ok} given the broker's proposal; see the class
   * description for the rules. {@link Duration#ZERO} means heartbeats are off.
   *
   * @param brokerProposal the broker's {@code connection.tune} heartbeat; {@code ZERO} for none
   * @return a whole number of seconds from 0 to 65535
   * @throws IllegalArgumentException when {@code brokerProposal} is outside 0..65535 s, or when the
   *     {@link #negotiated(Function)} function returns null or a value outside 0..65535 s
   */
  public Duration negotiate(Duration brokerProposal) {
    Checks.inRange("broker heartbeat proposal", brokerProposal, Duration.ZERO, MAX);
    switch (kind) {
      case BROKER_DEFAULT:
        return Duration.ofSeconds(brokerProposal.getSeconds());
      case OFF:
        return Duration.ZERO;
      case FIXED:
        if (brokerProposal.isZero() || requested.compareTo(brokerProposal) <= 0) {
          return requested;
        }
        return Duration.ofSeconds(brokerProposal.getSeconds());
      case FUNCTION:
      default:
        Duration chosen = function.apply(brokerProposal);
        if (chosen == null) {
          throw new IllegalArgumentException(
              "the heartbeat function returned null; return Duration.ZERO to turn heartbeats off"
                  + " or its argument to accept the broker's proposal");
        }
        Checks.inRange("heartbeat chosen by the heartbeat function", chosen, Duration.ZERO, MAX);
        long seconds = chosen.getSeconds() + (chosen.getNano() > 0 ? 1 : 0);
        return Duration.ofSeconds(Math.min(seconds, MAX.getSeconds()));
    }
  }

  /**
   * {@link #negotiate(Duration)} in seconds, as {@code connection.tune} and {@code tune-ok} carry
   * it.
   *
   * @param brokerProposalSeconds the broker's proposal, 0 for none
   * @return 0 (off) to 65535
   */
  public int negotiateSeconds(int brokerProposalSeconds) {
    return (int) negotiate(Duration.ofSeconds(brokerProposalSeconds)).getSeconds();
  }

  /** {@return the timeout asked for by {@link #of(Duration)}; empty for the other policies} */
  public Optional<Duration> requested() {
    return kind == Kind.FIXED ? Optional.of(requested) : Optional.empty();
  }

  /** {@return true for {@link #off()} (and {@code of(ZERO)})} */
  public boolean isOff() {
    return kind == Kind.OFF;
  }

  /** {@return true for {@link #brokerDefault()}} */
  public boolean isBrokerDefault() {
    return kind == Kind.BROKER_DEFAULT;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HeartbeatPolicy other
        && kind == other.kind
        && Objects.equals(requested, other.requested)
        && Objects.equals(function, other.function);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, requested, function);
  }

  @Override
  public String toString() {
    switch (kind) {
      case BROKER_DEFAULT:
        return "HeartbeatPolicy[broker's proposal]";
      case OFF:
        return "HeartbeatPolicy[off]";
      case FIXED:
        return "HeartbeatPolicy[" + Checks.format(requested) + "]";
      default:
        return "HeartbeatPolicy[negotiated by a function]";
    }
  }
}
