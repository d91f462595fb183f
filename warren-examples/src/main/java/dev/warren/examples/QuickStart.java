/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.QueueSpec;
import dev.warren.protocol.BasicProperties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

public final class QuickStart {
  public static void main(String[] args) throws InterruptedException {
    String url = System.getenv().getOrDefault("AMQP_URL", "amqp://guest:guest@localhost:5672/%2F");
    try (Connection conn = Connection.open(url);
        Channel ch = conn.openChannel()) {
      // A queue of this connection's own: the broker names it and deletes it when we close.
      String queue = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
      ch.basicPublish("", queue, BasicProperties.EMPTY, "Hello!".getBytes(UTF_8));

      CountDownLatch received = new CountDownLatch(1);
      ch.basicConsume(
          ConsumeSpec.queue(queue),
          d -> {
            System.out.println(d.bodyAsString());
            ch.basicAck(d.deliveryTag());
            received.countDown();
          });
      // Deliveries arrive on another thread: wait for this one before the channel closes.
      if (!received.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no message within 10 s");
      }
    }
  }
}
