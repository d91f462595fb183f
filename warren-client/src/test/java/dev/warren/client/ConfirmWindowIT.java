/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.RecoverySupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.errors.AmqpException;
import dev.warren.errors.BackpressureTimeoutException;
import dev.warren.errors.BackpressureTimeoutException.Gate;
import dev.warren.protocol.BasicProperties;
import dev.warren.testkit.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The channel's confirm window against the real broker ({@link ConfirmOptions}): blocking publishes
 * wait while the window is full and fail with gate CONFIRM_WINDOW at their deadline; confirms from
 * the broker let them go on. A frozen {@link FaultProxy} holds the broker's confirms back.
 */
@Timeout(60)
class ConfirmWindowIT {

  // Every test: a connection through a proxy that can hold back the broker's confirms, a channel
  // and an exclusive queue; the test puts the channel in confirm mode with its window.
  private FaultProxy proxy;
  private Connection conn;
  private Channel ch;
  private String q;

  @BeforeEach
  void connect() {
    proxy = new FaultProxy(RecoverySupport.brokerHost(), RecoverySupport.brokerPort());
    conn =
        Connection.open(
            RecoverySupport.viaProxy(
                    Broker.unique("confirm-window"), RecoveryPolicy.disabled(), proxy.port())
                .build());
    ch = conn.openChannel();
    q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
  }

  @AfterEach
  void close() {
    proxy.thaw(); // lets the connection close promptly
    conn.close();
    proxy.close();
  }

  @Test
  void aBlockingPublishWaitsForRoomAndTimesOutNamingTheConfirmWindow() {
    ch.confirmSelect(ConfirmOptions.window(5));

    proxy.freeze(); // no confirm comes back
    for (int i = 0; i < 5; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("m" + i));
    }
    long start = System.nanoTime();
    PublishOptions shortWait = PublishOptions.defaults().withTimeout(Duration.ofMillis(300));
    assertThatThrownBy(() -> ch.basicPublish("", q, BasicProperties.EMPTY, bytes("six"), shortWait))
        .isInstanceOfSatisfying(
            BackpressureTimeoutException.class,
            e -> assertThat(e.waitedFor()).isEqualTo(Gate.CONFIRM_WINDOW))
        .hasMessageContaining("300 ms")
        .hasMessageContaining("window of unconfirmed publishes");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(290);
    assertThatThrownBy(
            () -> ch.publishConfirmed("", q, BasicProperties.EMPTY, bytes("seven"), shortWait))
        .isInstanceOf(BackpressureTimeoutException.class);
    assertThat(ch.nextPublishSeqNo()).isEqualTo(6); // the two that timed out took no number

