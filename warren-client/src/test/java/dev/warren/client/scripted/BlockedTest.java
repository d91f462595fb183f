/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.scripted;

import static dev.warren.client.scripted.ScriptedBroker.BODY;
import static dev.warren.client.scripted.ScriptedBroker.expectQueueDeclare;
import static dev.warren.client.scripted.ScriptedBroker.handshake;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.PublishOptions;
import dev.warren.client.QueueSpec;
import dev.warren.client.scripted.ScriptedBroker.Events;
import dev.warren.errors.BackpressureTimeoutException;
import dev.warren.errors.BlockedTimeoutException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.method.BasicPublish;
import dev.warren.protocol.method.ConnectionBlocked;
import dev.warren.protocol.method.ConnectionUnblocked;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * connection.blocked and connection.unblocked from the broker (resource alarms): listeners, the
 * publish gate, and the blocked-connection timeout.
 */
@Timeout(60)
class BlockedTest {
  private static final String REASON = "low on memory";

  private final ScriptedBroker broker = new ScriptedBroker();
  private final Events events = new Events();

  @AfterEach
  void tearDown() {
    broker.close();
  }

  private static ConnectionBlocked blocked(String reason) {
    return new ConnectionBlocked(reason);
  }

  /** Runs a blocking publish of {@link ScriptedBroker#BODY} to queue q on another thread. */
  private static CompletableFuture<Void> publishInBackground(Channel ch) {
    return CompletableFuture.runAsync(
        () -> ch.basicPublish("", "q", BasicProperties.EMPTY, BODY),
        r -> {
          Thread t = new Thread(r, "blocked-test-publisher");
          t.setDaemon(true);
          t.start();
        });
  }

