/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.AsyncSupport.await;
import static dev.warren.client.AsyncSupport.failure;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.errors.AmqpException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.Initiator;
import dev.warren.errors.NackedException;
import dev.warren.errors.RpcTimeoutException;
import dev.warren.errors.UnroutableException;
import dev.warren.protocol.BasicProperties;
import dev.warren.testkit.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Per-message publish futures in confirm mode: they complete on ack, and exceptionally on nack, on
 * return (mandatory), on channel close, on connection close and at their deadline; none is ever
 * left pending, not even 1,000 of them on a channel closed while the broker is blocked.
 */
@Timeout(120)
class AsyncPublishConfirmIT {
  private AsyncConnection conn;
  private AsyncChannel ch;

  @BeforeEach
  void open() {
    conn = AsyncSupport.connect();
    ch = await(conn.openChannel());
    await(ch.confirmSelect());
  }

  @AfterEach
  void close() {
    if (conn != null) {
      await(conn.close());
    }
  }

  private String exclusiveQueue() {
    return await(ch.queueDeclare(QueueSpec.serverNamed().exclusive())).queue();
  }

  private static byte[] body(int i) {
    return ("message " + i).getBytes(UTF_8);
  }

  @Test
  void completesWhenTheBrokerAcks() {
    String q = exclusiveQueue();
    AsyncSupport.Threads threads = new AsyncSupport.Threads();
    CompletableFuture<Void> confirmed =
        ch.publishConfirmed("", q, BasicProperties.EMPTY, body(1), PublishOptions.defaults());
    CompletableFuture<Void> dependent = confirmed.whenComplete((v, e) -> threads.record("ack"));
    await(dependent);
    assertThat(confirmed).isCompleted();
    assertThat(await(ch.queueDeclare(QueueSpec.named(q).passive())).messageCount()).isEqualTo(1);
    threads.assertNoneOnIoThread();
  }

  @Test
  void failsWithNackedExceptionWhenTheBrokerNacks() {
    String q = Broker.unique("async-reject-publish");
    await(
        ch.queueDeclare(
            QueueSpec.named(q)
                .exclusive()
                .argument("x-max-length", 1)
                .argument("x-overflow", "reject-publish")));
    CompletableFuture<Void> first =
        ch.publishConfirmed("", q, BasicProperties.EMPTY, body(1), PublishOptions.defaults());
    CompletableFuture<Void> second =
        ch.publishConfirmed("", q, BasicProperties.EMPTY, body(2), PublishOptions.defaults());
    await(first);
    Throwable e = failure(second);
    assertThat(e).isInstanceOf(NackedException.class);
    assertThat(((NackedException) e).sequenceNumber()).isEqualTo(2);
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void failsWithUnroutableExceptionWhenAMandatoryMessageIsReturned() {
    String nowhere = Broker.unique("nowhere");
    CompletableFuture<Void> returned =
        ch.publishConfirmed(
            "", nowhere, BasicProperties.EMPTY, body(7), PublishOptions.defaults().mandatory());
    // Not mandatory: the broker drops it and acks.
    CompletableFuture<Void> dropped =
        ch.publishConfirmed("", nowhere, BasicProperties.EMPTY, body(8), PublishOptions.defaults());
    Throwable e = failure(returned);
    assertThat(e).isInstanceOf(UnroutableException.class);
    UnroutableException u = (UnroutableException) e;
    assertThat(u.replyCode()).isEqualTo(312);
    assertThat(u.routingKey()).isEqualTo(nowhere);
    assertThat(new String(u.body(), UTF_8)).isEqualTo("message 7");
    await(dropped);
  }

  @Test
  void failsWhenTheChannelIsClosedBeforeTheConfirm() {
    // Through a frozen proxy, so the broker's ack cannot overtake our channel.close: it can only
    // arrive after the close, and the spec has a closing channel discard it.
    FaultProxy proxy = new FaultProxy(RecoverySupport.brokerHost(), RecoverySupport.brokerPort());
    AsyncConnection viaProxy =
        AsyncSupport.connect(
            RecoverySupport.viaProxy(
                    Broker.unique("close-before-confirm"), RecoveryPolicy.disabled(), proxy.port())
                .build());
    try {
      AsyncChannel proxied = await(viaProxy.openChannel());
      await(proxied.confirmSelect());
      String q = await(proxied.queueDeclare(QueueSpec.serverNamed().exclusive())).queue();

      proxy.freeze();
      CompletableFuture<Void> confirmed =
          proxied.publishConfirmed(
              "", q, BasicProperties.EMPTY, body(1), PublishOptions.defaults());
      CompletableFuture<Void> closing = proxied.close(200, "closing under the publish");
      // stats() runs on the I/O thread after the close task: once it answers, channel.close has
      // been handed to the engine, which discards what the broker sends until close-ok.
      await(viaProxy.stats());
      proxy.thaw();

      Throwable e = failure(confirmed);
      assertThat(e).isInstanceOf(ChannelClosedException.class);
      assertThat(((ChannelClosedException) e).initiator()).isEqualTo(Initiator.CLIENT);
      await(closing);
    } finally {
      proxy.thaw();
      await(viaProxy.close());
      proxy.close();
    }
  }

  @Test
  void failsWhenTheConnectionIsClosedBeforeTheConfirm() {
    String q = exclusiveQueue();
    List<CompletableFuture<Void>> confirms = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      confirms.add(
          ch.publishConfirmed("", q, BasicProperties.EMPTY, body(i), PublishOptions.defaults()));
    }
    CompletableFuture<Void> closing =
        conn.close(200, "closing under the publishes", AsyncSupport.WAIT);
    conn = null;
    await(closing);
    int failed = 0;
    for (CompletableFuture<Void> f : confirms) {
      assertThat(f).isDone();
      if (f.isCompletedExceptionally()) {
        failed++;
        Throwable e = failure(f);
        // Documented: the publish fails because its connection went (a closed-channel exception
        // whose initiator is the library and whose cause is the connection's close).
        assertThat(e).isInstanceOf(AmqpException.class);
        Throwable connectionCause = e instanceof ConnectionClosedException ? e : e.getCause();
        assertThat(connectionCause).isInstanceOf(ConnectionClosedException.class);
        assertThat(((ConnectionClosedException) connectionCause).initiator())
            .isEqualTo(Initiator.CLIENT);
      }
    }
    assertThat(failed).as("publishes left unconfirmed by the close").isPositive();
  }

