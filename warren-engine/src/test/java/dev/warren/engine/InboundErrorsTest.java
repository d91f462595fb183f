/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.engine.EngineHarness.Callback;
import dev.warren.engine.EngineHarness.ChannelEvents;
import dev.warren.engine.EngineHarness.Config;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.FrameTooLargeException;
import dev.warren.errors.Initiator;
import dev.warren.errors.ReplyCode;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.LongString;
import dev.warren.protocol.method.BasicDeliver;
import dev.warren.protocol.method.BasicGet;
import dev.warren.protocol.method.BasicGetOk;
import dev.warren.protocol.method.ChannelClose;
import dev.warren.protocol.method.ChannelCloseOk;
import dev.warren.protocol.method.ChannelOpenOk;
import dev.warren.protocol.method.ConnectionCloseOk;
import dev.warren.protocol.method.ConnectionOpen;
import dev.warren.protocol.method.ConnectionOpenOk;
import dev.warren.protocol.method.ConnectionStartOk;
import dev.warren.protocol.method.ConnectionTune;
import dev.warren.protocol.method.ConnectionTuneOk;
import dev.warren.protocol.method.ConnectionUpdateSecretOk;
import dev.warren.protocol.method.ExchangeDeclareOk;
import dev.warren.protocol.method.QueueDeclare;
import dev.warren.protocol.method.QueueDeclareOk;
import dev.warren.testkit.BrokerHandshake;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the broker must not send, and what the engine does when it does. */
@Timeout(10)
class InboundErrorsTest {

  static final QueueDeclare DECLARE =
      new QueueDeclare(0, "q", false, false, false, false, false, Map.of());
  static final BasicDeliver DELIVER = new BasicDeliver("ctag", 1, false, "", "q");

  @Nested
  class UnexpectedMethodsOnChannel0 {

    @Test
    void tuneBeforeStart() {
      EngineHarness h = new EngineHarness();
      h.peer.expectProtocolHeader().respond(new ConnectionTune(0, 0, 0));
      h.peer.expectDisconnect();
      h.start();

      h.peer.verify();
      ConnectionClosedException e = h.assertLibraryClosed(ReplyCode.UNEXPECTED_FRAME);
      assertThat(e).hasMessageContaining("connection.tune on channel 0 in state AWAITING_START");
    }

    @Test
    void openOkWhileAuthenticating() {
      EngineHarness h = new EngineHarness();
      h.peer.expectProtocolHeader().respond(HandshakeTest.start("PLAIN"));
      h.peer.expect(0, ConnectionStartOk.class).respond(new ConnectionOpenOk(""));
      h.peer.expectDisconnect();
      h.start();

      h.peer.verify();
      assertThat(h.assertLibraryClosed(ReplyCode.UNEXPECTED_FRAME))
          .hasMessageContaining("connection.open-ok on channel 0 in state AUTHENTICATING");
    }

    @Test
    void startWhileOpening() {
      EngineHarness h = new EngineHarness();
      h.peer.expectProtocolHeader().respond(HandshakeTest.start("PLAIN"));
      h.peer.expect(0, ConnectionStartOk.class).respond(new ConnectionTune(0, 0, 0));
      h.peer.expect(0, ConnectionTuneOk.class);
      h.peer.expect(0, ConnectionOpen.class).respond(HandshakeTest.start("PLAIN"));
      h.peer.expectClose(ReplyCode.UNEXPECTED_FRAME);
      h.peer.expectDisconnect();
      h.start();

      h.peer.verify();
      h.assertLibraryClosed(ReplyCode.UNEXPECTED_FRAME);
    }

    @Test
    void startWhenOpenIsAnsweredWithConnectionClose() {
      EngineHarness h = new EngineHarness();
      h.open();
      ChannelEvents ch = h.openChannel(1);
      h.peer.expect(1, QueueDeclare.class);
      Callback pending = h.rpc(1, DECLARE);

      h.peer.send(0, HandshakeTest.start("PLAIN"));
      h.peer
          .expectClose(ReplyCode.UNEXPECTED_FRAME)
          .satisfying(
              c ->
                  assertThat(c.replyText())
                      .isEqualTo("unexpected frame: connection.start on channel 0 in state OPEN"));
      h.peer.expectDisconnect();
      h.pump();

      h.peer.verify();
      ConnectionClosedException e = h.assertLibraryClosed(ReplyCode.UNEXPECTED_FRAME);
      assertThat(e)
          .hasMessage(
              "connection closed by Warren: 505 UNEXPECTED_FRAME - unexpected frame:"
                  + " connection.start on channel 0 in state OPEN");
      assertThat(pending.failure).isInstanceOf(ChannelClosedException.class).hasCause(e);
      assertThat(ch.closed).hasSize(1);
      h.assertEveryCallbackCalledOnce();
    }

