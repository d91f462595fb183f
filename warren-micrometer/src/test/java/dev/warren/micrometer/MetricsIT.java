/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.micrometer;

import static dev.warren.micrometer.BrokerLevers.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConnectionParameters;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.Consumer;
import dev.warren.client.Delivery;
import dev.warren.client.PublishOptions;
import dev.warren.client.QueueSpec;
import dev.warren.client.RecoveryPolicy;
import dev.warren.client.Requeue;
import dev.warren.protocol.BasicProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * WarrenMetrics against the real broker: a known run of publishes, confirms, a return, deliveries
 * with acks and a reject, a broker cancel and a forced close, and the exact counts they leave.
 */
class MetricsIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void aKnownRunLeavesTheExactCountsAndARecovery() throws Exception {
    MeterRegistry registry = new SimpleMeterRegistry();
    String name = BrokerLevers.unique("metrics-it");
    ConnectionParameters params =
        BrokerLevers.parameters().toBuilder()
            .connectionName(name)
            .recovery(
                RecoveryPolicy.builder()
                    .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                    .build())
            .observer(WarrenMetrics.of(registry))
            .build();
    String queue = BrokerLevers.unique("metrics-q");
    String doomed = BrokerLevers.unique("metrics-doomed");
    byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
    try (Connection conn = Connection.open(params)) {
      assertThat(gauge(registry, "rabbitmq.connections")).isEqualTo(1);
      Channel ch = conn.openChannel();
      Channel admin = conn.openChannel();
      assertThat(gauge(registry, "rabbitmq.channels")).isEqualTo(2);
      try {
        ch.queueDeclare(QueueSpec.named(queue));
        admin.queueDeclare(QueueSpec.named(doomed));
        ch.confirmSelect();
        for (int i = 0; i < 10; i++) {
          ch.basicPublish("", queue, BasicProperties.EMPTY, body);
        }
        // A mandatory publish nobody can receive: returned, then acked.
        ch.basicPublish(
            "",
            BrokerLevers.unique("nowhere"),
            BasicProperties.EMPTY,
            body,
            PublishOptions.defaults().mandatory());
        ch.waitForConfirms(WAIT);
        waitUntil(WAIT, "the return", () -> count(registry, "rabbitmq.unrouted_published") == 1);

        assertThat(count(registry, "rabbitmq.published")).isEqualTo(11);
        assertThat(count(registry, "rabbitmq.published.bytes")).isEqualTo(11 * body.length);
        assertThat(count(registry, "rabbitmq.acknowledged_published")).isEqualTo(11);
        assertThat(count(registry, "rabbitmq.nacked_published")).isZero();
        assertThat(count(registry, "rabbitmq.failed_to_publish")).isZero();
        assertThat(registry.get("rabbitmq.confirm.latency").tag("outcome", "ack").timer().count())
            .as("one confirm-latency sample per confirm")
            .isEqualTo(11);

        // Ten deliveries: nine acked, the tenth rejected.
        CountDownLatch settled = new CountDownLatch(10);
        AtomicInteger seen = new AtomicInteger();
        Channel consumer = conn.openChannel();
        consumer.basicConsume(
            ConsumeSpec.queue(queue),
            d -> {
              if (seen.incrementAndGet() < 10) {
                consumer.basicAck(d.deliveryTag());
              } else {
                consumer.basicReject(d.deliveryTag(), Requeue.DISCARD);
              }
              settled.countDown();
            });
        assertThat(settled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(count(registry, "rabbitmq.consumed")).isEqualTo(10);
        assertThat(count(registry, "rabbitmq.consumed.bytes")).isEqualTo(10 * body.length);
        assertThat(count(registry, "rabbitmq.acknowledged")).isEqualTo(9);
        assertThat(count(registry, "rabbitmq.rejected")).isEqualTo(1);

        // A broker cancel: the consumer's queue is deleted under it.
        CountDownLatch cancelled = new CountDownLatch(1);
        consumer.basicConsume(
            ConsumeSpec.queue(doomed),
            new Consumer() {
              @Override
              public void handleDelivery(Delivery delivery) {}

              @Override
              public void handleCancel(String consumerTag) {
                cancelled.countDown();
              }
            });
        admin.queueDelete(doomed);
        assertThat(cancelled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(count(registry, "rabbitmq.consumers.cancelled_by_broker")).isEqualTo(1);

        // A forced close: lost, recovered, and the gauges as before.
        BrokerLevers.forceClose(name);
        waitUntil(WAIT, "the recovery", () -> count(registry, "rabbitmq.recoveries") == 1);
        waitUntil(WAIT, "the open state", () -> conn.state() == Connection.State.OPEN);
        assertThat(count(registry, "rabbitmq.connections.lost")).isEqualTo(1);
        assertThat(registry.get("rabbitmq.recovery.downtime").timer().count()).isEqualTo(1);
        assertThat(gauge(registry, "rabbitmq.connections")).isEqualTo(1);
        assertThat(gauge(registry, "rabbitmq.channels")).isEqualTo(3);

        // Still counting after the recovery.
        ch.basicPublish("", queue, BasicProperties.EMPTY, body);
        ch.waitForConfirms(WAIT);
        assertThat(count(registry, "rabbitmq.published")).isEqualTo(12);
        assertThat(count(registry, "rabbitmq.acknowledged_published")).isEqualTo(12);
        assertThat(registry.get("rabbitmq.confirm.latency").tag("outcome", "ack").timer().count())
            .isEqualTo(12);
      } finally {
        admin.queueDelete(queue);
      }
    }
    assertThat(gauge(registry, "rabbitmq.connections")).isZero();
    assertThat(gauge(registry, "rabbitmq.channels")).isZero();
    assertThat(count(registry, "rabbitmq.failed_to_publish")).isZero();
  }

  private static double count(MeterRegistry registry, String name) {
    return registry.get(name).counter().count();
  }

  private static double gauge(MeterRegistry registry, String name) {
    return registry.get(name).gauge().value();
  }
}
