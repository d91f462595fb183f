/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.examples;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ExchangeSpec;
import dev.warren.protocol.BasicProperties;
import java.nio.charset.StandardCharsets;

/**
 * pika §2.3.7, "Comparing Message Publishing with BlockingConnection and SelectConnection": publish
 * one message to the exchange {@code test_exchange} with routing key {@code test_routing_key} (or
 * the first two arguments), as non-persistent {@code text/plain}, then close.
 *
 * <p>Warren's blocking and asynchronous views are two faces of one connection, so the
 * SelectConnection half of pika's comparison is {@code channel.async().basicPublish(...)}, which
 * returns a CompletableFuture instead of blocking.
 */
public final class PublishExample {
  private PublishExample() {}

  public static void main(String[] args) {
    String exchange = Examples.arg(args, 0, "test_exchange");
    String routingKey = Examples.arg(args, 1, "test_routing_key");
    try (Connection connection = Connection.open(Examples.url());
        Channel channel = connection.openChannel()) {
      channel.exchangeDeclare(ExchangeSpec.direct(exchange));
      BasicProperties properties =
          BasicProperties.builder().contentType("text/plain").deliveryMode(1).build();
      channel.basicPublish(
          exchange, routingKey, properties, "message body value".getBytes(StandardCharsets.UTF_8));
      System.out.println(
          "Published 'message body value' to exchange '"
              + exchange
              + "' with routing key '"
              + routingKey
              + "'");
    }
  }
}
