/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.scripted;

import static dev.warren.client.scripted.ScriptedBroker.QUIET;
import static dev.warren.client.scripted.ScriptedBroker.handshake;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.HeartbeatPolicy;
import dev.warren.client.PlainCredentials;
import dev.warren.client.QueueSpec;
import dev.warren.client.RecoveryPolicy;
import dev.warren.errors.AmqpReplyCode;
import dev.warren.errors.AuthenticationException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectFailedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.FrameTooLargeException;
import dev.warren.errors.HeartbeatTimeoutException;
import dev.warren.errors.Initiator;
import dev.warren.errors.ProtocolException;
import dev.warren.errors.RpcTimeoutException;
import dev.warren.errors.VirtualHostAccessException;
import dev.warren.protocol.method.ChannelOpen;
import dev.warren.protocol.method.ConnectionClose;
import dev.warren.protocol.method.ConnectionCloseOk;
import dev.warren.protocol.method.ConnectionOpen;
import dev.warren.protocol.method.ConnectionStartOk;
import dev.warren.protocol.method.ConnectionTune;
import dev.warren.protocol.method.ConnectionTuneOk;
import dev.warren.protocol.method.QueueDeclare;
import dev.warren.testkit.BrokerHandshake;
import dev.warren.testkit.Expectation;
import dev.warren.testkit.HandshakeScript;
import dev.warren.testkit.ScriptedPeer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The opening handshake and what goes wrong around it and after it: refused logins and virtual
 * hosts, tune negotiation and heartbeats, malformed input from the peer, and requests the peer
 * never answers. Every failure is a typed exception, and none of them hangs.
 */
@Timeout(60)
class HandshakeAndErrorsTest {
  private static final String PASSWORD = "s3cret-Pa55word";
  private static final String LOGIN_REFUSED =
      "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see"
          + " the broker logfile.";

  private final ScriptedBroker broker = new ScriptedBroker();

  @AfterEach
  void tearDown() {
    broker.close();
  }

