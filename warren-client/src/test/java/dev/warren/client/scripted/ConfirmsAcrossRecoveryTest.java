/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.scripted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.client.CallbackThread;
import dev.warren.client.Channel;
import dev.warren.client.ConfirmListener;
import dev.warren.client.Connection;
import dev.warren.client.ConnectionParameters;
import dev.warren.client.PublishOptions;
import dev.warren.client.RecoveryListener;
import dev.warren.client.RecoveryPolicy;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.ConnectionLostException;
import dev.warren.errors.NackedException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.method.BasicAck;
import dev.warren.protocol.method.BasicNack;
import dev.warren.protocol.method.BasicPublish;
import dev.warren.protocol.method.BasicReturn;
import dev.warren.protocol.method.ChannelClose;
import dev.warren.protocol.method.ChannelCloseOk;
import dev.warren.protocol.method.ConfirmSelect;
import dev.warren.protocol.method.ConfirmSelectOk;
import dev.warren.testkit.ScriptedBrokerServer;
import dev.warren.testkit.ScriptedPeer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Publisher confirms across a connection loss, frame by frame against a scripted broker: what a
 * {@link ConfirmListener}, {@code waitForConfirms}, futures and {@code nextPublishSeqNo} report for
 * publishes acked before the loss, in flight at the loss, made during the recovery, republished,
 * and confirmed by the new channel's own numbers (which start at 1 again).
 */
