/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.codec.FrameDecoder;
import dev.warren.protocol.codec.FrameEncoder;
import dev.warren.protocol.codec.FrameHandler;
import dev.warren.protocol.codec.HeapByteOutput;
import dev.warren.protocol.codec.Method;
import dev.warren.protocol.codec.ProtocolHeader;
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
import dev.warren.protocol.method.QueueDeclare;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ScriptedBrokerServerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** A blocking AMQP "client" over a plain socket, reading whole frames. */
  static final class RawClient implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    final FrameDecoder decoder = new FrameDecoder(0);
    ByteBuffer buffered = ByteBuffer.allocate(0);
    final List<Method> methods = new ArrayList<>();
    final FrameHandler handler =
        new FrameHandler() {
          @Override
          public void onMethod(int channel, Method method) {
            methods.add(method);
          }

          @Override
          public void onContentHeader(int c, int k, long s, BasicProperties p) {}

          @Override
          public void onContentBody(int channel, ByteBuffer payload) {}

          @Override
          public void onHeartbeat(int channel) {}
        };

    RawClient(int port) throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setSoTimeout(5_000);
      in = socket.getInputStream();
    }

    void send(byte[] bytes) throws IOException {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
    }

    void send(int channel, Method m) throws IOException {
      HeapByteOutput out = new HeapByteOutput();
      FrameEncoder.writeMethod(out, channel, m);
      send(out.toByteArray());
    }

    /** The next method, or null at end of stream. */
    Method read() throws IOException {
      byte[] chunk = new byte[4096];
      while (methods.isEmpty()) {
        decoder.decode(buffered, handler);
        if (!methods.isEmpty()) {
          break;
        }
        int n = in.read(chunk);
        if (n < 0) {
          return null;
        }
        ByteBuffer grown = ByteBuffer.allocate(buffered.remaining() + n);
        grown.put(buffered).put(chunk, 0, n).flip();
        buffered = grown;
      }
      return methods.remove(0);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void runsTheScriptForAConnection() throws Exception {
    try (ScriptedBrokerServer server =
            new ScriptedBrokerServer(
                peer -> {
                  peer.handshake(BrokerHandshake.rabbitMq().withHeartbeat(0));
                  peer.expectChannelOpen(1);
                  peer.expectClose();
                });
        RawClient client = new RawClient(server.port())) {
      client.send(ProtocolHeader.header());
      assertThat(client.read()).isInstanceOf(ConnectionStart.class);
      client.send(0, new ConnectionStartOk(Map.of(), "PLAIN", null, "en_US"));
      assertThat(client.read()).isEqualTo(new ConnectionTune(2047, 131072, 0));
      client.send(0, new ConnectionTuneOk(2047, 131072, 0));
      client.send(0, new ConnectionOpen("/", "", false));
      assertThat(client.read()).isInstanceOf(ConnectionOpenOk.class);
      client.send(1, new ChannelOpen(""));
      assertThat(client.read()).isInstanceOf(ChannelOpenOk.class);
      client.send(0, new ConnectionClose(200, "bye", 0, 0));
      assertThat(client.read()).isEqualTo(ConnectionCloseOk.INSTANCE);

      server.verify(WAIT);
      assertThat(server.acceptedCount()).isEqualTo(1);
    }
  }

  @Test
  void disconnectClosesTheSocketAndEachConnectionGetsItsOwnScript() throws Exception {
    try (ScriptedBrokerServer server =
        new ScriptedBrokerServer(
            (peer, index) -> {
              peer.expectProtocolHeader();
              if (index == 0) {
                peer.disconnect();
              } else {
                peer.sendStart();
                peer.expectDisconnect();
              }
            })) {
      try (RawClient first = new RawClient(server.port())) {
        first.send(ProtocolHeader.header());
        assertThat(first.read()).isNull();
      }
      try (RawClient second = new RawClient(server.port())) {
        second.send(ProtocolHeader.header());
        assertThat(second.read()).isInstanceOf(ConnectionStart.class);
      }
      server.verify(WAIT);
      assertThat(server.peers()).hasSize(2);
    }
  }

  @Test
  void verifyReportsTheConnectionAndTheUnmetStep() throws Exception {
    try (ScriptedBrokerServer server =
            new ScriptedBrokerServer(
                peer -> {
                  peer.expectProtocolHeader();
                  peer.expect(QueueDeclare.class);
                });
        RawClient client = new RawClient(server.port())) {
      client.send(ProtocolHeader.header());
      client.send(0, new ConnectionClose(200, "", 0, 0));
      ScriptedPeer peer = server.awaitConnection(0, WAIT);
      peer.awaitDone(Duration.ofMillis(200));
      assertThatThrownBy(() -> server.verify(Duration.ofMillis(500)))
          .isInstanceOf(AssertionError.class)
          .hasMessageStartingWith("connection 0: ScriptedPeer: step 2 of 2")
          .hasMessageContaining("received connection.close on channel 0");
    }
  }

  @Test
  void waitsAreBounded() {
    try (ScriptedBrokerServer server =
        new ScriptedBrokerServer(peer -> peer.expectProtocolHeader())) {
      assertThatThrownBy(() -> server.awaitConnection(0, Duration.ofMillis(100)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("connection 0 was not accepted and scripted within 100 ms");
      assertThatThrownBy(() -> server.verify(Duration.ofMillis(100)))
          .hasMessageContaining("no connection was accepted");
    }
  }

  @Test
  void aScriptThatThrowsIsReported() throws Exception {
    try (ScriptedBrokerServer server =
            new ScriptedBrokerServer(
                peer -> {
                  throw new IllegalStateException("bad script");
                });
        RawClient client = new RawClient(server.port())) {
      assertThat(client.read()).isNull();
      assertThatThrownBy(() -> server.verify(WAIT))
          .hasMessageContaining("the script of connection 0 threw")
          .hasMessageContaining("bad script");
    }
  }

  @Test
  void sendsWhatTheTestAddsWhileTheClientRuns() throws Exception {
    try (ScriptedBrokerServer server =
            new ScriptedBrokerServer(peer -> peer.expectProtocolHeader());
        RawClient client = new RawClient(server.port())) {
      client.send(ProtocolHeader.header());
      ScriptedPeer peer = server.awaitConnection(0, WAIT);
      assertThat(peer.awaitDone(WAIT)).isTrue();
      peer.send(0, new ConnectionClose(320, "CONNECTION_FORCED - shutdown", 0, 0));
      assertThat(client.read()).isInstanceOf(ConnectionClose.class);
      peer.expect(ConnectionCloseOk.class);
      client.send(0, ConnectionCloseOk.INSTANCE);
      peer.verify(WAIT);
      assertThat(Arrays.asList(peer.transcript().toArray()))
          .anyMatch(l -> l.toString().contains("connection.close-ok"));
    }
  }
}
