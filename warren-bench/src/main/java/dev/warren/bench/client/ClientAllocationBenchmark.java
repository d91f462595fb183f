/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.bench.client;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.warren.bench.ceiling.NullBrokerMain;
import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConnectionParameters;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.RecoveryPolicy;
import dev.warren.protocol.BasicProperties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bytes allocated per published and per delivered message through the whole client (application
 * thread, event loop / reader thread, callback threads), against the null broker in a child JVM so
 * that the broker's own allocations are not counted. Run with {@code -prof gc} and read {@code
 * gc.alloc.rate.norm} (bytes per operation, all threads of the benchmark JVM):
 *
 * <pre>java -jar warren-bench/target/benchmarks.jar ClientAllocation -prof gc</pre>
 *
 * <ul>
 *   <li>{@code publish}: one {@code basicPublish} of a 16-byte body, no confirms;
 *   <li>{@code publishConfirmed}: the same on a channel in confirm mode (the null broker acks each
 *       read batch with one multiple ack), no listener;
 *   <li>{@code deliver}: one delivery to an auto-ack consumer that only counts (an operation waits
 *       for 1,000 more deliveries; the null broker pushes as fast as the client reads).
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ClientAllocationBenchmark {

  static final byte[] BODY = new byte[16];

  /** A connection (and the null broker behind it) for one benchmark. */
  @State(Scope.Benchmark)
  public abstract static class Client {
    @Param({"warren", "amqp"})
    public String client;

    NullBrokerMain.Child broker;
    Connection warren;
    Channel warrenChannel;
    com.rabbitmq.client.Connection amqp;
    com.rabbitmq.client.Channel amqpChannel;
    final AtomicLong delivered = new AtomicLong();

    void open() throws Exception {
      broker = new NullBrokerMain.Child(BODY.length, "-Xmx512m");
      if (client.equals("warren")) {
        warren =
            Connection.open(
                ConnectionParameters.builder()
                    .host("127.0.0.1")
                    .port(broker.port())
                    .recovery(RecoveryPolicy.disabled())
                    .build());
        warrenChannel = warren.openChannel();
      } else {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(broker.port());
        f.setAutomaticRecoveryEnabled(false);
        amqp = f.newConnection();
        amqpChannel = amqp.createChannel();
      }
    }

    void publish() throws Exception {
      if (warrenChannel != null) {
        warrenChannel.basicPublish("", "q", BasicProperties.EMPTY, BODY);
      } else {
        amqpChannel.basicPublish("", "q", null, BODY);
      }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      if (warren != null) {
        warren.close();
      }
      if (amqp != null) {
        amqp.abort();
      }
      broker.close();
    }
  }

  /** Publishing, no confirms. */
  public static class Publisher extends Client {
    @Setup(Level.Trial)
    public void setUp() throws Exception {
      open();
    }
  }

  /** Publishing on a channel in confirm mode. */
  public static class ConfirmingPublisher extends Client {
    @Setup(Level.Trial)
    public void setUp() throws Exception {
      open();
      if (warrenChannel != null) {
        warrenChannel.confirmSelect();
      } else {
        amqpChannel.confirmSelect();
      }
    }
  }

  /** An auto-ack consumer that counts. */
  public static class Consuming extends Client {
    @Setup(Level.Trial)
    public void setUp() throws Exception {
      open();
      if (warrenChannel != null) {
        warrenChannel.basicConsume(
            ConsumeSpec.queue("q").autoAck(), d -> delivered.incrementAndGet());
      } else {
        DefaultConsumer consumer =
            new DefaultConsumer(amqpChannel) {
              @Override
              public void handleDelivery(
                  String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                delivered.incrementAndGet();
              }
            };
        // the null broker may push before its consume-ok reaches the client
        amqpChannel.setDefaultConsumer(consumer);
        amqpChannel.basicConsume("q", true, consumer);
      }
    }
  }

  @Benchmark
  public void publish(Publisher p) throws Exception {
    p.publish();
  }

  @Benchmark
  public void publishConfirmed(ConfirmingPublisher p) throws Exception {
    p.publish();
  }

  static final int BATCH = 1000;

  /** Next count to wait for, per consuming state (the benchmark thread only). */
  @State(Scope.Thread)
  public static class Cursor {
    long next = -1;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long deliver(Consuming c, Cursor cursor) {
    if (cursor.next < 0) {
      cursor.next = c.delivered.get();
    }
    cursor.next += BATCH;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long now;
    while ((now = c.delivered.get()) < cursor.next) {
      LockSupport.parkNanos(20_000); // leave the cores to the client and the broker
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no deliveries for 30 s");
      }
    }
    // never fall behind: an operation is the next 1,000 deliveries from now on
    cursor.next = Math.max(cursor.next, now);
    return now;
  }
}
