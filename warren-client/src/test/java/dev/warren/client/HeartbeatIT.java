/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.ExchangeQueueIT.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.HeartbeatTimeoutException;
import dev.warren.errors.Initiator;
import dev.warren.protocol.BasicProperties;
import dev.warren.testkit.FaultProxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Heartbeats: sent by the I/O thread whatever user code does, and a silent peer detected. Recovery
 * is off so that any loss would show as a closed connection.
 */
@Timeout(30)
class HeartbeatIT {

  private static ConnectionParameters.Builder params() {
    return Broker.parameters().toBuilder().recovery(RecoveryPolicy.disabled());
  }

  @Test
  void aConsumerSleepingForThreeHeartbeatIntervalsDoesNotLoseTheConnection() throws Exception {
    String name = Broker.unique("warren-it-hb");
    try (Connection conn =
        Connection.open(params().connectionName(name).heartbeat(Duration.ofSeconds(2)).build())) {
      assertThat(conn.heartbeat()).isEqualTo(Duration.ofSeconds(2));
      LinkedBlockingQueue<ConnectionClosedException> closed = new LinkedBlockingQueue<>();
      conn.addCloseListener(closed::add);
      Channel ch = conn.openChannel();
      String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
      CountDownLatch slept = new CountDownLatch(1);
      LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
      ch.basicConsume(
          ConsumeSpec.queue(q),
          d -> {
            if (d.bodyAsString().equals("sleep")) {
              Thread.sleep(6500); // more than three intervals, and than the broker's 2 x 2 s
              slept.countDown();
            }
            received.add(d.bodyAsString());
            ch.basicAck(d.deliveryTag());
          });
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("sleep"));
      assertThat(slept.await(15, TimeUnit.SECONDS)).isTrue();
      assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("sleep");
      // Everything still works, and nobody closed anything.
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("after"));
      assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("after");
      assertThat(conn.isOpen()).isTrue();
      assertThat(closed).isEmpty();
      assertThat(ItSupport.connectionInfo(name, "timeout")).startsWith("2\t");
    }
  }

  @Test
  void anIdleConnectionIsKeptAliveByHeartbeats() {
    try (Connection conn = Connection.open(params().heartbeat(Duration.ofSeconds(1)).build())) {
      LinkedBlockingQueue<ConnectionClosedException> closed = new LinkedBlockingQueue<>();
      conn.addCloseListener(closed::add);
      Channel ch = conn.openChannel();
      // The broker closes a connection that sends nothing for two intervals; 4 s is four.
      ItSupport.sleep(Duration.ofSeconds(4));
      assertThat(closed).isEmpty();
      assertThat(conn.isOpen()).isTrue();
      assertThat(ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue())
          .startsWith("amq.gen-");
    }
  }

  @Test
  void aFrozenPeerIsDetectedWithAHeartbeatTimeout() throws Exception {
    try (FaultProxy proxy = new FaultProxy("localhost", Broker.parameters().port())) {
      ConnectionParameters p =
          params().host("localhost").port(proxy.port()).heartbeat(Duration.ofSeconds(1)).build();
      Connection conn = Connection.open(p);
      try {
        LinkedBlockingQueue<ConnectionClosedException> closed = new LinkedBlockingQueue<>();
        conn.addCloseListener(closed::add);
        Channel ch = conn.openChannel();
        ch.queueDeclare(QueueSpec.serverNamed().exclusive());
        long start = System.nanoTime();
        proxy.freeze();
        ConnectionClosedException cause = closed.poll(5, TimeUnit.SECONDS);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(cause).isInstanceOf(HeartbeatTimeoutException.class);
        assertThat(cause.initiator()).isEqualTo(Initiator.LIBRARY);
        assertThat(cause.getMessage()).contains("heartbeat");
        assertThat(ms).as("detected after about two intervals").isBetween(1500L, 3500L);
        assertThat(conn.state()).isEqualTo(Connection.State.CLOSED);
        assertThat(ch.isOpen()).isFalse();
      } finally {
        proxy.thaw();
        conn.close();
      }
    }
  }

  @Test
  void theBrokersProposalIsReadableWhateverWasNegotiated() {
    AtomicReference<Duration> proposed = new AtomicReference<>();
    HeartbeatPolicy offButRecording =
        HeartbeatPolicy.negotiated(
            proposal -> {
              proposed.set(proposal);
              return Duration.ZERO;
            });
    try (Connection conn = Connection.open(params().heartbeat(offButRecording).build())) {
      assertThat(proposed.get()).isNotNull();
      assertThat(conn.heartbeat()).isEqualTo(Duration.ZERO);
      assertThat(conn.serverHeartbeat()).isEqualTo(proposed.get());
      assertThat(conn.serverHeartbeat()).isPositive(); // the test broker proposes heartbeats
    }
    try (Connection conn = Connection.open(params().heartbeat(Duration.ofSeconds(3)).build())) {
      assertThat(conn.heartbeat()).isEqualTo(Duration.ofSeconds(3));
      assertThat(conn.serverHeartbeat()).isEqualTo(proposed.get());
    }
    try (Connection conn =
        Connection.open(params().heartbeat(HeartbeatPolicy.brokerDefault()).build())) {
      assertThat(conn.serverHeartbeat()).isEqualTo(conn.heartbeat()).isEqualTo(proposed.get());
    }
  }
}
