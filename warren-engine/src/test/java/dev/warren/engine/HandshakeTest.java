/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.engine.EngineHarness.Config;
import dev.warren.errors.AuthenticationException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.ConnectionLostException;
import dev.warren.errors.Initiator;
import dev.warren.errors.ProtocolException;
import dev.warren.errors.ReplyCode;
import dev.warren.errors.VirtualHostAccessException;
import dev.warren.protocol.LongString;
import dev.warren.protocol.codec.ProtocolHeader;
import dev.warren.protocol.method.ConnectionClose;
import dev.warren.protocol.method.ConnectionCloseOk;
import dev.warren.protocol.method.ConnectionOpen;
import dev.warren.protocol.method.ConnectionOpenOk;
import dev.warren.protocol.method.ConnectionSecure;
import dev.warren.protocol.method.ConnectionSecureOk;
import dev.warren.protocol.method.ConnectionStart;
import dev.warren.protocol.method.ConnectionStartOk;
import dev.warren.protocol.method.ConnectionTune;
import dev.warren.protocol.method.ConnectionTuneOk;
import dev.warren.testkit.BrokerHandshake;
import dev.warren.testkit.HandshakeScript;
import dev.warren.testkit.MethodExpectation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The opening handshake: start, secure, tune, open, and every way it can end early. */
@Timeout(10)
class HandshakeTest {

  private static final BrokerHandshake BROKER = BrokerHandshake.rabbitMq();

  @Test
  void happyHandshake() {
    EngineHarness h = new EngineHarness(new Config().virtualHost("orders"));
    HandshakeScript hs = h.open();
    h.peer.verify();

    ConnectionStartOk startOk = hs.startOk().receivedMethod();
    assertThat(startOk.clientProperties())
        .containsEntry("product", "Warren")
        .containsEntry("connection_name", "engine-test")
        .containsKey("capabilities");
    assertThat(startOk.mechanism()).isEqualTo("PLAIN");
    assertThat(startOk.response().bytes())
        .isEqualTo("\0guest\0guest".getBytes(StandardCharsets.UTF_8));
    assertThat(startOk.locale()).isEqualTo("en_US");
    assertThat(hs.tuneOk().receivedMethod()).isEqualTo(new ConnectionTuneOk(2047, 131072, 60));
    assertThat(hs.open().receivedMethod().virtualHost()).isEqualTo("orders");

    assertThat(h.listener.opened).isEqualTo(1);
    assertThat(h.listener.tuning)
        .isEqualTo(new Tuning(2047, 131072, 60, 60))
        .isEqualTo(h.engine.tuning());
    assertThat(h.listener.serverProperties)
        .containsEntry("product", "RabbitMQ")
        .isEqualTo(h.engine.serverProperties());
    assertThat(h.listener.closed).isEmpty();
    assertThat(h.engine.isTransportDone()).isFalse();
  }

  @Test
  void statesAlongTheWay() {
    EngineHarness h = new EngineHarness();
    h.peer.expectProtocolHeader();
    h.engine.start(h.now);
    assertThat(h.engine.state()).isEqualTo(ConnectionState.AWAITING_START);
    assertThat(h.engine.tuning()).isNull();
    h.pump();

    h.peer.sendStart();
    MethodExpectation<ConnectionStartOk> startOk = h.peer.expect(0, ConnectionStartOk.class);
    h.pump();
    assertThat(startOk.isSatisfied()).isTrue();
    assertThat(h.engine.state()).isEqualTo(ConnectionState.AUTHENTICATING);

    h.peer.send(0, new ConnectionTune(2047, 131072, 60));
    h.peer.expect(0, ConnectionTuneOk.class);
    h.peer.expect(0, ConnectionOpen.class);
    h.pump();
    assertThat(h.engine.state()).isEqualTo(ConnectionState.OPENING);
    assertThat(h.engine.tuning()).isEqualTo(new Tuning(2047, 131072, 60, 60));
    assertThat(h.listener.opened).isZero();

    h.peer.send(0, new ConnectionOpenOk(""));
    h.pump();
    assertThat(h.engine.state()).isEqualTo(ConnectionState.OPEN);
    assertThat(h.listener.opened).isEqualTo(1);
    h.peer.verify();
  }

