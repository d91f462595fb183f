/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.scripted;

import static dev.warren.client.scripted.ScriptedBroker.handshake;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.CallbackThread;
import dev.warren.client.Channel;
import dev.warren.client.ConfirmListener;
import dev.warren.client.Connection;
import dev.warren.client.PublishOptions;
import dev.warren.client.scripted.ScriptedBroker.Events;
import dev.warren.errors.BackpressureTimeoutException;
import dev.warren.errors.BackpressureTimeoutException.Gate;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.method.BasicAck;
import dev.warren.protocol.method.BasicPublish;
import dev.warren.protocol.method.ChannelFlow;
import dev.warren.protocol.method.ChannelFlowOk;
import dev.warren.protocol.method.ConfirmSelect;
import dev.warren.protocol.method.ConfirmSelectOk;
import dev.warren.protocol.method.ConnectionBlocked;
import dev.warren.protocol.method.ConnectionUnblocked;
import dev.warren.testkit.ScriptedPeer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Asynchronous publishes pass the same gates as blocking ones, frame by frame: they wait at
 * connection.blocked and at the broker's channel.flow(active=false) without holding the caller,
 * keep their order, fail naming the gate at their deadline, and past the connection's budget fail
 * at once.
 */
@Timeout(60)
class AsyncBackpressureTest {
  private final ScriptedBroker broker = new ScriptedBroker();
  private final Events events = new Events();

  @AfterEach
  void tearDown() {
    broker.close();
  }