  /** A confirm-mode channel and a queue through a proxy; the body runs with the proxy frozen. */
  private static void withConfirmsHeldBack(String name, FrozenBody body) throws Exception {
    FaultProxy proxy = new FaultProxy(RecoverySupport.brokerHost(), RecoverySupport.brokerPort());
    AsyncConnection viaProxy =
        AsyncSupport.connect(
            RecoverySupport.viaProxy(Broker.unique(name), RecoveryPolicy.disabled(), proxy.port())
                .build());
    try {
      AsyncChannel proxied = await(viaProxy.openChannel());
      await(proxied.confirmSelect());
      String q = await(proxied.queueDeclare(QueueSpec.serverNamed().exclusive())).queue();
      // Frozen, the publishes are written (the socket has room) but no confirm comes back.
      proxy.freeze();
      body.run(proxied, q);
    } finally {
      proxy.thaw();
      await(viaProxy.close());
      proxy.close();
    }
  }

  @FunctionalInterface
  private interface FrozenBody {
    void run(AsyncChannel ch, String q) throws Exception;
  }

  @Test
  void failsWithRpcTimeoutExceptionAtItsDeadline() throws Exception {
    Duration deadline = Duration.ofMillis(500);
    long[] elapsed = new long[1];
    withConfirmsHeldBack(
        "confirm-deadline",
        (proxied, q) -> {
          long start = System.nanoTime();
          CompletableFuture<Void> timed =
              proxied.publishConfirmed(
                  "",
                  q,
                  BasicProperties.EMPTY,
                  body(1),
                  PublishOptions.defaults().withTimeout(deadline));
          Throwable e = failure(timed, Duration.ofSeconds(10));
          elapsed[0] = (System.nanoTime() - start) / 1_000_000;
          assertThat(e).isInstanceOf(RpcTimeoutException.class);
          assertThat(e.getMessage()).contains("basic.ack");
        });
    assertThat(elapsed[0]).isBetween(deadline.toMillis() - 50, deadline.toMillis() + 2_000);
  }

  @Test
  void aShortDeadlineFiresOnTimeEvenAfterAPublishWithALongOne() throws Exception {
    withConfirmsHeldBack(
        "confirm-short-after-long",
        (proxied, q) -> {
          CompletableFuture<Void> longOne =
              proxied.publishConfirmed(
                  "",
                  q,
                  BasicProperties.EMPTY,
                  body(1),
                  PublishOptions.defaults().withTimeout(Duration.ofSeconds(60)));
          long start = System.nanoTime();
          CompletableFuture<Void> shortOne =
              proxied.publishConfirmed(
                  "",
                  q,
                  BasicProperties.EMPTY,
                  body(2),
                  PublishOptions.defaults().withTimeout(Duration.ofMillis(300)));
          assertThat(failure(shortOne, Duration.ofSeconds(5)))
              .isInstanceOf(RpcTimeoutException.class);
          long ms = (System.nanoTime() - start) / 1_000_000;
          assertThat(ms).as("ms until the 300 ms deadline fired").isLessThan(1_500);
          assertThat(longOne).isNotDone();
        });
  }