  /** 0 means "no limit"; otherwise the smaller non-zero value wins. */
  @ParameterizedTest(name = "client {0}/{2}, broker {1}/{3} -> {4}/{5}")
  @CsvSource({
    // channelMax client, broker, frameMax client, broker, expected channelMax, frameMax
    "0,    0,    0,      0,      65535, 0",
    "0,    2047, 0,      131072, 2047,  131072",
    "100,  2047, 8192,   131072, 100,   8192",
    "2047, 100,  131072, 8192,   100,   8192",
    "100,  0,    8192,   0,      100,   8192",
    "0,    1,    0,      4096,   1,     4096",
    "0,    0,    0,      1024,   65535, 4096", // a frame_max below the protocol's minimum is raised
  })
  void tuneNegotiation(
      int clientChannelMax,
      int brokerChannelMax,
      int clientFrameMax,
      long brokerFrameMax,
      int channelMax,
      int frameMax) {
    EngineHarness h = new EngineHarness(new Config().limits(clientChannelMax, clientFrameMax));
    HandshakeScript hs = h.open(BROKER.withTune(brokerChannelMax, brokerFrameMax, 0));
    h.peer.verify();

    assertThat(hs.tuneOk().receivedMethod())
        .isEqualTo(new ConnectionTuneOk(channelMax, frameMax, 0));
    assertThat(h.engine.tuning()).isEqualTo(new Tuning(channelMax, frameMax, 0, 0));
    assertThat(h.engine.decoder.maxFrameSize())
        .isEqualTo(frameMax == 0 ? Integer.MAX_VALUE : frameMax);
  }

  @ParameterizedTest(name = "broker proposes {0}, hook {1} -> {2}")
  @CsvSource({
    "60, same,    60",
    "60, off,     0",
    "60, max10,   10",
    "0,  max10,   0",
    "5,  max10,   5",
    "60, negative, 0",
    "60, huge,    65535",
  })
  void heartbeatHookDecides(int proposed, String hookName, int expected) {
    List<Integer> seen = new ArrayList<>();
    IntUnaryOperator hook =
        switch (hookName) {
          case "same" -> p -> p;
          case "off" -> p -> 0;
          case "max10" -> p -> p == 0 ? 0 : Math.min(p, 10);
          case "negative" -> p -> -5;
          default -> p -> 70_000;
        };
    EngineHarness h =
        new EngineHarness(
            new Config()
                .heartbeat(
                    p -> {
                      seen.add(p);
                      return hook.applyAsInt(p);
                    }));
    HandshakeScript hs = h.open(BROKER.withHeartbeat(proposed));

    assertThat(seen).containsExactly(proposed);
    assertThat(hs.tuneOk().receivedMethod().heartbeat()).isEqualTo(expected);
    assertThat(h.engine.tuning().heartbeatSeconds()).isEqualTo(expected);
    assertThat(h.engine.tuning().serverHeartbeatSeconds()).isEqualTo(proposed);
  }

  @Test
  void challengeResponseThroughConnectionSecure() {
    List<String> challenges = new ArrayList<>();
    EngineHarness h =
        new EngineHarness(
            new Config()
                .sasl(
                    offered -> {
                      assertThat(offered).containsExactly("PLAIN", "X-TEST-CR");
                      return new SaslClient() {
                        @Override
                        public String mechanism() {
                          return "X-TEST-CR";
                        }

                        @Override
                        public byte[] initialResponse() {
                          return utf8("client-first");
                        }

                        @Override
                        public byte[] respond(byte[] challenge) {
                          String c = new String(challenge, StandardCharsets.UTF_8);
                          challenges.add(c);
                          return utf8("proof-of-" + c);
                        }
                      };
                    }));
    h.peer
        .expectProtocolHeader()
        .respond(
            new ConnectionStart(
                0, 9, Map.of(), LongString.of("PLAIN X-TEST-CR"), LongString.of("en_US")));
    MethodExpectation<ConnectionStartOk> startOk =
        h.peer
            .expect(0, ConnectionStartOk.class)
            .respond(new ConnectionSecure(LongString.of("round-1")));
    MethodExpectation<ConnectionSecureOk> first =
        h.peer
            .expect(0, ConnectionSecureOk.class)
            .respond(new ConnectionSecure(LongString.of("round-2")));
    MethodExpectation<ConnectionSecureOk> second =
        h.peer.expect(0, ConnectionSecureOk.class).respond(new ConnectionTune(10, 8192, 0));
    h.peer.expect(0, ConnectionTuneOk.class);
    h.peer.expect(0, ConnectionOpen.class).respond(new ConnectionOpenOk(""));

    h.start();

    h.peer.verify();
    assertThat(h.engine.state()).isEqualTo(ConnectionState.OPEN);
    assertThat(startOk.receivedMethod().mechanism()).isEqualTo("X-TEST-CR");
    assertThat(startOk.receivedMethod().response().asString()).isEqualTo("client-first");
    assertThat(challenges).containsExactly("round-1", "round-2");
    assertThat(first.receivedMethod().response().asString()).isEqualTo("proof-of-round-1");
    assertThat(second.receivedMethod().response().asString()).isEqualTo("proof-of-round-2");
  }

