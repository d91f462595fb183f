/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.util.Map;

/**
 * What the broker announced it supports, from the capabilities table of connection.start (pika's
 * {@code basic_nack}, {@code consumer_cancel_notify}, {@code exchange_exchange_bindings}, {@code
 * publisher_confirms}).
 *
 * @since 0.1
 */
public record ServerCapabilities(
    boolean publisherConfirms,
    boolean exchangeExchangeBindings,
    boolean basicNack,
    boolean consumerCancelNotify,
    boolean connectionBlocked,
    boolean authenticationFailureClose,
    boolean perConsumerQos,
    boolean directReplyTo) {

  /**
   * {@return the capabilities read out of the broker's server-properties table}
   *
   * @param serverProperties the table from connection.start
   */
  public static ServerCapabilities from(Map<String, Object> serverProperties) {
    Object caps = serverProperties.get("capabilities");
    Map<?, ?> table = caps instanceof Map<?, ?> m ? m : Map.of();
    return new ServerCapabilities(
        flag(table, "publisher_confirms"),
        flag(table, "exchange_exchange_bindings"),
        flag(table, "basic.nack"),
        flag(table, "consumer_cancel_notify"),
        flag(table, "connection.blocked"),
        flag(table, "authentication_failure_close"),
        flag(table, "per_consumer_qos"),
        flag(table, "direct_reply_to"));
  }

  private static boolean flag(Map<?, ?> table, String key) {
    return Boolean.TRUE.equals(table.get(key));
  }
}
