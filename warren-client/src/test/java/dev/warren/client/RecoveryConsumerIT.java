/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.RecoverySupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Consumers the broker takes away without a connection loss: cancelled because their queue was
 * deleted (re-subscribed when it exists again, if the policy says so), and channels closed for a
 * consumer acknowledgement timeout (reopened, consumers re-subscribed).
 */
@Timeout(60)
class RecoveryConsumerIT {

  /** A consumer that records what happens to it. */
  static final class Recorder implements Consumer {
    final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void handleDelivery(Delivery delivery) {
      deliveries.add(delivery);
    }

    @Override
    public void handleConsumeOk(String consumerTag) {
      events.add("consume-ok:" + consumerTag);
    }

    @Override
    public void handleCancel(String consumerTag) {
      events.add("cancel:" + consumerTag);
    }

    @Override
    public void handleShutdown(String consumerTag, dev.warren.errors.AmqpException cause) {
      events.add("shutdown:" + consumerTag);
    }
  }

  private static String consumerListing() {
    return ItSupport.ctl("list_consumers", "queue_name", "consumer_tag");
  }

  @Test
  void aConsumerCancelledByQueueDeletionComesBackWhenTheQueueIsRedeclared() throws Exception {
    String queue = Broker.unique("deleted");
    RecoveryPolicy policy =
        RecoverySupport.fastPolicy()
            .onBrokerCancel(
                RecoveryPolicy.BrokerCancelPolicy.RESUBSCRIBE_WHEN_QUEUE_EXISTS,
                Duration.ofMillis(200))
            .build();
    try (Connection conn =
            Connection.open(RecoverySupport.params(Broker.unique("resubscribe"), policy).build());
        Connection other = Broker.connect()) {
      Channel ch = conn.openChannel();
      ch.queueDeclare(QueueSpec.named(queue));
      Recorder consumer = new Recorder();
      String tag = ch.basicConsume(ConsumeSpec.queue(queue), consumer);

      Channel admin = other.openChannel();
      admin.queueDelete(queue);
      ItSupport.waitUntil(
          Duration.ofSeconds(5), "handleCancel", () -> consumer.events.contains("cancel:" + tag));
      assertThat(consumerListing()).doesNotContain(tag);
      ItSupport.sleep(Duration.ofMillis(700)); // a few looks for the queue, none finds it
      assertThat(ch.isOpen()).isTrue();
      assertThat(consumerListing()).doesNotContain(tag);

      // Someone else declares the queue again: the same consumer comes back, same tag.
      admin.queueDeclare(QueueSpec.named(queue));
      ItSupport.waitUntil(
          Duration.ofSeconds(10),
          "the consumer back in list_consumers",
          () -> consumerListing().contains(tag));
      admin.basicPublish("", queue, BasicProperties.EMPTY, bytes("back"));
      Delivery d = consumer.deliveries.poll(5, TimeUnit.SECONDS);
      assertThat(d).isNotNull();
      assertThat(d.consumerTag()).isEqualTo(tag);
      ch.basicAck(d.deliveryTag());
      assertThat(consumer.events)
          .containsExactly("consume-ok:" + tag, "cancel:" + tag, "consume-ok:" + tag);
      assertThat(ch.isOpen()).isTrue();

      // Cancelled by the application while waiting for its queue: it does not come back.
      admin.queueDelete(queue);
      ItSupport.waitUntil(
          Duration.ofSeconds(5), "second handleCancel", () -> consumer.events.size() == 4);
      ch.basicCancel(tag);
      admin.queueDeclare(QueueSpec.named(queue));
      ItSupport.sleep(Duration.ofMillis(700));
      assertThat(consumerListing()).doesNotContain(tag);
      admin.queueDelete(queue);
    }
  }

  @Test
  void withForgetACancelledConsumerDoesNotComeBack() throws Exception {
    String queue = Broker.unique("forgotten");
    RecoveryPolicy policy = RecoverySupport.fastPolicy().build(); // FORGET is the default
    assertThat(policy.brokerCancelPolicy()).isEqualTo(RecoveryPolicy.BrokerCancelPolicy.FORGET);
    try (Connection conn =
            Connection.open(RecoverySupport.params(Broker.unique("forget"), policy).build());
        Connection other = Broker.connect()) {
      Channel ch = conn.openChannel();
      ch.queueDeclare(QueueSpec.named(queue));
      Recorder consumer = new Recorder();
      String tag = ch.basicConsume(ConsumeSpec.queue(queue).autoAck(), consumer);

      Channel admin = other.openChannel();
      admin.queueDelete(queue);
      ItSupport.waitUntil(
          Duration.ofSeconds(5), "handleCancel", () -> consumer.events.contains("cancel:" + tag));
      admin.queueDeclare(QueueSpec.named(queue));
      admin.basicPublish("", queue, BasicProperties.EMPTY, bytes("nobody"));
      assertThat(consumer.deliveries.poll(1, TimeUnit.SECONDS)).isNull();
      assertThat(consumerListing()).doesNotContain(tag);
      assertThat(consumer.events).containsExactly("consume-ok:" + tag, "cancel:" + tag);
      assertThat(ch.isOpen()).isTrue();
      admin.queueDelete(queue);
    }
  }

