/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * py-amqp's {@code bytes_recv}, {@code bytes_sent}, {@code last_heartbeat_received} and {@code
 * last_heartbeat_sent} against the real broker: {@link Connection#stats()}.
 */
@Timeout(60)
class ConnectionStatsIT {

  @Test
  void bytesFollowTheTrafficBothWays() throws Exception {
    Instant opened = Instant.now();
    try (Connection conn = Broker.connect()) {
      ConnectionStats atOpen = conn.stats();
      // The handshake went both ways: protocol header, start-ok, tune-ok, open / start, tune ...
      assertThat(atOpen.bytesSent()).isGreaterThan(8);
      assertThat(atOpen.bytesReceived()).isGreaterThan(100); // connection.start's properties
      assertThat(atOpen.reads()).isPositive(); // start, tune and open-ok: at least one read
      assertThat(atOpen.lastReceived()).isNotNull();
      assertThat(atOpen.lastReceived())
          .isBetween(opened.minusSeconds(1), Instant.now().plusSeconds(1));

      Channel ch = conn.openChannel();
      String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
      byte[] body = new byte[200_000];
      ch.basicPublish("", q, BasicProperties.EMPTY, body);
      ItSupport.waitUntil(
          Duration.ofSeconds(5),
          "the message queued",
          () -> ch.queueDeclare(QueueSpec.named(q).passive()).messageCount() == 1);
      ConnectionStats published = conn.stats();
      assertThat(published.bytesSent() - atOpen.bytesSent()).isGreaterThanOrEqualTo(200_000);
      assertThat(published.bytesReceived() - atOpen.bytesReceived()).isLessThan(10_000);

      assertThat(ch.basicGet(q, AckMode.AUTO)).isPresent();
      ConnectionStats got = conn.async().stats().get(5, TimeUnit.SECONDS);
      assertThat(got.bytesReceived() - published.bytesReceived()).isGreaterThanOrEqualTo(200_000);
      assertThat(got.reads()).isGreaterThan(published.reads());
      assertThat(got.bytesSent()).isGreaterThanOrEqualTo(published.bytesSent());
      assertThat(got.lastReceived()).isAfterOrEqualTo(atOpen.lastReceived());

      conn.close();
      // The final counts stay readable after the close (close and close-ok counted).
      ConnectionStats closed = conn.stats();
      assertThat(closed.bytesSent()).isGreaterThan(got.bytesSent());
      assertThat(closed.bytesReceived()).isGreaterThan(got.bytesReceived());
      ConnectionStats again = conn.stats();
      assertThat(again.bytesSent()).isEqualTo(closed.bytesSent());
      assertThat(again.bytesReceived()).isEqualTo(closed.bytesReceived());
    }
  }

  @Test
  void heartbeatsAreCountedWithTheirTimes() {
    try (Connection conn =
        Connection.open(Broker.parameters().toBuilder().heartbeat(Duration.ofSeconds(1)).build())) {
      assertThat(conn.heartbeat()).isEqualTo(Duration.ofSeconds(1));
      Instant start = Instant.now();
      // An idle connection: each side sends a heartbeat about every half second to second.
      ItSupport.waitUntil(
          Duration.ofSeconds(10),
          "heartbeats both ways",
          () -> {
            ConnectionStats s = conn.stats();
            return s.heartbeatsReceived() >= 2 && s.heartbeatsSent() >= 2;
          });
      ConnectionStats s = conn.stats();
      Instant now = Instant.now();
      assertThat(s.lastHeartbeatReceived()).isBetween(start, now.plusMillis(100));
      assertThat(s.lastHeartbeatSent()).isBetween(start, now.plusMillis(100));
      assertThat(s.lastReceived()).isAfterOrEqualTo(s.lastHeartbeatReceived());
      // Heartbeat frames are 8 bytes each, so they show in the byte counts too.
      assertThat(s.bytesReceived()).isGreaterThanOrEqualTo(8 * s.heartbeatsReceived());
    }
  }

  @Test
  void withoutHeartbeatsNoneIsCounted() {
    try (Connection conn =
        Connection.open(Broker.parameters().toBuilder().heartbeat(Duration.ZERO).build())) {
      assertThat(conn.heartbeat()).isEqualTo(Duration.ZERO);
      conn.openChannel().queueDeclare(QueueSpec.serverNamed().exclusive());
      ConnectionStats s = conn.stats();
      assertThat(s.heartbeatsReceived()).isZero();
      assertThat(s.heartbeatsSent()).isZero();
      assertThat(s.lastHeartbeatReceived()).isNull();
      assertThat(s.lastHeartbeatSent()).isNull();
    }
  }

  @Test
  void countsGoOnAcrossARecovery() {
    String name = Broker.unique("stats-recovery");
    RecoverySupport.Events events = new RecoverySupport.Events();
    try (Connection conn =
        RecoverySupport.open(
            RecoverySupport.params(name, RecoverySupport.fastPolicy().build()).build(), events)) {
      conn.openChannel().queueDeclare(QueueSpec.serverNamed().exclusive());
      ConnectionStats before = conn.stats();
      RecoverySupport.forceClose(name);
      events.awaitRecovered(1, Duration.ofSeconds(15));
      ConnectionStats after = conn.stats();
      // The new transport's handshake adds to the old counts instead of starting again at 0.
      assertThat(after.bytesSent()).isGreaterThan(before.bytesSent() + 8);
      assertThat(after.bytesReceived()).isGreaterThan(before.bytesReceived() + 100);
    }
  }
}
