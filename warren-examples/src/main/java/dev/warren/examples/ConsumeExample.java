/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.examples;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.QueueSpec;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * pika §2.3.4, "Using the Blocking Connection to consume messages from RabbitMQ": a callback prints
 * and acknowledges each message of the queue {@code test} (or the first argument) while {@code
 * startConsuming()} waits. It stops on Ctrl-C, or after the number of messages given as the second
 * argument.
 *
 * <p>The callback runs on a Warren dispatcher thread, never on the I/O thread, so it may take its
 * time without losing heartbeats.
 */
public final class ConsumeExample {
  private ConsumeExample() {}

  public static void main(String[] args) {
    String queue = Examples.arg(args, 0, "test");
    int max = Integer.parseInt(Examples.arg(args, 1, "0")); // 0: until Ctrl-C
    try (Connection connection = Connection.open(Examples.url())) {
      Channel channel = connection.openChannel();
      channel.queueDeclare(QueueSpec.named(queue).durable());
      AtomicInteger count = new AtomicInteger();
      channel.basicConsume(
          ConsumeSpec.queue(queue),
          delivery -> {
            System.out.println(delivery.deliveryTag());
            System.out.println(delivery.bodyAsString());
            System.out.println();
            channel.basicAck(delivery.deliveryTag());
            if (count.incrementAndGet() == max) {
              channel.stopConsuming();
            }
          });
      Thread onCtrlC = new Thread(channel::stopConsuming);
      Runtime.getRuntime().addShutdownHook(onCtrlC);
      channel.startConsuming();
      Runtime.getRuntime().removeShutdownHook(onCtrlC);
      System.out.println("Consumed " + count.get() + " messages");
    }
  }
}
