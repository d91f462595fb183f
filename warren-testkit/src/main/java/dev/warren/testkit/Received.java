/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.testkit;

import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.codec.Method;
import java.util.Objects;

/**
 * A method the client sent to a {@link ScriptedPeer}, with its content when the method carries one
 * (basic.publish): the peer assembles the content header and body frames before matching.
 *
 * <p>{@code body} is the peer's own copy; equality of two instances compares the array by identity,
 * as records do, so compare bodies with {@code Arrays.equals} or AssertJ's {@code containsExactly}.
 *
 * @param <T> the method's type
 * @param channel the channel the method arrived on
 * @param method the decoded method, never {@code null}
 * @param properties the content's properties, or {@code null} for a method without content
 * @param body the content's body, or {@code null} for a method without content
 */
public record Received<T extends Method>(
    int channel, T method, BasicProperties properties, byte[] body) {
  /** Checks that the method is present. */
  public Received {
    Objects.requireNonNull(method, "method");
  }

  /** Whether content (properties and body) came with the method. */
  public boolean hasContent() {
    return body != null;
  }

  /** Such as {@code queue.declare on channel 1: QueueDeclare[...]}, plus the body size. */
  @Override
  public String toString() {
    return method.protocolName()
        + " on channel "
        + channel
        + ": "
        + method
        + (body == null ? "" : " with " + properties + " and a body of " + body.length + " bytes");
  }
}