  @Test
  void aChallengeToAMechanismThatExpectsNoneFailsAuthentication() {
    EngineHarness h = new EngineHarness();
    h.peer.expectProtocolHeader().respond(start("PLAIN"));
    h.peer.expect(0, ConnectionStartOk.class).respond(new ConnectionSecure(LongString.of("what?")));
    h.peer.expectDisconnect();
    h.start();

    h.peer.verify();
    AuthenticationException e = h.assertClosedWith(AuthenticationException.class);
    assertThat(e.replyCode()).isEqualTo(ReplyCode.ACCESS_REFUSED);
    assertThat(e)
        .hasMessageContaining("SASL mechanism PLAIN could not answer the broker's challenge");
  }

  @Test
  void noCommonMechanism() {
    EngineHarness h = new EngineHarness();
    h.peer.expectProtocolHeader().respond(start("EXTERNAL AMQPLAIN"));
    h.peer.expectDisconnect();
    h.start();

    h.peer.verify();
    assertThat(h.peer.received()).as("nothing sent after the header").isEmpty();
    AuthenticationException e = h.assertClosedWith(AuthenticationException.class);
    assertThat(e).hasMessageContaining("no common SASL mechanism").hasMessageContaining("EXTERNAL");
  }

  @Test
  void brokerAnswersTheProtocolHeaderWithAnotherVersion() {
    EngineHarness h = new EngineHarness();
    byte[] amqp10 = new ProtocolHeader(0, 1, 0, 0).toBytes();
    // Split, so that the engine must wait for the whole header before deciding.
    h.peer.expectProtocolHeader().respondRaw(new byte[] {amqp10[0], amqp10[1], amqp10[2]});
    h.peer.sendRaw(java.util.Arrays.copyOfRange(amqp10, 3, 8));
    h.peer.expectDisconnect();
    h.start();

    h.peer.verify();
    ConnectionClosedException e = h.assertClosedWith(ConnectionClosedException.class);
    assertThat(e.replyCode()).isEqualTo(ReplyCode.NOT_IMPLEMENTED);
    assertThat(e)
        .hasMessageContaining("does not speak AMQP 0-9-1")
        .hasMessageContaining("AMQP 1-0-0")
        .hasCauseInstanceOf(ProtocolException.class);
  }

  @Nested
  class BrokerClosesDuringTheHandshake {

    @Test
    void afterTheProtocolHeader() {
      EngineHarness h = new EngineHarness();
      h.peer
          .expectProtocolHeader()
          .respond(new ConnectionClose(320, "CONNECTION_FORCED - broker is booting", 0, 0));
      h.peer.expect(0, ConnectionCloseOk.class);
      h.peer.expectDisconnect();
      h.start();

      h.peer.verify();
      ConnectionClosedException e = h.assertClosedWith(ConnectionClosedException.class);
      assertThat(e.replyCode()).isEqualTo(320);
      assertThat(e.replyText()).isEqualTo("CONNECTION_FORCED - broker is booting");
      assertThat(e.initiator()).isEqualTo(Initiator.BROKER);
    }

    @Test
    void afterStartOkWithAccessRefused() {
      EngineHarness h = new EngineHarness();
      h.peer.expectProtocolHeader().respond(start("PLAIN AMQPLAIN"));
      String text =
          "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details"
              + " see the broker logfile.";
      h.peer.expect(0, ConnectionStartOk.class).respond(new ConnectionClose(403, text, 0, 0));
      h.peer.expect(0, ConnectionCloseOk.class);
      h.peer.expectDisconnect();
      h.start();

      h.peer.verify();
      AuthenticationException e = h.assertClosedWith(AuthenticationException.class);
      assertThat(e.replyCode()).isEqualTo(403);
      assertThat(e.replyText()).isEqualTo(text);
      assertThat(e.initiator()).isEqualTo(Initiator.BROKER);
      assertThat(e)
          .hasMessageContaining("authentication failed with mechanism PLAIN")
          .hasMessageContaining("check the user name and password");
    }

    @Test
    void afterStartOkWithAnotherCode() {
      EngineHarness h = new EngineHarness();
      h.peer.expectProtocolHeader().respond(start("PLAIN"));
      h.peer
          .expect(0, ConnectionStartOk.class)
          .respond(new ConnectionClose(530, "NOT_ALLOWED - connection limit reached", 10, 11));
      h.peer.expect(0, ConnectionCloseOk.class);
      h.start();

      h.peer.verify();
      ConnectionClosedException e = h.assertClosedWith(ConnectionClosedException.class);
      assertThat(e).isNotInstanceOf(AuthenticationException.class);
      assertThat(e.replyCode()).isEqualTo(530);
      assertThat(e.initiator()).isEqualTo(Initiator.BROKER);
    }

