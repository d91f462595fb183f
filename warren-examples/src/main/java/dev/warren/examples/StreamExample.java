/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.examples;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.Qos;
import dev.warren.client.QueueSpec;
import dev.warren.client.StreamOffset;
import dev.warren.protocol.BasicProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stream queue over AMQP 0-9-1 (RabbitMQ's stream tutorial, "Hello World", with the AMQP 0-9-1
 * client): declare the stream {@code hello-stream} (or the first argument) with a retention of one
 * hour and 100 MB, publish the number of messages given as the second argument (default 5) with
 * confirms, then read the stream from the offset given as the third argument (default 0) and print
 * each message with its offset. Reading a stream needs manual acks and a prefetch.
 */
public final class StreamExample {
  private StreamExample() {}

  public static void main(String[] args) throws InterruptedException {
    String stream = Examples.arg(args, 0, "hello-stream");
    int count = Integer.parseInt(Examples.arg(args, 1, "5"));
    long from = Long.parseLong(Examples.arg(args, 2, "0"));
    try (Connection connection = Connection.open(Examples.url());
        Channel channel = connection.openChannel()) {
      channel.queueDeclare(
          QueueSpec.named(stream).stream().maxAge(Duration.ofHours(1)).maxLengthBytes(100_000_000));
      channel.confirmSelect();
      for (int i = 0; i < count; i++) {
        channel.basicPublish(
            "", stream, BasicProperties.EMPTY, ("Hello " + i).getBytes(StandardCharsets.UTF_8));
      }
      channel.waitForConfirms(Duration.ofSeconds(10));
      System.out.println("Published " + count + " messages to stream " + stream);

      CountDownLatch read = new CountDownLatch(1);
      channel.basicQos(Qos.prefetch(100));
      channel.basicConsume(
          ConsumeSpec.queue(stream).streamOffset(StreamOffset.offset(from)),
          delivery -> {
            long offset = delivery.streamOffset().orElse(-1);
            System.out.println("offset " + offset + ": " + delivery.bodyAsString());
            channel.basicAck(delivery.deliveryTag());
            if (delivery.bodyAsString().equals("Hello " + (count - 1))) {
              read.countDown();
            }
          });
      if (!read.await(10, TimeUnit.SECONDS)) {
        System.out.println("The last message did not arrive within 10 s");
      }
    }
  }
}
