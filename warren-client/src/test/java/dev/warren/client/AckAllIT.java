/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.ExchangeQueueIT.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.errors.WrongStateException;
import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * pika's and py-amqp's {@code basic_ack(0, multiple=True)} / {@code basic_nack(0, multiple=True)}
 * against the real broker: {@link Channel#basicAckAll()} and {@link Channel#basicNackAll(Requeue)}.
 */
@Timeout(30)
class AckAllIT {
  private Connection conn;
  private Channel ch;
  private Channel other;
  private String q;

  @BeforeEach
  void connect() {
    conn = Broker.connect();
    ch = conn.openChannel();
    other = conn.openChannel();
    q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
  }

  @AfterEach
  void close() {
    conn.close();
  }

  private void publish(int n) {
    for (int i = 0; i < n; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("m" + i));
    }
    ItSupport.waitUntil(Duration.ofSeconds(5), n + " messages queued", () -> messageCount() == n);
  }

  private long messageCount() {
    return other.queueDeclare(QueueSpec.named(q).passive()).messageCount();
  }

  private List<String> getAll(Channel from, int n) {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      bodies.add(from.basicGet(q, AckMode.MANUAL).orElseThrow().delivery().bodyAsString());
    }
    return bodies;
  }

  @Test
  void ackAllAcknowledgesEveryOutstandingDelivery() {
    publish(4);
    getAll(ch, 4);
    assertThat(messageCount()).isZero();
    ch.basicAckAll();
    // Closing the channel would requeue whatever was still unacknowledged: nothing comes back.
    ch.close();
    ItSupport.sleep(Duration.ofMillis(200));
    assertThat(messageCount()).isZero();
  }

  @Test
  void theCheckBites_withoutAckAllTheDeliveriesComeBackOnClose() {
    publish(4);
    getAll(ch, 4);
    ch.basicAck(1); // m0 only: a fresh channel numbers its deliveries from 1
    ch.close();
    ItSupport.waitUntil(Duration.ofSeconds(5), "three requeued", () -> messageCount() == 3);
  }

  @Test
  void ackAllWithNothingOutstandingIsHarmless() {
    ch.basicAckAll();
    ch.async().basicAckAll().join();
    assertThat(ch.queueDeclare(QueueSpec.named(q).passive()).messageCount()).isZero();
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void nackAllRequeuesOrDiscardsEveryOutstandingDelivery() {
    publish(3);
    getAll(ch, 3);
    ch.basicNackAll(Requeue.REQUEUE);
    ItSupport.waitUntil(Duration.ofSeconds(5), "requeued", () -> messageCount() == 3);
    List<GetResponse> again = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      again.add(ch.basicGet(q, AckMode.MANUAL).orElseThrow());
    }
    assertThat(again).allMatch(r -> r.delivery().redelivered());
    assertThat(again.stream().map(r -> r.delivery().bodyAsString()))
        .containsExactlyInAnyOrder("m0", "m1", "m2");

    ch.async().basicNackAll(Requeue.DISCARD).join();
    ch.close(); // nothing left to requeue
    ItSupport.sleep(Duration.ofMillis(200));
    assertThat(messageCount()).isZero();
    assertThatThrownBy(() -> other.basicNackAll(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void ackAllFromAConsumerCoversWhatArrivedSoFar() throws Exception {
    ch.basicQos(Qos.prefetch(10));
    LinkedBlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
    ch.basicConsume(ConsumeSpec.queue(q), got::add);
    for (int i = 0; i < 5; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("m" + i));
    }
    for (int i = 0; i < 5; i++) {
      assertThat(got.poll(5, TimeUnit.SECONDS)).isNotNull();
    }
    ch.basicAckAll();
    ch.close();
    ItSupport.sleep(Duration.ofMillis(200));
    assertThat(messageCount()).isZero();
  }

  @Test
  void onAClosedChannelAckAllFails() {
    ch.close();
    assertThatThrownBy(ch::basicAckAll).isInstanceOf(WrongStateException.class);
    assertThat(ch.async().basicAckAll())
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(WrongStateException.class);
  }
}
