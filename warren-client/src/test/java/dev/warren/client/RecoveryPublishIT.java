/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.RecoverySupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.errors.ConnectionLostException;
import dev.warren.errors.UnroutableException;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.BasicProperties;
import dev.warren.testkit.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Publishing across a recovery: publishes made while recovering wait (or fail fast, if the policy
 * says so), and unconfirmed publishes are republished when the policy opts in.
 */
@Timeout(60)
class RecoveryPublishIT {

  private static FaultProxy proxy() {
    return new FaultProxy(RecoverySupport.brokerHost(), RecoverySupport.brokerPort());
  }

  /** Takes the connection down and keeps it down: new connections are refused. */
  private static void goDown(FaultProxy proxy, RecoverySupport.Events events) {
    proxy.refuseNew(true);
    proxy.cutAll();
    events.awaitLost(1, Duration.ofSeconds(10));
  }

  @Test
  void publishesMadeWhileRecoveringWaitAndGoOutInOrder() throws Exception {
    String name = Broker.unique("recovery-publish-wait");
    String queue = Broker.unique("publish-wait");
    RecoverySupport.Events events = new RecoverySupport.Events();
    RecoveryPolicy policy =
        RecoverySupport.fastPolicy()
            .backoff(Duration.ofMillis(50), Duration.ofMillis(200))
            .operationWait(Duration.ofSeconds(20))
            .build();
    try (FaultProxy proxy = proxy();
        Connection conn =
            RecoverySupport.open(
                RecoverySupport.viaProxy(name, policy, proxy.port()).build(), events)) {
      Channel ch = conn.openChannel();
      ch.confirmSelect();
      ch.queueDeclare(QueueSpec.named(queue));

      goDown(proxy, events);
      assertThat(conn.state()).isEqualTo(Connection.State.RECOVERING);
      List<CompletableFuture<Void>> async = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        async.add(
            ch.async()
                .publishConfirmed(
                    "", queue, BasicProperties.EMPTY, bytes("m" + i), PublishOptions.DEFAULT));
      }
      CompletableFuture<Void> blocking =
          CompletableFuture.runAsync(
              () ->
                  ch.publishConfirmed(
                      "", queue, BasicProperties.EMPTY, bytes("blocking"), PublishOptions.DEFAULT));
      CompletableFuture<QueueDeclareOk> rpc =
          ch.async().queueDeclare(QueueSpec.named(queue).passive());
      ItSupport.sleep(Duration.ofMillis(700));
      assertThat(async).noneMatch(CompletableFuture::isDone);
      assertThat(blocking).isNotDone();
      assertThat(rpc).isNotDone();

      proxy.refuseNew(false);
      events.awaitRecovered(1, Duration.ofSeconds(15));
      CompletableFuture.allOf(async.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      blocking.get(10, TimeUnit.SECONDS);
      assertThat(rpc.get(10, TimeUnit.SECONDS).queue()).isEqualTo(queue);

      List<String> bodies = drain(ch, queue);
      assertThat(bodies).hasSize(6);
      assertThat(bodies.stream().filter(b -> b.startsWith("m")).toList())
          .as("one thread's publishes keep their order across the recovery")
          .containsExactly("m0", "m1", "m2", "m3", "m4");
      ch.queueDelete(queue);
    }
  }

  @Test
  void withAZeroOperationWaitPublishesFailFastWhileRecovering() throws Exception {
    String name = Broker.unique("recovery-fail-fast");
    String queue = Broker.unique("fail-fast");
    RecoverySupport.Events events = new RecoverySupport.Events();
    RecoveryPolicy policy =
        RecoverySupport.fastPolicy()
            .backoff(Duration.ofMillis(50), Duration.ofMillis(200))
            .operationWait(Duration.ZERO)
            .build();
    try (FaultProxy proxy = proxy();
        Connection conn =
            RecoverySupport.open(
                RecoverySupport.viaProxy(name, policy, proxy.port()).build(), events)) {
      Channel ch = conn.openChannel();
      ch.confirmSelect();
      ch.queueDeclare(QueueSpec.named(queue));

      goDown(proxy, events);
      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  ch.publishConfirmed(
                      "", queue, BasicProperties.EMPTY, bytes("x"), PublishOptions.DEFAULT))
          .isInstanceOf(WrongStateException.class)
          .hasMessageContaining("recovering");
      assertThatThrownBy(() -> ch.basicPublish("", queue, BasicProperties.EMPTY, bytes("y")))
          .isInstanceOf(WrongStateException.class);
      Throwable asyncFailure =
          RecoveryFaultProxyIT.failureOf(
              ch.async()
                  .publishConfirmed(
                      "", queue, BasicProperties.EMPTY, bytes("z"), PublishOptions.DEFAULT));
      assertThat(asyncFailure).isInstanceOf(WrongStateException.class);
      Throwable rpcFailure =
          RecoveryFaultProxyIT.failureOf(ch.async().queueDeclare(QueueSpec.named(queue).passive()));
      assertThat(rpcFailure).isInstanceOf(WrongStateException.class);
      assertThatThrownBy(conn::openChannel).isInstanceOf(WrongStateException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

      // Failing fast leaves nothing broken: once recovered, everything works.
      proxy.refuseNew(false);
      events.awaitRecovered(1, Duration.ofSeconds(15));
      ch.publishConfirmed("", queue, BasicProperties.EMPTY, bytes("after"), PublishOptions.DEFAULT);
      assertThat(conn.openChannel().isOpen()).isTrue();
      assertThat(drain(ch, queue)).containsExactly("after");
      ch.queueDelete(queue);
    }
  }