    @Test
    void aReplyNobodyWaitedFor() {
      EngineHarness h = new EngineHarness();
      h.open();
      h.peer.send(0, ConnectionUpdateSecretOk.INSTANCE);
      h.peer.expectClose(ReplyCode.UNEXPECTED_FRAME);
      h.pump();

      h.peer.verify();
      assertThat(h.assertLibraryClosed(ReplyCode.UNEXPECTED_FRAME))
          .hasMessageContaining("connection.update-secret-ok on channel 0 in state OPEN");
    }

    @Test
    void aCloseOkNobodyAskedFor() {
      EngineHarness h = new EngineHarness();
      h.open();
      h.peer.send(0, ConnectionCloseOk.INSTANCE);
      h.peer.expectClose(ReplyCode.UNEXPECTED_FRAME);
      h.pump();

      h.peer.verify();
      assertThat(h.assertLibraryClosed(ReplyCode.UNEXPECTED_FRAME))
          .hasMessageContaining("connection.close-ok on channel 0 in state OPEN");
    }
  }

  @Nested
  class UnexpectedMethodsOnAChannel {

    @Test
    void aReplyNobodyWaitedFor() {
      EngineHarness h = new EngineHarness();
      h.open();
      h.openChannel(1);
      h.peer.send(1, new QueueDeclareOk("q", 0, 0));
      h.peer.expectClose(ReplyCode.UNEXPECTED_FRAME);
      h.pump();

      h.peer.verify();
      assertThat(h.assertLibraryClosed(ReplyCode.UNEXPECTED_FRAME))
          .hasMessageContaining("queue.declare-ok on channel 1, which was not waiting for it");
    }

    @Test
    void aSecondOpenOk() {
      EngineHarness h = new EngineHarness();
      h.open();
      h.openChannel(1);
      h.peer.send(1, new ChannelOpenOk(LongString.EMPTY));
      h.peer.expectClose(ReplyCode.UNEXPECTED_FRAME);
      h.pump();

      h.peer.verify();
      h.assertLibraryClosed(ReplyCode.UNEXPECTED_FRAME);
    }

    @Test
    void aReplyToAnotherRequestFailsThePendingOne() {
      EngineHarness h = new EngineHarness();
      h.open();
      h.openChannel(1);
      h.peer.expect(1, QueueDeclare.class).respond(ExchangeDeclareOk.INSTANCE);
      h.peer.expectClose(ReplyCode.UNEXPECTED_FRAME);
      Callback declare = h.rpc(1, DECLARE);

      h.peer.verify();
      h.assertLibraryClosed(ReplyCode.UNEXPECTED_FRAME);
      assertThat(declare.replied).isFalse();
      assertThat(declare.failure).isInstanceOf(ChannelClosedException.class);
      h.assertEveryCallbackCalledOnce();
    }
  }

  @Nested
  class FramesForChannelsThatAreNotOpen {

    @Test
    void aMethod() {
      EngineHarness h = new EngineHarness();
      h.open();
      h.peer.send(7, DELIVER);
      h.peer.expectClose(ReplyCode.CHANNEL_ERROR);
      h.peer.expectDisconnect();
      h.pump();

      h.peer.verify();
      ConnectionClosedException e = h.assertLibraryClosed(ReplyCode.CHANNEL_ERROR);
      assertThat(e).hasMessageContaining("basic.deliver arrived for channel 7, which is not open");
    }

    @Test
    void aContentHeader() {
      EngineHarness h = new EngineHarness();
      h.open();
      h.peer.sendContentHeader(9, 60, 3, BasicProperties.EMPTY);
      h.peer.expectClose(ReplyCode.CHANNEL_ERROR);
      h.pump();

      h.peer.verify();
      assertThat(h.assertLibraryClosed(ReplyCode.CHANNEL_ERROR))
          .hasMessageContaining("a content header arrived for channel 9");
    }

    @Test
    void aContentBody() {
      EngineHarness h = new EngineHarness();
      h.open();
      h.peer.sendContentBody(9, new byte[3]);
      h.peer.expectClose(ReplyCode.CHANNEL_ERROR);
      h.pump();

      h.peer.verify();
      assertThat(h.assertLibraryClosed(ReplyCode.CHANNEL_ERROR))
          .hasMessageContaining("a content body arrived for channel 9");
    }

    @Test
    void aChannelTheBrokerClosed() {
      EngineHarness h = new EngineHarness();
      h.open();
      h.openChannel(1);
      h.peer.send(1, new ChannelClose(404, "NOT_FOUND", 50, 10));
      h.peer.expect(1, ChannelCloseOk.class);
      h.peer.send(1, DELIVER);
      h.peer.expectClose(ReplyCode.CHANNEL_ERROR);
      h.pump();

      h.peer.verify();
      h.assertLibraryClosed(ReplyCode.CHANNEL_ERROR);
    }
  }

