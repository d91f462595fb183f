/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.examples;

import dev.warren.client.AckMode;
import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.GetResponse;
import dev.warren.client.QueueSpec;
import java.util.Optional;

/**
 * pika §2.3.3, "Using the Blocking Connection to get a message from RabbitMQ": basic.get one
 * message from the queue {@code test} (or the first argument) and acknowledge it.
 *
 * <p>pika returns {@code (method, properties, body)} or {@code (None, None, None)}; Warren returns
 * an {@code Optional<GetResponse>} holding the delivery (envelope, properties, body) and the number
 * of messages left.
 */
public final class BasicGetExample {
  private BasicGetExample() {}

  public static void main(String[] args) {
    String queue = Examples.arg(args, 0, "test");
    try (Connection connection = Connection.open(Examples.url());
        Channel channel = connection.openChannel()) {
      channel.queueDeclare(QueueSpec.named(queue).durable());
      Optional<GetResponse> response = channel.basicGet(queue, AckMode.MANUAL);
      if (response.isPresent()) {
        GetResponse got = response.get();
        System.out.println(
            "Got delivery "
                + got.delivery().deliveryTag()
                + " from exchange '"
                + got.delivery().exchange()
                + "' with routing key '"
                + got.delivery().routingKey()
                + "' (redelivered: "
                + got.delivery().redelivered()
                + ", "
                + got.messageCount()
                + " left in the queue)");
        System.out.println("Properties: " + got.delivery().properties());
        System.out.println("Body: " + got.delivery().bodyAsString());
        channel.basicAck(got.delivery().deliveryTag());
      } else {
        System.out.println("No message returned");
      }
    }
  }
}
