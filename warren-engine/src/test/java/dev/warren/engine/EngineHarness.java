/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.errors.AmqpException;
import dev.warren.errors.AuthenticationException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.ReplyCode;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.codec.HeapByteOutput;
import dev.warren.protocol.codec.Method;
import dev.warren.protocol.method.BasicDeliver;
import dev.warren.protocol.method.BasicReturn;
import dev.warren.testkit.BrokerHandshake;
import dev.warren.testkit.HandshakeScript;
import dev.warren.testkit.PeerTransport;
import dev.warren.testkit.ScriptedPeer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;

/**
 * A {@link ConnectionEngine} wired to a {@link ScriptedPeer} in memory, with a fake clock: what the
 * engine writes goes to the peer on {@link #pump()}, what the peer sends goes straight into {@code
 * engine.ingest} at the harness's time, and the peer's disconnect is {@code transportClosed}.
 */
final class EngineHarness {
  /** An arbitrary start of time, far from 0 so that nothing depends on nanoTime's origin. */
  static final long T0 = 7_000_000_000_000L;

  long now = T0;
  final HeapByteOutput out = new HeapByteOutput();
  final Listener listener = new Listener();
  final ScriptedPeer peer;
  final ConnectionEngine engine;
  final EngineConfig config;
  private final List<Callback> callbacks = new ArrayList<>();
  private ByteBuffer leftover = ByteBuffer.allocate(0);
  private boolean clientCloseReported;
  boolean peerDisconnected;

  EngineHarness() {
    this(new Config());
  }

  EngineHarness(Config config) {
    this.config = config.build();
    this.engine = new ConnectionEngine(this.config, listener, out);
    this.peer =
        new ScriptedPeer(
            new PeerTransport() {
              @Override
              public void send(byte[] bytes) {
                ByteBuffer in = ByteBuffer.allocate(leftover.remaining() + bytes.length);
                in.put(leftover).put(bytes).flip();
                engine.ingest(in, now);
                leftover = in.slice();
              }

              @Override
              public void close() {
                peerDisconnected = true;
                engine.transportClosed(null);
              }

              @Override
              public void pause(Duration duration) {
                now += duration.toNanos();
              }
            });
  }

  // ---- driving ----

  /** Sends the protocol header and lets the peer answer. */
  EngineHarness start() {
    engine.start(now);
    pump();
    return this;
  }

  /** A full handshake with RabbitMQ's defaults (heartbeat 60 s unless the config says). */
  HandshakeScript open() {
    return open(BrokerHandshake.rabbitMq());
  }

  HandshakeScript open(BrokerHandshake broker) {
    HandshakeScript hs = peer.handshake(broker);
    start();
    assertThat(engine.state()).isEqualTo(ConnectionState.OPEN);
    assertThat(hs.open().isSatisfied()).isTrue();
    return hs;
  }

  /**
   * Hands everything the engine wrote to the peer (whose answers go back into the engine) until the
   * engine has nothing more to say; tells the peer when the engine is done with the transport.
   */
  void pump() {
    while (out.size() > 0) {
      byte[] bytes = out.toByteArray();
      out.reset();
      peer.receive(bytes);
    }
    if (engine.isTransportDone() && !clientCloseReported && !peerDisconnected) {
      clientCloseReported = true;
      peer.clientClosed();
    }
  }

  /** Advances the clock, ticks the engine, and pumps. Returns the engine's next deadline. */
  long tickAfter(Duration d) {
    now += d.toNanos();
    return tick();
  }

  long tick() {
    long next = engine.tick(now);
    pump();
    return next;
  }

  // ---- channels and RPCs ----

  /** Opens channel {@code number} with the peer answering open-ok. */
  ChannelEvents openChannel(int number) {
    peer.expectChannelOpen(number);
    ChannelEvents events = new ChannelEvents(number);
    Callback cb = callback();
    engine.openChannel(number, events, cb);
    pump();
    assertThat(cb.reply).as("channel.open-ok on %d", number).isNotNull();
    assertThat(engine.channelState(number)).isEqualTo(ChannelState.OPEN);
    return events;
  }

