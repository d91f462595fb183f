/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.testkit;

import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.codec.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * One step of a {@link ScriptedPeer}'s script that waits for the client: something the client must
 * send next. Created by the peer's {@code expect...} methods, in script order.
 *
 * <p>Responses added with {@code respond...} run as soon as the expectation is met, before the
 * steps scripted after it; they are the usual way to answer a request. Add them while building the
 * script: once the expectation is met, adding a response throws {@link IllegalStateException}.
 *
 * <p>Thread-safe: guarded by the peer's lock.
 */
public abstract sealed class Expectation permits MethodExpectation, FrameExpectation {

  /**
   * Something sent when the expectation is met; {@code action} gets the channel the awaited frame
   * arrived on.
   */
  record Response(String description, IntConsumer action) {}

  final ScriptedPeer peer;
  final List<Response> responses = new ArrayList<>();
  private int position;
  private boolean satisfied;

  Expectation(ScriptedPeer peer) {
    this.peer = peer;
  }

  /** What is expected, such as {@code queue.declare on channel 1}. */
  abstract String describe();

  /**
   * Why {@code event} does not meet this expectation, or {@code null} when it does. Called with the
   * peer's lock held.
   */
  abstract String mismatch(InboundDecoder.Event event);

  /** Records what met the expectation. Called with the peer's lock held. */
  void accept(InboundDecoder.Event event) {
    satisfied = true;
  }

  final void position(int position) {
    this.position = position;
  }

  /** The 1-based position of this step in the script. */
  public final int position() {
    synchronized (peer) {
      return position;
    }
  }

  /** Whether the client has sent what was expected. */
  public final boolean isSatisfied() {
    synchronized (peer) {
      return satisfied;
    }
  }

  final void addResponse(String description, IntConsumer action) {
    synchronized (peer) {
      if (satisfied) {
        throw new IllegalStateException(
            "expectation " + position + " (" + describe() + ") is already met; respond earlier");
      }
      responses.add(new Response(description, action));
    }
  }

  /**
   * When met, sends {@code reply} on the channel the awaited frame arrived on (0 for a protocol
   * header or a heartbeat).
   */
  public Expectation respond(Method reply) {
    Objects.requireNonNull(reply, "reply");
    addResponse(
        "send " + reply.protocolName() + " on the same channel",
        channel -> peer.emitMethod(channel, reply));
    return this;
  }

  /** When met, sends {@code reply} on {@code channel}. */
  public Expectation respond(int channel, Method reply) {
    Objects.requireNonNull(reply, "reply");
    addResponse(
        "send " + reply.protocolName() + " on channel " + channel,
        ignored -> peer.emitMethod(channel, reply));
    return this;
  }

  /**
   * When met, sends a method with content ({@code basic.deliver}, {@code basic.get-ok} or {@code
   * basic.return}) on the channel the awaited frame arrived on, the body split at the frame size
   * the client negotiated.
   */
  public Expectation respondContent(Method method, BasicProperties properties, byte[] body) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(body, "body");
    byte[] copy = body.clone();
    addResponse(
        "send " + method.protocolName() + " with a body of " + copy.length + " bytes",
        channel -> peer.emitContent(channel, method, properties, copy));
    return this;
  }

  /** When met, sends {@code bytes} as they are (malformed frames, a protocol header ...). */
  public Expectation respondRaw(byte[] bytes) {
    byte[] copy = bytes.clone();
    addResponse(
        "send " + copy.length + " raw bytes",
        ignored -> peer.emitRaw(copy.length + " raw bytes", copy));
    return this;
  }

  /** When met, closes the connection (after the responses added before this one). */
  public Expectation thenDisconnect() {
    addResponse("disconnect", ignored -> peer.emitDisconnect());
    return this;
  }

  @Override
  public String toString() {
    synchronized (peer) {
      return "expectation " + position + ": " + describe() + (satisfied ? " (met)" : "");
    }
  }
}