    proxy.thaw();
    ch.waitForConfirms(Duration.ofSeconds(10));
    ch.publishConfirmed("", q, BasicProperties.EMPTY, bytes("after"), PublishOptions.DEFAULT);
    assertThat(ch.queueDeclare(QueueSpec.named(q).passive()).messageCount()).isEqualTo(6);
  }

  @Test
  void aWaitingPublisherGoesOnWhenTheBrokerConfirms() throws Exception {
    ch.confirmSelect(ConfirmOptions.window(4));

    proxy.freeze();
    for (int i = 0; i < 4; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("m" + i));
    }
    CompletableFuture<Void> blocked =
        CompletableFuture.runAsync(
            () ->
                ch.publishConfirmed(
                    "",
                    q,
                    BasicProperties.EMPTY,
                    bytes("waited"),
                    PublishOptions.defaults().withTimeout(Duration.ofSeconds(20))));
    assertStillWaiting(blocked, Duration.ofMillis(500));

    proxy.thaw();
    blocked.get(15, TimeUnit.SECONDS); // room made, published, confirmed
    assertThat(ch.queueDeclare(QueueSpec.named(q).passive()).messageCount()).isEqualTo(5);
  }

  @Test
  void asynchronousPublishesCountAgainstTheWindowButNeverWait() throws Exception {
    ch.async().confirmSelect(ConfirmOptions.window(3)).get(10, TimeUnit.SECONDS);

    proxy.freeze();
    List<CompletableFuture<Void>> confirmed = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      confirmed.add(
          ch.async()
              .publishConfirmed(
                  "", q, BasicProperties.EMPTY, bytes("a" + i), PublishOptions.DEFAULT));
    }
    // ten handed over at once, past the window: the asynchronous view never blocks
    assertThat(ch.nextPublishSeqNo()).isEqualTo(11);
    PublishOptions shortWait = PublishOptions.defaults().withTimeout(Duration.ofMillis(200));
    assertThatThrownBy(() -> ch.basicPublish("", q, BasicProperties.EMPTY, bytes("b"), shortWait))
        .isInstanceOfSatisfying(
            BackpressureTimeoutException.class,
            e -> assertThat(e.waitedFor()).isEqualTo(Gate.CONFIRM_WINDOW));

    proxy.thaw();
    CompletableFuture.allOf(confirmed.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
    ch.basicPublish("", q, BasicProperties.EMPTY, bytes("b"), shortWait); // room again
    ch.waitForConfirms(Duration.ofSeconds(10));
    assertThat(ch.queueDeclare(QueueSpec.named(q).passive()).messageCount()).isEqualTo(11);
  }

  @Test
  void manyPublishersThroughASmallWindowNeverExceedItAndAllAreConfirmed() throws Exception {
    int window = 16;
    int threads = 4;
    int perThread = 500;
    ch.confirmSelect(ConfirmOptions.window(window));
    proxy.freeze(); // nothing is confirmed: exactly a window's worth may go out
    PublishOptions patient = PublishOptions.defaults().withTimeout(Duration.ofSeconds(30));
    List<CompletableFuture<Void>> publishers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      publishers.add(
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  ch.basicPublish("", q, BasicProperties.EMPTY, bytes("x"), patient);
                }
              }));
    }
    ItSupport.waitUntil(
        Duration.ofSeconds(10), "a full window", () -> ch.nextPublishSeqNo() == window + 1);
    ItSupport.sleep(Duration.ofMillis(300));
    assertThat(ch.nextPublishSeqNo()).isEqualTo(window + 1L); // four threads, none got past
    assertThat(publishers).noneMatch(CompletableFuture::isDone);

    proxy.thaw();
    CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).get(40, TimeUnit.SECONDS);
    ch.waitForConfirms(Duration.ofSeconds(20));
    assertThat(ch.nextPublishSeqNo()).isEqualTo(threads * perThread + 1L);
    ItSupport.waitUntil(
        Duration.ofSeconds(10),
        "every message in the queue",
        () -> ch.queueDeclare(QueueSpec.named(q).passive()).messageCount() == threads * perThread);
  }

  @Test
  void aPublisherWaitingForRoomIsReleasedWhenTheChannelCloses() throws Exception {
    ch.confirmSelect(ConfirmOptions.window(2));
    proxy.freeze();
    ch.basicPublish("", q, BasicProperties.EMPTY, bytes("1"));
    ch.basicPublish("", q, BasicProperties.EMPTY, bytes("2"));
    CompletableFuture<Void> blocked =
        CompletableFuture.runAsync(
            () ->
                ch.publishConfirmed(
                    "",
                    q,
                    BasicProperties.EMPTY,
                    bytes("3"),
                    PublishOptions.defaults().withTimeout(Duration.ofSeconds(30))));
    assertStillWaiting(blocked, Duration.ofMillis(300));

    long start = System.nanoTime();
    ch.async().close(); // the unconfirmed fail at once: the waiter gets room, then fails
    assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(AmqpException.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
  }

  private static void assertStillWaiting(CompletableFuture<?> f, Duration d) throws Exception {
    try {
      f.get(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException expected) {
      return;
    }
    throw new AssertionError("the publisher should still wait for room after " + d);
  }
}