  /** Sends an RPC and pumps. */
  Callback rpc(int channel, Method request) {
    Callback cb = callback();
    engine.rpc(channel, request, cb);
    pump();
    return cb;
  }

  /** A callback registered for {@link #assertEveryCallbackCalledOnce()}. */
  Callback callback() {
    Callback cb = new Callback();
    callbacks.add(cb);
    return cb;
  }

  void assertEveryCallbackCalledOnce() {
    for (int i = 0; i < callbacks.size(); i++) {
      assertThat(callbacks.get(i).calls).as("calls of callback #%d", i).isEqualTo(1);
    }
  }

  /** The connection is closed with {@code type}, once, and the peer saw the transport end. */
  <E extends ConnectionClosedException> E assertClosedWith(Class<E> type) {
    assertThat(engine.state()).isEqualTo(ConnectionState.CLOSED);
    assertThat(engine.isTransportDone()).isTrue();
    assertThat(engine.tick(now)).isEqualTo(Long.MAX_VALUE);
    assertThat(listener.closed).hasSize(1);
    ConnectionClosedException cause = listener.closed.get(0);
    assertThat(cause).isInstanceOf(type).isSameAs(engine.closeCause());
    return type.cast(cause);
  }

  /** The connection closed because Warren found a protocol error, and told the broker so. */
  ConnectionClosedException assertLibraryClosed(int replyCode) {
    ConnectionClosedException cause = assertClosedWith(ConnectionClosedException.class);
    assertThat(cause.replyCode()).isEqualTo(replyCode);
    assertThat(cause.initiator()).isEqualTo(dev.warren.errors.Initiator.LIBRARY);
    return cause;
  }

  // ---- configuration ----

  /** A mutable builder of {@link EngineConfig} with test defaults. */
  static final class Config {
    Map<String, Object> clientProperties = defaultClientProperties();
    Function<List<String>, SaslClient> sasl = plain("guest", "guest");
    String locale = "en_US";
    String virtualHost = "/";
    int channelMax = 0;
    int frameMax = 0;
    IntUnaryOperator heartbeat = proposed -> proposed;
    long maxBodySize = 64 << 20;
    long blockedTimeoutNanos = 0;

    Config sasl(Function<List<String>, SaslClient> sasl) {
      this.sasl = sasl;
      return this;
    }

    Config virtualHost(String vhost) {
      this.virtualHost = vhost;
      return this;
    }

    Config limits(int channelMax, int frameMax) {
      this.channelMax = channelMax;
      this.frameMax = frameMax;
      return this;
    }

    Config heartbeat(IntUnaryOperator heartbeat) {
      this.heartbeat = heartbeat;
      return this;
    }

    Config maxBodySize(long maxBodySize) {
      this.maxBodySize = maxBodySize;
      return this;
    }

    Config blockedTimeout(Duration timeout) {
      this.blockedTimeoutNanos = timeout.toNanos();
      return this;
    }

    EngineConfig build() {
      return new EngineConfig(
          clientProperties,
          sasl,
          locale,
          virtualHost,
          channelMax,
          frameMax,
          heartbeat,
          maxBodySize,
          blockedTimeoutNanos);
    }

    static Map<String, Object> defaultClientProperties() {
      Map<String, Object> capabilities = new LinkedHashMap<>();
      capabilities.put("publisher_confirms", true);
      capabilities.put("consumer_cancel_notify", true);
      capabilities.put("connection.blocked", true);
      capabilities.put("authentication_failure_close", true);
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("product", "Warren");
      props.put("version", "test");
      props.put("capabilities", capabilities);
      props.put("connection_name", "engine-test");
      return props;
    }
  }