  @Test
  void unconfirmedPublishesAreRepublishedWithinTheBound() throws Exception {
    String name = Broker.unique("recovery-republish");
    String queue = Broker.unique("republish");
    RecoverySupport.Events events = new RecoverySupport.Events();
    RecoveryPolicy policy =
        RecoverySupport.fastPolicy().republishUnconfirmed(3, 1024 * 1024).build();
    try (FaultProxy proxy = proxy();
        Connection conn =
            RecoverySupport.open(
                RecoverySupport.viaProxy(name, policy, proxy.port()).build(), events)) {
      Channel ch = conn.openChannel();
      ch.confirmSelect();
      ch.queueDeclare(QueueSpec.named(queue));
      ch.publishConfirmed(
          "", queue, BasicProperties.EMPTY, bytes("confirmed"), PublishOptions.DEFAULT);
      long seqBefore = ch.nextPublishSeqNo();

      // Written to the socket, never forwarded: unconfirmed at the loss.
      proxy.freeze();
      List<CompletableFuture<Void>> futures = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        futures.add(
            ch.async()
                .publishConfirmed(
                    "", queue, BasicProperties.EMPTY, bytes("r" + i), PublishOptions.DEFAULT));
      }
      ItSupport.sleep(Duration.ofMillis(300));
      proxy.cutAll();
      proxy.thaw();
      events.awaitRecovered(1, Duration.ofSeconds(15));

      // The three oldest were kept and republished: their futures complete on the new confirms.
      for (int i = 0; i < 3; i++) {
        futures.get(i).get(10, TimeUnit.SECONDS);
      }
      // The others were beyond the bound: they fail with the typed exception.
      for (int i = 3; i < 5; i++) {
        Throwable t = RecoveryFaultProxyIT.failureOf(futures.get(i));
        assertThat(t).isInstanceOf(ConnectionLostException.class);
        assertThat(((ConnectionLostException) t).mayHaveReachedBroker()).isTrue();
      }
      assertThat(drain(ch, queue)).containsExactly("confirmed", "r0", "r1", "r2");
      // Numbers go on: the next publish gets the number after the five.
      assertThat(ch.nextPublishSeqNo()).isEqualTo(seqBefore + 5);
      ch.queueDelete(queue);
    }
  }

  @Test
  void aRepublishedMandatoryMessageThatCannotBeRoutedStillComesBack() throws Exception {
    String name = Broker.unique("recovery-republish-mandatory");
    String queue = Broker.unique("republish-mandatory");
    String nowhere = Broker.unique("no-such-queue");
    RecoverySupport.Events events = new RecoverySupport.Events();
    RecoveryPolicy policy =
        RecoverySupport.fastPolicy().republishUnconfirmed(10, 1024 * 1024).build();
    try (FaultProxy proxy = proxy();
        Connection conn =
            RecoverySupport.open(
                RecoverySupport.viaProxy(name, policy, proxy.port()).build(), events)) {
      Channel ch = conn.openChannel();
      ch.confirmSelect();
      ch.queueDeclare(QueueSpec.named(queue));
      PublishOptions mandatory = PublishOptions.defaults().mandatory();

      proxy.freeze(); // written, never forwarded: unconfirmed at the loss, kept, republished
      CompletableFuture<Void> unroutable =
          ch.async()
              .publishConfirmed("", nowhere, BasicProperties.EMPTY, bytes("lost?"), mandatory);
      CompletableFuture<Void> routable =
          ch.async().publishConfirmed("", queue, BasicProperties.EMPTY, bytes("kept"), mandatory);
      ItSupport.sleep(Duration.ofMillis(300));
      proxy.cutAll();
      proxy.thaw();
      events.awaitRecovered(1, Duration.ofSeconds(15));

      // Republished with the mandatory flag: the broker returns it instead of dropping it.
      Throwable t = RecoveryFaultProxyIT.failureOf(unroutable);
      assertThat(t).isInstanceOf(UnroutableException.class);
      assertThat(((UnroutableException) t).routingKey()).isEqualTo(nowhere);
      routable.get(10, TimeUnit.SECONDS);
      assertThat(drain(ch, queue)).containsExactly("kept");
      ch.queueDelete(queue);
    }
  }

  /** Every message now in the queue, in order (auto-ack). */
  static List<String> drain(Channel ch, String queue) {
    List<String> bodies = new ArrayList<>();
    Optional<GetResponse> r;
    while ((r = ch.basicGet(queue, AckMode.AUTO)).isPresent()) {
      bodies.add(r.get().delivery().bodyAsString());
    }
    return bodies;
  }
}
