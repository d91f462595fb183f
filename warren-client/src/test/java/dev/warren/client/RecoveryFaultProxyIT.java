/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.RecoverySupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.errors.ConnectFailedException;
import dev.warren.errors.ConnectionLostException;
import dev.warren.errors.HeartbeatTimeoutException;
import dev.warren.protocol.BasicProperties;
import dev.warren.testkit.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Network faults between client and broker, made by the test kit's TCP proxy: a partition (frozen
 * traffic, found by the heartbeat), connections cut in the middle of a frame, an endpoint that is
 * down, a broker port that opens late.
 */
@Timeout(60)
class RecoveryFaultProxyIT {

  private static FaultProxy proxy() {
    return new FaultProxy(RecoverySupport.brokerHost(), RecoverySupport.brokerPort());
  }

  @Test
  void frozenTrafficIsFoundByTheHeartbeatAndRecoveryWaitsForTheThaw() throws Exception {
    String name = Broker.unique("recovery-freeze");
    String queue = Broker.unique("freeze");
    RecoverySupport.Events events = new RecoverySupport.Events();
    try (FaultProxy proxy = proxy();
        Connection conn =
            RecoverySupport.open(
                RecoverySupport.viaProxy(
                        name,
                        RecoverySupport.fastPolicy()
                            .backoff(Duration.ofMillis(100), Duration.ofMillis(300))
                            .build(),
                        proxy.port())
                    .heartbeat(Duration.ofSeconds(1))
                    .stackTimeout(Duration.ofSeconds(1)) // each attempt through the frozen proxy
                    .build(),
                events)) {
      assertThat(conn.heartbeat()).isEqualTo(Duration.ofSeconds(1));
      Channel ch = conn.openChannel();
      ch.queueDeclare(QueueSpec.named(queue));
      BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
      String tag = ch.basicConsume(ConsumeSpec.queue(queue).autoAck(), got::add);

      proxy.freeze();
      long frozenAt = System.nanoTime();
      // An RPC in flight at the loss fails with the typed exception, not a channel error.
      CompletableFuture<QueueDeclareOk> rpc =
          ch.async().queueDeclare(QueueSpec.named(queue).passive());
      events.awaitLost(1, Duration.ofSeconds(10));
      Duration detectedAfter = Duration.ofNanos(System.nanoTime() - frozenAt);
      assertThat(events.losses.get(0)).isInstanceOf(HeartbeatTimeoutException.class);
      assertThat(detectedAfter).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(5));
      assertThat(failureOf(rpc)).isInstanceOf(ConnectionLostException.class);
      assertThat(((ConnectionLostException) failureOf(rpc)).mayHaveReachedBroker()).isTrue();

      // Attempts through the frozen proxy get no answer and time out; none succeeds.
      int before = events.attempts.get();
      events.awaitAttempts(before + 2, Duration.ofSeconds(10));
      assertThat(events.recoveredAt).isEmpty();
      assertThat(conn.state()).isEqualTo(Connection.State.RECOVERING);

      proxy.thaw();
      events.awaitRecovered(1, Duration.ofSeconds(15));
      assertThat(conn.state()).isEqualTo(Connection.State.OPEN);
      assertThat(ItSupport.ctl("list_consumers", "queue_name", "consumer_tag")).contains(tag);
      ch.basicPublish("", queue, BasicProperties.EMPTY, bytes("after thaw"));
      Delivery d = got.poll(5, TimeUnit.SECONDS);
      assertThat(d).isNotNull();
      assertThat(d.consumerTag()).isEqualTo(tag);
      ch.queueDelete(queue);
    }
  }

  @Test
  void aConnectionCutInTheMiddleOfALargeMessageRecovers() throws Exception {
    String name = Broker.unique("recovery-cut-frame");
    String queue = Broker.unique("cut");
    RecoverySupport.Events events = new RecoverySupport.Events();
    try (FaultProxy proxy = proxy();
        Connection conn =
            RecoverySupport.open(
                RecoverySupport.viaProxy(name, RecoverySupport.fastPolicy().build(), proxy.port())
                    .build(),
                events)) {
      Channel pub = conn.openChannel();
      pub.confirmSelect();
      pub.queueDeclare(QueueSpec.named(queue));
      Channel consumerCh = conn.openChannel();
      BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
      String tag = consumerCh.basicConsume(ConsumeSpec.queue(queue).autoAck(), got::add);
      // The consumer is on the same connection: stop it for a moment so the queue count tells
      // what arrived.
      byte[] large = new byte[1024 * 1024];

      // 1) Cut after 300 KB of client-to-broker bytes: in the middle of the large message's
      // body frames.
      proxy.cutAfterBytes(300_000, FaultProxy.Direction.CLIENT_TO_SERVER);
      CompletableFuture<Void> inFlight =
          pub.async()
              .publishConfirmed("", queue, BasicProperties.EMPTY, large, PublishOptions.DEFAULT);
      Throwable failure = failureOf(inFlight);
      assertThat(failure).isInstanceOf(ConnectionLostException.class);
      events.awaitRecovered(1, Duration.ofSeconds(15));
      // Half a message is never routed.
      assertThat(got.poll(500, TimeUnit.MILLISECONDS)).isNull();

      // The consumer is back and the publisher works again.
      pub.publishConfirmed(
          "", queue, BasicProperties.EMPTY, bytes("after cut 1"), PublishOptions.DEFAULT);
      Delivery d = got.poll(5, TimeUnit.SECONDS);
      assertThat(d).isNotNull();
      assertThat(d.bodyAsString()).isEqualTo("after cut 1");
      assertThat(d.consumerTag()).isEqualTo(tag);

      // 2) Cut broker-to-client in the middle of a delivery of the large message.
      pub.publishConfirmed("", queue, BasicProperties.EMPTY, large, PublishOptions.DEFAULT);
      ItSupport.waitUntil(Duration.ofSeconds(5), "the large delivery", () -> got.poll() != null);
      proxy.cutAfterBytes(200_000, FaultProxy.Direction.SERVER_TO_CLIENT);
      pub.basicPublish("", queue, BasicProperties.EMPTY, large);
      events.awaitRecovered(2, Duration.ofSeconds(15));

      // 3) Reset everything.
      proxy.cutAll();
      events.awaitRecovered(3, Duration.ofSeconds(15));
      assertThat(events.losses).allMatch(c -> c.initiator() == dev.warren.errors.Initiator.LIBRARY);
      assertThat(ItSupport.ctl("list_consumers", "queue_name", "consumer_tag")).contains(tag);
      pub.publishConfirmed(
          "", queue, BasicProperties.EMPTY, bytes("after cut 3"), PublishOptions.DEFAULT);
      ItSupport.waitUntil(
          Duration.ofSeconds(5),
          "the delivery after the third cut",
          () -> {
            Delivery x = got.poll();
            return x != null && x.bodyAsString().equals("after cut 3");
          });
      pub.queueDelete(queue);
    }
  }

  @Test
  void publishesInFlightSayWhetherTheyMayHaveReachedTheBroker() throws Exception {
    String name = Broker.unique("recovery-in-flight");
    String queue = Broker.unique("in-flight");
    RecoverySupport.Events events = new RecoverySupport.Events();
    try (FaultProxy proxy = proxy();
        Connection conn =
            RecoverySupport.open(
                RecoverySupport.viaProxy(name, RecoverySupport.fastPolicy().build(), proxy.port())
                    .tcpOptions(TcpOptions.builder().sendBufferSize(64 * 1024).build())
                    .build(),
                events)) {
      Channel ch = conn.openChannel();
      ch.confirmSelect();
      ch.queueDeclare(QueueSpec.named(queue));

      // Frozen: the proxy reads nothing, so the socket takes what fits in the buffers and the
      // rest stays in the client.
      proxy.freeze();
      int count = 320;
      byte[] body = new byte[64 * 1024];
      List<CompletableFuture<Void>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        byte[] b = body.clone();
        b[0] = (byte) (i >> 8);
        b[1] = (byte) i;
        futures.add(
            ch.async()
                .publishConfirmed("", queue, BasicProperties.EMPTY, b, PublishOptions.DEFAULT));
      }
      ItSupport.sleep(Duration.ofMillis(500)); // the I/O thread writes until the socket is full
      proxy.cutAll();
      proxy.thaw();

      // Each publish ends one of three ways, in publish order: written before the loss (failed,
      // may have reached the broker), handed to the lost session but not written (failed, did not
      // reach it), or still waiting at a gate (the full write buffer) when the connection was lost:
      // never written, so it is published on the recovered channel and confirmed there.
      StringBuilder outcomes = new StringBuilder();
      List<String> failures = new ArrayList<>();
      for (CompletableFuture<Void> f : futures) {
        Throwable t = outcomeOf(f);
        if (t == null) {
          outcomes.append('S');
        } else {
          assertThat(t).isInstanceOf(ConnectionLostException.class);
          outcomes.append(((ConnectionLostException) t).mayHaveReachedBroker() ? 'R' : 'U');
          failures.add(outcomes.length() - 1 + ": " + t.getMessage()); // names its sequence number
        }
      }
      assertThat(outcomes.toString())
          .as(
              "written (R), then unwritten (U), then published after the recovery (S); failures: %s",
              failures)
          .matches("R+U*S*")
          .isNotEqualTo("R".repeat(count));
      int written = outcomes.indexOf("U") < 0 ? outcomes.indexOf("S") : outcomes.indexOf("U");

      events.awaitRecovered(1, Duration.ofSeconds(15));
      // Nothing that was reported unwritten is in the queue; everything confirmed after the
      // recovery is.
      Set<Integer> arrived = new HashSet<>();
      Optional<GetResponse> r;
      while ((r = ch.basicGet(queue, AckMode.AUTO)).isPresent()) {
        byte[] b = r.get().delivery().body();
        arrived.add(((b[0] & 0xff) << 8) | (b[1] & 0xff));
      }
      for (int i = 0; i < count; i++) {
        char o = outcomes.charAt(i);
        if (o == 'U') {
          assertThat(arrived).as("publish %d, reported unwritten", i).doesNotContain(i);
        } else if (o == 'S') {
          assertThat(arrived).as("publish %d, confirmed after the recovery", i).contains(i);
        }
      }
      assertThat(written).isPositive();
      ch.queueDelete(queue);
    }
  }

  @Test
  void recoveryAndTheFirstConnectLandOnTheSecondEndpointWhenTheFirstIsDown() throws Exception {
    String name = Broker.unique("recovery-endpoints");
    RecoverySupport.Events events = new RecoverySupport.Events();
    RecoveryPolicy policy = RecoverySupport.fastPolicy().build();
    ConnectionParameters down =
        RecoverySupport.params(name, policy)
            .host("localhost")
            .port(RecoverySupport.unusedPort())
            .build();
    ConnectionParameters up = RecoverySupport.params(name, policy).build();
    try (Connection conn = Connection.open(EndpointList.of(down, up))) {
      conn.addRecoveryListener(events);
      assertThat(conn.serverProperties()).containsKey("product");
      RecoverySupport.forceClose(name);
      events.awaitRecovered(1, Duration.ofSeconds(15));
      assertThat(events.steps)
          .containsSubsequence(
              "lost",
              "attempt:1:" + down.endpoint(),
              "attempt:2:" + up.endpoint(),
              "recovered:" + up.endpoint());
      assertThat(conn.openChannel().isOpen()).isTrue();
    }
  }

  @Test
  void recoveryMovesToTheSecondEndpointWhenTheFirstGoesDown() throws Exception {
    String name = Broker.unique("recovery-failover");
    String queue = Broker.unique("failover");
    RecoverySupport.Events events = new RecoverySupport.Events();
    RecoveryPolicy policy = RecoverySupport.fastPolicy().build();
    try (FaultProxy first = proxy()) {
      ConnectionParameters viaFirst = RecoverySupport.viaProxy(name, policy, first.port()).build();
      ConnectionParameters direct = RecoverySupport.params(name, policy).build();
      try (Connection conn = Connection.open(EndpointList.of(viaFirst, direct).inOrder())) {
        conn.addRecoveryListener(events);
        assertThat(first.connectionCount()).isEqualTo(1); // the first connect took the first one
        Channel ch = conn.openChannel();
        ch.queueDeclare(QueueSpec.named(queue));
        BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
        ch.basicConsume(ConsumeSpec.queue(queue).autoAck(), got::add);

        first.refuseNew(true);
        first.cutAll();
        events.awaitRecovered(1, Duration.ofSeconds(15));
        assertThat(events.recoveredAt).containsExactly(direct.endpoint());
        // Recovery starts at the endpoint after the lost one: no first attempt at the dead one.
        assertThat(events.steps).contains("attempt:1:" + direct.endpoint());
        ch.basicPublish("", queue, BasicProperties.EMPTY, bytes("via the second"));
        assertThat(got.poll(5, TimeUnit.SECONDS)).isNotNull();
        ch.queueDelete(queue);
      }
    }
  }

  @Test
  void theFirstConnectRetriesOverThePolicyUntilThePortOpens() throws Exception {
    try (FaultProxy proxy = proxy()) {
      proxy.refuseNew(true);
      // Without retryFirstConnect: one attempt, refused.
      assertThatThrownBy(
              () ->
                  Connection.open(
                      RecoverySupport.viaProxy(
                              Broker.unique("first-connect-no-retry"),
                              RecoverySupport.fastPolicy().build(),
                              proxy.port())
                          .build()))
          .isInstanceOf(ConnectFailedException.class);

      RecoveryPolicy retrying =
          RecoveryPolicy.builder()
              .backoff(Duration.ofMillis(100), Duration.ofMillis(300))
              .retryFirstConnect()
              .giveUpAfter(Duration.ofSeconds(20))
              .build();
      CompletableFuture<Connection> opening =
          CompletableFuture.supplyAsync(
              () ->
                  Connection.open(
                      RecoverySupport.viaProxy(
                              Broker.unique("first-connect-retry"), retrying, proxy.port())
                          .build()));
      ItSupport.sleep(Duration.ofSeconds(1));
      assertThat(opening).as("still trying while the port is closed").isNotDone();
      proxy.refuseNew(false);
      try (Connection conn = opening.get(10, TimeUnit.SECONDS)) {
        assertThat(conn.isOpen()).isTrue();
        assertThat(conn.openChannel().isOpen()).isTrue();
      }
    }
  }

  /** The failure a future completed with (within 15 s), unwrapped; null when it succeeded. */
  static Throwable outcomeOf(CompletableFuture<?> f) throws InterruptedException {
    try {
      f.get(15, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException | CompletionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("future did not complete within 15 s: " + f);
    }
  }

  /** The failure a future completed with (within 15 s), unwrapped. */
  static Throwable failureOf(CompletableFuture<?> f) throws InterruptedException {
    try {
      f.get(15, TimeUnit.SECONDS);
    } catch (ExecutionException | CompletionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("future did not complete within 15 s: " + f);
    }
    throw new AssertionError("expected a failure, but it succeeded");
  }
}
