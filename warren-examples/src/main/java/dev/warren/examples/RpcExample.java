/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.examples;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.Delivery;
import dev.warren.client.QueueSpec;
import dev.warren.client.rpc.RpcClient;
import dev.warren.client.rpc.RpcReply;
import dev.warren.client.rpc.RpcServer;
import dev.warren.client.rpc.RpcServerOptions;
import dev.warren.protocol.BasicProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * RabbitMQ tutorial 6, "Remote procedure call", in one program: a Fibonacci server consumes the
 * queue {@code rpc_queue} (or the first argument) and a client asks it for fib(n) for n from 0 to
 * the second argument (default 30), over direct reply-to. The tutorial's two programs (rpc_server,
 * rpc_client) are the two halves of {@code main}.
 */
public final class RpcExample {
  private RpcExample() {}

  /** The tutorial's (deliberately slow, recursive) Fibonacci. */
  static int fib(int n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
  }

  public static void main(String[] args) {
    String queue = Examples.arg(args, 0, "rpc_queue");
    int upTo = Integer.parseInt(Examples.arg(args, 1, "30"));
    try (Connection connection = Connection.open(Examples.url())) {
      try (Channel channel = connection.openChannel()) {
        channel.queueDeclare(QueueSpec.named(queue));
      }
      // rpc_server: one request at a time (prefetch 1), as in the tutorial.
      try (RpcServer server =
              RpcServer.start(
                  connection,
                  queue,
                  request -> {
                    int n = Integer.parseInt(request.bodyAsString());
                    System.out.println(" [.] fib(" + n + ")");
                    return RpcReply.text(Integer.toString(fib(n)));
                  },
                  RpcServerOptions.defaults().prefetch(1));
          // rpc_client
          RpcClient fibonacci = RpcClient.open(connection)) {
        System.out.println(" [x] Awaiting RPC requests on " + queue);
        for (int n = 0; n <= upTo; n += Math.max(1, upTo / 3)) {
          System.out.println(" [x] Requesting fib(" + n + ")");
          Delivery reply =
              fibonacci.call(
                  "",
                  queue,
                  BasicProperties.EMPTY,
                  Integer.toString(n).getBytes(StandardCharsets.UTF_8),
                  Duration.ofSeconds(10));
          System.out.println(" [.] Got " + reply.bodyAsString());
        }
      }
    }
  }
}