  @Test
  void duringAMemoryAlarmAPublishWaitsAtTheGateAndFailsAtItsDeadlineNamingIt() throws Exception {
    String q = exclusiveQueue();
    Duration deadline = Duration.ofMillis(500);
    long[] elapsed = new long[1];
    AsyncSupport.withMemoryAlarm(
        () -> {
          // The broker blocks a publishing connection: the publish that blocks it may still be
          // confirmed; the ones after it wait at the BLOCKED_CONNECTION gate, unwritten.
          ch.publishConfirmed(
              "",
              q,
              BasicProperties.EMPTY,
              body(0),
              PublishOptions.defaults().withTimeout(deadline));
          AsyncSupport.awaitBlocked(conn.blocking());
          long start = System.nanoTime();
          CompletableFuture<Void> timed =
              ch.publishConfirmed(
                  "",
                  q,
                  BasicProperties.EMPTY,
                  body(1),
                  PublishOptions.defaults().withTimeout(deadline));
          Throwable e = failure(timed, Duration.ofSeconds(10));
          elapsed[0] = (System.nanoTime() - start) / 1_000_000;
          assertThat(e)
              .isInstanceOfSatisfying(
                  dev.warren.errors.BackpressureTimeoutException.class,
                  b ->
                      assertThat(b.waitedFor())
                          .isEqualTo(
                              dev.warren.errors.BackpressureTimeoutException.Gate
                                  .BLOCKED_CONNECTION));
        });
    assertThat(elapsed[0]).isBetween(deadline.toMillis() - 50, deadline.toMillis() + 2_000);
  }

  @Test
  void closingAChannelWith1000PublishesAwaitingConfirmsCompletesAllWithinTheCloseDeadline()
      throws Exception {
    Duration rpcTimeout = Duration.ofSeconds(3);
    AsyncConnection blockedConn =
        AsyncSupport.connect(AsyncSupport.params().toBuilder().rpcTimeout(rpcTimeout).build());
    try {
      AsyncChannel pub = await(blockedConn.openChannel());
      await(pub.confirmSelect());
      String q = await(pub.queueDeclare(QueueSpec.serverNamed().exclusive())).queue();
      List<CompletableFuture<Void>> confirms = new ArrayList<>();
      long[] closeMillis = new long[1];
      AsyncSupport.withMemoryAlarm(
          () -> {
            // A long publish deadline, so that only the close can complete these futures in time.
            PublishOptions patient = PublishOptions.defaults().withTimeout(Duration.ofMinutes(5));
            confirms.add(pub.publishConfirmed("", q, BasicProperties.EMPTY, body(0), patient));
            AsyncSupport.awaitBlocked(blockedConn.blocking());
            for (int i = 1; i < 1_000; i++) {
              confirms.add(pub.publishConfirmed("", q, BasicProperties.EMPTY, body(i), patient));
            }
            ItSupport.sleep(Duration.ofMillis(300));
            long pending = confirms.stream().filter(f -> !f.isDone()).count();
            assertThat(pending).as("publishes awaiting confirms").isGreaterThanOrEqualTo(999);

            long start = System.nanoTime();
            CompletableFuture<Void> closing = pub.close();
            // Every future is done within the close deadline (the RPC timeout), plus a margin.
            ItSupport.waitUntil(
                rpcTimeout.plusSeconds(2),
                "every publish future to complete after the close",
                () -> confirms.stream().allMatch(CompletableFuture::isDone));
            closeMillis[0] = (System.nanoTime() - start) / 1_000_000;
            // The close itself ends within its deadline too, one way or the other.
            ItSupport.waitUntil(rpcTimeout.plusSeconds(2), "the close future", closing::isDone);
          });
      assertThat(closeMillis[0]).isLessThanOrEqualTo(rpcTimeout.toMillis() + 2_000);
      long failed = 0;
      for (CompletableFuture<Void> f : confirms) {
        assertThat(f).isDone();
        if (f.isCompletedExceptionally()) {
          failed++;
          assertThat(failure(f)).isInstanceOf(ChannelClosedException.class);
        }
      }
      assertThat(failed).isGreaterThanOrEqualTo(999);
      assertThat(pub.isOpen()).isFalse();
    } finally {
      await(blockedConn.close());
    }
  }

  @Test
  void publishingAndClosingAtOnceLeavesNoFuturePending() {
    String q = exclusiveQueue();
    List<CompletableFuture<Void>> confirms = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      confirms.add(
          ch.publishConfirmed("", q, BasicProperties.EMPTY, body(i), PublishOptions.defaults()));
    }
    CompletableFuture<Void> closing = ch.close();
    await(closing);
    ItSupport.waitUntil(
        Duration.ofSeconds(5),
        "every publish future to complete",
        () -> confirms.stream().allMatch(CompletableFuture::isDone));
    for (CompletableFuture<Void> f : confirms) {
      if (f.isCompletedExceptionally()) {
        assertThat(failure(f)).isInstanceOf(ChannelClosedException.class);
      }
    }
  }

  @Test
  void waitForConfirmsWithADeadlineFailsWithRpcTimeoutWhileTheBrokerIsBlocked() throws Exception {
    String q = exclusiveQueue();
    AsyncSupport.withMemoryAlarm(
        () -> {
          ch.basicPublish("", q, BasicProperties.EMPTY, body(0));
          AsyncSupport.awaitBlocked(conn.blocking());
          ch.basicPublish("", q, BasicProperties.EMPTY, body(1));
          Throwable e = failure(ch.waitForConfirms(Duration.ofMillis(300)), Duration.ofSeconds(5));
          assertThat(e).isInstanceOf(RpcTimeoutException.class);
        });
    // Once unblocked, the same publishes are confirmed.
    await(ch.waitForConfirms(Duration.ofSeconds(60)), Duration.ofSeconds(65));
  }
}