  @Nested
  class MalformedContent {
    EngineHarness h = new EngineHarness();
    ChannelEvents ch;

    void open() {
      h.open();
      ch = h.openChannel(1);
    }

    ConnectionClosedException closedWith(int code) {
      h.peer.expectClose(code);
      h.peer.expectDisconnect();
      h.pump();
      h.peer.verify();
      ConnectionClosedException e = h.assertLibraryClosed(code);
      assertThat(ch.deliveries).isEmpty();
      assertThat(ch.closed).hasSize(1);
      h.assertEveryCallbackCalledOnce();
      return e;
    }

    @Test
    void aHeaderWithoutAMethod() {
      open();
      h.peer.sendContentHeader(1, 60, 3, null);
      assertThat(closedWith(ReplyCode.UNEXPECTED_FRAME))
          .hasMessageContaining("a content header on channel 1 with no method before it");
    }

    @Test
    void aBodyWithoutAHeader() {
      open();
      h.peer.send(1, DELIVER);
      h.peer.sendContentBody(1, new byte[3]);
      assertThat(closedWith(ReplyCode.UNEXPECTED_FRAME))
          .hasMessageContaining("a content body frame on channel 1 with no content header");
    }

    @Test
    void aBodyWithoutAnything() {
      open();
      h.peer.sendContentBody(1, new byte[3]);
      closedWith(ReplyCode.UNEXPECTED_FRAME);
    }

    @Test
    void aSecondHeader() {
      open();
      h.peer.send(1, DELIVER);
      h.peer.sendContentHeader(1, 60, 10, null);
      h.peer.sendContentHeader(1, 60, 10, null);
      closedWith(ReplyCode.UNEXPECTED_FRAME);
    }

    @Test
    void aBodyOverrunningTheAnnouncedSize() {
      open();
      h.peer.send(1, DELIVER);
      h.peer.sendContentHeader(1, 60, 4, null);
      h.peer.sendContentBody(1, new byte[3]);
      h.peer.sendContentBody(1, new byte[2]);
      assertThat(closedWith(ReplyCode.FRAME_ERROR))
          .hasMessageContaining(
              "content body frame of 2 bytes on channel 1 overruns the announced body size of 4"
                  + " bytes");
    }

    @Test
    void aMethodInTheMiddleOfContent() {
      open();
      h.peer.expect(1, QueueDeclare.class);
      Callback declare = h.rpc(1, DECLARE);
      h.peer.send(1, DELIVER);
      h.peer.sendContentHeader(1, 60, 10, null);
      h.peer.sendContentBody(1, new byte[5]);
      h.peer.send(1, new QueueDeclareOk("q", 0, 0));
      assertThat(closedWith(ReplyCode.UNEXPECTED_FRAME))
          .hasMessageContaining(
              "queue.declare-ok on channel 1 while the content of basic.deliver was expected");
      assertThat(declare.failure).isInstanceOf(ChannelClosedException.class);
    }

    @Test
    void aContentClassOtherThanBasic() {
      open();
      h.peer.send(1, DELIVER);
      h.peer.sendContentHeader(1, 61, 3, null);
      assertThat(closedWith(ReplyCode.FRAME_ERROR))
          .hasMessageContaining("content header for class 61; only class 60 (basic) has content");
    }

    @Test
    void aFrameLargerThanTheNegotiatedFrameMax() {
      h.open(BrokerHandshake.rabbitMq().withTune(0, 4096, 0));
      ch = h.openChannel(1);
      h.peer.send(1, DELIVER);
      h.peer.sendContentHeader(1, 60, 5000, null);
      h.peer.sendContentBody(1, new byte[5000]);
      ConnectionClosedException e = closedWith(ReplyCode.FRAME_ERROR);
      assertThat(e.getCause()).isInstanceOf(FrameTooLargeException.class);
    }

    @Test
    void bytesThatAreNotAFrame() {
      open();
      h.peer.sendRaw(new byte[] {9, 0, 0, 0, 0, 0, 0, (byte) 0xCE});
      assertThat(closedWith(ReplyCode.FRAME_ERROR)).hasMessageContaining("unknown frame type");
    }
  }

  @Nested
  class BodyLargerThanMaxBodySize {
    EngineHarness h = new EngineHarness(new Config().maxBodySize(1000));