  private static byte[] body(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void expectPublish(ScriptedPeer p, String body) {
    p.expect(1, BasicPublish.class).withBody(body(body));
  }

  private static Throwable failure(CompletableFuture<?> f) throws Exception {
    try {
      f.get(ScriptedBroker.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected the future to fail");
  }

  private Channel blockedChannel(Connection conn) {
    conn.addBlockedListener(events);
    Channel ch = conn.openChannel();
    events.await("blocked low on memory");
    return ch;
  }

  private static void scriptBlocked(ScriptedPeer p) {
    handshake(p);
    p.expectChannelOpen(1);
    p.send(0, new ConnectionBlocked("low on memory"));
  }

  @Test
  void parkedAsynchronousPublishesGoOutInOrderAfterUnblocked() throws Exception {
    broker.script(0, AsyncBackpressureTest::scriptBlocked);
    Connection conn = broker.connect();
    Channel ch = blockedChannel(conn);

    List<CompletableFuture<Void>> written = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      written.add(ch.async().basicPublish("", "q", BasicProperties.EMPTY, body("m" + i)));
    }
    ScriptedBroker.sleep(Duration.ofMillis(200));
    long doneWhileBlocked = written.stream().filter(CompletableFuture::isDone).count();
    broker
        .peer(0)
        .addSteps(
            p -> {
              p.send(0, ConnectionUnblocked.INSTANCE);
              for (int i = 0; i < 5; i++) {
                expectPublish(p, "m" + i);
              }
              p.expectClose();
            });
    CompletableFuture.allOf(written.toArray(CompletableFuture[]::new))
        .get(ScriptedBroker.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    conn.close();

    broker.verify();
    assertThat(doneWhileBlocked).isZero();
  }

  private static byte[] numbered(int i) {
    byte[] b = new byte[64 * 1024];
    b[0] = (byte) (i >> 8);
    b[1] = (byte) i;
    return b;
  }

  /**
   * Publishes handed to the I/O thread and still queued there when the write-buffer gate shuts are
   * written before the ones parked at the gate: the gate opens inside the run of the first queued
   * one (its bytes leave the count), and the parked ones must still wait for the rest.
   */
  @Test
  void publishesParkedAtTheWriteBufferGateStayBehindTheOnesQueuedBeforeThem() throws Exception {
    int count = 140; // 64 KiB each: past the connection's 8 MiB write-buffer high-water mark
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(1, ConfirmSelect.class).respond(new ConfirmSelectOk());
          expectPublish(p, "hold");
          p.send(1, new BasicAck(1, false));
          for (int i = 0; i < count; i++) {
            p.expect(1, BasicPublish.class).withBody(numbered(i));
          }
          p.expectClose();
        });
    Connection conn = broker.connect();
    Channel ch = conn.openChannel();
    CountDownLatch ioThreadHeld = new CountDownLatch(1);
    CountDownLatch letGo = new CountDownLatch(1);
    // Holds the I/O thread while the publishes below queue up on it.
    ch.addConfirmListener(
        new ConfirmListener() {
          @Override
          public void handleAck(long sequenceNumber, boolean multiple) {
            ioThreadHeld.countDown();
            try {
              letGo.await(ScriptedBroker.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }

          @Override
          public void handleNack(long sequenceNumber, boolean multiple) {}
        },
        CallbackThread.IO_THREAD);
    ch.confirmSelect();
    ch.basicPublish("", "q", BasicProperties.EMPTY, body("hold"));
    assertThat(ioThreadHeld.await(ScriptedBroker.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

    List<CompletableFuture<Void>> written = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      written.add(ch.async().basicPublish("", "q", BasicProperties.EMPTY, numbered(i)));
    }
    letGo.countDown();
    CompletableFuture.allOf(written.toArray(CompletableFuture[]::new))
        .get(ScriptedBroker.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    conn.close();

    broker.verify(); // every publish in the order of the calls
  }

  @Test
  void aParkedPublishFailsAtItsDeadlineNamingTheBlockedConnection() throws Exception {
    broker.script(
        0,
        p -> {
          scriptBlocked(p);
          p.expectClose();
        });
    Connection conn = broker.connect();
    Channel ch = blockedChannel(conn);

    long start = System.nanoTime();
    CompletableFuture<Void> written =
        ch.async()
            .basicPublish(
                "",
                "q",
                BasicProperties.EMPTY,
                body("late"),
                PublishOptions.defaults().withTimeout(Duration.ofMillis(300)));
    Throwable e = failure(written);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    conn.close();

    broker.verify();
    assertThat(e)
        .isInstanceOfSatisfying(
            BackpressureTimeoutException.class,
            b -> assertThat(b.waitedFor()).isEqualTo(Gate.BLOCKED_CONNECTION))
        .hasMessageContaining("300 ms");
    assertThat(millis).isBetween(250L, 5_000L);
    assertThat(broker.peer(0).received(BasicPublish.class)).isEmpty();
  }

  @Test
  void pastTheBudgetAnAsynchronousPublishFailsAtOnceNamingTheGate() throws Exception {
    broker.script(0, AsyncBackpressureTest::scriptBlocked);
    Connection conn = broker.connect(broker.parameters().asyncPublishBudget(3, 1_000).build());
    Channel ch = blockedChannel(conn);

    List<CompletableFuture<Void>> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      held.add(ch.async().basicPublish("", "q", BasicProperties.EMPTY, body("m" + i)));
    }
    CompletableFuture<Void> excess =
        ch.async().basicPublish("", "q", BasicProperties.EMPTY, body("excess"));
    boolean excessDoneAtOnce = excess.isDone();
    Throwable e = failure(excess);
    broker
        .peer(0)
        .addSteps(
            p -> {
              p.send(0, ConnectionUnblocked.INSTANCE);
              for (int i = 0; i < 3; i++) {
                expectPublish(p, "m" + i);
              }
              expectPublish(p, "after");
              p.expectClose();
            });
    CompletableFuture.allOf(held.toArray(CompletableFuture[]::new))
        .get(ScriptedBroker.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    // the budget was given back as the held ones were written
    ch.async()
        .basicPublish("", "q", BasicProperties.EMPTY, body("after"))
        .get(ScriptedBroker.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    conn.close();

    broker.verify();
    assertThat(excessDoneAtOnce).isTrue();
    assertThat(e)
        .isInstanceOfSatisfying(
            BackpressureTimeoutException.class,
            b -> assertThat(b.waitedFor()).isEqualTo(Gate.BLOCKED_CONNECTION))
        .hasMessageContaining("3 messages")
        .hasMessageContaining("asyncPublishBudget");
  }

  @Test
  void channelFlowPausesPublishingUntilTheBrokerResumesIt() throws Exception {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectPublish(p, "before");
          p.send(1, new ChannelFlow(false));
          p.expect(1, ChannelFlowOk.class).matching("active=false", m -> !m.active());
        });
    Connection conn = broker.connect();
    Channel ch = conn.openChannel();
    ch.basicPublish("", "q", BasicProperties.EMPTY, body("before"));
    ScriptedBroker.waitUntil("flow-ok", () -> broker.peer(0).isDone());

    CompletableFuture<Void> async1 =
        ch.async().basicPublish("", "q", BasicProperties.EMPTY, body("a1"));
    CompletableFuture<Void> blocking =
        CompletableFuture.runAsync(
            () -> ch.basicPublish("", "q", BasicProperties.EMPTY, body("b1")),
            r -> {
              Thread t = new Thread(r, "flow-test-publisher");
              t.setDaemon(true);
              t.start();
            });
    ScriptedBroker.sleep(Duration.ofMillis(200));
    CompletableFuture<Void> async2 =
        ch.async().basicPublish("", "q", BasicProperties.EMPTY, body("a2"));
    // While paused, a blocking publish with a short deadline fails naming the FLOW gate.
    BackpressureTimeoutException timedOut = null;
    try {
      ch.basicPublish(
          "",
          "q",
          BasicProperties.EMPTY,
          body("never"),
          PublishOptions.defaults().withTimeout(Duration.ofMillis(200)));
    } catch (BackpressureTimeoutException e) {
      timedOut = e;
    }
    boolean anyDoneWhilePaused = async1.isDone() || async2.isDone() || blocking.isDone();
    int publishesWhilePaused = broker.peer(0).received(BasicPublish.class).size();
    broker
        .peer(0)
        .addSteps(
            p -> {
              p.send(1, new ChannelFlow(true));
              p.expect(1, ChannelFlowOk.class).matching("active=true", ChannelFlowOk::active);
              // the parked ones first, in order; the blocking publisher waits behind them
              expectPublish(p, "a1");
              expectPublish(p, "a2");
              expectPublish(p, "b1");
              p.expectClose();
            });
    CompletableFuture.allOf(async1, blocking, async2)
        .get(ScriptedBroker.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    conn.close();

    broker.verify();
    assertThat(anyDoneWhilePaused).isFalse();
    assertThat(publishesWhilePaused).isEqualTo(1); // "before" only
    assertThat(timedOut).isNotNull();
    assertThat(timedOut.waitedFor()).isEqualTo(Gate.FLOW);
  }
}
