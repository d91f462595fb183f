/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.protocol.BasicProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SmokeIT {
  @Test
  void publishGetConsume() throws Exception {
    try (Connection conn = Broker.connect();
        Channel ch = conn.openChannel()) {
      assertThat(conn.isOpen()).isTrue();
      assertThat(conn.serverProperties()).containsKey("product");
      String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
      assertThat(q).startsWith("amq.gen-");
      ch.basicPublish("", q, BasicProperties.EMPTY, "hello".getBytes(StandardCharsets.UTF_8));
      GetResponse got = ch.basicGet(q, AckMode.AUTO).orElseThrow();
      assertThat(got.delivery().bodyAsString()).isEqualTo("hello");
      ArrayBlockingQueue<Delivery> received = new ArrayBlockingQueue<>(10);
      ch.basicConsume(ConsumeSpec.queue(q).autoAck(), received::add);
      ch.basicPublish("", q, BasicProperties.EMPTY, "again".getBytes(StandardCharsets.UTF_8));
      Delivery d = received.poll(5, TimeUnit.SECONDS);
      assertThat(d).isNotNull();
      assertThat(d.bodyAsString()).isEqualTo("again");
      assertThat(conn.heartbeat()).isEqualTo(Duration.ofSeconds(60));
    }
  }
}
