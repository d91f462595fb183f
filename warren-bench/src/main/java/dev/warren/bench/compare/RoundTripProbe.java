/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.bench.compare;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConnectionParameters;
import dev.warren.client.QueueSpec;
import dev.warren.client.rpc.RpcClient;
import dev.warren.client.rpc.RpcReply;
import dev.warren.client.rpc.RpcServer;
import dev.warren.client.rpc.RpcServerOptions;
import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Round trips, one at a time, the same program on both clients; what a user of the RabbitMQ
 * tutorials writes first:
 *
 * <ul>
 *   <li>{@code --mode confirm}: publish one message, wait for its confirm, repeat (the "Publisher
 *       Confirms" tutorial's one-by-one strategy). The queue keeps at most 1,000 messages ({@code
 *       x-max-length}), so that a run of millions does not fill the broker; {@code --persistent}
 *       publishes with delivery mode 2 to a durable queue.
 *   <li>{@code --mode rpc}: a request to a server queue with {@code reply_to =
 *       amq.rabbitmq.reply-to} (direct reply-to) and a correlation id, wait for the reply, repeat
 *       (tutorial 6). The server runs in the same process on its own connection, with the same
 *       client: manual acks and a prefetch of 1, replying before it acks, as the tutorial does.
 *       Warren uses its RPC helpers ({@code RpcClient}, {@code RpcServer}); amqp-client the
 *       tutorial's hand-written client and server.
 * </ul>
 *
 * <p>Prints a progress line per second in the format {@link Compare} reads ("received" is round
 * trips completed) and, at the end, the exact percentiles of every round trip after the warm-up:
 *
 * <pre>
 * java -cp warren-bench/target/benchmarks.jar dev.warren.bench.compare.RoundTripProbe \
 *     --client warren|amqp --mode confirm|rpc [--persistent] --size 1000 --seconds 26 --warmup 5
 * </pre>
 */
public final class RoundTripProbe {
  private RoundTripProbe() {}

  /** One round trip: send, and return when its answer (confirm or reply) arrived. */
  interface Client extends AutoCloseable {
    void roundTrip(byte[] body) throws Exception;
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  public static void main(String[] args) throws Exception {
    String client = "warren";
    String host = "localhost";
    int port = 5672;
    String mode = "confirm";
    boolean persistent = false;
    int size = 1000;
    int seconds = 26;
    int warmup = 5;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--client" -> client = args[++i];
        case "--host" -> host = args[++i];
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--mode" -> mode = args[++i];
        case "--persistent" -> persistent = true;
        case "--size" -> size = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (!mode.equals("confirm") && !mode.equals("rpc")) {
      throw new IllegalArgumentException("--mode is confirm or rpc, not " + mode);
    }
    String queue = "probe-" + mode + "-" + UUID.randomUUID();
    boolean warren = client.equals("warren");
    try (Client c =
        mode.equals("confirm")
            ? (warren
                ? warrenConfirm(host, port, queue, persistent)
                : amqpConfirm(host, port, queue, persistent))
            : (warren ? warrenRpc(host, port, queue) : amqpRpc(host, port, queue))) {
      run(c, size, seconds, warmup);
    }
    System.exit(0);
  }

  private static void run(Client c, int size, int seconds, int warmup) throws Exception {
    Histogram steady = new Histogram(3);
    Histogram interval = new Histogram(3);
    byte[] body = new byte[Math.max(8, size)];
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    int second = 1;
    long done = 0;
    long lastDone = 0;
    long now = start;
    while (now < end) {
      if (now >= start + second * 1_000_000_000L) {
        if (second > warmup) {
          steady.add(interval);
        }
        System.out.printf(
            Locale.ROOT,
            "time %6.1f s, sent %9d msg/s, received %9d msg/s, latency p50/p99 %d/%d µs%n",
            (double) second,
            done - lastDone,
            done - lastDone,
            interval.getValueAtPercentile(50),
            interval.getValueAtPercentile(99));
        interval.reset();
        lastDone = done;
        second++;
      }
      long t0 = System.nanoTime();
      c.roundTrip(body);
      now = System.nanoTime();
      interval.recordValue(Math.max(0, (now - t0) / 1000));
      done++;
    }
    System.out.printf(
        Locale.ROOT,
        "steady latency p50/p99/p99.9 %d/%d/%d µs (max %d µs, %d round trips after a %d s"
            + " warm-up)%n",
        steady.getValueAtPercentile(50),
        steady.getValueAtPercentile(99),
        steady.getValueAtPercentile(99.9),
        steady.getMaxValue(),
        steady.getTotalCount(),
        warmup);
  }

  // ------------------------------------------------------------------------------- Warren

  private static Connection warrenConnection(String host, int port) {
    return Connection.open(ConnectionParameters.builder().host(host).port(port).build());
  }

