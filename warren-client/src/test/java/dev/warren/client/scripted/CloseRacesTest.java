/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.scripted;

import static dev.warren.client.scripted.ScriptedBroker.awaitMet;
import static dev.warren.client.scripted.ScriptedBroker.expectConsume;
import static dev.warren.client.scripted.ScriptedBroker.expectQueueDeclare;
import static dev.warren.client.scripted.ScriptedBroker.handshake;
import static dev.warren.client.scripted.ScriptedBroker.handshakeHoldingOpenOk;
import static dev.warren.client.scripted.ScriptedBroker.sendOpenOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.QueueSpec;
import dev.warren.client.scripted.ScriptedBroker.Deliveries;
import dev.warren.client.scripted.ScriptedBroker.Events;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.Initiator;
import dev.warren.errors.NotFoundException;
import dev.warren.errors.PreconditionFailedException;
import dev.warren.errors.RpcTimeoutException;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.method.BasicConsume;
import dev.warren.protocol.method.ChannelClose;
import dev.warren.protocol.method.ChannelCloseOk;
import dev.warren.protocol.method.ConnectionClose;
import dev.warren.protocol.method.ConnectionCloseOk;
import dev.warren.protocol.method.QueueDeclare;
import dev.warren.testkit.MethodExpectation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Closes that cross: the broker closing a channel or the connection while the application closes
 * it, closes during a recovery, and what the application sees afterwards (listeners, typed
 * exceptions).
 */
@Timeout(60)
class CloseRacesTest {
  private static final String NOT_FOUND_TEXT = "NOT_FOUND - no queue 'gone' in vhost '/'";
  private static final String PRECONDITION_TEXT =
      "PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'q' in vhost '/'";

  private final ScriptedBroker broker = new ScriptedBroker();
  private final Events events = new Events();

  @AfterEach
  void tearDown() {
    broker.close();
  }

  private static List<ChannelClosedException> closeEvents(Channel ch) {
    List<ChannelClosedException> heard = new CopyOnWriteArrayList<>();
    ch.addCloseListener(heard::add);
    return heard;
  }