  /** SASL PLAIN, chosen when offered; otherwise no common mechanism. */
  static Function<List<String>, SaslClient> plain(String user, String password) {
    return offered -> {
      if (!offered.contains("PLAIN")) {
        throw new AuthenticationException(
            ReplyCode.ACCESS_REFUSED,
            "",
            "no common SASL mechanism: the broker offers " + offered + ", Warren supports [PLAIN]");
      }
      return new SaslClient() {
        @Override
        public String mechanism() {
          return "PLAIN";
        }

        @Override
        public byte[] initialResponse() {
          return ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] respond(byte[] challenge) {
          throw new IllegalStateException("PLAIN expects no challenge");
        }
      };
    };
  }

  // ---- recorders ----

  /** Records what the engine tells its owner. */
  static final class Listener implements EngineListener {
    Tuning tuning;
    Map<String, Object> serverProperties;
    int opened;
    final List<ConnectionClosedException> closed = new ArrayList<>();
    final List<String> blocked = new ArrayList<>();
    int unblocked;

    @Override
    public void onOpen(Tuning tuning, Map<String, Object> serverProperties) {
      this.tuning = tuning;
      this.serverProperties = serverProperties;
      opened++;
    }

    @Override
    public void onClosed(ConnectionClosedException cause) {
      closed.add(cause);
    }

    @Override
    public void onBlocked(String reason) {
      blocked.add(reason);
    }

    @Override
    public void onUnblocked() {
      unblocked++;
    }

    final List<Long> heartbeatsReceivedAt = new ArrayList<>();
    final List<Long> heartbeatsSentAt = new ArrayList<>();

    @Override
    public void onHeartbeatReceived(long nowNanos) {
      heartbeatsReceivedAt.add(nowNanos);
    }

    @Override
    public void onHeartbeatSent(long nowNanos) {
      heartbeatsSentAt.add(nowNanos);
    }
  }

  /** Records what one channel tells its owner. */
  static final class ChannelEvents implements ChannelListener {
    final int number;
    final List<String> deliveries = new ArrayList<>();
    final List<BasicDeliver> delivers = new ArrayList<>();
    final List<BasicReturn> returns = new ArrayList<>();
    final List<String> confirms = new ArrayList<>();
    final List<String> cancelled = new ArrayList<>();
    final List<Boolean> flow = new ArrayList<>();
    final List<ChannelClosedException> closed = new ArrayList<>();

    ChannelEvents(int number) {
      this.number = number;
    }

    @Override
    public void onDelivery(BasicDeliver deliver, BasicProperties properties, byte[] body) {
      delivers.add(deliver);
      deliveries.add(new String(body, StandardCharsets.UTF_8));
    }

    @Override
    public void onReturn(BasicReturn returned, BasicProperties properties, byte[] body) {
      returns.add(returned);
    }

    @Override
    public void onAck(long deliveryTag, boolean multiple) {
      confirms.add("ack " + deliveryTag + (multiple ? " multiple" : ""));
    }

    @Override
    public void onNack(long deliveryTag, boolean multiple) {
      confirms.add("nack " + deliveryTag + (multiple ? " multiple" : ""));
    }

    @Override
    public void onCancelledByBroker(String consumerTag) {
      cancelled.add(consumerTag);
    }

    @Override
    public void onFlow(boolean active) {
      flow.add(active);
    }

    @Override
    public void onClosed(ChannelClosedException cause) {
      closed.add(cause);
    }
  }

  /** Records the outcome of one RPC; counts calls so that "exactly once" can be checked. */
  static final class Callback implements RpcCallback {
    int calls;
    Method reply;
    BasicProperties properties;
    byte[] body;
    boolean replied;
    AmqpException failure;

    @Override
    public void onReply(Method reply, BasicProperties properties, byte[] body) {
      calls++;
      replied = true;
      this.reply = reply;
      this.properties = properties;
      this.body = body;
    }

    @Override
    public void onFailure(AmqpException failure) {
      calls++;
      this.failure = failure;
    }
  }
}
