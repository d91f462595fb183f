/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.ExchangeQueueIT.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warren.errors.BackpressureTimeoutException;
import dev.warren.errors.BlockedTimeoutException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.Initiator;
import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * connection.blocked / unblocked with a real memory alarm. The alarm blocks every publishing
 * connection of the broker, so it is raised only for as long as needed, always cleared, and
 * serialized with other test runs sharing the broker ({@link AsyncSupport#withMemoryAlarm}).
 */
@Timeout(60)
class BlockedIT {

  @Test
  void blockedAndUnblockedReachListenersAndTheState() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    try (Connection conn =
        Connection.open(
            Broker.parameters().toBuilder().recovery(RecoveryPolicy.disabled()).build())) {
      assertThat(conn.serverCapabilities().connectionBlocked()).isTrue();
      conn.addBlockedListener(
          new BlockedListener() {
            @Override
            public void blocked(String reason) {
              threads.add(Thread.currentThread().getName());
              events.add("blocked: " + reason);
            }

            @Override
            public void unblocked() {
              threads.add(Thread.currentThread().getName());
              events.add("unblocked");
            }
          });
      Channel ch = conn.openChannel();
      String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
      assertThat(conn.isBlocked()).isFalse();
      // The alarm is always switched off again (0.4) when this returns, whatever happened.
      AsyncSupport.withMemoryAlarm(
          () -> {
            // RabbitMQ blocks a connection once it publishes while the alarm is on.
            ch.basicPublish("", q, BasicProperties.EMPTY, bytes("while blocked"));
            ItSupport.waitUntil(Duration.ofSeconds(10), "connection.blocked", conn::isBlocked);
            ItSupport.waitUntil(
                Duration.ofSeconds(5), "the blocked listener", () -> !events.isEmpty());
            assertThat(events.get(0)).startsWith("blocked: ").contains("memory");

            // A blocking publish waits for the unblock, at most its deadline, and says why.
            BackpressureTimeoutException e =
                catchThrowableOfType(
                    BackpressureTimeoutException.class,
                    () ->
                        ch.basicPublish(
                            "",
                            q,
                            BasicProperties.EMPTY,
                            bytes("refused"),
                            PublishOptions.defaults().withTimeout(Duration.ofMillis(300))));
            assertThat(e).isNotNull();
            assertThat(e.waitedFor())
                .isEqualTo(BackpressureTimeoutException.Gate.BLOCKED_CONNECTION);
          });
      ItSupport.waitUntil(Duration.ofSeconds(10), "connection.unblocked", () -> !conn.isBlocked());
      ItSupport.waitUntil(
          Duration.ofSeconds(5), "the unblocked listener", () -> events.size() == 2);
      assertThat(events.get(1)).isEqualTo("unblocked");
      assertThat(threads).noneMatch(t -> t.startsWith("warren-io"));
      // Publishing works again, and the message published while blocked was not lost.
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("after"));
      assertThat(ExchangeQueueIT.awaitGet(ch, q).delivery().bodyAsString())
          .isEqualTo("while blocked");
      assertThat(ExchangeQueueIT.awaitGet(ch, q).delivery().bodyAsString()).isEqualTo("after");
      assertThat(conn.isOpen()).isTrue();
    }
  }

  @Test
  void blockedLongerThanTheBlockedConnectionTimeoutTearsTheConnectionDown() throws Exception {
    Duration limit = Duration.ofSeconds(2);
    Connection conn =
        Connection.open(
            Broker.parameters().toBuilder()
                .recovery(RecoveryPolicy.disabled())
                .blockedConnectionTimeout(limit)
                .build());
    try {
      LinkedBlockingQueue<ConnectionClosedException> closed = new LinkedBlockingQueue<>();
      conn.addCloseListener(closed::add);
      Channel ch = conn.openChannel();
      String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
      AsyncSupport.withMemoryAlarm(
          () -> {
            ch.basicPublish("", q, BasicProperties.EMPTY, bytes("blocks"));
            ItSupport.waitUntil(Duration.ofSeconds(10), "connection.blocked", conn::isBlocked);
            long blockedAt = System.nanoTime();
            ConnectionClosedException cause = closed.poll(10, TimeUnit.SECONDS);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - blockedAt);
            assertThat(cause).isInstanceOf(BlockedTimeoutException.class);
            assertThat(cause.initiator()).isEqualTo(Initiator.LIBRARY);
            assertThat(cause.getMessage()).contains("2000 ms").contains("memory");
            assertThat(ms).isBetween(1000L, 4000L);
          });
      assertThat(conn.state()).isEqualTo(Connection.State.CLOSED);
      assertThat(ch.isOpen()).isFalse();
    } finally {
      conn.close();
    }
  }
}
