/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.warren.protocol.BasicProperties;

/**
 * The programs {@link ExitWithoutCloseIT} runs in a child JVM, written as a new user would: none
 * closes its connection.
 *
 * <ul>
 *   <li>{@code publish-exit URL QUEUE N}: publishes N messages, then {@code System.exit(0)}.
 *   <li>{@code publish-wait URL QUEUE N}: publishes N messages, prints {@code published}, and
 *       returns from {@code main} (the parent then sends SIGTERM).
 *   <li>{@code consume URL QUEUE}: subscribes, prints {@code subscribed} and returns from {@code
 *       main}; prints {@code got BODY} for each delivery after that.
 * </ul>
 */
public final class ExitProgram {
  private ExitProgram() {}

  public static void main(String[] args) {
    String mode = args[0];
    Connection connection = Connection.open(args[1]);
    Channel channel = connection.openChannel();
    String queue = args[2];
    switch (mode) {
      case "publish-exit", "publish-wait" -> {
        int n = Integer.parseInt(args[3]);
        for (int i = 0; i < n; i++) {
          channel.basicPublish("", queue, BasicProperties.EMPTY, ("m" + i).getBytes(UTF_8));
        }
        if (mode.equals("publish-exit")) {
          System.exit(0);
        }
        System.out.println("published");
        System.out.flush();
      }
      case "consume" -> {
        channel.basicConsume(
            ConsumeSpec.queue(queue),
            d -> {
              System.out.println("got " + d.bodyAsString());
              System.out.flush();
              channel.basicAck(d.deliveryTag());
            });
        System.out.println("subscribed");
        System.out.flush();
      }
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
  }
}
