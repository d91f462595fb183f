/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.examples;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.PublishOptions;
import dev.warren.client.QueueSpec;
import dev.warren.errors.NackedException;
import dev.warren.errors.UnroutableException;
import dev.warren.protocol.BasicProperties;
import java.nio.charset.StandardCharsets;

/**
 * pika §2.3.8, "Using Delivery Confirmations with the BlockingConnection": turn on publisher
 * confirms and publish one message to the queue {@code test} (or the first argument) through the
 * default exchange; {@code publishConfirmed} returns once the broker has taken responsibility for
 * it, and throws if the broker refused it.
 */
public final class ConfirmExample {
  private ConfirmExample() {}

  public static void main(String[] args) {
    String queue = Examples.arg(args, 0, "test");
    try (Connection connection = Connection.open(Examples.url());
        Channel channel = connection.openChannel()) {
      // Declare the queue
      channel.queueDeclare(QueueSpec.named(queue).durable());
      // Turn on delivery confirmations
      channel.confirmSelect();
      // Send a message
      try {
        channel.publishConfirmed(
            "",
            queue,
            BasicProperties.builder().contentType("text/plain").deliveryMode(1).build(),
            "Hello World!".getBytes(StandardCharsets.UTF_8),
            PublishOptions.defaults());
        System.out.println("Message publish was confirmed");
      } catch (UnroutableException | NackedException e) {
        System.out.println("Message could not be confirmed: " + e.getMessage());
      }
    }
  }
}
