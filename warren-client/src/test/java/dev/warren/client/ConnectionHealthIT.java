/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connection.health() in each state (open, blocked by a memory alarm, recovering, closed), on a
 * node of its own: the alarm and the forced close touch nobody else.
 */
class ConnectionHealthIT {
  @RegisterExtension static final OwnNode node = OwnNode.named("warren-observe", 5694, 25694);

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void healthInEveryState() throws Exception {
    Connection conn =
        Connection.open(
            node.parameters()
                .connectionName(Broker.unique("health-it"))
                // Slow enough to see RECOVERING, fast enough for a short test.
                .recovery(
                    RecoveryPolicy.builder()
                        .backoff(Duration.ofMillis(1500), Duration.ofMillis(1500))
                        .build())
                .build());
    try {
      Instant opened = Instant.now();
      Channel ch = conn.openChannel();
      String q = ch.queueDeclare(QueueSpec.named(Broker.unique("health-q"))).queue();
      for (int i = 0; i < 3; i++) {
        ch.basicPublish("", q, BasicProperties.EMPTY, new byte[] {(byte) i});
      }
      List<Long> tags = new CopyOnWriteArrayList<>();
      ch.basicConsume(ConsumeSpec.queue(q), d -> tags.add(d.deliveryTag()));
      ItSupport.waitUntil(WAIT, "three deliveries", () -> tags.size() == 3);

      // OPEN: three deliveries unacknowledged, then one acked.
      ConnectionHealth h = conn.health();
      assertThat(h.state()).isEqualTo(Connection.State.OPEN);
      assertThat(h.isReady()).isTrue();
      assertThat(h.isAlive()).isTrue();
      assertThat(h.endpoint()).isEqualTo("localhost:" + node.port());
      assertThat(h.nodeName()).startsWith("warren-observe@");
      assertThat(h.since()).isBefore(opened.plusSeconds(1));
      assertThat(h.blockedSince()).isNull();
      assertThat(h.lastFrameReceived()).isNotNull().isAfter(opened.minusSeconds(1));
      assertThat(h.recoveries()).isZero();
      assertThat(h.lastRecoveryCause()).isNull();
      assertThat(h.channels()).isEqualTo(1);
      assertThat(h.consumers()).isEqualTo(1);
      assertThat(h.unacknowledgedDeliveries()).isEqualTo(3);
      assertThat(h.unconfirmedPublishes()).isZero();
      ch.basicAck(tags.get(0));
      ItSupport.waitUntil(
          WAIT, "the ack counted", () -> conn.health().unacknowledgedDeliveries() == 2);

      // Blocked by a memory alarm.
      try {
        node.ctl("set_vm_memory_high_watermark", "0.0000001");
        ch.basicPublish("", q, BasicProperties.EMPTY, new byte[1]); // blocks a publisher
        ItSupport.waitUntil(WAIT, "connection.blocked", conn::isBlocked);
        h = conn.health();
        assertThat(h.state()).isEqualTo(Connection.State.OPEN);
        assertThat(h.blockedSince()).isNotNull();
        assertThat(h.isReady()).isFalse();
        assertThat(h.isAlive()).isTrue();
      } finally {
        node.ctl("set_vm_memory_high_watermark", "0.4");
      }
      ItSupport.waitUntil(WAIT, "connection.unblocked", () -> !conn.isBlocked());
      assertThat(conn.health().blockedSince()).isNull();
      assertThat(conn.health().isReady()).isTrue();

      // Recovering: the broker closes the connection; recovery waits 1.5 s before it tries.
      node.ctl("close_all_connections", "test: forced close");
      ItSupport.waitUntil(
          WAIT, "the recovering state", () -> conn.state() == Connection.State.RECOVERING);
      h = conn.health();
      assertThat(h.state()).isEqualTo(Connection.State.RECOVERING);
      assertThat(h.isAlive()).isTrue();
      assertThat(h.isReady()).isFalse();
      assertThat(h.lastRecoveryCause()).contains("forced close");
      assertThat(h.recoveries()).isZero();
      assertThat(h.channels()).isEqualTo(1);
      assertThat(h.unacknowledgedDeliveries()).as("the loss requeued them").isZero();
      ItSupport.waitUntil(WAIT, "the recovery", () -> conn.state() == Connection.State.OPEN);
      h = conn.health();
      assertThat(h.recoveries()).isEqualTo(1);
      assertThat(h.consumers()).isEqualTo(1);
      ItSupport.waitUntil(
          WAIT, "the requeued deliveries", () -> conn.health().unacknowledgedDeliveries() == 3);
      ch.queueDelete(q);
    } finally {
      conn.close();
    }

    // CLOSED.
    ConnectionHealth h = conn.health();
    assertThat(h.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(h.isAlive()).isFalse();
    assertThat(h.isReady()).isFalse();
    assertThat(h.channels()).isZero();
    assertThat(h.consumers()).isZero();
    assertThat(h.recoveries()).isEqualTo(1);
  }
}
