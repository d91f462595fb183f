/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run by {@link VirtualThreadConsumersIT} in a child JVM (Java 21+) under JFR: consumers on {@code
 * Executors.newVirtualThreadPerTaskExecutor()} (through {@link ClientResources}), on several
 * channels, whose callbacks block the way application code does (blocking acks, a blocking RPC, a
 * sleep). Prints {@code ok N virtual=true ordered=true} and exits 0 when every delivery arrived in
 * order on a virtual thread; {@code FAILED ...} and exit 1 otherwise.
 *
 * <p>Arguments: {@code URL CHANNELS MESSAGES_PER_CHANNEL}.
 */
public final class VirtualThreadProgram {
  private VirtualThreadProgram() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    int channels = Integer.parseInt(args[1]);
    int perChannel = Integer.parseInt(args[2]);
    // Compiled for Java 17: the factory and isVirtual() are looked up.
    ExecutorService executor =
        (ExecutorService)
            java.util.concurrent.Executors.class
                .getMethod("newVirtualThreadPerTaskExecutor")
                .invoke(null);
    java.lang.reflect.Method isVirtual = Thread.class.getMethod("isVirtual");
    AtomicBoolean allVirtual = new AtomicBoolean(true);
    AtomicBoolean ordered = new AtomicBoolean(true);
    AtomicInteger received = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(channels * perChannel);
    try (ClientResources resources = ClientResources.builder().callbackExecutor(executor).build();
        Connection connection =
            Connection.open(
                ConnectionParameters.fromUri(url).toBuilder().resources(resources).build())) {
      Channel publisher = connection.openChannel();
      publisher.confirmSelect();
      List<String> queues = new ArrayList<>();
      for (int c = 0; c < channels; c++) {
        Channel ch = connection.openChannel();
        String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive().autoDelete()).queue();
        queues.add(q);
        AtomicInteger next = new AtomicInteger();
        ch.basicConsume(
            ConsumeSpec.queue(q),
            d -> {
              if (!(Boolean) isVirtual.invoke(Thread.currentThread())) {
                allVirtual.set(false);
              }
              int n = Integer.parseInt(d.bodyAsString());
              if (n != next.getAndIncrement()) {
                ordered.set(false);
              }
              if (n % 10 == 0) {
                ch.queueDeclare(QueueSpec.named(q).passive()); // a blocking RPC
              }
              if (n % 25 == 0) {
                Thread.sleep(1);
              }
              ch.basicAck(d.deliveryTag());
              received.incrementAndGet();
              done.countDown();
            });
      }
      for (int i = 0; i < perChannel; i++) {
        for (String q : queues) {
          publisher.basicPublish("", q, BasicProperties.EMPTY, String.valueOf(i).getBytes(UTF_8));
        }
      }
      publisher.waitForConfirms(Duration.ofSeconds(30));
      boolean all = done.await(60, TimeUnit.SECONDS);
      if (all && allVirtual.get() && ordered.get()) {
        System.out.println("ok " + received.get() + " virtual=true ordered=true");
      } else {
        System.out.println(
            "FAILED received="
                + received.get()
                + " virtual="
                + allVirtual.get()
                + " ordered="
                + ordered.get());
        System.exit(1);
      }
    } finally {
      executor.shutdown();
    }
  }
}
