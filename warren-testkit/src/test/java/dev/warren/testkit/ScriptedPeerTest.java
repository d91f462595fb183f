/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.LongString;
import dev.warren.protocol.codec.FrameDecoder;
import dev.warren.protocol.codec.FrameEncoder;
import dev.warren.protocol.codec.FrameHandler;
import dev.warren.protocol.codec.HeapByteOutput;
import dev.warren.protocol.codec.Method;
import dev.warren.protocol.codec.ProtocolHeader;
import dev.warren.protocol.method.BasicDeliver;
import dev.warren.protocol.method.BasicPublish;
import dev.warren.protocol.method.ChannelOpen;
import dev.warren.protocol.method.ChannelOpenOk;
import dev.warren.protocol.method.ConnectionClose;
import dev.warren.protocol.method.ConnectionCloseOk;
import dev.warren.protocol.method.ConnectionOpen;
import dev.warren.protocol.method.ConnectionOpenOk;
import dev.warren.protocol.method.ConnectionStart;
import dev.warren.protocol.method.ConnectionStartOk;
import dev.warren.protocol.method.ConnectionTune;
import dev.warren.protocol.method.ConnectionTuneOk;
import dev.warren.protocol.method.ExchangeDeclare;
import dev.warren.protocol.method.QueueDeclare;
import dev.warren.protocol.method.QueueDeclareOk;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ScriptedPeerTest {

  /** A transport that decodes what the peer sends, as a client would see it. */
  static final class RecordingTransport implements PeerTransport {
    final List<Object> frames = new ArrayList<>();
    final List<byte[]> writes = new ArrayList<>();
    final FrameDecoder decoder = new FrameDecoder(0);
    boolean closed;
    Duration paused = Duration.ZERO;
    ByteBuffer pending = ByteBuffer.allocate(0);

    @Override
    public void send(byte[] bytes) {
      writes.add(bytes);
      if (bytes[0] == 'A' || (bytes[0] == 2 && bytes[8] != 60)) {
        frames.add(bytes.length + " raw bytes");
        return;
      }
      ByteBuffer in = ByteBuffer.allocate(pending.remaining() + bytes.length);
      in.put(pending).put(bytes).flip();
      if (in.get(0) == 'A') {
        frames.add(ProtocolHeader.parse(in));
      }
      decoder.decode(
          in,
          new FrameHandler() {
            @Override
            public void onMethod(int channel, Method method) {
              frames.add(method);
            }

            @Override
            public void onContentHeader(
                int channel, int classId, long bodySize, BasicProperties properties) {
              frames.add("header " + classId + " " + bodySize);
            }

            @Override
            public void onContentBody(int channel, ByteBuffer payload) {
              frames.add("body " + payload.remaining());
            }

            @Override
            public void onHeartbeat(int channel) {
              frames.add("heartbeat");
            }
          });
      pending = in.slice();
    }

    @Override
    public void close() {
      closed = true;
    }

    @Override
    public void pause(Duration duration) {
      paused = paused.plus(duration);
    }
  }

  private final RecordingTransport transport = new RecordingTransport();
  private final ScriptedPeer peer = new ScriptedPeer(transport);

  private static byte[] method(int channel, Method m) {
    HeapByteOutput out = new HeapByteOutput();
    FrameEncoder.writeMethod(out, channel, m);
    return out.toByteArray();
  }

  private static byte[] header() {
    return ProtocolHeader.header();
  }

  private static final QueueDeclare DECLARE =
      new QueueDeclare(0, "orders", false, true, false, false, false, Map.of());

  @Test
  void scriptsAHandshake() {
    HandshakeScript hs = peer.handshake(BrokerHandshake.rabbitMq().withTune(100, 8192, 5));

    peer.receive(header());
    assertThat(transport.frames).hasSize(1).first().isInstanceOf(ConnectionStart.class);
    ConnectionStart start = (ConnectionStart) transport.frames.get(0);
    assertThat(start.mechanisms().asString()).isEqualTo("PLAIN AMQPLAIN");
    assertThat(start.serverProperties()).containsEntry("product", "RabbitMQ");

    peer.receive(
        method(0, new ConnectionStartOk(Map.of("product", "test"), "PLAIN", null, "en_US")));
    assertThat(transport.frames.get(1)).isEqualTo(new ConnectionTune(100, 8192, 5));

    byte[] both = concat(method(0, new ConnectionTuneOk(100, 8192, 5)), method(0, OPEN));
    peer.receive(both);
    assertThat(transport.frames.get(2)).isInstanceOf(ConnectionOpenOk.class);

    peer.verify();
    assertThat(hs.startOk().receivedMethod().clientProperties()).containsEntry("product", "test");
    assertThat(hs.tuneOk().receivedMethod().heartbeat()).isEqualTo(5);
    assertThat(hs.open().receivedMethod().virtualHost()).isEqualTo("/");
  }

  private static final ConnectionOpen OPEN = new ConnectionOpen("/", "", false);

  @Test
  void rejectsAMechanismThatWasNotOffered() {
    peer.handshake();
    peer.receive(header());
    peer.receive(method(0, new ConnectionStartOk(Map.of(), "EXTERNAL", null, "en_US")));

    assertThatThrownBy(peer::verify)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("step 2 of 4")
        .hasMessageContaining("connection.start-ok on channel 0")
        .hasMessageContaining(
            "which does not match one of the offered mechanisms [PLAIN, AMQPLAIN]")
        .hasMessageContaining("EXTERNAL");
  }

  @Test
  void namesTheExpectationAndWhatArrivedInstead() {
    peer.expectProtocolHeader();
    peer.expect(1, QueueDeclare.class).respond(new QueueDeclareOk("orders", 0, 0));
    peer.receive(header());
    peer.receive(
        method(1, new ExchangeDeclare(0, "x", "fanout", false, false, false, false, false, null)));

    assertThatThrownBy(peer::verify)
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "ScriptedPeer: step 2 of 2 (expect queue.declare on channel 1) was not met: received"
                + " exchange.declare on channel 1")
        .hasMessageContaining("[done] 1. expect protocol header AMQP 0-0-9-1")
        .hasMessageContaining("[NEXT] 2. expect queue.declare on channel 1")
        .hasMessageContaining("then send queue.declare-ok on the same channel")
        .hasMessageContaining("client sent: exchange.declare");
    assertThat(transport.frames).isEmpty();
  }

  @Test
  void reportsTheWrongChannelAndFailedChecks() {
    peer.expect(1, QueueDeclare.class);
    peer.receive(method(2, DECLARE));
    assertThatThrownBy(peer::verify).hasMessageContaining("on the wrong channel");

    ScriptedPeer other = new ScriptedPeer(new RecordingTransport());
    other.expect(QueueDeclare.class).matching("exclusive", QueueDeclare::exclusive);
    other.receive(method(1, DECLARE));
    assertThatThrownBy(other::verify).hasMessageContaining("which does not match exclusive");

    ScriptedPeer third = new ScriptedPeer(new RecordingTransport());
    third
        .expect(QueueDeclare.class)
        .satisfying(
            q -> {
              if (!q.queue().equals("invoices")) {
                throw new AssertionError("queue name was " + q.queue());
              }
            });
    third.receive(method(1, DECLARE));
    assertThatThrownBy(third::verify)
        .hasMessageContaining("which fails the assertions: queue name was orders");
  }

  @Test
  void verifyNamesTheStepStillWaiting() {
    peer.expectProtocolHeader();
    peer.expect(QueueDeclare.class);
    peer.receive(header());

    assertThat(peer.isDone()).isFalse();
    assertThatThrownBy(peer::verify)
        .hasMessageContaining("step 2 of 2 (expect queue.declare on any channel) was not met")
        .hasMessageContaining("nothing more arrived");
  }

  @Test
  void somethingAfterTheLastExpectationIsAFailure() {
    peer.expectProtocolHeader();
    peer.receive(header());
    peer.receive(method(1, DECLARE));

    assertThatThrownBy(peer::verify)
        .hasMessageContaining("unexpected queue.declare on channel 1")
        .hasMessageContaining("the script expected nothing more");
  }

  @Test
  void actionsRunWhenTheStepsBeforeThemAreDone() {
    peer.send(0, new ConnectionStart(0, 9, Map.of(), LongString.of("PLAIN"), null));
    assertThat(transport.frames).hasSize(1);

    peer.expect(1, ChannelOpen.class);
    peer.send(1, new ChannelOpenOk(LongString.EMPTY));
    peer.expect(1, QueueDeclare.class).respond(new QueueDeclareOk("orders", 3, 1));
    peer.sendHeartbeat();
    assertThat(transport.frames).hasSize(1);

    // Both requests in one read: the answers come in script order.
    peer.receive(concat(method(1, new ChannelOpen("")), method(1, DECLARE)));

    assertThat(transport.frames).hasSize(4).element(1).isInstanceOf(ChannelOpenOk.class);
    assertThat(transport.frames.get(2)).isEqualTo(new QueueDeclareOk("orders", 3, 1));
    assertThat(transport.frames.get(3)).isEqualTo("heartbeat");
    peer.verify();
  }

  @Test
  void respondsWithAReplyComputedFromTheRequest() {
    peer.expect(QueueDeclare.class).respond(q -> new QueueDeclareOk(q.queue(), 0, 0));
    peer.receive(method(3, DECLARE));
    peer.verify();
    assertThat(transport.frames).containsExactly(new QueueDeclareOk("orders", 0, 0));
  }

  @Test
  void assemblesContentSplitAtEveryOffset() {
    HeapByteOutput out = new HeapByteOutput();
    FrameEncoder.writeMethod(out, 1, new BasicPublish(0, "", "q", false, false));
    byte[] body = "hello, world".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    BasicProperties props = BasicProperties.builder().contentType("text/plain").build();
    FrameEncoder.writeContent(out, 1, 60, props, body, 0, body.length, 13);
    byte[] wire = out.toByteArray();

    for (int split = 0; split <= wire.length; split++) {
      ScriptedPeer p = new ScriptedPeer(new RecordingTransport());
      MethodExpectation<BasicPublish> publish =
          p.expect(1, BasicPublish.class)
              .withBody(body)
              .satisfyingReceived(
                  r -> assertThat(r.properties().contentType()).isEqualTo("text/plain"));
      p.receive(wire, 0, split);
      p.receive(wire, split, wire.length - split);
      p.verify();
      assertThat(publish.received().body()).containsExactly(body);
      assertThat(publish.receivedMethod().routingKey()).isEqualTo("q");
    }
  }

  @Test
  void aBrokenContentSequenceIsAFailure() {
    peer.expect(BasicPublish.class);
    HeapByteOutput out = new HeapByteOutput();
    FrameEncoder.writeMethod(out, 1, new BasicPublish(0, "", "q", false, false));
    FrameEncoder.writeMethod(out, 1, DECLARE);
    peer.receive(out.toByteArray());

    assertThatThrownBy(peer::verify)
        .hasMessageContaining(
            "the client broke the protocol: queue.declare on channel 1 while the content of"
                + " basic.publish was incomplete");
  }

  @Test
  void malformedBytesAreAFailure() {
    peer.expectProtocolHeader();
    peer.expect(QueueDeclare.class);
    peer.receive(header());
    peer.receive(new byte[] {9, 0, 0, 0, 0, 0, 0, (byte) 0xCE});

    assertThatThrownBy(peer::verify)
        .hasMessageContaining("the client sent bytes that are not valid AMQP 0-9-1")
        .hasMessageContaining("unknown frame type");
  }

  @Test
  void heartbeatsAreCountedAndIgnoredUnlessExpected() {
    byte[] heartbeat = heartbeatBytes();
    peer.expect(QueueDeclare.class);
    peer.expectHeartbeat();
    peer.receive(heartbeat);
    peer.receive(method(1, DECLARE));
    assertThat(peer.isDone()).isFalse();
    peer.receive(heartbeat);
    peer.verify();
    assertThat(peer.heartbeatsReceived()).isEqualTo(2);

    ScriptedPeer strict = new ScriptedPeer(new RecordingTransport()).strictHeartbeats();
    strict.expect(QueueDeclare.class);
    strict.receive(heartbeat);
    assertThatThrownBy(strict::verify).hasMessageContaining("received heartbeat on channel 0");
  }

  @Test
  void theClientClosingIsExpectedOrAFailure() {
    peer.expect(QueueDeclare.class);
    peer.expectDisconnect();
    peer.receive(method(1, DECLARE));
    peer.clientClosed();
    peer.verify();
    assertThat(peer.isTransportClosed()).isTrue();

    ScriptedPeer early = new ScriptedPeer(new RecordingTransport());
    early.expect(QueueDeclare.class);
    early.clientClosed();
    assertThatThrownBy(early::verify)
        .hasMessageContaining("(expect queue.declare on any channel) was not met")
        .hasMessageContaining("the client closed the connection");
  }

  @Test
  void disconnectAndDelayReachTheTransport() {
    peer.expect(QueueDeclare.class).thenDisconnect();
    peer.send(1, new QueueDeclareOk("late", 0, 0));
    peer.delay(Duration.ofSeconds(3));
    peer.receive(method(1, DECLARE));

    assertThat(transport.closed).isTrue();
    assertThat(transport.frames).isEmpty();
    assertThat(peer.transcript())
        .contains("peer disconnected")
        .anyMatch(l -> l.startsWith("not delivered, the connection is closed: queue.declare-ok"));
    peer.verify();
  }

  @Test
  void aClientThatIsGoneIsNotAScriptFailure() {
    ScriptedPeer p =
        new ScriptedPeer(
            new PeerTransport() {
              @Override
              public void send(byte[] bytes) {
                throw new UncheckedIOException(new SocketException("Broken pipe"));
              }

              @Override
              public void close() {}
            });
    p.expectProtocolHeader().respond(new ConnectionStart(0, 9, null, null, null));
    p.receive(header());
    p.verify();
    assertThat(p.isTransportClosed()).isTrue();
    assertThat(p.transcript()).anyMatch(l -> l.contains("the client is gone"));
  }

  @Test
  void contentIsSplitAtTheFrameSizeTheClientNegotiated() {
    peer.expect(ConnectionTuneOk.class);
    peer.expect(QueueDeclare.class);
    peer.sendContent(
        1, new BasicDeliver("ctag", 1, false, "", "q"), BasicProperties.EMPTY, new byte[10_000]);
    peer.receive(method(0, new ConnectionTuneOk(0, 4096, 0)));
    peer.receive(method(1, DECLARE));

    assertThat(transport.frames)
        .containsExactly(
            new BasicDeliver("ctag", 1, false, "", "q"),
            "header 60 10000",
            "body 4088",
            "body 4088",
            "body 1824");
  }

  @Test
  void rawFramesForMalformedSequences() {
    peer.sendContentHeader(1, 61, 5, null);
    peer.sendContentBody(1, new byte[] {1, 2});
    peer.sendRaw(new ProtocolHeader(0, 0, 9, 2).toBytes());
    assertThat(transport.frames).containsExactly("22 raw bytes", "body 2", "8 raw bytes");
    assertThat(transport.writes.get(0)).startsWith(2, 0, 1, 0, 0, 0, 14, 0, 61);
    assertThat(transport.writes.get(2)).containsExactly('A', 'M', 'Q', 'P', 0, 0, 9, 2);
    peer.verify();
  }

  @Test
  void aTransportMayAnswerFromInsideSend() {
    // A client that answers synchronously: whatever the peer sends, the "client" replies at once.
    List<ScriptedPeer> self = new ArrayList<>();
    ScriptedPeer p =
        new ScriptedPeer(
            new PeerTransport() {
              @Override
              public void send(byte[] bytes) {
                if (bytes[0] == 1 && bytes[8] == 10 && bytes[10] == 10) { // connection.start
                  self.get(0)
                      .receive(method(0, new ConnectionStartOk(Map.of(), "PLAIN", null, "en_US")));
                }
              }

              @Override
              public void close() {}
            });
    self.add(p);
    p.expectProtocolHeader().respond(new ConnectionStart(0, 9, null, LongString.of("PLAIN"), null));
    p.expect(ConnectionStartOk.class).respond(ConnectionCloseOk.INSTANCE);
    p.expect(ConnectionClose.class);
    p.receive(header());
    p.receive(method(0, new ConnectionClose(200, "bye", 0, 0)));
    p.verify();
    assertThat(p.transcript())
        .containsSubsequence(
            "client sent: protocol header AMQP 0-0-9-1",
            "peer sent: connection.start on channel 0: ConnectionStart[versionMajor=0,"
                + " versionMinor=9, serverProperties={}, mechanisms=PLAIN, locales=]",
            "client sent: connection.start-ok on channel 0: ConnectionStartOk[clientProperties={},"
                + " mechanism=PLAIN, response=<redacted>, locale=en_US]",
            "peer sent: connection.close-ok on channel 0: ConnectionCloseOk[]");
  }

  @Test
  void addStepsHoldsTheClientsAnswerUntilEveryStepIsIn() throws Exception {
    // A client on another thread that answers connection.close at once.
    List<ScriptedPeer> self = new ArrayList<>();
    List<Thread> answers = new ArrayList<>();
    ScriptedPeer p =
        new ScriptedPeer(
            new PeerTransport() {
              @Override
              public void send(byte[] bytes) {
                Thread t =
                    new Thread(() -> self.get(0).receive(method(0, ConnectionCloseOk.INSTANCE)));
                answers.add(t);
                t.start();
              }

              @Override
              public void close() {}
            });
    self.add(p);
    p.addSteps(
        s -> {
          s.send(0, new ConnectionClose(320, "CONNECTION_FORCED - shutdown", 0, 0));
          // The answer is on its way (its thread waits for the peer); the expectation still wins.
          try {
            answers.get(0).join(200);
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          assertThat(answers.get(0).isAlive()).isTrue();
          s.expect(0, ConnectionCloseOk.class);
        });
    answers.get(0).join(5_000);

    assertThat(answers.get(0).isAlive()).isFalse();
    p.verify();
    assertThat(p.received(ConnectionCloseOk.class)).hasSize(1);
  }

  @Test
  void respondingToAMetExpectationIsAnError() {
    Expectation header = peer.expectProtocolHeader();
    peer.receive(header());
    assertThat(header.isSatisfied()).isTrue();
    assertThatThrownBy(() -> header.respond(ConnectionCloseOk.INSTANCE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already met");
  }

  @Test
  void receivedBeforeItArrivesIsAnError() {
    MethodExpectation<QueueDeclare> e = peer.expect(QueueDeclare.class);
    assertThatThrownBy(e::receivedMethod)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expectation 1: queue.declare on any channel has not been met");
  }

  private static byte[] heartbeatBytes() {
    HeapByteOutput out = new HeapByteOutput();
    FrameEncoder.writeHeartbeat(out);
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
