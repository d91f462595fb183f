/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.examples;

import dev.warren.client.CallbackThread;
import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.QueueSpec;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A high-rate consumer whose callback runs on the connection's I/O thread (pika's model): it sums
 * the body sizes of the queue {@code test} (or the first argument), acknowledging every 100
 * messages at once, and stops after the number of messages given as the second argument (or on
 * Ctrl-C).
 *
 * <p>{@link CallbackThread#IO_THREAD} saves a thread hand-off per delivery; in exchange the
 * callback must be short and must not block. Acknowledging, publishing and {@code stopConsuming()}
 * are fine there; a blocking RPC (a declare, a blocking close) would throw {@code
 * WrongStateException}: use {@code channel.async()} for those.
 */
public final class IoThreadConsumeExample {
  private IoThreadConsumeExample() {}

  public static void main(String[] args) {
    String queue = Examples.arg(args, 0, "test");
    long max = Long.parseLong(Examples.arg(args, 1, "0")); // 0: until Ctrl-C
    try (Connection connection = Connection.open(Examples.url())) {
      Channel channel = connection.openChannel();
      channel.queueDeclare(QueueSpec.named(queue).durable());
      AtomicLong count = new AtomicLong();
      AtomicLong bytes = new AtomicLong();
      channel.basicConsume(
          ConsumeSpec.queue(queue).callbackThread(CallbackThread.IO_THREAD),
          delivery -> {
            // Short and non-blocking: count, acknowledge in batches, maybe stop.
            bytes.addAndGet(delivery.body().length);
            long n = count.incrementAndGet();
            if (n % 100 == 0 || n == max) {
              channel.basicAckUpTo(delivery.deliveryTag());
            }
            if (n == max) {
              channel.stopConsuming();
            }
          });
      Thread onCtrlC = new Thread(channel::stopConsuming);
      Runtime.getRuntime().addShutdownHook(onCtrlC);
      channel.startConsuming();
      Runtime.getRuntime().removeShutdownHook(onCtrlC);
      System.out.println("Consumed " + count.get() + " messages, " + bytes.get() + " bytes");
    }
  }
}
