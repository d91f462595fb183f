/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.testkit;

import dev.warren.protocol.codec.FieldTables;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link ScriptedPeer} says during {@link ScriptedPeer#handshake(BrokerHandshake)}: the
 * connection.start it sends and the connection.tune proposal. Immutable; start from {@link
 * #rabbitMq()} and change what the test is about:
 *
 * <pre>{@code
 * peer.handshake(BrokerHandshake.rabbitMq().withTune(16, 8192, 10).withMechanisms("AMQPLAIN"));
 * }</pre>
 *
 * @param serverProperties the server-properties table of connection.start
 * @param mechanisms the SASL mechanisms offered, separated by spaces
 * @param locales the locales offered, separated by spaces
 * @param channelMax the channel_max proposed in connection.tune (0 = no limit)
 * @param frameMax the frame_max proposed in connection.tune (0 = no limit)
 * @param heartbeat the heartbeat proposed in connection.tune, in seconds (0 = none)
 */
public record BrokerHandshake(
    Map<String, Object> serverProperties,
    String mechanisms,
    String locales,
    int channelMax,
    long frameMax,
    int heartbeat) {

  /** Checks the values and copies the table. */
  public BrokerHandshake {
    serverProperties = FieldTables.copyOf(serverProperties);
    Objects.requireNonNull(mechanisms, "mechanisms");
    Objects.requireNonNull(locales, "locales");
    if (channelMax < 0 || channelMax > 0xFFFF) {
      throw new IllegalArgumentException("channelMax must be in 0..65535, was " + channelMax);
    }
    if (frameMax < 0 || frameMax > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("frameMax must be in 0..2^32-1, was " + frameMax);
    }
    if (heartbeat < 0 || heartbeat > 0xFFFF) {
      throw new IllegalArgumentException("heartbeat must be in 0..65535, was " + heartbeat);
    }
  }

  /**
   * What a RabbitMQ 3.13 broker with default settings says: its product properties and
   * capabilities, mechanisms {@code PLAIN AMQPLAIN}, locale {@code en_US}, channel_max 2047,
   * frame_max 131072, heartbeat 60.
   */
  public static BrokerHandshake rabbitMq() {
    Map<String, Object> capabilities = new LinkedHashMap<>();
    capabilities.put("publisher_confirms", true);
    capabilities.put("exchange_exchange_bindings", true);
    capabilities.put("basic.nack", true);
    capabilities.put("consumer_cancel_notify", true);
    capabilities.put("connection.blocked", true);
    capabilities.put("consumer_priorities", true);
    capabilities.put("authentication_failure_close", true);
    capabilities.put("per_consumer_qos", true);
    capabilities.put("direct_reply_to", true);
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("capabilities", capabilities);
    props.put("cluster_name", "rabbit@testkit");
    props.put("copyright", "Copyright (c) 2007-2024 Broadcom Inc and/or its subsidiaries");
    props.put("information", "Warren testkit ScriptedPeer posing as RabbitMQ");
    props.put("platform", "Erlang/OTP 26.2.5");
    props.put("product", "RabbitMQ");
    props.put("version", "3.13.7");
    return new BrokerHandshake(props, "PLAIN AMQPLAIN", "en_US", 2047, 131072, 60);
  }

  /** The same with other server properties. */
  public BrokerHandshake withServerProperties(Map<String, Object> serverProperties) {
    return new BrokerHandshake(
        serverProperties, mechanisms, locales, channelMax, frameMax, heartbeat);
  }

  /**
   * The same offering other SASL mechanisms (space-separated, such as {@code "PLAIN EXTERNAL"}).
   */
  public BrokerHandshake withMechanisms(String mechanisms) {
    return new BrokerHandshake(
        serverProperties, mechanisms, locales, channelMax, frameMax, heartbeat);
  }

  /** The same offering other locales. */
  public BrokerHandshake withLocales(String locales) {
    return new BrokerHandshake(
        serverProperties, mechanisms, locales, channelMax, frameMax, heartbeat);
  }

  /** The same proposing other limits in connection.tune. */
  public BrokerHandshake withTune(int channelMax, long frameMax, int heartbeat) {
    return new BrokerHandshake(
        serverProperties, mechanisms, locales, channelMax, frameMax, heartbeat);
  }

  /** The same proposing another heartbeat. */
  public BrokerHandshake withHeartbeat(int heartbeat) {
    return withTune(channelMax, frameMax, heartbeat);
  }
}
