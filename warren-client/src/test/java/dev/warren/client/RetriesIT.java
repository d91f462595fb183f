/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.protocol.BasicProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Delivery limits and retries: a callback that always throws, on quorum and classic queues. */
@Timeout(60)
class RetriesIT {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private Connection conn;
  private Channel ch;
  private String queue;
  private String dlq;
  private final List<RetryEvent> events = new CopyOnWriteArrayList<>();
  private final List<Long> deliveredAt = new CopyOnWriteArrayList<>();
  private final List<Delivery> delivered = new CopyOnWriteArrayList<>();

  @BeforeEach
  void connect() {
    conn = Broker.connect();
    ch = conn.openChannel();
    queue = Broker.unique("retries");
    dlq = queue + ".dlq";
    ch.queueDeclare(QueueSpec.named(dlq));
  }

  @AfterEach
  void cleanUp() {
    Channel c = ch.isOpen() ? ch : conn.openChannel();
    c.queueDelete(queue);
    c.queueDelete(dlq);
    c.queueDelete(queue + ".warren-delay");
    conn.close();
  }

  private QueueSpec withDeadLetters(QueueSpec spec) {
    return spec.deadLetterExchange("").deadLetterRoutingKey(dlq);
  }

  private void publish(String body) {
    ch.basicPublish("", queue, BasicProperties.EMPTY, body.getBytes(StandardCharsets.UTF_8));
  }

  private long ready(String q) {
    return ch.queueDeclare(QueueSpec.named(q).passive()).messageCount();
  }

  /** A callback that records each delivery and always throws. */
  private Consumer alwaysThrows() {
    return d -> {
      deliveredAt.add(System.nanoTime());
      delivered.add(d);
      throw new IllegalStateException("cannot handle " + d.bodyAsString());
    };
  }

  private void awaitDeadLettered() {
    ItSupport.waitUntil(WAIT, "the message in the dead-letter queue", () -> ready(dlq) == 1);
    ItSupport.sleep(Duration.ofMillis(300)); // and no delivery after it
  }

  private Delivery deadLettered() {
    return ch.basicGet(dlq, AckMode.AUTO).orElseThrow().delivery();
  }

  @Test
  void aQuorumQueueDeliversExactlyLimitTimesThenDeadLetters() {
    ch.queueDeclare(withDeadLetters(QueueSpec.named(queue).quorum()));
    ch.basicQos(Qos.prefetch(10));
    ch.basicConsume(
        ConsumeSpec.queue(queue).retries(RetryPolicy.requeue(4).listener(events::add)),
        alwaysThrows());
    publish("poison");
    awaitDeadLettered();
    assertThat(delivered).hasSize(4);
    assertThat(delivered).extracting(Delivery::deliveryCount).containsExactly(0L, 1L, 2L, 3L);
    assertThat(events)
        .extracting(RetryEvent::outcome)
        .containsExactly(
            RetryOutcome.REQUEUED,
            RetryOutcome.REQUEUED,
            RetryOutcome.REQUEUED,
            RetryOutcome.DEAD_LETTERED);
    assertThat(events).extracting(RetryEvent::attempt).containsExactly(1, 2, 3, 4);
    assertThat(events.get(3).failure()).hasMessage("cannot handle poison");
    assertThat(deadLettered().bodyAsString()).isEqualTo("poison");
    assertThat(ready(queue)).isZero();
  }

  @Test
  void aClassicQueueCountsInTheWarrenHeaderThenDeadLetters() {
    ch.queueDeclare(withDeadLetters(QueueSpec.named(queue)));
    ch.basicConsume(
        ConsumeSpec.queue(queue).retries(RetryPolicy.republish(3).listener(events::add)),
        alwaysThrows());
    publish("poison");
    awaitDeadLettered();
    assertThat(delivered).hasSize(3);
    assertThat(delivered)
        .extracting(d -> headers(d).get(RetryPolicy.RETRIES_HEADER))
        .containsExactly(null, 1, 2);
    assertThat(events)
        .extracting(RetryEvent::outcome)
        .containsExactly(
            RetryOutcome.REPUBLISHED, RetryOutcome.REPUBLISHED, RetryOutcome.DEAD_LETTERED);
    Delivery dead = deadLettered();
    assertThat(dead.bodyAsString()).isEqualTo("poison");
    assertThat(headers(dead)).containsEntry(RetryPolicy.RETRIES_HEADER, 2);
    assertThat(ready(queue)).isZero();
  }

  @Test
  void withADelayTheRetriesAreSpacedByAtLeastTheDelay() {
    Duration delay = Duration.ofMillis(300);
    ch.queueDeclare(withDeadLetters(QueueSpec.named(queue)));
    ch.basicConsume(
        ConsumeSpec.queue(queue)
            .retries(RetryPolicy.republish(3).withDelay(delay).listener(events::add)),
        alwaysThrows());
    publish("slow poison");
    awaitDeadLettered();
    assertThat(delivered).hasSize(3);
    for (int i = 1; i < deliveredAt.size(); i++) {
      long gap = deliveredAt.get(i) - deliveredAt.get(i - 1);
      assertThat(Duration.ofNanos(gap)).as("gap before retry %d", i).isGreaterThanOrEqualTo(delay);
    }
    assertThat(events)
        .extracting(RetryEvent::outcome)
        .containsExactly(RetryOutcome.DELAYED, RetryOutcome.DELAYED, RetryOutcome.DEAD_LETTERED);
    assertThat(deadLettered().bodyAsString()).isEqualTo("slow poison");
    assertThat(ready(queue + ".warren-delay")).isZero();
  }

  @Test
  void aQuorumQueueWithADelayCountsAcrossTheCopies() {
    ch.queueDeclare(withDeadLetters(QueueSpec.named(queue).quorum()));
    ch.basicQos(Qos.prefetch(10));
    ch.basicConsume(
        ConsumeSpec.queue(queue)
            .retries(
                RetryPolicy.requeue(3).withDelay(Duration.ofMillis(200)).listener(events::add)),
        alwaysThrows());
    publish("poison");
    awaitDeadLettered();
    assertThat(delivered).hasSize(3);
    assertThat(events)
        .extracting(RetryEvent::outcome)
        .containsExactly(RetryOutcome.DELAYED, RetryOutcome.DELAYED, RetryOutcome.DEAD_LETTERED);
  }

  @Test
  void aCallbackThatSucceedsHasItsDeliveryAcked() {
    ch.queueDeclare(withDeadLetters(QueueSpec.named(queue)));
    ch.basicConsume(
        ConsumeSpec.queue(queue).retries(RetryPolicy.republish(3).listener(events::add)),
        d -> delivered.add(d));
    publish("fine");
    ItSupport.waitUntil(WAIT, "one outcome", () -> events.size() == 1);
    assertThat(events.get(0).outcome()).isEqualTo(RetryOutcome.ACKED);
    assertThat(events.get(0).failure()).isNull();
    assertThat(events.get(0).attempt()).isEqualTo(1);
    ItSupport.waitUntil(WAIT, "nothing unacked", () -> ready(queue) == 0);
    ch.basicCancel(ch.consumerTags().iterator().next());
    assertThat(ready(queue)).as("acked, so nothing comes back").isZero();
    assertThat(ready(dlq)).isZero();
  }

  private static Map<String, Object> headers(Delivery d) {
    Map<String, Object> h = d.properties().headers();
    return h == null ? Map.of() : h;
  }
}