  /**
   * RabbitMQ closes a channel with 406 when a delivery stays unacknowledged longer than
   * consumer_timeout. 3.10 reads consumer_timeout (and channel_tick_interval, how often it checks)
   * when a channel starts, so both are lowered on the running node for the few seconds this test's
   * channel needs, and put back in a finally block.
   */
  @Test
  void aChannelClosedForAnAckTimeoutIsReopenedWithItsConsumers() throws Exception {
    String queue = Broker.unique("ack-timeout");
    Recorder consumer = new Recorder();
    String previousTimeout = envValue("consumer_timeout");
    String previousTick = envValue("channel_tick_interval");
    try (Connection conn =
            Connection.open(
                RecoverySupport.params(
                        Broker.unique("ack-timeout"), RecoverySupport.fastPolicy().build())
                    .build());
        Connection other = Broker.connect()) {
      Channel admin = other.openChannel();
      admin.queueDeclare(QueueSpec.named(queue));
      for (int i = 0; i < 3; i++) {
        admin.basicPublish("", queue, BasicProperties.EMPTY, bytes("m" + i));
      }
      Channel ch;
      String tag;
      try {
        setEnv("consumer_timeout", "2000");
        setEnv("channel_tick_interval", "500");
        ch = conn.openChannel(); // picks the low timeout up
        ch.basicQos(Qos.prefetch(10));
        tag = ch.basicConsume(ConsumeSpec.queue(queue), consumer); // and never acks the first ones
        List<Delivery> first = take(consumer, 3, Duration.ofSeconds(5));
        assertThat(first).allMatch(d -> !d.redelivered());

        // ~2 s later the broker closes the channel with 406; it is reopened, the consumer is
        // re-subscribed with its tag, and the broker redelivers the three.
        List<Delivery> again = take(consumer, 3, Duration.ofSeconds(15));
        assertThat(again).allMatch(Delivery::redelivered);
        assertThat(again).allMatch(d -> d.consumerTag().equals(tag));
        assertThat(ch.isOpen()).isTrue();
        // Acks of the first deliveries belong to the closed channel: dropped, not sent.
        for (Delivery d : first) {
          ch.basicAck(d.deliveryTag());
        }
        for (Delivery d : again) {
          ch.basicAck(d.deliveryTag());
        }
      } finally {
        setEnv("consumer_timeout", previousTimeout);
        setEnv("channel_tick_interval", previousTick);
      }
      assertThat(consumer.events).containsExactly("consume-ok:" + tag);
      assertThat(consumerListing()).contains(tag);
      // Nothing left unacknowledged and the channel still works.
      ItSupport.waitUntil(
          Duration.ofSeconds(5),
          "the queue to be empty",
          () -> admin.queueDeclare(QueueSpec.named(queue).passive()).messageCount() == 0);
      admin.basicPublish("", queue, BasicProperties.EMPTY, bytes("later"));
      Delivery later = consumer.deliveries.poll(5, TimeUnit.SECONDS);
      assertThat(later).isNotNull();
      assertThat(later.redelivered()).isFalse();
      ch.basicAck(later.deliveryTag());
      assertThat(ch.isOpen()).isTrue();
      admin.queueDelete(queue);
    }
  }

  private static List<Delivery> take(Recorder consumer, int n, Duration timeout)
      throws InterruptedException {
    List<Delivery> got = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (got.size() < n) {
      Delivery d =
          consumer.deliveries.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (d == null) {
        throw new AssertionError(
            "got " + got.size() + " of " + n + " deliveries within " + timeout);
      }
      got.add(d);
    }
    return got;
  }

  /** The rabbit application's environment value, as an Erlang term ("undefined" if unset). */
  private static String envValue(String key) {
    String out =
        RecoverySupport.eval(
                "case application:get_env(rabbit, "
                    + key
                    + ") of {ok, V} -> V; _ -> undefined end.")
            .trim();
    assertThat(out).matches("[0-9]+|undefined");
    return out;
  }

  private static void setEnv(String key, String value) {
    if (value.equals("undefined")) {
      RecoverySupport.eval("application:unset_env(rabbit, " + key + ").");
    } else {
      RecoverySupport.eval("application:set_env(rabbit, " + key + ", " + value + ").");
    }
  }
}
