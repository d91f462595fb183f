/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.bench.compare;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.warren.client.CallbackThread;
import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConnectionParameters;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.QueueSpec;
import dev.warren.protocol.BasicProperties;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Exact publish-to-delivery latency at a fixed rate, the same program on both clients: one producer
 * connection publishing {@code --rate} messages per second of {@code --size} bytes (the first 8
 * carry {@link System#nanoTime()}), one consumer connection with auto-ack. Prints a progress line
 * per second (the format {@link Compare} reads) and, at the end, the percentiles of every message
 * received after the warm-up:
 *
 * <pre>
 * java -cp warren-bench/target/benchmarks.jar dev.warren.bench.compare.LatencyProbe \
 *     --client warren|amqp --rate 1000 --size 1000 --seconds 26 --warmup 5 \
 *     [--callback-thread DISPATCHER|IO_THREAD]   (Warren's consumer; amqp-client ignores it)
 * </pre>
 */
public final class LatencyProbe {
  private LatencyProbe() {}

  interface Client extends AutoCloseable {
    void publish(byte[] body) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    String client = "warren";
    String host = "localhost";
    int port = 5672;
    double rate = 1000;
    int size = 1000;
    int seconds = 26;
    int warmup = 5;
    CallbackThread callbackThread = CallbackThread.DISPATCHER;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--client" -> client = args[++i];
        case "--host" -> host = args[++i];
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--rate" -> rate = Double.parseDouble(args[++i]);
        case "--size" -> size = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--callback-thread" -> callbackThread = CallbackThread.valueOf(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Recorder recorder = new Recorder(3);
    AtomicLong received = new AtomicLong();
    String queue = "probe-" + UUID.randomUUID();
    java.util.function.Consumer<byte[]> onBody =
        body -> {
          long sent = ByteBuffer.wrap(body).getLong(0);
          recorder.recordValue(Math.max(0, (System.nanoTime() - sent) / 1000));
          received.incrementAndGet();
        };
    try (Client c =
        client.equals("warren")
            ? warren(host, port, queue, callbackThread, onBody)
            : amqp(host, port, queue, onBody)) {
      Histogram steady = new Histogram(3);
      long start = System.nanoTime();
      long intervalNanos = (long) (1e9 / rate);
      long next = start;
      long sent = 0;
      long lastSent = 0;
      long lastReceived = 0;
      int second = 1;
      Histogram interval = null;
      long end = start + seconds * 1_000_000_000L;
      while (System.nanoTime() < end) {
        long now = System.nanoTime();
        if (now >= start + second * 1_000_000_000L) {
          interval = recorder.getIntervalHistogram(interval);
          if (second > warmup) {
            steady.add(interval);
          }
          long r = received.get();
          System.out.printf(
              Locale.ROOT,
              "time %6.1f s, sent %9d msg/s, received %9d msg/s, latency p50/p99 %d/%d µs%n",
              (double) second,
              sent - lastSent,
              r - lastReceived,
              interval.getValueAtPercentile(50),
              interval.getValueAtPercentile(99));
          lastSent = sent;
          lastReceived = r;
          second++;
          continue;
        }
        if (now < next) {
          long wait = next - now;
          if (wait > 20_000) {
            LockSupport.parkNanos(wait - 10_000);
          } else {
            Thread.onSpinWait();
          }
          continue;
        }
        byte[] body = new byte[Math.max(8, size)];
        ByteBuffer.wrap(body).putLong(0, System.nanoTime());
        c.publish(body);
        sent++;
        next += intervalNanos;
      }
      System.out.printf(
          Locale.ROOT,
          "steady latency p50/p99/p99.9 %d/%d/%d µs (max %d µs, %d messages after a %d s"
              + " warm-up)%n",
          steady.getValueAtPercentile(50),
          steady.getValueAtPercentile(99),
          steady.getValueAtPercentile(99.9),
          steady.getMaxValue(),
          steady.getTotalCount(),
          warmup);
    }
    System.exit(0);
  }

  private static Client warren(
      String host,
      int port,
      String queue,
      CallbackThread callbackThread,
      java.util.function.Consumer<byte[]> onBody) {
    ConnectionParameters params = ConnectionParameters.builder().host(host).port(port).build();
    Connection consumerConn = Connection.open(params);
    Connection producerConn = Connection.open(params);
    Channel cc = consumerConn.openChannel();
    cc.queueDeclare(QueueSpec.named(queue).autoDelete());
    cc.basicConsume(
        ConsumeSpec.queue(queue).autoAck().callbackThread(callbackThread),
        d -> onBody.accept(d.body()));
    Channel pc = producerConn.openChannel();
    return new Client() {
      @Override
      public void publish(byte[] body) {
        pc.basicPublish("", queue, BasicProperties.EMPTY, body);
      }

      @Override
      public void close() {
        producerConn.close();
        consumerConn.close();
      }
    };
  }

  private static Client amqp(
      String host, int port, String queue, java.util.function.Consumer<byte[]> onBody)
      throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost(host);
    f.setPort(port);
    com.rabbitmq.client.Connection consumerConn = f.newConnection();
    com.rabbitmq.client.Connection producerConn = f.newConnection();
    com.rabbitmq.client.Channel cc = consumerConn.createChannel();
    cc.queueDeclare(queue, false, false, true, null);
    cc.basicConsume(
        queue,
        true,
        new DefaultConsumer(cc) {
          @Override
          public void handleDelivery(
              String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            onBody.accept(body);
          }
        });
    com.rabbitmq.client.Channel pc = producerConn.createChannel();
    return new Client() {
      @Override
      public void publish(byte[] body) throws Exception {
        pc.basicPublish("", queue, null, body);
      }

      @Override
      public void close() throws Exception {
        producerConn.close();
        consumerConn.close();
      }
    };
  }
}
