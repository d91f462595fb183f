/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.protocol.BasicProperties;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link TcpOptions#receiveCoalescing()} against the real broker: a queue full of messages makes
 * the broker push as fast as it can, so data is waiting after every read and the connection pauses
 * reading; nothing may be lost or reordered by it, and the broker's replies still arrive.
 */
@Timeout(120)
class ReceiveCoalescingIT {
  private static final int MESSAGES = 20_000;
  private static final int SIZE = 1000;

  /** What the consumer saw: message numbers in arrival order, and the channel's last tag. */
  private static final class Received {
    final List<Integer> order = new ArrayList<>();
    final AtomicInteger count = new AtomicInteger();
  }

  private static Connection connect(Duration window) {
    return Connection.open(
        Broker.parameters().toBuilder()
            .tcpOptions(TcpOptions.builder().receiveCoalescing(window).build())
            .build());
  }

  /** A fresh exclusive queue on {@code conn} holding {@link #MESSAGES} numbered messages. */
  private static String filledQueue(Connection conn) {
    Channel pub = conn.openChannel();
    String q = pub.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
    pub.confirmSelect();
    byte[] body = new byte[SIZE];
    for (int i = 0; i < MESSAGES; i++) {
      ByteBuffer.wrap(body).putInt(0, i);
      pub.basicPublish("", q, BasicProperties.EMPTY, body.clone());
    }
    pub.waitForConfirms(Duration.ofSeconds(60));
    return q;
  }

  /**
   * Consumes everything in {@code q} as PerfTest's scenario c does: prefetch 1000, ack every 100.
   */
  private static Received drain(Connection conn, String q, CallbackThread thread) {
    Channel ch = conn.openChannel();
    ch.basicQos(Qos.prefetch(1000));
    Received r = new Received();
    ch.basicConsume(
        ConsumeSpec.queue(q).callbackThread(thread),
        d -> {
          synchronized (r.order) {
            r.order.add(ByteBuffer.wrap(d.body()).getInt(0));
          }
          if (r.count.incrementAndGet() % 100 == 0) {
            ch.async().basicAckUpTo(d.deliveryTag());
          }
        });
    // The broker still answers while reading pauses: a passive declare in the middle of the flood.
    ItSupport.waitUntil(Duration.ofSeconds(30), "the flood under way", () -> r.count.get() > 1000);
    Channel other = conn.openChannel();
    assertThat(other.queueDeclare(QueueSpec.named(q).passive()).queue()).isEqualTo(q);
    ItSupport.waitUntil(
        Duration.ofSeconds(60), "every message delivered", () -> r.count.get() == MESSAGES);
    return r;
  }

  private static void assertInOrderAndComplete(Received r) {
    synchronized (r.order) {
      assertThat(r.order).hasSize(MESSAGES);
      for (int i = 0; i < MESSAGES; i++) {
        assertThat(r.order.get(i)).as("message at position %d", i).isEqualTo(i);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(CallbackThread.class)
  void aFloodedConsumerPausesReadingAndLosesNothing(CallbackThread thread) {
    try (Connection conn = connect(TcpOptions.DEFAULT_RECEIVE_COALESCING)) {
      String q = filledQueue(conn);
      ConnectionStats before = conn.stats();
      Received r = drain(conn, q, thread);
      ConnectionStats after = conn.stats();

      assertInOrderAndComplete(r);
      long reads = after.reads() - before.reads();
      long pauses = after.readPauses() - before.readPauses();
      long bytes = after.bytesReceived() - before.bytesReceived();
      assertThat(bytes).isGreaterThanOrEqualTo((long) MESSAGES * SIZE);
      assertThat(pauses).as("pauses in %d reads", reads).isPositive();
      // Each pause is followed by a read that finds what arrived meanwhile, so pauses < reads.
      assertThat(reads).isGreaterThan(pauses);
    }
  }

  @ParameterizedTest
  @EnumSource(CallbackThread.class)
  void aZeroWindowReadsAtOnceAndNeverPauses(CallbackThread thread) {
    try (Connection conn = connect(Duration.ZERO)) {
      String q = filledQueue(conn);
      Received r = drain(conn, q, thread);

      assertInOrderAndComplete(r);
      ConnectionStats stats = conn.stats();
      assertThat(stats.readPauses()).isZero();
      assertThat(stats.reads()).isPositive();
    }
  }
}