  private static Client warrenConfirm(String host, int port, String queue, boolean persistent) {
    Connection conn = warrenConnection(host, port);
    Channel ch = conn.openChannel();
    QueueSpec spec = QueueSpec.named(queue).argument("x-max-length", 1000);
    ch.queueDeclare(persistent ? spec.durable() : spec.autoDelete());
    ch.confirmSelect();
    BasicProperties props =
        persistent ? BasicProperties.builder().persistent().build() : BasicProperties.EMPTY;
    return new Client() {
      @Override
      public void roundTrip(byte[] body) {
        ch.basicPublish("", queue, props, body);
        ch.waitForConfirms(TIMEOUT);
      }

      @Override
      public void close() {
        ch.queueDelete(queue);
        conn.close();
      }
    };
  }

  /**
   * Warren's RPC helpers ({@code dev.warren.client.rpc}), what a Warren user writes for tutorial 6:
   * an {@link RpcServer} with prefetch 1 (it acks after the reply is written) and an {@link
   * RpcClient} over direct reply-to.
   */
  private static Client warrenRpc(String host, int port, String queue) {
    Connection serverConn = warrenConnection(host, port);
    try (Channel declare = serverConn.openChannel()) {
      declare.queueDeclare(QueueSpec.named(queue).autoDelete());
    }
    RpcServer server =
        RpcServer.start(
            serverConn,
            queue,
            request -> RpcReply.of(request.body()),
            RpcServerOptions.defaults().prefetch(1));
    Connection conn = warrenConnection(host, port);
    RpcClient rpc = RpcClient.open(conn);
    return new Client() {
      @Override
      public void roundTrip(byte[] body) {
        rpc.call("", queue, BasicProperties.EMPTY, body, TIMEOUT);
      }

      @Override
      public void close() {
        rpc.close();
        conn.close();
        server.close();
        serverConn.close();
      }
    };
  }

  // --------------------------------------------------------------------------- amqp-client

  private static com.rabbitmq.client.Connection amqpConnection(String host, int port)
      throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost(host);
    f.setPort(port);
    return f.newConnection();
  }

  private static Client amqpConfirm(String host, int port, String queue, boolean persistent)
      throws Exception {
    com.rabbitmq.client.Connection conn = amqpConnection(host, port);
    com.rabbitmq.client.Channel ch = conn.createChannel();
    ch.queueDeclare(queue, persistent, false, !persistent, Map.of("x-max-length", 1000));
    ch.confirmSelect();
    AMQP.BasicProperties props =
        persistent ? new AMQP.BasicProperties.Builder().deliveryMode(2).build() : null;
    return new Client() {
      @Override
      public void roundTrip(byte[] body) throws Exception {
        ch.basicPublish("", queue, props, body);
        ch.waitForConfirmsOrDie(TIMEOUT.toMillis());
      }

      @Override
      public void close() throws Exception {
        ch.queueDelete(queue);
        conn.close();
      }
    };
  }

  private static Client amqpRpc(String host, int port, String queue) throws Exception {
    com.rabbitmq.client.Connection serverConn = amqpConnection(host, port);
    com.rabbitmq.client.Channel server = serverConn.createChannel();
    server.queueDeclare(queue, false, false, true, null);
    server.basicQos(1);
    server.basicConsume(
        queue,
        false,
        new DefaultConsumer(server) {
          @Override
          public void handleDelivery(
              String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
              throws java.io.IOException {
            server.basicPublish(
                "",
                properties.getReplyTo(),
                new AMQP.BasicProperties.Builder()
                    .correlationId(properties.getCorrelationId())
                    .build(),
                body);
            server.basicAck(envelope.getDeliveryTag(), false);
          }
        });
    com.rabbitmq.client.Connection conn = amqpConnection(host, port);
    com.rabbitmq.client.Channel ch = conn.createChannel();
    SynchronousQueue<String> replies = new SynchronousQueue<>();
    ch.basicConsume(
        "amq.rabbitmq.reply-to",
        true,
        new DefaultConsumer(ch) {
          @Override
          public void handleDelivery(
              String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            offer(replies, properties.getCorrelationId());
          }
        });
    return new Client() {
      long n;

      @Override
      public void roundTrip(byte[] body) throws Exception {
        String id = Long.toString(++n);
        ch.basicPublish(
            "",
            queue,
            new AMQP.BasicProperties.Builder()
                .replyTo("amq.rabbitmq.reply-to")
                .correlationId(id)
                .build(),
            body);
        awaitReply(replies, id);
      }

      @Override
      public void close() throws Exception {
        conn.close();
        serverConn.close();
      }
    };
  }

  // ------------------------------------------------------------------------------- shared

  private static void offer(SynchronousQueue<String> replies, String correlationId) {
    try {
      // the caller waits in take(): the hand-over is immediate, the deadline only guards a stop
      replies.offer(correlationId, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitReply(SynchronousQueue<String> replies, String id)
      throws InterruptedException {
    String got = replies.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (got == null) {
      throw new IllegalStateException("no reply to call " + id + " within " + TIMEOUT);
    }
    if (!got.equals(id)) {
      throw new IllegalStateException("reply to call " + got + " while waiting for " + id);
    }
  }
}
