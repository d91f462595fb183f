/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.util.Map;

/**
 * What the broker announced it supports, from the {@code capabilities} table of connection.start; a
 * capability the table lacks reads as false. Immutable and thread-safe.
 *
 * @param publisherConfirms {@code publisher_confirms}: confirm.select and publisher confirms
 * @param exchangeExchangeBindings {@code exchange_exchange_bindings}: exchange.bind
 * @param basicNack {@code basic.nack}: basic.nack from both sides
 * @param consumerCancelNotify {@code consumer_cancel_notify}: the broker's basic.cancel when a
 *     consumer's queue goes
 * @param connectionBlocked {@code connection.blocked}: connection.blocked and unblocked
 * @param authenticationFailureClose {@code authentication_failure_close}: a refused login is
 *     answered with connection.close rather than a closed socket
 * @param perConsumerQos {@code per_consumer_qos}: basic.qos without global applies per consumer
 * @param directReplyTo {@code direct_reply_to}: the {@code amq.rabbitmq.reply-to} pseudo-queue
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
