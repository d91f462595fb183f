/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.examples;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.ConsumerStream;
import dev.warren.client.Delivery;
import dev.warren.client.QueueSpec;
import java.time.Duration;

/**
 * pika §2.3.6, "Using the BlockingChannel.consume generator to consume messages": iterate over the
 * deliveries of the queue {@code test} (or the first argument), acknowledge each, leave the loop
 * after ten messages (or when nothing arrived for the inactivity timeout), then cancel the
 * consumer, which requeues what arrived but was not handed out.
 */
public final class ConsumeGeneratorExample {
  private ConsumeGeneratorExample() {}

  public static void main(String[] args) {
    String queue = Examples.arg(args, 0, "test");
    Duration inactivity = Duration.ofSeconds(Long.parseLong(Examples.arg(args, 1, "1")));
    try (Connection connection = Connection.open(Examples.url())) {
      Channel channel = connection.openChannel();
      channel.queueDeclare(QueueSpec.named(queue).durable());

      // Get ten messages and break out
      ConsumerStream stream = channel.consume(ConsumeSpec.queue(queue), inactivity);
      for (ConsumerStream.Item item : stream) {
        if (item.isInactive()) {
          System.out.println("Nothing arrived for " + inactivity.toSeconds() + " s");
          break;
        }
        Delivery delivery = item.delivery();
        // Display the message parts
        System.out.println(delivery);
        System.out.println(delivery.properties());
        System.out.println(delivery.bodyAsString());
        // Acknowledge the message
        channel.basicAck(delivery.deliveryTag());
        // Escape out of the loop after 10 messages
        if (delivery.deliveryTag() == 10) {
          break;
        }
      }

      // Cancel the consumer and return any pending messages
      int requeued = stream.cancel();
      System.out.println("Requeued " + requeued + " messages");

      // Close the channel and the connection
      channel.close();
    }
  }
}