@Timeout(30)
class ConfirmsAcrossRecoveryTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  // The first reconnection waits this long, so the test can publish while the channel recovers.
  private static final Duration BACKOFF = Duration.ofMillis(600);

  private static byte[] body(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Hears every listener call, as text, in order. */
  static final class Recorder implements ConfirmListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void handleAck(long seq, boolean multiple) {
      events.add("ack " + seq + (multiple ? " multiple" : ""));
    }

    @Override
    public void handleNack(long seq, boolean multiple) {
      events.add("nack " + seq + (multiple ? " multiple" : ""));
    }

    @Override
    public void handleLost(long seq, boolean mayHaveReachedBroker) {
      events.add("lost " + seq + (mayHaveReachedBroker ? " sent" : " unsent"));
    }

    List<String> await(int count) {
      waitUntil(count + " listener events, got " + events, () -> events.size() >= count);
      return List.copyOf(events);
    }
  }

  /** Counts recoveries. */
  static final class Recoveries implements RecoveryListener {
    final CountDownLatch lost = new CountDownLatch(1);
    final List<String> recovered = new CopyOnWriteArrayList<>();

    @Override
    public void connectionLost(ConnectionClosedException cause) {
      lost.countDown();
    }

    @Override
    public void recovered(String endpoint) {
      recovered.add(endpoint);
    }

    void awaitLost() throws InterruptedException {
      assertThat(lost.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("connection lost").isTrue();
    }

    void awaitRecovered(int count) {
      waitUntil(count + " recoveries", () -> recovered.size() >= count);
    }
  }

  static void waitUntil(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  private static RecoveryPolicy.Builder policy() {
    return RecoveryPolicy.builder().backoff(BACKOFF, Duration.ofSeconds(1)).jitter(0);
  }

  private static Connection open(
      ScriptedBrokerServer server, RecoveryPolicy policy, Recoveries recoveries) {
    Connection conn =
        Connection.open(
            ConnectionParameters.builder()
                .host("127.0.0.1")
                .port(server.port())
                .recovery(policy)
                .rpcTimeout(WAIT)
                .build());
    conn.addRecoveryListener(recoveries);
    return conn;
  }

  /** Handshake, channel 1 opened, confirm mode on: the start of every session. */
  private static void openConfirmChannel(ScriptedPeer peer) {
    peer.handshake();
    peer.expectChannelOpen(1);
    peer.expect(1, ConfirmSelect.class).respond(new ConfirmSelectOk());
  }

  private static void expectPublishes(ScriptedPeer peer, String... bodies) {
    for (String b : bodies) {
      peer.expect(1, BasicPublish.class).withBody(body(b));
    }
  }

  private static void publish(Channel ch, String b) {
    ch.basicPublish("", "q", BasicProperties.EMPTY, body(b));
  }

  private static Throwable failureOf(CompletableFuture<?> f) throws InterruptedException {
    try {
      f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("future not completed within " + WAIT, e);
    }
    throw new AssertionError("expected the future to fail, it completed normally");
  }

  @Test
  void theNewChannelsAcksNeverCoverWhatTheLossTook() throws Exception {
    try (ScriptedBrokerServer server =
        new ScriptedBrokerServer(
            (peer, index) -> {
              openConfirmChannel(peer);
              if (index == 0) {
                expectPublishes(peer, "p1", "p2", "p3", "p4", "p5");
                peer.send(1, new BasicAck(2, true));
                peer.send(1, new BasicNack(3, false, false));
                peer.delay(Duration.ofMillis(100));
                peer.disconnect();
              } else {
                expectPublishes(peer, "p6", "p7", "p8");
                peer.send(1, new BasicAck(2, true)); // the new channel's 1 and 2: seq 6 and 7
                peer.send(1, new BasicAck(3, false));
                peer.expectClose();
              }
            })) {
      Recoveries recoveries = new Recoveries();
      Recorder dispatcher = new Recorder();
      Recorder ioThread = new Recorder();
      try (Connection conn = open(server, policy().build(), recoveries)) {
        Channel ch = conn.openChannel();
        ch.addConfirmListener(dispatcher);
        ch.addConfirmListener(ioThread, CallbackThread.IO_THREAD);
        ch.confirmSelect();
        for (int i = 1; i <= 5; i++) {
          publish(ch, "p" + i);
        }
        assertThatThrownBy(() -> ch.waitForConfirms(WAIT))
            .as("publishes 4 and 5 were lost unconfirmed")
            .isInstanceOf(ConnectionLostException.class);
        recoveries.awaitLost();
        // Made while the channel recovers: they go out on the new channel, in order.
        CompletableFuture<Void> p6 =
            ch.async().basicPublish("", "q", BasicProperties.EMPTY, body("p6"));
        CompletableFuture<Void> p7 =
            ch.async().basicPublish("", "q", BasicProperties.EMPTY, body("p7"));
        CompletableFuture<Void> p8 =
            ch.async()
                .publishConfirmed(
                    "", "q", BasicProperties.EMPTY, body("p8"), PublishOptions.DEFAULT);
        assertThat(ch.nextPublishSeqNo()).isEqualTo(9);
        p8.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(p6).isCompleted();
        assertThat(p7).isCompleted();
        ch.waitForConfirms(WAIT); // 6, 7, 8: every publish since the last wait was acked

        List<String> expected =
            List.of(
                "ack 2 multiple",
                "nack 3",
                "lost 4 sent",
                "lost 5 sent",
                "ack 7 multiple",
                "ack 8");
        assertThat(dispatcher.await(6)).isEqualTo(expected);
        assertThat(ioThread.await(6)).isEqualTo(expected);
        assertThat(ch.nextPublishSeqNo()).isEqualTo(9);
      }
      server.verify(WAIT);
    }
  }

  @Test
  void waitForConfirmsCalledAfterTheRecoveryStillReportsTheLoss() throws Exception {
    try (ScriptedBrokerServer server =
        new ScriptedBrokerServer(
            (peer, index) -> {
              openConfirmChannel(peer);
              if (index == 0) {
                expectPublishes(peer, "p1", "p2", "p3");
                peer.send(1, new BasicAck(1, false));
                peer.delay(Duration.ofMillis(100));
                peer.disconnect();
              } else {
                expectPublishes(peer, "p4");
                peer.send(1, new BasicAck(1, false));
                peer.expectClose();
              }
            })) {
      Recoveries recoveries = new Recoveries();
      Recorder listener = new Recorder();
      try (Connection conn = open(server, policy().build(), recoveries)) {
        Channel ch = conn.openChannel();
        ch.addConfirmListener(listener);
        ch.confirmSelect();
        publish(ch, "p1");
        publish(ch, "p2");
        publish(ch, "p3");
        recoveries.awaitRecovered(1);
        // Nobody waited before the loss: the first wait after it must not return normally.
        assertThatThrownBy(() -> ch.waitForConfirms(WAIT))
            .isInstanceOf(ConnectionLostException.class)
            .hasMessageContaining("up to sequence number 3");
        publish(ch, "p4");
        ch.waitForConfirms(WAIT); // only p4 since the last wait, and it was acked
        assertThat(listener.await(4))
            .containsExactly("ack 1", "lost 2 sent", "lost 3 sent", "ack 4");
      }
      server.verify(WAIT);
    }
  }

  @Test
  void republishedMessagesAreAckedUnderTheNumbersTheApplicationHolds() throws Exception {
    try (ScriptedBrokerServer server =
        new ScriptedBrokerServer(
            (peer, index) -> {
              openConfirmChannel(peer);
              if (index == 0) {
                expectPublishes(peer, "p1", "p2", "p3", "p4");
                peer.send(1, new BasicAck(1, false));
                peer.send(1, new BasicAck(3, false)); // out of order: 2 and 4 stay unconfirmed
                peer.delay(Duration.ofMillis(100));
                peer.disconnect();
              } else {
                // Republished first, under raw numbers 1 and 2; then p5 (raw 3).
                expectPublishes(peer, "p2", "p4", "p5");
                peer.send(1, new BasicAck(3, true));
                peer.expectClose();
              }
            })) {
      Recoveries recoveries = new Recoveries();
      Recorder listener = new Recorder();
      RecoveryPolicy policy = policy().republishUnconfirmed(10, 1 << 20).build();
      try (Connection conn = open(server, policy, recoveries)) {
        Channel ch = conn.openChannel();
        ch.addConfirmListener(listener);
        ch.confirmSelect();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
          futures.add(
              ch.async()
                  .publishConfirmed(
                      "", "q", BasicProperties.EMPTY, body("p" + i), PublishOptions.DEFAULT));
        }
        // Blocked in waitForConfirms across the whole recovery: the republished ones are acked.
        CompletableFuture<Void> waiting =
            CompletableFuture.runAsync(() -> ch.waitForConfirms(WAIT));
        recoveries.awaitLost();
        publish(ch, "p5");
        for (CompletableFuture<Void> f : futures) {
          f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        ch.waitForConfirms(WAIT);
        // One broker ack (raw 1..3 = seq 2, 4, 5) is told as its two runs: 2, then 4..5.
        assertThat(listener.await(4)).containsExactly("ack 1", "ack 3", "ack 2", "ack 5 multiple");
        assertThat(ch.nextPublishSeqNo()).isEqualTo(6);
      }
      server.verify(WAIT);
    }
  }

  @Test
  void beyondTheRepublishBoundPublishesAreLostAndSaySo() throws Exception {
    try (ScriptedBrokerServer server =
        new ScriptedBrokerServer(
            (peer, index) -> {
              openConfirmChannel(peer);
              if (index == 0) {
                expectPublishes(peer, "p1", "p2", "p3");
                peer.delay(Duration.ofMillis(100));
                peer.disconnect();
              } else {
                expectPublishes(peer, "p1");
                peer.send(1, new BasicAck(1, false));
                peer.expectClose();
              }
            })) {
      Recoveries recoveries = new Recoveries();
      Recorder listener = new Recorder();
      RecoveryPolicy policy = policy().republishUnconfirmed(1, 1 << 20).build();
      try (Connection conn = open(server, policy, recoveries)) {
        Channel ch = conn.openChannel();
        ch.addConfirmListener(listener);
        ch.confirmSelect();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
          futures.add(
              ch.async()
                  .publishConfirmed(
                      "", "q", BasicProperties.EMPTY, body("p" + i), PublishOptions.DEFAULT));
        }
        futures.get(0).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        for (int i = 1; i < 3; i++) {
          Throwable t = failureOf(futures.get(i));
          assertThat(t).isInstanceOf(ConnectionLostException.class);
          assertThat(((ConnectionLostException) t).mayHaveReachedBroker()).isTrue();
          assertThat(t).hasMessageContaining("publish " + (i + 1));
        }
        assertThat(listener.await(3)).containsExactly("lost 2 sent", "lost 3 sent", "ack 1");
        assertThatThrownBy(() -> ch.waitForConfirms(WAIT))
            .isInstanceOf(ConnectionLostException.class);
      }
      server.verify(WAIT);
    }
  }

  @Test
  void numbersStayConsistentAcrossTwoRecoveries() throws Exception {
    try (ScriptedBrokerServer server =
        new ScriptedBrokerServer(
            (peer, index) -> {
              openConfirmChannel(peer);
              if (index == 0) {
                expectPublishes(peer, "p1", "p2");
                peer.send(1, new BasicAck(2, true));
                peer.delay(Duration.ofMillis(100));
                peer.disconnect();
              } else if (index == 1) {
                expectPublishes(peer, "p3", "p4");
                peer.send(1, new BasicAck(1, false));
                peer.delay(Duration.ofMillis(100));
                peer.disconnect();
              } else {
                expectPublishes(peer, "p5");
                peer.send(1, new BasicAck(1, true));
                peer.expectClose();
              }
            })) {
      Recoveries recoveries = new Recoveries();
      Recorder listener = new Recorder();
      try (Connection conn = open(server, policy().build(), recoveries)) {
        Channel ch = conn.openChannel();
        ch.addConfirmListener(listener);
        ch.confirmSelect();
        publish(ch, "p1");
        publish(ch, "p2");
        ch.waitForConfirms(WAIT);
        recoveries.awaitRecovered(1);
        assertThat(ch.nextPublishSeqNo()).isEqualTo(3);
        publish(ch, "p3");
        publish(ch, "p4");
        recoveries.awaitRecovered(2);
        assertThat(ch.nextPublishSeqNo()).isEqualTo(5);
        publish(ch, "p5");
        assertThatThrownBy(() -> ch.waitForConfirms(WAIT))
            .as("p4 was lost since the last wait")
            .isInstanceOf(ConnectionLostException.class);
        assertThat(listener.await(4))
            .containsExactly("ack 2 multiple", "ack 3", "lost 4 sent", "ack 5");
        ch.waitForConfirms(WAIT);
        assertThat(ch.nextPublishSeqNo()).isEqualTo(6);
      }
      server.verify(WAIT);
    }
  }

  @Test
  void aPublishThatTimesOutWhileRecoveringIsReportedLostUnderItsNumber() throws Exception {
    try (ScriptedBrokerServer server =
        new ScriptedBrokerServer(
            (peer, index) -> {
              openConfirmChannel(peer);
              if (index == 0) {
                expectPublishes(peer, "p1");
                peer.send(1, new BasicAck(1, false));
                peer.delay(Duration.ofMillis(100));
                peer.disconnect();
              } else {
                expectPublishes(peer, "p3");
                peer.send(1, new BasicAck(1, false));
                peer.expectClose();
              }
            })) {
      Recoveries recoveries = new Recoveries();
      Recorder listener = new Recorder();
      // The recovery takes 1.5 s; operations wait at most 200 ms for it.
      RecoveryPolicy policy =
          RecoveryPolicy.builder()
              .backoff(Duration.ofMillis(1500), Duration.ofSeconds(2))
              .jitter(0)
              .operationWait(Duration.ofMillis(200))
              .build();
      try (Connection conn = open(server, policy, recoveries)) {
        Channel ch = conn.openChannel();
        ch.addConfirmListener(listener);
        ch.confirmSelect();
        publish(ch, "p1");
        ch.waitForConfirms(WAIT);
        recoveries.awaitLost();
        CompletableFuture<Void> p2 =
            ch.async().basicPublish("", "q", BasicProperties.EMPTY, body("p2"));
        assertThat(failureOf(p2)).hasMessageContaining("recovering");
        assertThat(listener.await(2)).containsExactly("ack 1", "lost 2 unsent");
        recoveries.awaitRecovered(1);
        assertThat(ch.nextPublishSeqNo()).isEqualTo(3);
        publish(ch, "p3");
        assertThatThrownBy(() -> ch.waitForConfirms(WAIT))
            .isInstanceOf(ConnectionLostException.class);
        assertThat(listener.await(3)).containsExactly("ack 1", "lost 2 unsent", "ack 3");
      }
      server.verify(WAIT);
    }
  }

  @Test
  void aListenerWithoutHandleLostHearsALossAsANack() throws Exception {
    try (ScriptedBrokerServer server =
        new ScriptedBrokerServer(
            (peer, index) -> {
              openConfirmChannel(peer);
              if (index == 0) {
                expectPublishes(peer, "p1", "p2");
                peer.send(1, new BasicAck(1, false));
                peer.delay(Duration.ofMillis(100));
                peer.disconnect();
              } else {
                peer.expectClose();
              }
            })) {
      Recoveries recoveries = new Recoveries();
      List<String> events = new CopyOnWriteArrayList<>();
      try (Connection conn = open(server, policy().build(), recoveries)) {
        Channel ch = conn.openChannel();
        ch.addConfirmListener(
            new ConfirmListener() {
              @Override
              public void handleAck(long seq, boolean multiple) {
                events.add("ack " + seq + " " + multiple);
              }

              @Override
              public void handleNack(long seq, boolean multiple) {
                events.add("nack " + seq + " " + multiple);
              }
            });
        ch.confirmSelect();
        publish(ch, "p1");
        publish(ch, "p2");
        recoveries.awaitRecovered(1);
        waitUntil("two events, got " + events, () -> events.size() >= 2);
        assertThat(events).containsExactly("ack 1 false", "nack 2 false");
      }
      server.verify(WAIT);
    }
  }

  @Test
  void aChannelClosedByTheBrokerReportsItsUnconfirmedPublishesLost() throws Exception {
    try (ScriptedBrokerServer server =
        new ScriptedBrokerServer(
            (peer, index) -> {
              openConfirmChannel(peer);
              expectPublishes(peer, "p1", "p2", "p3");
              peer.send(1, new BasicAck(1, false));
              peer.send(1, new ChannelClose(406, "PRECONDITION_FAILED - scripted", 60, 40));
              peer.expect(1, ChannelCloseOk.class);
              peer.expectClose();
            })) {
      Recoveries recoveries = new Recoveries();
      Recorder listener = new Recorder();
      try (Connection conn = open(server, policy().build(), recoveries)) {
        Channel ch = conn.openChannel();
        ch.addConfirmListener(listener);
        ch.confirmSelect();
        publish(ch, "p1");
        publish(ch, "p2");
        CompletableFuture<Void> p3 =
            ch.async()
                .publishConfirmed(
                    "", "q", BasicProperties.EMPTY, body("p3"), PublishOptions.DEFAULT);
        assertThat(failureOf(p3)).isInstanceOf(ChannelClosedException.class);
        assertThat(listener.await(3)).containsExactly("ack 1", "lost 2 sent", "lost 3 sent");
        waitUntil("channel closed", () -> !ch.isOpen());
      }
      server.verify(WAIT);
    }
  }

  @Test
  void aNackBeforeTheLossStillFailsTheNextWait() throws Exception {
    try (ScriptedBrokerServer server =
        new ScriptedBrokerServer(
            (peer, index) -> {
              openConfirmChannel(peer);
              if (index == 0) {
                expectPublishes(peer, "p1", "p2");
                peer.send(1, new BasicNack(1, false, false));
                peer.send(1, new BasicAck(2, false));
                peer.delay(Duration.ofMillis(100));
                peer.disconnect();
              } else {
                peer.expectClose();
              }
            })) {
      Recoveries recoveries = new Recoveries();
      Recorder listener = new Recorder();
      try (Connection conn = open(server, policy().build(), recoveries)) {
        Channel ch = conn.openChannel();
        ch.addConfirmListener(listener);
        ch.confirmSelect();
        publish(ch, "p1");
        publish(ch, "p2");
        assertThat(listener.await(2)).containsExactly("nack 1", "ack 2");
        recoveries.awaitRecovered(1);
        assertThatThrownBy(() -> ch.waitForConfirms(WAIT)).isInstanceOf(NackedException.class);
        ch.waitForConfirms(WAIT); // nothing since
      }
      server.verify(WAIT);
    }
  }

  @Test
  void aPublisherBlockedInBasicPublishDuringTheRecoveryGetsTheNumberItHolds() throws Exception {
    try (ScriptedBrokerServer server =
        new ScriptedBrokerServer(
            (peer, index) -> {
              openConfirmChannel(peer);
              if (index == 0) {
                expectPublishes(peer, "p1", "p2");
                peer.send(1, new BasicAck(1, false));
                peer.delay(Duration.ofMillis(100));
                peer.disconnect();
              } else {
                expectPublishes(peer, "p3");
                peer.send(1, new BasicAck(1, false));
                peer.expectClose();
              }
            })) {
      Recoveries recoveries = new Recoveries();
      Recorder listener = new Recorder();
      try (Connection conn = open(server, policy().build(), recoveries)) {
        Channel ch = conn.openChannel();
        ch.addConfirmListener(listener);
        ch.confirmSelect();
        publish(ch, "p1");
        publish(ch, "p2");
        recoveries.awaitLost();
        long held = ch.nextPublishSeqNo();
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> publish(ch, "p3"));
        Thread.sleep(200);
        assertThat(blocked).as("basicPublish waits while the channel recovers").isNotDone();
        blocked.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(held).isEqualTo(3);
        assertThat(listener.await(3)).containsExactly("ack 1", "lost 2 sent", "ack 3");
        assertThat(ch.nextPublishSeqNo()).isEqualTo(4);
      }
      server.verify(WAIT);
    }
  }

  @Test
  void aReturnBeforeItsAckFailsThatPublishAndOutOfOrderAcksResolveTheirOwn() throws Exception {
    try (ScriptedBrokerServer server =
        new ScriptedBrokerServer(
            (peer, index) -> {
              openConfirmChannel(peer);
              expectPublishes(peer, "p1", "p2", "p3", "p4");
              // RabbitMQ returns an unroutable mandatory message before it acks it.
              peer.sendContent(
                  1,
                  new BasicReturn(312, "NO_ROUTE", "", "nowhere"),
                  BasicProperties.EMPTY,
                  body("p2"));
              peer.send(1, new BasicAck(3, false));
              peer.send(1, new BasicAck(2, false));
              peer.send(1, new BasicAck(4, true)); // covers 1 and 4
              peer.expectClose();
            })) {
      Recoveries recoveries = new Recoveries();
      Recorder listener = new Recorder();
      try (Connection conn = open(server, policy().build(), recoveries)) {
        Channel ch = conn.openChannel();
        ch.addConfirmListener(listener);
        ch.confirmSelect();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
          futures.add(
              ch.async()
                  .publishConfirmed(
                      "",
                      i == 2 ? "nowhere" : "q",
                      BasicProperties.EMPTY,
                      body("p" + i),
                      PublishOptions.defaults().mandatory()));
        }
        Throwable returned = failureOf(futures.get(1));
        assertThat(returned).isInstanceOf(dev.warren.errors.UnroutableException.class);
        assertThat(((dev.warren.errors.UnroutableException) returned).routingKey())
            .isEqualTo("nowhere");
        for (int i : new int[] {0, 2, 3}) {
          futures.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        // The listener hears the broker's acks (an ack of a returned message is still an ack); the
        // last one covers 1 and 4, which are not consecutive: one call each.
        assertThat(listener.await(4)).containsExactly("ack 3", "ack 2", "ack 1", "ack 4");
      }
      server.verify(WAIT);
    }
  }
}
