/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.examples;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.PublishOptions;
import dev.warren.client.QueueSpec;
import dev.warren.errors.UnroutableException;
import dev.warren.protocol.BasicProperties;
import java.nio.charset.StandardCharsets;

/**
 * pika §2.3.9, "Ensuring message delivery with the mandatory flag": with confirms on, publish a
 * mandatory message to the default exchange with the routing key {@code test} (or the second
 * argument). When no queue is bound for it the broker returns it, and {@code publishConfirmed}
 * throws an {@link UnroutableException} carrying the message (pika's UnroutableError).
 */
public final class MandatoryExample {
  private MandatoryExample() {}

  public static void main(String[] args) {
    String queue = Examples.arg(args, 0, "test");
    String routingKey = Examples.arg(args, 1, queue);
    try (Connection connection = Connection.open(Examples.url());
        Channel channel = connection.openChannel()) {
      // Declare the queue
      channel.queueDeclare(QueueSpec.named(queue).durable());
      // Enable delivery confirmations. This is REQUIRED.
      channel.confirmSelect();
      // Send a message
      try {
        channel.publishConfirmed(
            "",
            routingKey,
            BasicProperties.builder().contentType("text/plain").deliveryMode(1).build(),
            "Hello World!".getBytes(StandardCharsets.UTF_8),
            PublishOptions.defaults().mandatory());
        System.out.println("Message was published");
      } catch (UnroutableException e) {
        System.out.println(
            "Message was returned: "
                + e.replyCode()
                + " "
                + e.replyText()
                + ", routing key '"
                + e.routingKey()
                + "', body '"
                + new String(e.body(), StandardCharsets.UTF_8)
                + "'");
      }
    }
  }
}