  /**
   * The application's channel.close and the broker's cross: the broker's arrives where the client
   * waits for close-ok; the client answers it, and the broker then answers the client's close.
   */
  private void brokerClosesTheChannelWhileTheClientClosesIt(
      int code, String text, Class<? extends ChannelClosedException> type) {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(1, ChannelClose.class)
              .matching("reply 200", c -> c.replyCode() == 200)
              .respond(new ChannelClose(code, text, 50, 10));
          p.expect(1, ChannelCloseOk.class).respond(ChannelCloseOk.INSTANCE);
          p.expectChannelOpen(2); // the connection goes on
          p.expectClose();
        });
    Connection conn = broker.connect();
    Channel ch = conn.openChannel();
    List<ChannelClosedException> heard = closeEvents(ch);

    ch.close();
    ScriptedBroker.waitUntil("the close listener", () -> !heard.isEmpty());
    Channel next = conn.openChannel();
    conn.close();

    broker.verify();
    assertThat(ch.state()).isEqualTo(Channel.State.CLOSED);
    assertThat(next.number()).isEqualTo(2);
    assertThat(heard)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e).isInstanceOf(type);
              assertThat(e.replyCode()).isEqualTo(code);
              assertThat(e.replyText()).isEqualTo(text);
              assertThat(e.initiator()).isEqualTo(Initiator.BROKER);
            });
  }

  @Test
  void theBrokersNotFoundCloseCrossingTheApplicationsCloseIsAnsweredAndReported() {
    brokerClosesTheChannelWhileTheClientClosesIt(404, NOT_FOUND_TEXT, NotFoundException.class);
  }

  @Test
  void theBrokersPreconditionFailedCloseCrossingTheApplicationsCloseIsAnsweredAndReported() {
    brokerClosesTheChannelWhileTheClientClosesIt(
        406, PRECONDITION_TEXT, PreconditionFailedException.class);
  }

  @Test
  void theBrokersConnectionForcedDuringTheApplicationsCloseEndsItWithoutRecovery() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(0, ConnectionClose.class)
              .respond(new ConnectionClose(320, "CONNECTION_FORCED - shutdown", 0, 0));
          p.expect(0, ConnectionCloseOk.class);
        });
    Connection conn = broker.connect();
    conn.addRecoveryListener(events);
    List<ConnectionClosedException> heard = new CopyOnWriteArrayList<>();
    conn.addCloseListener(heard::add);
    Channel ch = conn.openChannel();

    conn.close();
    ScriptedBroker.waitUntil("the close listener", () -> !heard.isEmpty());
    ScriptedBroker.sleep(Duration.ofMillis(300)); // several backoff delays: no reconnection

    broker.verify();
    assertThat(conn.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(ch.state()).isEqualTo(Channel.State.CLOSED);
    assertThat(broker.acceptedCount()).isEqualTo(1);
    assertThat(events.list()).isEmpty();
    assertThat(heard)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.replyCode()).isEqualTo(320);
              assertThat(e.initiator()).isEqualTo(Initiator.BROKER);
            });
  }

  @Test
  void theBrokersChannelCloseTellsCloseListenersItsCodeAndText() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expectChannelOpen(2);
          p.send(1, new ChannelClose(406, PRECONDITION_TEXT, 50, 10));
          p.expect(1, ChannelCloseOk.class);
          expectQueueDeclare(p, 2, "still-works");
          p.expectClose();
        });
    Connection conn = broker.connect();
    Channel ch = conn.openChannel();
    List<ChannelClosedException> heard = closeEvents(ch);
    Channel other = conn.openChannel();

    ScriptedBroker.waitUntil("the close listener", () -> !heard.isEmpty());
    other.queueDeclare(QueueSpec.named("still-works"));
    conn.close();

    broker.verify();
    assertThat(ch.state()).isEqualTo(Channel.State.CLOSED);
    assertThat(heard)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e).isInstanceOf(PreconditionFailedException.class);
              assertThat(e.replyCode()).isEqualTo(406);
              assertThat(e.replyText()).isEqualTo(PRECONDITION_TEXT);
              assertThat(e.channelNumber()).isEqualTo(1);
              assertThat(e.failingClassId()).isEqualTo(50);
              assertThat(e.failingMethodId()).isEqualTo(10);
              assertThat(e.initiator()).isEqualTo(Initiator.BROKER);
            });
  }

  @Test
  void anRpcTheBrokerAnswersWithChannelCloseThrowsTheTypedException() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(1, QueueDeclare.class)
              .matching("passive", QueueDeclare::passive)
              .respond(new ChannelClose(404, NOT_FOUND_TEXT, 50, 10));
          p.expect(1, ChannelCloseOk.class);
          p.expectClose();
        });
    Connection conn = broker.connect();
    Channel ch = conn.openChannel();

    assertThatThrownBy(() -> ch.queueDeclare(QueueSpec.named("gone").passive()))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> {
              assertThat(e.replyCode()).isEqualTo(404);
              assertThat(e.replyText()).isEqualTo(NOT_FOUND_TEXT);
              assertThat(e.channelNumber()).isEqualTo(1);
            });
    assertThat(ch.isOpen()).isFalse();
    conn.close();

    broker.verify();
  }

  @Test
  void operationsOnAChannelTheBrokerClosedThrowWrongStateCausedByTheBrokersClose() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.send(1, new ChannelClose(406, PRECONDITION_TEXT, 50, 10));
          p.expect(1, ChannelCloseOk.class);
          p.expectClose();
        });
    Connection conn = broker.connect();
    Channel ch = conn.openChannel();
    ScriptedBroker.waitUntil("channel 1 closed", () -> ch.state() == Channel.State.CLOSED);

    assertThatThrownBy(() -> ch.queueDeclare(QueueSpec.named("q")))
        .isInstanceOf(WrongStateException.class)
        .hasCauseInstanceOf(PreconditionFailedException.class)
        .hasMessageContaining("channel 1 is closed");
    assertThatThrownBy(() -> ch.basicPublish("", "q", BasicProperties.EMPTY, new byte[1]))
        .isInstanceOf(WrongStateException.class)
        .hasCauseInstanceOf(PreconditionFailedException.class);
    assertThatThrownBy(() -> ch.basicAck(1))
        .isInstanceOf(WrongStateException.class)
        .hasCauseInstanceOf(PreconditionFailedException.class);
    conn.close();

    broker.verify(); // nothing of the refused operations reached the wire
  }

  @Test
  void operationsOnAChannelTheApplicationClosedThrowWrongState() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expectChannelClose(1);
          p.expectClose();
        });
    Connection conn = broker.connect();
    Channel ch = conn.openChannel();
    ch.close();

    assertThatThrownBy(() -> ch.queueDeclare(QueueSpec.named("q")))
        .isInstanceOf(WrongStateException.class)
        .hasMessageContaining("channel 1 is closed")
        .cause()
        .isInstanceOfSatisfying(
            ChannelClosedException.class,
            c -> assertThat(c.initiator()).isEqualTo(Initiator.CLIENT));
    assertThatThrownBy(() -> ch.basicConsume(ConsumeSpec.queue("q"), new Deliveries()))
        .isInstanceOf(WrongStateException.class);
    ch.close(); // closing twice does nothing
    conn.close();

    broker.verify();
  }

  @Test
  void aChannelCloseWithoutCloseOkGivesUpAfterTheRpcTimeout() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(1, ChannelClose.class); // never answered
          p.expectClose();
        });
    Connection conn =
        broker.connect(broker.parameters().rpcTimeout(Duration.ofMillis(300)).build());
    Channel ch = conn.openChannel();

    long start = System.nanoTime();
    assertThatThrownBy(ch::close)
        .isInstanceOf(RpcTimeoutException.class)
        .hasMessageContaining("channel.close-ok");
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    // closed for good at the same deadline, on the I/O thread
    ScriptedBroker.waitUntil("channel 1 closed", () -> ch.state() == Channel.State.CLOSED);
    conn.close();

    broker.verify();
    assertThat(elapsedMillis).isBetween(250L, 5_000L);
  }

  @Test
  void closingAChannelWhileItRecoversKeepsItClosed() {
    AtomicReference<MethodExpectation<?>> open = new AtomicReference<>();
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expectChannelOpen(2);
        });
    broker.script(1, p -> open.set(handshakeHoldingOpenOk(p)));
    Connection conn = broker.connect();
    conn.addRecoveryListener(events);
    Channel closed = conn.openChannel();
    conn.openChannel();
    broker.verify(0);
    broker.peer(0).disconnect();
    events.await("connectionLost");
    ScriptedBroker.waitUntil("connection 1", () -> open.get() != null);
    awaitMet(open.get());

    assertThat(closed.state()).isEqualTo(Channel.State.RECOVERING);
    closed.close();
    assertThat(closed.state()).isEqualTo(Channel.State.CLOSED);
    broker
        .peer(1)
        .addSteps(
            p -> {
              sendOpenOk(p);
              p.expectChannelOpen(2); // channel 1 is not reopened
              p.expectClose();
            });
    events.await("recovered");
    conn.close();

    broker.verify();
  }

  @Test
  void closingTheConnectionWhileConsumersAreResubscribedCancelsTheRecovery() {
    Deliveries consumer = new Deliveries();
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectConsume(p, 1, "q", "c1");
        });
    AtomicReference<MethodExpectation<BasicConsume>> resubscribe = new AtomicReference<>();
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          resubscribe.set(p.expect(1, BasicConsume.class)); // never answered
          p.expectDisconnect();
        });
    Connection conn = broker.connect();
    conn.addRecoveryListener(events);
    Channel ch = conn.openChannel();
    ch.basicConsume(ConsumeSpec.queue("q").tag("c1"), consumer);
    broker.verify(0);
    broker.peer(0).disconnect();
    ScriptedBroker.waitUntil("the re-subscription", () -> resubscribe.get() != null);
    awaitMet(resubscribe.get());

    long start = System.nanoTime();
    conn.close();
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    ScriptedBroker.sleep(Duration.ofMillis(300)); // several backoff delays: no reconnection

    broker.verify();
    assertThat(conn.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(ch.state()).isEqualTo(Channel.State.CLOSED);
    assertThat(broker.acceptedCount()).isEqualTo(2);
    assertThat(events.list()).containsExactly("connectionLost", "recoveryAttempt 1");
    assertThat(elapsedMillis).isLessThan(2_000L);
    ScriptedBroker.waitUntil("handleShutdown of c1", () -> consumer.shutdowns.contains("c1"));
  }
}