  @Test
  void blockedListenersHearBlockedWithTheReasonThenUnblocked() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1); // by then the test's listener is registered
          p.send(0, blocked(REASON));
        });
    Connection conn = broker.connect();
    conn.addBlockedListener(events);
    conn.openChannel();
    events.await("blocked " + REASON);
    boolean blockedThen = conn.isBlocked();

    broker
        .peer(0)
        .addSteps(
            p -> {
              p.send(0, ConnectionUnblocked.INSTANCE);
              p.expectClose();
            });
    events.await("unblocked");
    boolean blockedAfter = conn.isBlocked();
    conn.close();

    broker.verify();
    assertThat(events.list()).containsExactly("blocked " + REASON, "unblocked");
    assertThat(blockedThen).isTrue();
    assertThat(blockedAfter).isFalse();
  }

  @Test
  void aBlockingPublishWaitsWhileBlockedAndGoesOutRightAfterUnblocked() throws Exception {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.send(0, blocked(REASON));
        });
    Connection conn = broker.connect();
    conn.addBlockedListener(events);
    Channel ch = conn.openChannel();
    events.await("blocked " + REASON);

    CompletableFuture<Void> publish = publishInBackground(ch);
    ScriptedBroker.sleep(Duration.ofMillis(300));
    boolean returnedWhileBlocked = publish.isDone();
    boolean sentWhileBlocked = !broker.peer(0).received(BasicPublish.class).isEmpty();
    // The publish may arrive only after connection.unblocked: scripted in this order, anything
    // earlier fails the peer ("the script expected nothing more").
    broker
        .peer(0)
        .addSteps(
            p -> {
              p.send(0, ConnectionUnblocked.INSTANCE);
              p.expect(1, BasicPublish.class)
                  .matching("to q", m -> m.routingKey().equals("q"))
                  .withBody(BODY);
              p.expectClose();
            });
    publish.get(ScriptedBroker.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    conn.close();

    broker.verify();
    assertThat(returnedWhileBlocked).isFalse();
    assertThat(sentWhileBlocked).isFalse();
    assertThat(broker.peer(0).transcript())
        .filteredOn(l -> l.contains("unblocked") || l.contains("basic.publish"))
        .hasSize(2)
        .first(STRING)
        .startsWith("peer sent: connection.unblocked");
  }

  @Test
  void aBlockingPublishWithATimeoutFailsNamingTheBlockedConnectionGate() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.send(0, blocked(REASON));
          p.expectClose();
        });
    Connection conn = broker.connect();
    conn.addBlockedListener(events);
    Channel ch = conn.openChannel();
    events.await("blocked " + REASON);

    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                ch.basicPublish(
                    "",
                    "q",
                    BasicProperties.EMPTY,
                    BODY,
                    PublishOptions.defaults().withTimeout(Duration.ofMillis(200))))
        .isInstanceOfSatisfying(
            BackpressureTimeoutException.class,
            e ->
                assertThat(e.waitedFor())
                    .isEqualTo(BackpressureTimeoutException.Gate.BLOCKED_CONNECTION));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    conn.close();

    broker.verify();
    assertThat(broker.peer(0).received(BasicPublish.class)).isEmpty();
    assertThat(elapsedMillis).isBetween(150L, 5_000L);
  }

  @Test
  void anAsynchronousPublishWaitsWhileBlockedWithoutHoldingTheCaller() throws Exception {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.send(0, blocked(REASON));
        });
    Connection conn = broker.connect();
    conn.addBlockedListener(events);
    Channel ch = conn.openChannel();
    events.await("blocked " + REASON);

    long start = System.nanoTime();
    CompletableFuture<Void> written = ch.async().basicPublish("", "q", BasicProperties.EMPTY, BODY);
    long callMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    ScriptedBroker.sleep(Duration.ofMillis(300));
    boolean doneWhileBlocked = written.isDone();
    boolean sentWhileBlocked = !broker.peer(0).received(BasicPublish.class).isEmpty();
    broker
        .peer(0)
        .addSteps(
            p -> {
              p.send(0, ConnectionUnblocked.INSTANCE);
              p.expect(1, BasicPublish.class).withBody(BODY);
              p.expectClose();
            });
    written.get(ScriptedBroker.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    conn.close();

    broker.verify();
    assertThat(callMillis).as("ms the asynchronous call took").isLessThan(200);
    assertThat(doneWhileBlocked).isFalse();
    assertThat(sentWhileBlocked).isFalse();
  }

  @Test
  void theBlockedConnectionTimeoutClosesTheConnectionForGood() throws Exception {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.send(0, blocked("low on disk"));
          p.expectDisconnect(); // no connection.close: the client drops the socket
        });
    Connection conn =
        broker.connect(
            broker.parameters().blockedConnectionTimeout(Duration.ofMillis(300)).build());
    conn.addRecoveryListener(events);
    Events blockedEvents = new Events();
    conn.addBlockedListener(blockedEvents);
    List<ConnectionClosedException> closed = new CopyOnWriteArrayList<>();
    conn.addCloseListener(closed::add);
    Channel ch = conn.openChannel();
    blockedEvents.await("blocked low on disk");
    AtomicReference<Throwable> publishFailure = new AtomicReference<>();
    CompletableFuture<Void> publish =
        publishInBackground(ch).whenComplete((v, e) -> publishFailure.set(e));

    ScriptedBroker.waitUntil("the close listener", () -> !closed.isEmpty());
    ScriptedBroker.waitUntil("the waiting publish to fail", publish::isDone);
    ScriptedBroker.sleep(Duration.ofMillis(300)); // several backoff delays: no reconnection

    broker.verify();
    assertThat(closed)
        .singleElement()
        .isInstanceOfSatisfying(
            BlockedTimeoutException.class,
            e -> {
              assertThat(e.replyText()).isEqualTo("low on disk");
              assertThat(e.getMessage()).contains("300 ms").contains("low on disk");
            });
    assertThat(conn.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(broker.acceptedCount()).isEqualTo(1);
    assertThat(events.list()).isEmpty();
    assertThat(publishFailure.get())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(WrongStateException.class);
    assertThat(broker.peer(0).received(BasicPublish.class)).isEmpty();
  }

  @Test
  void anUnblockBeforeTheBlockedConnectionTimeoutKeepsTheConnection() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.send(0, blocked(REASON));
          p.delay(Duration.ofMillis(100));
          p.send(0, ConnectionUnblocked.INSTANCE);
          expectQueueDeclare(p, 1, "after");
          p.expectClose();
        });
    Connection conn =
        broker.connect(
            broker.parameters().blockedConnectionTimeout(Duration.ofMillis(400)).build());
    conn.addBlockedListener(events);
    Channel ch = conn.openChannel();
    events.await("unblocked");

    ScriptedBroker.sleep(Duration.ofMillis(600)); // past the timeout counted from the block
    Connection.State state = conn.state();
    ch.queueDeclare(QueueSpec.named("after"));
    conn.close();

    broker.verify();
    assertThat(state).isEqualTo(Connection.State.OPEN);
  }

  @Test
  void aRecoveredConnectionStartsUnblocked() throws Exception {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.send(0, blocked(REASON));
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(1, BasicPublish.class).withBody(BODY);
          p.expectClose();
        });
    Connection conn = broker.connect();
    conn.addBlockedListener(events);
    conn.addRecoveryListener(events);
    Channel ch = conn.openChannel();
    events.await("blocked " + REASON);
    broker.verify(0);

    broker.peer(0).disconnect();
    events.await("recovered");
    boolean blockedAfterRecovery = conn.isBlocked();
    publishInBackground(ch).get(ScriptedBroker.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    conn.close();

    broker.verify();
    assertThat(blockedAfterRecovery).isFalse();
  }
}
