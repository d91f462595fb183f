/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.AsyncSupport.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.errors.BackpressureTimeoutException;
import dev.warren.errors.BackpressureTimeoutException.Gate;
import dev.warren.protocol.BasicProperties;
import dev.warren.testkit.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Asynchronous publishes against real backpressure: a memory alarm on a node of this class's own
 * (connection.blocked) and a frozen {@link FaultProxy} (the socket's write buffer). They wait at
 * the gate without holding the caller, what the connection holds stays within its budget, and the
 * excess fails naming the gate.
 */
@Timeout(120)
class AsyncBackpressureIT {
  @RegisterExtension static final OwnNode node = OwnNode.named("warren-backpressure", 5695, 25695);

  private static final int MIB = 1024 * 1024;

  private static long heapAfterGc() {
    System.gc();
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  @Test
  void aGigabyteOfAsynchronousPublishesDuringAMemoryAlarmStaysWithinTheBudget() throws Exception {
    long budget = 32L * MIB;
    Duration publishTimeout = Duration.ofSeconds(3);
    PublishOptions options = PublishOptions.defaults().withTimeout(publishTimeout);
    try (Connection conn =
        Connection.open(
            node.parameters()
                .connectionName(Broker.unique("backpressure-alarm"))
                .asyncPublishBudget(100_000, budget)
                .build())) {
      Channel ch = conn.openChannel();
      String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
      node.ctl("set_vm_memory_high_watermark", "0.00001");
      List<CompletableFuture<Void>> futures = new ArrayList<>();
      long heapBefore;
      long heapHeld;
      long callMillis;
      long failedAtOnce = 0;
      try {
        // The broker sends connection.blocked once the connection publishes during the alarm.
        ch.async().basicPublish("", q, BasicProperties.EMPTY, new byte[1], options);
        AsyncSupport.awaitBlocked(conn);
        heapBefore = heapAfterGc();
        long start = System.nanoTime();
        for (int i = 0; i < 1024; i++) { // 1 GiB, each body a fresh MiB
          CompletableFuture<Void> f =
              ch.async().basicPublish("", q, BasicProperties.EMPTY, new byte[MIB], options);
          if (f.isCompletedExceptionally()) {
            failedAtOnce++;
          }
          futures.add(f);
        }
        callMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        heapHeld = heapAfterGc() - heapBefore;
        ItSupport.waitUntil(
            publishTimeout.plusSeconds(10),
            "every held publish to time out",
            () -> futures.stream().allMatch(CompletableFuture::isDone));
      } finally {
        node.ctl("set_vm_memory_high_watermark", "0.4");
      }
      int failed = 0;
      for (CompletableFuture<Void> f : futures) {
        Throwable e = failure(f);
        assertThat(e)
            .isInstanceOfSatisfying(
                BackpressureTimeoutException.class,
                b -> assertThat(b.waitedFor()).isEqualTo(Gate.BLOCKED_CONNECTION));
        failed++;
      }
      assertThat(failed).isEqualTo(1024);
      // At most the budget was taken in (32 one-MiB bodies); the rest failed at once.
      assertThat(failedAtOnce).isGreaterThanOrEqualTo(1024 - 32);
      assertThat(heapHeld).as("heap held by the parked publishes").isLessThan(budget + 64L * MIB);
      assertThat(callMillis).as("ms for 1024 asynchronous calls").isLessThan(30_000);

      // Unblocked: publishing goes on, blocking and asynchronous.
      ItSupport.waitUntil(Duration.ofSeconds(20), "connection.unblocked", () -> !conn.isBlocked());
      ch.async().basicPublish("", q, BasicProperties.EMPTY, new byte[10]).get(20, TimeUnit.SECONDS);
      ch.basicPublish("", q, BasicProperties.EMPTY, new byte[10]);
      ItSupport.waitUntil(
          Duration.ofSeconds(20),
          "the three publishes that were written to arrive",
          () -> ch.queueDeclare(QueueSpec.named(q).passive()).messageCount() == 3);
    }
  }

  @Test
  void theWriteBufferGateHoldsPublishesWhileTheNetworkDoesNotRead() throws Exception {
    try (FaultProxy proxy =
            new FaultProxy(RecoverySupport.brokerHost(), RecoverySupport.brokerPort());
        Connection conn =
            Connection.open(
                RecoverySupport.viaProxy(
                        Broker.unique("backpressure-write-buffer"),
                        RecoveryPolicy.disabled(),
                        proxy.port())
                    .build())) {
      Channel ch = conn.openChannel();
      String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
      proxy.freeze();
      PublishOptions shortWait = PublishOptions.defaults().withTimeout(Duration.ofMillis(500));
      byte[] body = new byte[MIB];
      // Fill the socket buffers and the client's output until the socket is not writable.
      List<CompletableFuture<Void>> written = new ArrayList<>();
      for (int i = 0; i < 48; i++) {
        written.add(ch.async().basicPublish("", q, BasicProperties.EMPTY, body, shortWait));
      }
      ItSupport.waitUntil(
          Duration.ofSeconds(10),
          "a publish to fail at the write buffer",
          () -> written.stream().anyMatch(CompletableFuture::isCompletedExceptionally));
      long wroteOut =
          written.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
      assertThatThrownBy(() -> ch.basicPublish("", q, BasicProperties.EMPTY, body, shortWait))
          .isInstanceOfSatisfying(
              BackpressureTimeoutException.class,
              e -> assertThat(e.waitedFor()).isEqualTo(Gate.WRITE_BUFFER))
          .hasMessageContaining("write buffer");
      ItSupport.waitUntil(
          Duration.ofSeconds(10),
          "every asynchronous publish to be done",
          () -> written.stream().allMatch(CompletableFuture::isDone));
      long timedOut = 0;
      for (CompletableFuture<Void> f : written) {
        if (f.isCompletedExceptionally()) {
          assertThat(failure(f))
              .isInstanceOfSatisfying(
                  BackpressureTimeoutException.class,
                  e -> assertThat(e.waitedFor()).isEqualTo(Gate.WRITE_BUFFER));
          timedOut++;
        }
      }
      assertThat(timedOut).isPositive();
      assertThat(wroteOut).isLessThan(48);

      proxy.thaw();
      ch.async().basicPublish("", q, BasicProperties.EMPTY, body).get(20, TimeUnit.SECONDS);
      ch.basicPublish("", q, BasicProperties.EMPTY, body);
      long expected = 48 - timedOut + 2;
      ItSupport.waitUntil(
          Duration.ofSeconds(20),
          "the written publishes to arrive",
          () -> ch.queueDeclare(QueueSpec.named(q).passive()).messageCount() == expected);
    }
  }
}
