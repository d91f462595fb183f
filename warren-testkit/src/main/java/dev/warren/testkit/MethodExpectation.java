/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.testkit;

import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.codec.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The expectation that the client sends a method of a given type next, optionally on a given
 * channel and passing checks; created by {@link ScriptedPeer#expect(Class)}.
 *
 * <pre>{@code
 * MethodExpectation<QueueDeclare> declare =
 *     peer.expect(QueueDeclare.class)
 *         .onChannel(1)
 *         .matching("durable", QueueDeclare::durable)
 *         .respond(new QueueDeclareOk("orders", 0, 0));
 * ... drive the client ...
 * peer.verify();
 * assertThat(declare.receivedMethod().queue()).isEqualTo("orders");
 * }</pre>
 *
 * <p>A method that has content (basic.publish) is matched once its header and body frames have
 * arrived; {@link #received()} then carries the properties and body.
 *
 * @param <T> the type of method expected
 */
public final class MethodExpectation<T extends Method> extends Expectation {
  private record Check<T>(String description, Predicate<? super T> predicate) {}

  private final Class<T> type;
  private final List<Check<T>> checks = new ArrayList<>();
  private Consumer<? super Received<T>> assertions;
  private int channel = -1;
  private Received<T> received;

  MethodExpectation(ScriptedPeer peer, Class<T> type) {
    super(peer);
    this.type = Objects.requireNonNull(type, "type");
  }

  /** Requires the method to arrive on {@code channel}. */
  public MethodExpectation<T> onChannel(int channel) {
    if (channel < 0 || channel > 0xFFFF) {
      throw new IllegalArgumentException("channel must be in 0..65535, was " + channel);
    }
    synchronized (peer) {
      this.channel = channel;
    }
    return this;
  }

  /** Requires the method to pass {@code predicate}, named by {@code description} in failures. */
  public MethodExpectation<T> matching(String description, Predicate<? super T> predicate) {
    Objects.requireNonNull(predicate, "predicate");
    synchronized (peer) {
      checks.add(new Check<>(description, predicate));
    }
    return this;
  }

  /** Requires the method to pass {@code predicate}. */
  public MethodExpectation<T> matching(Predicate<? super T> predicate) {
    return matching("a predicate", predicate);
  }

  /**
   * Runs assertions (AssertJ's, say) on the method when it arrives: an {@link AssertionError}
   * thrown by them fails the expectation, with the assertion's message.
   */
  public MethodExpectation<T> satisfying(Consumer<? super T> assertions) {
    Objects.requireNonNull(assertions, "assertions");
    return satisfyingReceived(r -> assertions.accept(r.method()));
  }

  /**
   * Like {@link #satisfying}, with the channel and content too: for checks of a publish's
   * properties and body.
   */
  public MethodExpectation<T> satisfyingReceived(Consumer<? super Received<T>> assertions) {
    Objects.requireNonNull(assertions, "assertions");
    synchronized (peer) {
      Consumer<? super Received<T>> previous = this.assertions;
      this.assertions =
          previous == null
              ? assertions
              : r -> {
                previous.accept(r);
                assertions.accept(r);
              };
    }
    return this;
  }

  /** Requires content whose body is exactly {@code expected}. */
  public MethodExpectation<T> withBody(byte[] expected) {
    byte[] copy = expected.clone();
    return satisfyingReceived(
        r -> {
          if (r.body() == null || !Arrays.equals(r.body(), copy)) {
            throw new AssertionError(
                "expected a body of "
                    + copy.length
                    + " bytes "
                    + Arrays.toString(copy)
                    + ", got "
                    + (r.body() == null ? "no content" : Arrays.toString(r.body())));
          }
        });
  }

  @Override
  public MethodExpectation<T> respond(Method reply) {
    super.respond(reply);
    return this;
  }

  @Override
  public MethodExpectation<T> respond(int channel, Method reply) {
    super.respond(channel, reply);
    return this;
  }

  /**
   * When met, sends the method {@code reply} computes from the one that arrived (to echo a consumer
   * tag, say), on the same channel.
   */
  public MethodExpectation<T> respond(Function<? super T, ? extends Method> reply) {
    Objects.requireNonNull(reply, "reply");
    addResponse(
        "send a computed reply on the same channel",
        ch -> peer.emitMethod(ch, reply.apply(received.method())));
    return this;
  }

  @Override
  public MethodExpectation<T> respondContent(
      Method method, BasicProperties properties, byte[] body) {
    super.respondContent(method, properties, body);
    return this;
  }

  @Override
  public MethodExpectation<T> respondRaw(byte[] bytes) {
    super.respondRaw(bytes);
    return this;
  }

  @Override
  public MethodExpectation<T> thenDisconnect() {
    super.thenDisconnect();
    return this;
  }

  /**
   * What met the expectation.
   *
   * @throws IllegalStateException when it has not been met (yet)
   */
  public Received<T> received() {
    synchronized (peer) {
      if (received == null) {
        throw new IllegalStateException(this + " has not been met");
      }
      return received;
    }
  }

  /**
   * The method that met the expectation.
   *
   * @throws IllegalStateException when it has not been met (yet)
   */
  public T receivedMethod() {
    return received().method();
  }

  @Override
  String describe() {
    StringBuilder sb = new StringBuilder(protocolName());
    sb.append(channel < 0 ? " on any channel" : " on channel " + channel);
    for (Check<T> c : checks) {
      sb.append(", matching ").append(c.description());
    }
    if (assertions != null) {
      sb.append(", satisfying the assertions");
    }
    return sb.toString();
  }

  private String protocolName() {
    // Method records have a static NAME; avoid reflection for the common interface type.
    if (type == Method.class) {
      return "any method";
    }
    try {
      return (String) type.getField("NAME").get(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return type.getSimpleName();
    }
  }

  @Override
  String mismatch(InboundDecoder.Event event) {
    if (!(event instanceof InboundDecoder.MethodIn in)) {
      return "received " + event.describe() + " instead";
    }
    Received<?> r = in.received();
    if (!type.isInstance(r.method())) {
      return "received " + r + " instead";
    }
    if (channel >= 0 && r.channel() != channel) {
      return "received " + r + ", on the wrong channel";
    }
    @SuppressWarnings("unchecked")
    Received<T> typed = (Received<T>) r;
    for (Check<T> c : checks) {
      boolean ok;
      try {
        ok = c.predicate().test(typed.method());
      } catch (RuntimeException e) {
        return "received " + r + ", and the check '" + c.description() + "' threw " + e;
      }
      if (!ok) {
        return "received " + r + ", which does not match " + c.description();
      }
    }
    if (assertions != null) {
      try {
        assertions.accept(typed);
      } catch (AssertionError | RuntimeException e) {
        return "received " + r + ", which fails the assertions: " + e.getMessage();
      }
    }
    return null;
  }

  @Override
  void accept(InboundDecoder.Event event) {
    @SuppressWarnings("unchecked")
    Received<T> r = (Received<T>) ((InboundDecoder.MethodIn) event).received();
    received = r;
    super.accept(event);
  }
}
