/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warren.errors.AmqpException;
import dev.warren.errors.PreconditionFailedException;
import dev.warren.errors.QueueTypeUnsupportedException;
import dev.warren.protocol.BasicProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Quorum queues as first-class: typed arguments, delivery counts, what they refuse. */
@Timeout(60)
class QuorumQueueIT {
  private Connection conn;
  private Channel ch;
  private String queue;

  @BeforeEach
  void connect() {
    conn = Broker.connect();
    ch = conn.openChannel();
    queue = Broker.unique("qq");
  }

  @AfterEach
  void cleanUp() {
    if (!ch.isOpen()) {
      ch = conn.openChannel();
    }
    ch.queueDelete(queue);
    conn.close();
  }

  @Test
  void aQuorumQueueWithItsTypedArguments() {
    QueueSpec spec =
        QueueSpec.named(queue)
            .quorum()
            .deliveryLimit(5)
            .deadLetterExchange("")
            .deadLetterRoutingKey(queue + ".dlq")
            .deadLetterStrategy(DeadLetterStrategy.AT_LEAST_ONCE)
            .quorumInitialGroupSize(1);
    assertThat(spec.isDurable()).isTrue();
    assertThat(spec.queueType()).hasValue("quorum");
    assertThat(spec.arguments())
        .containsEntry("x-queue-type", "quorum")
        .containsEntry("x-delivery-limit", 5)
        .containsEntry("x-dead-letter-strategy", "at-least-once")
        .containsEntry("x-overflow", "reject-publish")
        .containsEntry("x-quorum-initial-group-size", 1);
    ch.queueDeclare(spec);
    String listed = ItSupport.ctl("list_queues", "name", "type", "arguments");
    String line = listed.lines().filter(l -> l.startsWith(queue + "\t")).findFirst().orElseThrow();
    assertThat(line)
        .contains("quorum")
        .contains("x-delivery-limit")
        .contains("at-least-once")
        .contains("x-quorum-initial-group-size");
    // Redeclaring the same spec is accepted (same arguments).
    ch.queueDeclare(spec);
  }

  @Test
  void deliveryCountCountsTheRedeliveriesOfAQuorumQueue() throws Exception {
    ch.queueDeclare(QueueSpec.named(queue).quorum());
    ch.confirmSelect();
    ch.publishConfirmed(
        "",
        queue,
        BasicProperties.EMPTY,
        "x".getBytes(StandardCharsets.UTF_8),
        PublishOptions.defaults());
    LinkedBlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
    ch.basicQos(Qos.prefetch(1));
    ch.basicConsume(
        ConsumeSpec.queue(queue),
        d -> {
          got.add(d);
          if (got.size() < 3) {
            ch.basicNack(d.deliveryTag(), Requeue.REQUEUE);
          } else {
            ch.basicAck(d.deliveryTag());
          }
        });
    List<Long> counts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Delivery d = got.poll(10, TimeUnit.SECONDS);
      assertThat(d).as("delivery %d", i + 1).isNotNull();
      counts.add(d.deliveryCount());
    }
    assertThat(counts).containsExactly(0L, 1L, 2L);
  }

  @Test
  void exclusiveAutoDeleteAndNonDurableQuorumQueuesAreRefusedBeforeSending() {
    QueueTypeUnsupportedException exclusive =
        catchThrowableOfType(
            () -> ch.queueDeclare(QueueSpec.named(queue).quorum().exclusive()),
            QueueTypeUnsupportedException.class);
    assertThat(exclusive.getMessage())
        .startsWith("quorum queues do not support exclusive queues; declare it without exclusive()")
        .contains("refused by Warren before sending");
    assertThat(exclusive.replyCode()).isEqualTo(AmqpException.NO_REPLY_CODE);
    assertThat(exclusive.feature()).isEqualTo("exclusive queues");

    QueueTypeUnsupportedException autoDelete =
        catchThrowableOfType(
            () -> ch.queueDeclare(QueueSpec.named(queue).quorum().autoDelete()),
            QueueTypeUnsupportedException.class);
    assertThat(autoDelete.getMessage())
        .startsWith("quorum queues do not support auto-delete queues");

    QueueTypeUnsupportedException nonDurable =
        catchThrowableOfType(
            () -> ch.queueDeclare(QueueSpec.named(queue).argument("x-queue-type", "quorum")),
            QueueTypeUnsupportedException.class);
    assertThat(nonDurable.getMessage())
        .startsWith("quorum queues do not support non-durable queues; add durable()");

    QueueTypeUnsupportedException streamExclusive =
        catchThrowableOfType(
            () -> ch.queueDeclare(QueueSpec.named(queue).stream().exclusive()),
            QueueTypeUnsupportedException.class);
    assertThat(streamExclusive.queueType()).isEqualTo("stream");

    assertThat(ch.isOpen()).as("nothing was sent").isTrue();
    assertThat(ch.queueDeclare(QueueSpec.named(queue).quorum()).queue()).isEqualTo(queue);
  }

  @Test
  void anArgumentAQuorumQueueRefusesIsTheBrokersRefusalMapped() {
    QueueTypeUnsupportedException e =
        catchThrowableOfType(
            () -> ch.queueDeclare(QueueSpec.named(queue).quorum().argument("x-max-priority", 5)),
            QueueTypeUnsupportedException.class);
    assertThat(e.replyCode()).isEqualTo(406);
    assertThat(e.queueType()).isEqualTo("quorum");
    assertThat(e.feature()).isEqualTo("the argument x-max-priority");
    assertThat(e.getMessage())
        .startsWith("quorum queues do not support the argument x-max-priority; leave it out")
        .contains("the broker refused it")
        .contains("406 PRECONDITION_FAILED");
    assertThat(e.getCause()).isInstanceOf(PreconditionFailedException.class);
    assertThat(ch.isOpen()).as("406 closes the channel").isFalse();
  }

  @Test
  void globalQosOnAQuorumQueueIsTheBrokersRefusalMapped() {
    ch.queueDeclare(QueueSpec.named(queue).quorum());
    try (Connection other =
        Connection.open(
            Broker.parameters().toBuilder().recovery(RecoveryPolicy.disabled()).build())) {
      Channel global = other.openChannel();
      global.basicQos(Qos.prefetch(10).global());
      QueueTypeUnsupportedException e =
          catchThrowableOfType(
              () -> global.basicConsume(ConsumeSpec.queue(queue), d -> {}),
              QueueTypeUnsupportedException.class);
      assertThat(e.replyCode()).isEqualTo(540);
      assertThat(e.getMessage())
          .startsWith("quorum queues do not support global qos; use a per-consumer prefetch")
          .contains("does not support global qos");
      ItSupport.waitUntil(
          Duration.ofSeconds(5), "540 closes the connection", () -> !other.isOpen());
    }
  }
}
