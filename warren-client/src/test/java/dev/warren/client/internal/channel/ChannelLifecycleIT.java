/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConnectionParameters;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.QueueSpec;
import dev.warren.client.RecoveryPolicy;
import dev.warren.testkit.FaultProxy;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Channel life-cycle races against the real broker, with the test kit's TCP proxy holding traffic
 * back and, where the race is on the client's side, the connection's event loop held still.
 */
@Timeout(60)
class ChannelLifecycleIT {

  private static ConnectionParameters broker() {
    String url = System.getenv("AMQP_URL");
    return ConnectionParameters.fromUri(
        url == null || url.isBlank() ? "amqp://guest:guest@localhost:5672/%2F" : url);
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static FaultProxy proxy() {
    return new FaultProxy(broker().host(), broker().port());
  }

  private static Connection viaProxy(FaultProxy proxy, RecoveryPolicy policy) {
    return Connection.open(
        broker().toBuilder()
            .connectionName(unique("lifecycle"))
            .recovery(policy)
            .host("localhost")
            .port(proxy.port())
            .build());
  }

  private static RecoveryPolicy.Builder fastPolicy() {
    return RecoveryPolicy.builder().backoff(Duration.ofMillis(50), Duration.ofMillis(500));
  }

  private static void waitUntil(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      sleep(Duration.ofMillis(20));
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Holds the channel's event loop still until the returned latch is counted down. */
  private static CountDownLatch holdEventLoop(Channel ch) throws InterruptedException {
    ChannelCore core = (ChannelCore) ch.async();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch held = new CountDownLatch(1);
    core.context()
        .loop()
        .execute(
            () -> {
              held.countDown();
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
    return release;
  }

  @Test
  void closingARecoveringChannelCompletesOnlyOnceItIsClosed() throws Exception {
    try (FaultProxy proxy = proxy();
        Connection conn = viaProxy(proxy, fastPolicy().build())) {
      Channel ch = conn.openChannel();
      Channel blockingClosed = conn.openChannel();
      proxy.refuseNew(true);
      try {
        proxy.cutAll();
        waitUntil(
            Duration.ofSeconds(10),
            "channels recovering",
            () ->
                ch.state() == Channel.State.RECOVERING
                    && blockingClosed.state() == Channel.State.RECOVERING);

        CountDownLatch release = holdEventLoop(ch);
        CompletableFuture<Void> closing;
        try {
          closing = ch.async().close();
          // The I/O thread has not closed it yet: the close has started, it is not done.
          assertThat(ch.state()).isEqualTo(Channel.State.CLOSING);
          sleep(Duration.ofMillis(200));
          assertThat(closing).isNotDone();
          assertThat(ch.isOpen()).isTrue();
        } finally {
          release.countDown();
        }
        closing.get(10, TimeUnit.SECONDS);
        assertThat(ch.isOpen()).isFalse();
        assertThat(ch.state()).isEqualTo(Channel.State.CLOSED);

        // The blocking close: closed for good once it returns.
        blockingClosed.close();
        assertThat(blockingClosed.isOpen()).isFalse();
        assertThat(blockingClosed.state()).isEqualTo(Channel.State.CLOSED);
      } finally {
        proxy.refuseNew(false);
      }
    }
  }

  @Test
  void aNoWaitConsumeWhoseSendFailsLeavesNoConsumer() throws Exception {
    String queue = unique("nowait-failed");
    try (FaultProxy proxy = proxy();
        Connection conn = viaProxy(proxy, fastPolicy().build());
        Connection other = Connection.open(broker())) {
      Channel admin = other.openChannel();
      admin.queueDeclare(QueueSpec.named(queue));
      try {
        Channel ch = conn.openChannel();
        CopyOnWriteArrayList<String> consumeOks = new CopyOnWriteArrayList<>();
        proxy.freeze(); // holds the close-ok back: the channel is closing, not closed
        try {
          CompletableFuture<Void> closing = ch.async().close();
          assertThat(ch.state()).isEqualTo(Channel.State.CLOSING);
          CompletableFuture<String> consumed =
              ch.async()
                  .basicConsume(
                      ConsumeSpec.queue(queue).tag("nowait-tag").noWait(),
                      new dev.warren.client.Consumer() {
                        @Override
                        public void handleDelivery(dev.warren.client.Delivery d) {}

                        @Override
                        public void handleConsumeOk(String tag) {
                          consumeOks.add(tag);
                        }
                      });
          assertThatThrownBy(() -> consumed.get(10, TimeUnit.SECONDS))
              .isInstanceOf(ExecutionException.class);
          assertThat(ch.async().consumerTags()).isEmpty();
          assertThat(closing).isNotDone();
        } finally {
          proxy.thaw();
        }
        waitUntil(Duration.ofSeconds(10), "channel closed", () -> !ch.isOpen());
        sleep(Duration.ofMillis(100));
        assertThat(consumeOks).isEmpty();
        assertThat(admin.queueDeclare(QueueSpec.named(queue).passive()).consumerCount()).isZero();
      } finally {
        admin.queueDelete(queue);
      }
    }
  }

  @Test
  void anApplicationCancelWinsOverABrokerCancelOfTheSameConsumer() throws Exception {
    String queue = unique("cancel-race");
    RecoveryPolicy policy =
        fastPolicy()
            .onBrokerCancel(
                RecoveryPolicy.BrokerCancelPolicy.RESUBSCRIBE_WHEN_QUEUE_EXISTS,
                Duration.ofMillis(100))
            .build();
    try (FaultProxy proxy = proxy();
        Connection conn = viaProxy(proxy, policy);
        Connection other = Connection.open(broker())) {
      Channel admin = other.openChannel();
      Channel ch = conn.openChannel();
      ch.queueDeclare(QueueSpec.named(queue));
      try {
        CopyOnWriteArrayList<String> events = new CopyOnWriteArrayList<>();
        String tag =
            ch.basicConsume(
                ConsumeSpec.queue(queue),
                new dev.warren.client.Consumer() {
                  @Override
                  public void handleDelivery(dev.warren.client.Delivery d) {}

                  @Override
                  public void handleConsumeOk(String t) {
                    events.add("consume-ok");
                  }

                  @Override
                  public void handleCancel(String t) {
                    events.add("cancel");
                  }

                  @Override
                  public void handleCancelOk(String t) {
                    events.add("cancel-ok");
                  }
                });
        proxy.freeze();
        CompletableFuture<Void> cancelled;
        try {
          // The broker cancels the consumer (its queue goes) while the application's cancel is on
          // its way: the broker's basic.cancel reaches the client first.
          admin.queueDelete(queue);
          sleep(Duration.ofMillis(200));
          cancelled = ch.async().basicCancel(tag);
          sleep(Duration.ofMillis(200));
        } finally {
          proxy.thaw();
        }
        cancelled.get(10, TimeUnit.SECONDS);
        waitUntil(Duration.ofSeconds(5), "handleCancel", () -> events.contains("cancel"));

        // The queue comes back: the consumer the application cancelled must not.
        admin.queueDeclare(QueueSpec.named(queue));
        sleep(Duration.ofMillis(800));
        assertThat(ch.async().consumerTags()).doesNotContain(tag);
        assertThat(admin.queueDeclare(QueueSpec.named(queue).passive()).consumerCount()).isZero();
        assertThat(events).doesNotContain("cancel-ok").containsOnlyOnce("consume-ok");
        assertThat(ch.isOpen()).isTrue();
      } finally {
        admin.queueDelete(queue);
      }
    }
  }
}
