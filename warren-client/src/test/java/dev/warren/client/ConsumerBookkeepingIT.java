/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.ExchangeQueueIT.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * pika's {@code consumer_tags}, {@code add_on_cancel_callback} and {@code
 * stop_consuming(consumer_tag)} against the real broker: {@link Channel#consumerTags()}, {@link
 * Channel#addCancelListener} and {@link Channel#stopConsuming(String)}.
 */
@Timeout(30)
class ConsumerBookkeepingIT {
  private Connection conn;
  private Channel ch;
  private Channel other;
  private String q1;
  private String q2;

  @BeforeEach
  void connect() {
    conn = Broker.connect();
    ch = conn.openChannel();
    other = conn.openChannel();
    q1 = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
    q2 = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
  }

  @AfterEach
  void close() {
    conn.close();
  }

  private long brokerConsumerCount(String queue) {
    return other.queueDeclare(QueueSpec.named(queue).passive()).consumerCount();
  }

  // ---- consumer_tags ----

  @Test
  void consumerTagsListTheActiveConsumersAsAnImmutableSnapshot() {
    assertThat(ch.consumerTags()).isEmpty();
    String generated = ch.basicConsume(ConsumeSpec.queue(q1), d -> {});
    String chosen = ch.basicConsume(ConsumeSpec.queue(q2).tag("my-tag").autoAck(), d -> {});
    assertThat(chosen).isEqualTo("my-tag");

    Set<String> snapshot = ch.consumerTags();
    assertThat(snapshot).containsExactlyInAnyOrder(generated, chosen);
    assertThat(ch.async().consumerTags()).isEqualTo(snapshot);
    assertThat(other.consumerTags()).isEmpty(); // per channel
    assertThatThrownBy(() -> snapshot.add("x")).isInstanceOf(UnsupportedOperationException.class);

    ch.basicCancel(generated);
    assertThat(ch.consumerTags()).containsExactly(chosen);
    assertThat(snapshot).containsExactlyInAnyOrder(generated, chosen); // unaffected
    assertThat(brokerConsumerCount(q1)).isZero();
    assertThat(brokerConsumerCount(q2)).isEqualTo(1);

    ch.close();
    assertThat(ch.consumerTags()).isEmpty();
  }

  @Test
  void asyncConsumerTagsFollowTheFutures() throws Exception {
    AsyncChannel ach = ch.async();
    String tag = ach.basicConsume(ConsumeSpec.queue(q1), d -> {}).get(5, TimeUnit.SECONDS);
    assertThat(ach.consumerTags()).containsExactly(tag);
    ach.basicCancel(tag).get(5, TimeUnit.SECONDS);
    assertThat(ach.consumerTags()).isEmpty();
  }

  @Test
  void aConsumerStreamIsListedUntilItIsCancelled() {
    ConsumerStream stream = ch.consume(ConsumeSpec.queue(q1), Duration.ofMillis(100));
    assertThat(ch.consumerTags()).containsExactly(stream.consumerTag());
    stream.cancel();
    assertThat(ch.consumerTags()).isEmpty();
  }

  @Test
  void aBrokerCancelledConsumerIsNoLongerListedWhenItsHandleCancelRuns() throws Exception {
    CompletableFuture<Set<String>> seenInHandleCancel = new CompletableFuture<>();
    String keep = ch.basicConsume(ConsumeSpec.queue(q2), d -> {});
    String gone =
        ch.basicConsume(
            ConsumeSpec.queue(q1),
            new Consumer() {
              @Override
              public void handleDelivery(Delivery delivery) {}

              @Override
              public void handleCancel(String consumerTag) {
                seenInHandleCancel.complete(ch.consumerTags());
              }
            });
    assertThat(ch.consumerTags()).containsExactlyInAnyOrder(keep, gone);
    other.queueDelete(q1);
    assertThat(seenInHandleCancel.get(5, TimeUnit.SECONDS)).containsExactly(keep);
    assertThat(ch.consumerTags()).containsExactly(keep);
  }

  // ---- add_on_cancel_callback ----

  @Test
  void cancelListenersHearBrokerCancelsAfterTheConsumerOnTheDispatcher() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    LinkedBlockingQueue<String> threads = new LinkedBlockingQueue<>();
    String t1 =
        ch.basicConsume(
            ConsumeSpec.queue(q1),
            new Consumer() {
              @Override
              public void handleDelivery(Delivery delivery) {}

              @Override
              public void handleCancel(String consumerTag) {
                events.add("consumer " + consumerTag);
              }
            });
    String t2 = ch.basicConsume(ConsumeSpec.queue(q2), d -> {});
    ch.addCancelListener(
        (tag, queue) -> {
          threads.add(Thread.currentThread().getName());
          events.add("first " + tag + " " + queue);
          throw new IllegalStateException("a failing listener does not stop the next one");
        });
    ch.async()
        .addCancelListener(
            (tag, queue) -> {
              threads.add(Thread.currentThread().getName());
              events.add("second " + tag + " " + queue);
            });

    other.queueDelete(q1);
    ItSupport.waitUntil(Duration.ofSeconds(5), "both listeners told", () -> events.size() == 3);
    assertThat(events)
        .containsExactly("consumer " + t1, "first " + t1 + " " + q1, "second " + t1 + " " + q1);
    assertThat(threads).hasSize(2).allMatch(n -> n.startsWith("warren-callback-"));

    // A cancel the application asks for is not a broker cancel.
    ch.basicCancel(t2);
    ItSupport.sleep(Duration.ofMillis(200));
    assertThat(events).hasSize(3);
    assertThat(ch.isOpen()).isTrue();
    assertThatThrownBy(() -> ch.addCancelListener(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aCancelListenerHearsTheCancelOfAConsumerStream() throws Exception {
    CompletableFuture<String> heard = new CompletableFuture<>();
    ch.addCancelListener((tag, queue) -> heard.complete(tag + "@" + queue));
    ConsumerStream stream = ch.consume(ConsumeSpec.queue(q1), Duration.ofMillis(100));
    other.queueDelete(q1);
    assertThat(heard.get(5, TimeUnit.SECONDS)).isEqualTo(stream.consumerTag() + "@" + q1);
  }

  // ---- stop_consuming(consumer_tag) ----

  @Test
  void stopConsumingOneTagKeepsTheLoopUntilTheLastConsumerGoes() throws Exception {
    String a = ch.basicConsume(ConsumeSpec.queue(q1).autoAck(), d -> {});
    String b = ch.basicConsume(ConsumeSpec.queue(q2).autoAck(), d -> {});
    CompletableFuture<Void> loop = CompletableFuture.runAsync(ch::startConsuming);
    ItSupport.sleep(Duration.ofMillis(200));

    ch.stopConsuming(a);
    assertThat(ch.consumerTags()).containsExactly(b);
    assertThat(brokerConsumerCount(q1)).isZero();
    assertThat(brokerConsumerCount(q2)).isEqualTo(1);
    ItSupport.sleep(Duration.ofMillis(300));
    assertThat(loop).isNotDone();

    ch.stopConsuming(b);
    loop.get(5, TimeUnit.SECONDS);
    assertThat(brokerConsumerCount(q2)).isZero();
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void stopConsumingItsOwnTagFromTheCallback() throws Exception {
    LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
    CompletableFuture<String> cancelOk = new CompletableFuture<>();
    String tag =
        ch.basicConsume(
            ConsumeSpec.queue(q1),
            new Consumer() {
              @Override
              public void handleDelivery(Delivery d) {
                got.add(d.bodyAsString());
                ch.basicAck(d.deliveryTag());
                if (got.size() == 3) {
                  ch.stopConsuming(d.consumerTag());
                }
              }

              @Override
              public void handleCancelOk(String consumerTag) {
                cancelOk.complete(consumerTag);
              }
            });
    for (int i = 0; i < 6; i++) {
      ch.basicPublish("", q1, BasicProperties.EMPTY, bytes("m" + i));
    }
    CompletableFuture<Void> loop = CompletableFuture.runAsync(ch::startConsuming);
    loop.get(10, TimeUnit.SECONDS);
    assertThat(got).startsWith("m0", "m1", "m2");
    assertThat(cancelOk.get(5, TimeUnit.SECONDS)).isEqualTo(tag);
    assertThat(ch.consumerTags()).isEmpty();
    assertThat(brokerConsumerCount(q1)).isZero();
  }

  @Test
  void stopConsumingATagOnAClosedChannelDoesNothing() {
    String tag = ch.basicConsume(ConsumeSpec.queue(q1), d -> {});
    ch.close();
    ch.stopConsuming(tag); // no exception: the loop has ended with the channel
    assertThatThrownBy(() -> other.stopConsuming(null)).isInstanceOf(NullPointerException.class);
  }
}
