/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.scripted;

import dev.warren.client.BlockedListener;
import dev.warren.client.Connection;
import dev.warren.client.ConnectionParameters;
import dev.warren.client.Consumer;
import dev.warren.client.Delivery;
import dev.warren.client.RecoveryListener;
import dev.warren.client.RecoveryPolicy;
import dev.warren.errors.AmqpException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.LongString;
import dev.warren.protocol.codec.Method;
import dev.warren.protocol.method.BasicConsume;
import dev.warren.protocol.method.BasicConsumeOk;
import dev.warren.protocol.method.BasicDeliver;
import dev.warren.protocol.method.ChannelClose;
import dev.warren.protocol.method.ChannelCloseOk;
import dev.warren.protocol.method.ChannelOpen;
import dev.warren.protocol.method.ChannelOpenOk;
import dev.warren.protocol.method.ConnectionOpen;
import dev.warren.protocol.method.ConnectionOpenOk;
import dev.warren.protocol.method.ConnectionStartOk;
import dev.warren.protocol.method.ConnectionTune;
import dev.warren.protocol.method.ConnectionTuneOk;
import dev.warren.protocol.method.ExchangeDeclare;
import dev.warren.protocol.method.ExchangeDeclareOk;
import dev.warren.protocol.method.QueueBind;
import dev.warren.protocol.method.QueueBindOk;
import dev.warren.protocol.method.QueueDeclare;
import dev.warren.protocol.method.QueueDeclareOk;
import dev.warren.testkit.BrokerHandshake;
import dev.warren.testkit.Expectation;
import dev.warren.testkit.MethodExpectation;
import dev.warren.testkit.ScriptedBrokerServer;
import dev.warren.testkit.ScriptedPeer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The shared fixture of the scripted client tests: a {@link ScriptedBrokerServer} on a local port
 * whose accepted connections (numbered from 0) each run the script the test registered for that
 * number, and the real client connected to it over TCP. No broker is needed.
 *
 * <pre>{@code
 * try (ScriptedBroker broker = new ScriptedBroker()) {
 *   broker.script(0, peer -> { ScriptedBroker.handshake(peer); peer.expectChannelOpen(1); ... });
 *   Connection conn = broker.connect();
 *   ... drive the client ...
 *   broker.verify();   // every connection's script done, in order, nothing unexpected
 * }
 * }</pre>
 *
 * <p>A connection with no registered script fails its peer on the first byte the client sends, so
 * {@link #verify()} catches an unexpected (re)connection. Every wait here has a deadline ({@link
 * #WAIT} unless said otherwise).
 */
final class ScriptedBroker implements AutoCloseable {
  /** The longest any single wait of a scripted test lasts. */
  static final Duration WAIT = Duration.ofSeconds(10);

  /** RabbitMQ's connection.start, but proposing no heartbeats: no timers in the way. */
  static final BrokerHandshake QUIET = BrokerHandshake.rabbitMq().withHeartbeat(0);

  static final byte[] BODY = "hello".getBytes(StandardCharsets.UTF_8);

  private final Map<Integer, java.util.function.Consumer<ScriptedPeer>> scripts =
      new ConcurrentHashMap<>();
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final ScriptedBrokerServer server;

  ScriptedBroker() {
    server =
        new ScriptedBrokerServer(
            (peer, index) -> {
              java.util.function.Consumer<ScriptedPeer> s = scripts.get(index);
              if (s != null) {
                s.accept(peer);
              }
            });
  }

  /** Registers the script of accepted connection number {@code index} (0 is the first). */
  ScriptedBroker script(int index, java.util.function.Consumer<ScriptedPeer> script) {
    scripts.put(index, script);
    return this;
  }

  /** Connections accepted so far. */
  int acceptedCount() {
    return server.acceptedCount();
  }

  /**
   * Parameters for this broker: short timeouts so that a failing test fails fast, and a recovery
   * that retries quickly with no jitter.
   */
  ConnectionParameters.Builder parameters() {
    return ConnectionParameters.builder()
        .host("127.0.0.1")
        .port(server.port())
        .rpcTimeout(Duration.ofSeconds(5))
        .socketTimeout(Duration.ofSeconds(2))
        .stackTimeout(Duration.ofSeconds(5))
        .recovery(fastRecovery().build());
  }

  /** Recovery with a 20 ms first retry, doubling up to 100 ms, without jitter. */
  static RecoveryPolicy.Builder fastRecovery() {
    return RecoveryPolicy.builder()
        .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
        .jitter(0);
  }

  /** Opens a connection with {@link #parameters()}. */
  Connection connect() {
    return connect(parameters().build());
  }

  /** Opens a connection with {@code parameters}; closed with the broker at the end. */
  Connection connect(ConnectionParameters parameters) {
    Connection c = Connection.open(parameters);
    connections.add(c);
    return c;
  }

  /** The peer of connection number {@code index}, waiting for it to be accepted. */
  ScriptedPeer peer(int index) {
    return server.awaitConnection(index, WAIT);
  }

  /** Waits for every accepted connection's script to be done, and verifies each. */
  void verify() {
    server.verify(WAIT);
  }

  /** Waits until connection {@code index}'s script is done (or failed) and verifies it. */
  void verify(int index) {
    peer(index).verify(WAIT);
  }

  /**
   * Stops the server first (so that a client still connected sees its socket end), then closes the
   * connections the test left open.
   */
  @Override
  public void close() {
    server.close();
    for (Connection c : connections) {
      try {
        c.close(200, "OK", Duration.ofMillis(500));
      } catch (RuntimeException ignored) {
        // the test is over; the connection is closed either way
      }
    }
  }

  // ---- script fragments ----

  /** A successful handshake with {@link #QUIET}. */
  static void handshake(ScriptedPeer peer) {
    peer.handshake(QUIET);
  }

  /**
   * The handshake up to connection.open, which is left unanswered: the client stays in its
   * handshake (a recovery stays at step 1) until the test has done what must happen meanwhile and
   * adds, in one {@link ScriptedPeer#addSteps}, {@link #sendOpenOk} and the rest of the script.
   *
   * @return the expectation of connection.open
   */
  static MethodExpectation<ConnectionOpen> handshakeHoldingOpenOk(ScriptedPeer peer) {
    peer.expectProtocolHeader();
    peer.sendStart(QUIET);
    peer.expect(0, ConnectionStartOk.class)
        .respond(new ConnectionTune(QUIET.channelMax(), QUIET.frameMax(), QUIET.heartbeat()));
    peer.expect(0, ConnectionTuneOk.class);
    return peer.expect(0, ConnectionOpen.class);
  }

  /** Sends the connection.open-ok {@link #handshakeHoldingOpenOk} held back. */
  static void sendOpenOk(ScriptedPeer peer) {
    peer.send(0, new ConnectionOpenOk(""));
  }

  /** Expects exchange.declare of {@code name} on {@code channel} and answers declare-ok. */
  static MethodExpectation<ExchangeDeclare> expectExchangeDeclare(
      ScriptedPeer peer, int channel, String name) {
    return peer.expect(channel, ExchangeDeclare.class)
        .matching("exchange '" + name + "'", x -> x.exchange().equals(name))
        .respond(ExchangeDeclareOk.INSTANCE);
  }

  /** Expects queue.declare of {@code name} on {@code channel} and answers declare-ok. */
  static MethodExpectation<QueueDeclare> expectQueueDeclare(
      ScriptedPeer peer, int channel, String name) {
    return expectQueueDeclare(peer, channel, name, name);
  }

  /**
   * Expects queue.declare of {@code name} ({@code ""} for a server-named queue) on {@code channel}
   * and answers declare-ok with {@code answer} as the queue's name.
   */
  static MethodExpectation<QueueDeclare> expectQueueDeclare(
      ScriptedPeer peer, int channel, String name, String answer) {
    return peer.expect(channel, QueueDeclare.class)
        .matching("queue '" + name + "'", q -> q.queue().equals(name))
        .respond(new QueueDeclareOk(answer, 0, 0));
  }

  /** Expects queue.bind of {@code queue} to {@code exchange} with {@code key}; answers bind-ok. */
  static MethodExpectation<QueueBind> expectQueueBind(
      ScriptedPeer peer, int channel, String queue, String exchange, String key) {
    return peer.expect(channel, QueueBind.class)
        .matching(
            "queue '" + queue + "' to '" + exchange + "' with '" + key + "'",
            b ->
                b.queue().equals(queue)
                    && b.exchange().equals(exchange)
                    && b.routingKey().equals(key))
        .respond(QueueBindOk.INSTANCE);
  }

  /**
   * Expects basic.consume of {@code queue} with {@code tag} on {@code channel}; answers consume-ok
   * with the same tag.
   */
  static MethodExpectation<BasicConsume> expectConsume(
      ScriptedPeer peer, int channel, String queue, String tag) {
    return peer.expect(channel, BasicConsume.class)
        .matching(
            "queue '" + queue + "' with tag '" + tag + "'",
            c -> c.queue().equals(queue) && c.consumerTag().equals(tag))
        .respond(new BasicConsumeOk(tag));
  }

  /** Sends basic.deliver with {@code rawTag} for consumer {@code tag} on {@code channel}. */
  static void sendDelivery(
      ScriptedPeer peer, int channel, String tag, long rawTag, boolean redelivered) {
    peer.sendContent(
        channel, new BasicDeliver(tag, rawTag, redelivered, "", "q"), BasicProperties.EMPTY, BODY);
  }

  /**
   * Recovery's own channel, whose number the client picks: {@link #expectOpen} remembers the number
   * channel.open arrived on, and the later expectations require that number.
   */
  static final class InternalChannel {
    private final ScriptedPeer peer;
    private final Set<Integer> applicationChannels;
    private final AtomicInteger number = new AtomicInteger(-1);

    /** Recovery's channel on {@code peer}, which must not be one of {@code applicationChannels}. */
    InternalChannel(ScriptedPeer peer, Integer... applicationChannels) {
      this.peer = peer;
      this.applicationChannels = Set.of(applicationChannels);
    }

    /** Expects channel.open on a number the application does not use; answers open-ok. */
    MethodExpectation<ChannelOpen> expectOpen() {
      return peer.expect(ChannelOpen.class)
          .satisfyingReceived(
              r -> {
                if (applicationChannels.contains(r.channel())) {
                  throw new AssertionError(
                      "recovery's channel opened on application channel " + r.channel());
                }
                number.set(r.channel());
              })
          .respond(new ChannelOpenOk(LongString.EMPTY));
    }

    /** Expects {@code type} on recovery's channel. */
    <T extends Method> MethodExpectation<T> expect(Class<T> type) {
      return peer.expect(type)
          .satisfyingReceived(
              r -> {
                if (r.channel() != number.get()) {
                  throw new AssertionError(
                      "expected on recovery's channel "
                          + number.get()
                          + ", arrived on channel "
                          + r.channel());
                }
              });
    }

    MethodExpectation<ExchangeDeclare> expectExchangeDeclare(String name) {
      return expect(ExchangeDeclare.class)
          .matching("exchange '" + name + "'", x -> x.exchange().equals(name))
          .respond(ExchangeDeclareOk.INSTANCE);
    }

    MethodExpectation<QueueDeclare> expectQueueDeclare(String name) {
      return expectQueueDeclare(name, name);
    }

    MethodExpectation<QueueDeclare> expectQueueDeclare(String name, String answer) {
      return expect(QueueDeclare.class)
          .matching("queue '" + name + "'", q -> q.queue().equals(name))
          .respond(new QueueDeclareOk(answer, 0, 0));
    }

    MethodExpectation<QueueBind> expectQueueBind(String queue, String exchange, String key) {
      return expect(QueueBind.class)
          .matching(
              "queue '" + queue + "' to '" + exchange + "' with '" + key + "'",
              b ->
                  b.queue().equals(queue)
                      && b.exchange().equals(exchange)
                      && b.routingKey().equals(key))
          .respond(QueueBindOk.INSTANCE);
    }

    /** Expects channel.close of recovery's channel; answers close-ok. */
    MethodExpectation<ChannelClose> expectClose() {
      return expect(ChannelClose.class).respond(ChannelCloseOk.INSTANCE);
    }
  }

  // ---- listeners and waiting ----

  /** Records recovery and blocked events as short strings, in order. */
  static final class Events implements RecoveryListener, BlockedListener {
    private final List<String> events = new CopyOnWriteArrayList<>();
    final List<ConnectionClosedException> lost = new CopyOnWriteArrayList<>();
    volatile Runnable onConnectionLost = () -> {};
    volatile Runnable onRecovered = () -> {};

    @Override
    public void connectionLost(ConnectionClosedException cause) {
      lost.add(cause);
      events.add("connectionLost");
      onConnectionLost.run();
    }

    @Override
    public void recoveryAttempt(int attempt, String endpoint) {
      events.add("recoveryAttempt " + attempt);
    }

    @Override
    public void entityRecoveryFailed(Object entity, AmqpException failure) {
      events.add("entityRecoveryFailed " + entity);
    }

    @Override
    public void recovered(String endpoint) {
      onRecovered.run();
      events.add("recovered");
    }

    @Override
    public void recoveryFailed(ConnectionClosedException cause) {
      events.add("recoveryFailed");
    }

    @Override
    public void blocked(String reason) {
      events.add("blocked " + reason);
    }

    @Override
    public void unblocked() {
      events.add("unblocked");
    }

    List<String> list() {
      return List.copyOf(events);
    }

    /** Waits until {@code event} has been heard {@code times} times. */
    void await(String event, int times) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (events.stream().filter(event::equals).count() < times) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError(
              "timed out after "
                  + WAIT.toMillis()
                  + " ms waiting for the event '"
                  + event
                  + "' heard "
                  + times
                  + " time(s); heard "
                  + events);
        }
        sleep(Duration.ofMillis(5));
      }
    }

    void await(String event) {
      await(event, 1);
    }
  }

  /** A consumer that queues its deliveries and counts consume-ok callbacks. */
  static final class Deliveries implements Consumer {
    private final BlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
    final AtomicInteger consumeOks = new AtomicInteger();
    final List<String> shutdowns = new CopyOnWriteArrayList<>();

    @Override
    public void handleDelivery(Delivery delivery) {
      queue.add(delivery);
    }

    @Override
    public void handleConsumeOk(String consumerTag) {
      consumeOks.incrementAndGet();
    }

    @Override
    public void handleShutdown(String consumerTag, AmqpException cause) {
      shutdowns.add(consumerTag);
    }

    /** The next delivery, waiting at most {@link #WAIT}. */
    Delivery next() {
      try {
        Delivery d = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (d == null) {
          throw new AssertionError("no delivery within " + WAIT.toMillis() + " ms");
        }
        return d;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }

    /** The delivery tags of the next {@code n} deliveries. */
    List<Long> nextTags(int n) {
      List<Long> tags = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        tags.add(next().deliveryTag());
      }
      return tags;
    }
  }

  /** Waits until {@code condition} holds, at most {@link #WAIT}; fails naming {@code what}. */
  static void waitUntil(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + WAIT.toMillis() + " ms waiting for " + what);
      }
      sleep(Duration.ofMillis(5));
    }
  }

  /** Waits until {@code expectation} is met by the client. */
  static void awaitMet(Expectation expectation) {
    waitUntil(expectation.toString(), expectation::isSatisfied);
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
