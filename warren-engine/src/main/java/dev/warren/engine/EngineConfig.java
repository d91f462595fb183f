/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.engine;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;

/**
 * What the engine needs to open a connection. Immutable.
 *
 * @param clientProperties the client-properties table of connection.start-ok (product, version,
 *     capabilities, connection_name ...)
 * @param sasl chooses the mechanism from the broker's list and starts its exchange; throws an
 *     {@link dev.warren.errors.AuthenticationException} when none of the client's mechanisms is
 *     offered
 * @param locale the locale sent in start-ok
 * @param virtualHost the virtual host opened with connection.open
 * @param channelMax the client's channel_max (0 = no limit of its own)
 * @param frameMax the client's frame_max (0 = no limit of its own)
 * @param heartbeat the heartbeat in seconds the client answers to the broker's proposal (the
 *     operand, 0 when the broker proposes none)
 * @param maxBodySize the largest inbound message body accepted, in bytes
 * @param blockedTimeoutNanos how long the connection may stay blocked before it is torn down; 0 for
 *     no limit
 */
public record EngineConfig(
    Map<String, Object> clientProperties,
    Function<List<String>, SaslClient> sasl,
    String locale,
    String virtualHost,
    int channelMax,
    int frameMax,
    IntUnaryOperator heartbeat,
    long maxBodySize,
    long blockedTimeoutNanos) {
  public EngineConfig {
    clientProperties = Map.copyOf(clientProperties);
    Objects.requireNonNull(sasl, "sasl");
    Objects.requireNonNull(locale, "locale");
    Objects.requireNonNull(virtualHost, "virtualHost");
    Objects.requireNonNull(heartbeat, "heartbeat");
    if (channelMax < 0 || channelMax > 65535) {
      throw new IllegalArgumentException("channelMax must be 0..65535, was " + channelMax);
    }
    if (frameMax != 0 && frameMax < 4096) {
      throw new IllegalArgumentException("frameMax must be 0 or at least 4096, was " + frameMax);
    }
    if (maxBodySize <= 0) {
      throw new IllegalArgumentException("maxBodySize must be positive, was " + maxBodySize);
    }
  }
}