    @ParameterizedTest(name = "reply code {0}")
    @ValueSource(ints = {ReplyCode.NOT_ALLOWED, ReplyCode.INVALID_PATH, ReplyCode.ACCESS_REFUSED})
    void duringOpen(int code) {
      EngineHarness h = new EngineHarness(new Config().virtualHost("orders"));
      h.peer.expectProtocolHeader().respond(start("PLAIN"));
      h.peer.expect(0, ConnectionStartOk.class).respond(new ConnectionTune(2047, 131072, 60));
      h.peer.expect(0, ConnectionTuneOk.class);
      h.peer
          .expect(0, ConnectionOpen.class)
          .respond(new ConnectionClose(code, "NOT_ALLOWED - vhost orders not found", 10, 40));
      h.peer.expect(0, ConnectionCloseOk.class);
      h.peer.expectDisconnect();
      h.start();

      h.peer.verify();
      VirtualHostAccessException e = h.assertClosedWith(VirtualHostAccessException.class);
      assertThat(e.virtualHost()).isEqualTo("orders");
      assertThat(e.replyCode()).isEqualTo(code);
      assertThat(e).hasMessageContaining("cannot open virtual host 'orders'");
      assertThat(h.listener.opened).isZero();
    }

    @Test
    void whenOpen() {
      EngineHarness h = new EngineHarness();
      h.open();
      h.peer.send(
          0, new ConnectionClose(320, "CONNECTION_FORCED - Closed via management plugin", 0, 0));
      h.peer.expect(0, ConnectionCloseOk.class);
      h.peer.expectDisconnect();
      h.pump();

      h.peer.verify();
      ConnectionClosedException e = h.assertClosedWith(ConnectionClosedException.class);
      assertThat(e.getClass()).isEqualTo(ConnectionClosedException.class);
      assertThat(e.replyCode()).isEqualTo(320);
      assertThat(e.replyText()).isEqualTo("CONNECTION_FORCED - Closed via management plugin");
      assertThat(e.initiator()).isEqualTo(Initiator.BROKER);
      assertThat(e)
          .hasMessage(
              "connection closed by the broker: 320 CONNECTION_FORCED - Closed via management"
                  + " plugin");
    }
  }

  @Nested
  class SocketClosesDuringTheHandshake {

    @Test
    void beforeConnectionStart() {
      EngineHarness h = new EngineHarness();
      h.peer.expectProtocolHeader().thenDisconnect();
      h.start();

      h.peer.verify();
      ConnectionLostException e = h.assertClosedWith(ConnectionLostException.class);
      assertThat(e)
          .hasMessageContaining("before sending connection.start; is this an AMQP 0-9-1 port?");
    }

    @Test
    void duringAuthenticationIsProbablyAWrongPassword() {
      EngineHarness h = new EngineHarness();
      h.peer.expectProtocolHeader().respond(start("PLAIN"));
      h.peer.expect(0, ConnectionStartOk.class).thenDisconnect();
      h.start();

      h.peer.verify();
      AuthenticationException e = h.assertClosedWith(AuthenticationException.class);
      assertThat(e.replyCode()).isEqualTo(ReplyCode.ACCESS_REFUSED);
      assertThat(e)
          .hasMessageContaining("(mechanism PLAIN): probably a wrong user name or password");
    }

    @Test
    void duringOpenIsProbablyAVirtualHostProblem() {
      EngineHarness h = new EngineHarness(new Config().virtualHost("orders"));
      h.peer.expectProtocolHeader().respond(start("PLAIN"));
      h.peer.expect(0, ConnectionStartOk.class).respond(new ConnectionTune(0, 0, 0));
      h.peer.expect(0, ConnectionTuneOk.class);
      h.peer.expect(0, ConnectionOpen.class).thenDisconnect();
      h.start();

      h.peer.verify();
      VirtualHostAccessException e = h.assertClosedWith(VirtualHostAccessException.class);
      assertThat(e.virtualHost()).isEqualTo("orders");
    }

    @Test
    void whenOpenTheCauseIsKept() {
      EngineHarness h = new EngineHarness();
      h.open();
      IOException reset = new IOException("Connection reset by peer");
      h.engine.transportClosed(reset);
      h.pump();

      ConnectionLostException e = h.assertClosedWith(ConnectionLostException.class);
      assertThat(e).hasCause(reset).hasMessageContaining("Connection reset by peer");
      assertThat(e.initiator()).isEqualTo(Initiator.LIBRARY);
      h.peer.verify();
    }
  }

  static ConnectionStart start(String mechanisms) {
    return new ConnectionStart(
        0, 9, BROKER.serverProperties(), LongString.of(mechanisms), LongString.of("en_US"));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