    @Test
    void closesTheChannelWith311AndTheConnectionLivesOn() {
      h.open();
      ChannelEvents one = h.openChannel(1);
      ChannelEvents two = h.openChannel(2);
      h.peer.expect(1, QueueDeclare.class);
      Callback pending = h.rpc(1, DECLARE);

      h.peer.sendContent(1, DELIVER, BasicProperties.EMPTY, new byte[1001]);
      h.peer
          .expectChannelClose(1)
          .matching("reply code 311", c -> c.replyCode() == ReplyCode.CONTENT_TOO_LARGE);
      h.peer.sendContent(
          2, DELIVER, BasicProperties.EMPTY, "small".getBytes(StandardCharsets.UTF_8));
      h.pump();

      h.peer.verify();
      assertThat(one.closed).hasSize(1);
      ChannelClosedException e = one.closed.get(0);
      assertThat(e.replyCode()).isEqualTo(ReplyCode.CONTENT_TOO_LARGE);
      assertThat(e.channelNumber()).isEqualTo(1);
      assertThat(e)
          .hasMessageContaining("message body of 1001 bytes exceeds the maximum inbound body size")
          .hasCauseInstanceOf(FrameTooLargeException.class);
      assertThat(pending.failure).isSameAs(e);
      assertThat(one.deliveries).isEmpty();

      assertThat(h.engine.state()).isEqualTo(ConnectionState.OPEN);
      assertThat(h.engine.channelState(1)).isEqualTo(ChannelState.CLOSED);
      assertThat(h.engine.isChannelNumberFree(1)).isTrue();
      assertThat(two.deliveries).containsExactly("small");
      assertThat(h.listener.closed).isEmpty();
      h.assertEveryCallbackCalledOnce();
    }

    @Test
    void refusesBeforeAllocating() {
      h.open();
      ChannelEvents one = h.openChannel(1);
      h.peer.send(1, DELIVER);
      // 1 TiB announced: allocating it would fail the test with an OutOfMemoryError.
      h.peer.sendContentHeader(1, 60, 1L << 40, null);
      h.peer.expectChannelClose(1);
      h.pump();

      h.peer.verify();
      assertThat(one.closed)
          .singleElement()
          .satisfies(e -> assertThat(e.replyCode()).isEqualTo(311));
      assertThat(h.engine.state()).isEqualTo(ConnectionState.OPEN);
    }

    @Test
    void framesUntilCloseOkAreDiscarded() {
      h.open();
      ChannelEvents one = h.openChannel(1);
      h.peer.send(1, DELIVER);
      h.peer.sendContentHeader(1, 60, 5000, null);
      h.peer.expect(1, ChannelClose.class);
      // The broker had sent these before it saw channel.close: the engine must ignore them.
      h.peer.sendContentBody(1, new byte[4000]);
      h.peer.sendContentBody(1, new byte[1000]);
      h.peer.sendContent(1, DELIVER, null, new byte[10]);
      h.peer.send(1, ChannelCloseOk.INSTANCE);
      h.pump();

      h.peer.verify();
      assertThat(one.deliveries).isEmpty();
      assertThat(one.closed).hasSize(1);
      assertThat(h.engine.state()).isEqualTo(ConnectionState.OPEN);
      assertThat(h.engine.channelState(1)).isEqualTo(ChannelState.CLOSED);
    }

    @Test
    void aTooLargeGetOkFailsTheGet() {
      h.open();
      h.openChannel(1);
      h.peer
          .expect(1, BasicGet.class)
          .respondContent(new BasicGetOk(1, false, "", "q", 0), null, new byte[2000]);
      h.peer.expectChannelClose(1);
      Callback get = h.rpc(1, new BasicGet(0, "q", false));

      h.peer.verify();
      assertThat(get.failure)
          .isInstanceOf(ChannelClosedException.class)
          .satisfies(f -> assertThat(f.replyCode()).isEqualTo(311));
      assertThat(h.engine.state()).isEqualTo(ConnectionState.OPEN);
      h.assertEveryCallbackCalledOnce();
    }
  }

  @Test
  void aHeartbeatIsJustASignOfLife() {
    EngineHarness h = new EngineHarness();
    h.open();
    h.peer.sendHeartbeat();
    h.pump();
    h.peer.verify();
    assertThat(h.engine.state()).isEqualTo(ConnectionState.OPEN);
    assertThat(h.listener.closed).isEmpty();
  }

  @Test
  void nothingHappensAfterTheConnectionClosed() {
    EngineHarness h = new EngineHarness();
    h.open();
    h.peer.disconnect();
    h.pump();
    ConnectionClosedException cause = h.engine.closeCause();
    assertThat(cause.initiator()).isEqualTo(Initiator.LIBRARY);

    // Whatever arrives later is dropped without a sound.
    h.engine.ingest(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), h.now);
    h.engine.transportClosed(null);
    assertThat(h.out.size()).isZero();
    assertThat(h.listener.closed).containsExactly(cause);
    assertThat(h.engine.tick(h.now)).isEqualTo(Long.MAX_VALUE);
  }
}
