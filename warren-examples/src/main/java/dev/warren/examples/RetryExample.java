/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.examples;

import dev.warren.client.AckMode;
import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.QueueSpec;
import dev.warren.client.RetryOutcome;
import dev.warren.client.RetryPolicy;
import dev.warren.protocol.BasicProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Delivery limits and retries: a quorum queue {@code orders} (or the first argument) whose
 * dead-letter exchange sends failed messages to {@code <queue>.dlq}, and a consumer that handles
 * "ok" and throws for anything else. Warren acks what succeeds and retries what fails, 200 ms apart
 * (or the second argument, in ms), until the message has been delivered three times; then it
 * rejects it and the queue dead-letters it. Each outcome is printed.
 */
public final class RetryExample {
  private RetryExample() {}

  public static void main(String[] args) throws InterruptedException {
    String queue = Examples.arg(args, 0, "orders");
    Duration delay = Duration.ofMillis(Long.parseLong(Examples.arg(args, 1, "200")));
    String deadLetters = queue + ".dlq";
    try (Connection connection = Connection.open(Examples.url());
        Channel channel = connection.openChannel()) {
      channel.queueDeclare(QueueSpec.named(deadLetters).durable());
      channel.queueDeclare(
          QueueSpec.named(queue).quorum().deadLetterExchange("").deadLetterRoutingKey(deadLetters));

      CountDownLatch done = new CountDownLatch(2); // "ok" acked, "bad" dead-lettered
      RetryPolicy retries =
          RetryPolicy.requeue(3)
              .withDelay(delay)
              .listener(
                  event -> {
                    System.out.println(
                        event.delivery().bodyAsString()
                            + ": delivery "
                            + event.attempt()
                            + " "
                            + event.outcome());
                    if (event.outcome() == RetryOutcome.ACKED
                        || event.outcome() == RetryOutcome.DEAD_LETTERED) {
                      done.countDown();
                    }
                  });
      channel.basicConsume(
          ConsumeSpec.queue(queue).retries(retries),
          delivery -> {
            if (!delivery.bodyAsString().equals("ok")) {
              throw new IllegalArgumentException("cannot handle " + delivery.bodyAsString());
            }
          });
      for (String body : new String[] {"ok", "bad"}) {
        channel.basicPublish(
            "", queue, BasicProperties.EMPTY, body.getBytes(StandardCharsets.UTF_8));
      }
      if (!done.await(20, TimeUnit.SECONDS)) {
        System.out.println("Not done within 20 s");
        return;
      }
      // The dead-letter exchange routes asynchronously: give it a moment.
      for (int i = 0; i < 50; i++) {
        var dead = channel.basicGet(deadLetters, AckMode.AUTO);
        if (dead.isPresent()) {
          System.out.println("Dead-lettered: " + dead.get().delivery().bodyAsString());
          break;
        }
        Thread.sleep(100);
      }
    }
  }
}