  /** Every message in the exception's chain, suppressed ones included, and its toString. */
  private static String everyMessage(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c).append('\n');
      for (Throwable s : c.getSuppressed()) {
        sb.append(everyMessage(s));
      }
    }
    return sb.toString();
  }

  private static boolean responseContainsPassword(ConnectionStartOk so) {
    return so.response() != null
        && new String(so.response().bytes(), StandardCharsets.UTF_8).contains(PASSWORD);
  }

  /** Header → start; start-ok (carrying the password) → connection.close 403, and hang up. */
  private static void refuseLogin(ScriptedPeer p) {
    p.expectProtocolHeader();
    p.sendStart(QUIET);
    p.expect(0, ConnectionStartOk.class)
        .matching(
            "the password in the PLAIN response", HandshakeAndErrorsTest::responseContainsPassword)
        .respond(new ConnectionClose(403, LOGIN_REFUSED, 0, 0))
        // and hangs up: whether the client's close-ok gets out first is not this test's subject
        .thenDisconnect();
  }

  @Test
  void aRefusedLoginThrowsAuthenticationExceptionWithTheCodeAndNoPassword() {
    broker.script(0, HandshakeAndErrorsTest::refuseLogin);

    Throwable thrown =
        catchThrowable(
            () ->
                broker.connect(
                    broker.parameters().credentials(PlainCredentials.of("app", PASSWORD)).build()));

    broker.verify();
    assertThat(thrown)
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> {
              assertThat(e.replyCode()).isEqualTo(403);
              assertThat(e.replyText()).isEqualTo(LOGIN_REFUSED);
              assertThat(e.initiator()).isEqualTo(Initiator.BROKER);
              assertThat(e.code()).isEqualTo(AmqpReplyCode.ACCESS_REFUSED);
              // The broker's text starts with the code's name: it is not said twice.
              assertThat(e.getMessage())
                  .contains("403 ACCESS_REFUSED - Login was refused")
                  .doesNotContain("ACCESS_REFUSED - ACCESS_REFUSED");
            });
    assertThat(everyMessage(thrown)).contains("403").doesNotContain(PASSWORD);
  }

  @Test
  void aRefusedLoginIsNotRetried() {
    broker.script(0, HandshakeAndErrorsTest::refuseLogin);

    assertThatThrownBy(
            () ->
                broker.connect(
                    broker
                        .parameters()
                        .credentials(PlainCredentials.of("app", PASSWORD))
                        .connectionAttempts(3)
                        .retryDelay(Duration.ofMillis(20))
                        .recovery(ScriptedBroker.fastRecovery().retryFirstConnect().build())
                        .build()))
        .isInstanceOf(AuthenticationException.class);
    ScriptedBroker.sleep(Duration.ofMillis(300)); // retries would have come by now

    broker.verify();
    assertThat(broker.acceptedCount()).isEqualTo(1);
  }

  @Test
  void aSocketClosedDuringAuthenticationIsReportedAsAProbableLoginFailure() {
    broker.script(
        0,
        p -> {
          p.expectProtocolHeader();
          p.sendStart(QUIET);
          p.expect(0, ConnectionStartOk.class).thenDisconnect(); // RabbitMQ before 3.x did this
        });

    Throwable thrown =
        catchThrowable(
            () ->
                broker.connect(
                    broker.parameters().credentials(PlainCredentials.of("app", PASSWORD)).build()));

    broker.verify();
    assertThat(thrown)
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("wrong user name or password");
    assertThat(everyMessage(thrown)).doesNotContain(PASSWORD);
  }

  @Test
  void aRefusedVirtualHostThrowsVirtualHostAccessExceptionNamingIt() {
    broker.script(
        0,
        p -> {
          p.expectProtocolHeader();
          p.sendStart(QUIET);
          p.expect(0, ConnectionStartOk.class).respond(new ConnectionTune(2047, 131072, 0));
          p.expect(0, ConnectionTuneOk.class);
          p.expect(0, ConnectionOpen.class)
              .matching("vhost 'nope'", o -> o.virtualHost().equals("nope"))
              .respond(new ConnectionClose(530, "NOT_ALLOWED - vhost nope not found", 10, 40))
              .thenDisconnect();
        });

    assertThatThrownBy(() -> broker.connect(broker.parameters().virtualHost("nope").build()))
        .isInstanceOfSatisfying(
            VirtualHostAccessException.class,
            e -> {
              assertThat(e.replyCode()).isEqualTo(530);
              assertThat(e.virtualHost()).isEqualTo("nope");
              assertThat(e.replyText()).isEqualTo("NOT_ALLOWED - vhost nope not found");
            });

    broker.verify();
    assertThat(broker.acceptedCount()).isEqualTo(1);
  }

  /**
   * Connects with {@code policy} to a broker proposing {@code brokerHeartbeat}; returns tune-ok.
   */
  private ConnectionTuneOk negotiate(
      int brokerHeartbeat, HeartbeatPolicy policy, Connection[] out) {
    AtomicReference<HandshakeScript> hs = new AtomicReference<>();
    broker.script(
        0,
        p -> {
          hs.set(p.handshake(BrokerHandshake.rabbitMq().withHeartbeat(brokerHeartbeat)));
          p.expectClose();
        });
    Connection conn = broker.connect(broker.parameters().heartbeat(policy).build());
    out[0] = conn;
    return hs.get().tuneOk().receivedMethod();
  }

  @Test
  void theBrokersHeartbeatIsAcceptedByDefault() {
    Connection[] conn = new Connection[1];
    ConnectionTuneOk tuneOk = negotiate(60, HeartbeatPolicy.brokerDefault(), conn);
    Duration agreed = conn[0].heartbeat();
    Duration proposed = conn[0].serverHeartbeat();
    conn[0].close();

    broker.verify();
    assertThat(tuneOk.heartbeat()).isEqualTo(60);
    assertThat(agreed).isEqualTo(Duration.ofSeconds(60));
    assertThat(proposed).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void aSmallerHeartbeatAskedForByTheClientWins() {
    Connection[] conn = new Connection[1];
    ConnectionTuneOk tuneOk = negotiate(60, HeartbeatPolicy.ofSeconds(10), conn);
    Duration agreed = conn[0].heartbeat();
    Duration proposed = conn[0].serverHeartbeat();
    conn[0].close();

    broker.verify();
    assertThat(tuneOk.heartbeat()).isEqualTo(10);
    assertThat(agreed).isEqualTo(Duration.ofSeconds(10));
    assertThat(proposed).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void heartbeatsTurnedOffAnswerZeroWhateverTheBrokerProposes() {
    Connection[] conn = new Connection[1];
    ConnectionTuneOk tuneOk = negotiate(60, HeartbeatPolicy.off(), conn);
    Duration agreed = conn[0].heartbeat();
    conn[0].close();

    broker.verify();
    assertThat(tuneOk.heartbeat()).isZero();
    assertThat(agreed).isEqualTo(Duration.ZERO);
  }

  @Test
  void aClientHeartbeatIsUsedWhenTheBrokerProposesNone() {
    Connection[] conn = new Connection[1];
    ConnectionTuneOk tuneOk = negotiate(0, HeartbeatPolicy.ofSeconds(30), conn);
    Duration agreed = conn[0].heartbeat();
    Duration proposed = conn[0].serverHeartbeat();
    conn[0].close();

    broker.verify();
    assertThat(tuneOk.heartbeat()).isEqualTo(30);
    assertThat(agreed).isEqualTo(Duration.ofSeconds(30));
    assertThat(proposed).isEqualTo(Duration.ZERO);
  }

  @Test
  void channelMaxAndFrameMaxTakeTheSmallerOfBothSides() {
    AtomicReference<HandshakeScript> hs = new AtomicReference<>();
    broker.script(
        0,
        p -> {
          hs.set(p.handshake(QUIET.withTune(100, 8192, 0)));
          p.expectClose();
        });
    Connection conn = broker.connect(broker.parameters().channelMax(50).frameMax(65536).build());
    int channelMax = conn.channelMax();
    int frameMax = conn.frameMax();
    conn.close();

    broker.verify();
    ConnectionTuneOk tuneOk = hs.get().tuneOk().receivedMethod();
    assertThat(tuneOk.channelMax()).isEqualTo(50);
    assertThat(tuneOk.frameMax()).isEqualTo(8192);
    assertThat(channelMax).isEqualTo(50);
    assertThat(frameMax).isEqualTo(8192);
  }

  @Test
  void theClientSendsHeartbeatsAtTheNegotiatedInterval() {
    AtomicReference<Expectation> second = new AtomicReference<>();
    broker.script(
        0,
        p -> {
          p.handshake(QUIET.withHeartbeat(1));
          p.expectHeartbeat();
          second.set(p.expectHeartbeat());
          p.expectClose();
        });
    Connection conn = broker.connect();
    long start = System.nanoTime();
    ScriptedBroker.waitUntil("the connection's peer", () -> second.get() != null);
    ScriptedBroker.awaitMet(second.get());
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    conn.close();

    broker.verify();
    // Sent every half interval while nothing else is written: two within two intervals.
    assertThat(elapsedMillis).isLessThan(2_000L);
  }

  @Test
  void aSilentBrokerIsDeclaredDeadAfterTwoHeartbeatIntervals() {
    broker.script(
        0,
        p -> {
          p.handshake(QUIET.withHeartbeat(1));
          p.expectDisconnect(); // the broker says nothing; the client gives up and drops it
        });
    List<ConnectionClosedException> closed = new CopyOnWriteArrayList<>();
    long start = System.nanoTime();
    Connection conn =
        broker.connect(broker.parameters().recovery(RecoveryPolicy.disabled()).build());
    conn.addCloseListener(closed::add);

    ScriptedBroker.waitUntil("the close listener", () -> !closed.isEmpty());
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    broker.verify();
    assertThat(closed).singleElement().isInstanceOf(HeartbeatTimeoutException.class);
    assertThat(conn.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(elapsedMillis).isBetween(1_900L, 5_000L);
  }

  @Test
  void aConnectionErrorFromTheBrokerOtherThan320Or541IsAnsweredAndNotRecovered() {
    String text =
        "UNEXPECTED_FRAME - expected content header for class 60, got non content header frame";
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
        });
    ScriptedBroker.Events events = new ScriptedBroker.Events();
    List<ConnectionClosedException> closed = new CopyOnWriteArrayList<>();
    Connection conn = broker.connect(); // recovery on
    conn.addRecoveryListener(events);
    conn.addCloseListener(closed::add);
    Channel ch = conn.openChannel();
    broker.verify(0);

    broker
        .peer(0)
        .addSteps(
            p -> {
              p.send(0, new ConnectionClose(505, text, 60, 40));
              p.expect(0, ConnectionCloseOk.class);
            });
    ScriptedBroker.waitUntil("the close listener", () -> !closed.isEmpty());
    ScriptedBroker.sleep(Duration.ofMillis(300)); // several backoff delays: no reconnection

    broker.verify();
    assertThat(closed)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.replyCode()).isEqualTo(505);
              assertThat(e.replyText()).isEqualTo(text);
              assertThat(e.initiator()).isEqualTo(Initiator.BROKER);
            });
    assertThat(conn.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(ch.state()).isEqualTo(Channel.State.CLOSED);
    assertThat(broker.acceptedCount()).isEqualTo(1);
    assertThat(events.list()).isEmpty();
  }

  /**
   * A malformed frame answers queue.declare; the client must close the connection with {@code code}
   * (connection.close to the peer, then the socket), fail the RPC and tell close listeners, with
   * the codec's exception as the cause.
   */
  private ConnectionClosedException malformedReply(
      byte[] raw, int code, Class<? extends ProtocolException> causeType) {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(1, QueueDeclare.class).respondRaw(raw);
          p.expect(0, ConnectionClose.class)
              .matching("reply code " + code, c -> c.replyCode() == code);
          p.expectDisconnect();
        });
    List<ConnectionClosedException> closed = new CopyOnWriteArrayList<>();
    Connection conn =
        broker.connect(broker.parameters().recovery(RecoveryPolicy.disabled()).build());
    conn.addCloseListener(closed::add);
    Channel ch = conn.openChannel();

    assertThatThrownBy(() -> ch.queueDeclare(QueueSpec.named("q")))
        .isInstanceOf(ChannelClosedException.class)
        .hasRootCauseInstanceOf(causeType);
    ScriptedBroker.waitUntil("the close listener", () -> !closed.isEmpty());

    broker.verify();
    assertThat(conn.state()).isEqualTo(Connection.State.CLOSED);
    ConnectionClosedException cause = closed.get(0);
    assertThat(closed).hasSize(1);
    assertThat(cause.replyCode()).isEqualTo(code);
    assertThat(cause.initiator()).isEqualTo(Initiator.LIBRARY);
    assertThat(cause).hasCauseInstanceOf(causeType);
    return cause;
  }

  @Test
  void aFrameWithABadFrameEndClosesTheConnectionWithFrameError() {
    // A method frame (queue.declare-ok's ids) on channel 1 whose end octet is 0x00, not 0xCE.
    byte[] raw = {1, 0, 1, 0, 0, 0, 4, 0, 50, 0, 11, 0};
    ConnectionClosedException cause = malformedReply(raw, 501, ProtocolException.class);
    assertThat(cause.getCause()).hasMessageContaining("frame end octet 0xce expected");
  }

  @Test
  void aFrameLargerThanTheNegotiatedFrameMaxIsRefusedFromItsHeader() {
    // A body frame header announcing 1 MiB, more than the 131072 bytes negotiated; no payload.
    byte[] raw = {3, 0, 1, 0, 0x10, 0, 0};
    malformedReply(raw, 501, FrameTooLargeException.class);
  }

  @Test
  void anRpcThePeerNeverAnswersThrowsRpcTimeoutNamingTheReply() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(1, QueueDeclare.class); // never answered
          p.expectClose();
        });
    Connection conn =
        broker.connect(broker.parameters().rpcTimeout(Duration.ofMillis(300)).build());
    Channel ch = conn.openChannel();

    long start = System.nanoTime();
    assertThatThrownBy(() -> ch.queueDeclare(QueueSpec.named("q")))
        .isInstanceOfSatisfying(
            RpcTimeoutException.class, e -> assertThat(e.method()).isEqualTo("queue.declare-ok"))
        .hasMessageContaining("300 ms");
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    Connection.State state = conn.state();
    conn.close();

    broker.verify();
    assertThat(elapsedMillis).isBetween(250L, 5_000L);
    assertThat(state).isEqualTo(Connection.State.OPEN);
  }

  @Test
  void aChannelOpenThePeerNeverAnswersThrowsRpcTimeout() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expect(1, ChannelOpen.class); // never answered
          p.expectClose();
        });
    Connection conn =
        broker.connect(broker.parameters().rpcTimeout(Duration.ofMillis(300)).build());

    assertThatThrownBy(conn::openChannel)
        .isInstanceOfSatisfying(
            RpcTimeoutException.class, e -> assertThat(e.method()).isEqualTo("channel.open-ok"));
    conn.close();

    broker.verify();
  }

  @Test
  void aPeerThatNeverSendsConnectionStartFailsTheConnectWithinTheStackTimeout() {
    broker.script(
        0,
        p -> {
          p.expectProtocolHeader(); // then silence
          p.expectDisconnect();
        });

    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                broker.connect(
                    broker
                        .parameters()
                        .socketTimeout(Duration.ofMillis(200))
                        .stackTimeout(Duration.ofMillis(500))
                        .build()))
        .isInstanceOf(ConnectFailedException.class)
        .hasMessageContaining("stack timeout of 500 ms");
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    broker.verify();
    assertThat(elapsedMillis).isBetween(400L, 5_000L);
  }

  @Test
  void aPeerAnsweringWithAnotherProtocolHeaderIsReportedAsNotAmqp091() {
    broker.script(
        0, p -> p.expectProtocolHeader().respondRaw(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0}));

    assertThatThrownBy(() -> broker.connect())
        .isInstanceOfSatisfying(
            ConnectionClosedException.class, e -> assertThat(e.replyCode()).isEqualTo(540))
        .hasMessageContaining("does not speak AMQP 0-9-1")
        .hasMessageContaining("AMQP 1-0-0");

    broker.verify();
  }

  @Test
  void aConnectionCloseThePeerNeverAnswersEndsAfterTheTimeoutByDroppingTheSocket() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(0, ConnectionClose.class); // never answered
          p.expectDisconnect();
        });
    Connection conn = broker.connect();
    Channel ch = conn.openChannel();

    long start = System.nanoTime();
    conn.close(200, "OK", Duration.ofMillis(300));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    broker.verify();
    assertThat(conn.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(ch.state()).isEqualTo(Channel.State.CLOSED);
    assertThat(elapsedMillis).isBetween(250L, 5_000L);
  }
}
