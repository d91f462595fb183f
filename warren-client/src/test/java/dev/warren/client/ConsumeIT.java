/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.ExchangeQueueIT.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warren.errors.AccessRefusedException;
import dev.warren.errors.AmqpException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.Initiator;
import dev.warren.errors.PreconditionFailedException;
import dev.warren.errors.ResourceLockedException;
import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Consuming: callback consumers, pika's pull style, start/stop consuming. */
@Timeout(30)
class ConsumeIT extends ExclusiveQueueFixture {

  /** Records every callback with the thread it ran on. */
  static final class Recorder implements Consumer {
    final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final CountDownLatch cancelled = new CountDownLatch(1);
    final CountDownLatch shutdown = new CountDownLatch(1);
    volatile AmqpException shutdownCause;

    @Override
    public void handleDelivery(Delivery delivery) {
      threads.add(Thread.currentThread().getName());
      deliveries.add(delivery);
    }

    @Override
    public void handleConsumeOk(String consumerTag) {
      threads.add(Thread.currentThread().getName());
      events.add("consume-ok " + consumerTag);
    }

    @Override
    public void handleCancelOk(String consumerTag) {
      threads.add(Thread.currentThread().getName());
      events.add("cancel-ok " + consumerTag);
    }

    @Override
    public void handleCancel(String consumerTag) {
      threads.add(Thread.currentThread().getName());
      events.add("cancel " + consumerTag);
      cancelled.countDown();
    }

    @Override
    public void handleShutdown(String consumerTag, AmqpException cause) {
      threads.add(Thread.currentThread().getName());
      events.add("shutdown " + consumerTag);
      shutdownCause = cause;
      shutdown.countDown();
    }

    Delivery next() throws InterruptedException {
      Delivery d = deliveries.poll(5, TimeUnit.SECONDS);
      assertThat(d).as("a delivery within 5 s").isNotNull();
      return d;
    }
  }

  @Test
  void serverTagOwnTagConsumeOkCancelOk() throws Exception {
    Recorder server = new Recorder();
    String serverTag = ch.basicConsume(ConsumeSpec.queue(q), server);
    assertThat(serverTag).startsWith("amq.ctag-");
    Recorder own = new Recorder();
    String ownTag = ch.basicConsume(ConsumeSpec.queue(q).tag("my-tag"), own);
    assertThat(ownTag).isEqualTo("my-tag");
    ItSupport.waitUntil(Duration.ofSeconds(5), "consume-ok", () -> own.events.size() == 1);
    assertThat(server.events).containsExactly("consume-ok " + serverTag);
    assertThat(own.events).containsExactly("consume-ok my-tag");
    assertThat(ch.queueDeclare(QueueSpec.named(q).passive()).consumerCount()).isEqualTo(2);

    ch.basicCancel(serverTag);
    ItSupport.waitUntil(Duration.ofSeconds(5), "cancel-ok", () -> server.events.size() == 2);
    assertThat(server.events).containsExactly("consume-ok " + serverTag, "cancel-ok " + serverTag);
    // Only the remaining consumer gets messages now.
    for (int i = 0; i < 3; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("m" + i));
    }
    for (int i = 0; i < 3; i++) {
      Delivery d = own.next();
      assertThat(d.consumerTag()).isEqualTo("my-tag");
      ch.basicAck(d.deliveryTag());
    }
    assertThat(server.deliveries).isEmpty();
    assertThat(ch.queueDeclare(QueueSpec.named(q).passive()).consumerCount()).isEqualTo(1);
    assertThat(server.threads).noneMatch(t -> t.startsWith("warren-io"));
    assertThat(own.threads).noneMatch(t -> t.startsWith("warren-io"));
  }

  @Test
  void exclusiveConsumerKeepsOthersOut() {
    ch.basicConsume(ConsumeSpec.queue(q).exclusive(), d -> {});
    Channel other = conn.openChannel();
    AccessRefusedException e =
        catchThrowableOfType(
            AccessRefusedException.class, () -> other.basicConsume(ConsumeSpec.queue(q), d -> {}));
    assertThat(e).isNotNull();
    assertThat(e.replyCode()).isEqualTo(403);
    assertThat(e.replyText()).contains("exclusive");
    // A queue that is exclusive to another connection: 405.
    String shared = Broker.unique("it-q-shared");
    try (Connection another = Broker.connect()) {
      another.openChannel().queueDeclare(QueueSpec.named(shared).exclusive());
      ResourceLockedException locked =
          catchThrowableOfType(
              ResourceLockedException.class,
              () -> conn.openChannel().basicConsume(ConsumeSpec.queue(shared), d -> {}));
      assertThat(locked).isNotNull();
      assertThat(locked.replyCode()).isEqualTo(405);
    }
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void consumeArgumentsReachTheBroker() throws Exception {
    // A consumer priority: the higher one gets the messages while it has room.
    Recorder low = new Recorder();
    Recorder high = new Recorder();
    ch.basicConsume(ConsumeSpec.queue(q).autoAck().argument("x-priority", 1), low);
    ch.basicConsume(ConsumeSpec.queue(q).autoAck().argument("x-priority", 10), high);
    for (int i = 0; i < 5; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("p" + i));
    }
    for (int i = 0; i < 5; i++) {
      high.next();
    }
    assertThat(low.deliveries).isEmpty();
    // An argument of the wrong type is refused.
    PreconditionFailedException e =
        catchThrowableOfType(
            PreconditionFailedException.class,
            () ->
                conn.openChannel()
                    .basicConsume(ConsumeSpec.queue(q).argument("x-priority", "high"), d -> {}));
    assertThat(e).isNotNull();
    assertThat(e.replyText()).contains("x-priority");
  }

  @Test
  void noWaitConsumeWithOwnTag() throws Exception {
    Recorder r = new Recorder();
    String tag = ch.basicConsume(ConsumeSpec.queue(q).tag("nowait-tag").noWait().autoAck(), r);
    assertThat(tag).isEqualTo("nowait-tag");
    ch.basicPublish("", q, BasicProperties.EMPTY, bytes("hello"));
    Delivery d = r.next();
    assertThat(d.consumerTag()).isEqualTo("nowait-tag");
    assertThat(r.events).contains("consume-ok nowait-tag");
    assertThat(ch.queueDeclare(QueueSpec.named(q).passive()).consumerCount()).isEqualTo(1);
  }

  @Test
  void noLocalIsAcceptedAndIgnoredByRabbitMq() throws Exception {
    Recorder r = new Recorder();
    ch.basicConsume(ConsumeSpec.queue(q).noLocal().autoAck(), r);
    ch.basicPublish("", q, BasicProperties.EMPTY, bytes("own"));
    assertThat(r.next().bodyAsString()).isEqualTo("own");
  }

  @Test
  void callbacksRunInOrderPerChannelAndNeverOnAnIoThread() throws Exception {
    Recorder r = new Recorder();
    ch.basicConsume(ConsumeSpec.queue(q).autoAck(), r);
    int n = 2000;
    Channel pub = conn.openChannel();
    for (int i = 0; i < n; i++) {
      pub.basicPublish("", q, BasicProperties.EMPTY, bytes(Integer.toString(i)));
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Delivery d = r.next();
      order.add(Integer.parseInt(d.bodyAsString()));
      assertThat(d.deliveryTag()).isEqualTo(i + 1);
    }
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      expected.add(i);
    }
    assertThat(order).isEqualTo(expected);
    assertThat(r.threads).isNotEmpty().noneMatch(t -> t.startsWith("warren-io"));
  }

  @Test
  void brokerCancelsTheConsumerWhenItsQueueIsDeleted() throws Exception {
    Recorder r = new Recorder();
    String tag = ch.basicConsume(ConsumeSpec.queue(q), r);
    conn.openChannel().queueDelete(q);
    assertThat(r.cancelled.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(r.events).containsExactly("consume-ok " + tag, "cancel " + tag);
    assertThat(ch.isOpen()).isTrue();
    assertThat(r.threads).noneMatch(t -> t.startsWith("warren-io"));
  }

  @Test
  void shutdownWhenTheChannelCloses() throws Exception {
    Recorder r = new Recorder();
    String tag = ch.basicConsume(ConsumeSpec.queue(q), r);
    Channel other = conn.openChannel();
    String q2 = other.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
    Recorder r2 = new Recorder();
    String tag2 = other.basicConsume(ConsumeSpec.queue(q2), r2);

    ch.close();
    assertThat(r.shutdown.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(r.events).containsExactly("consume-ok " + tag, "shutdown " + tag);
    assertThat(r.shutdownCause).isInstanceOf(ChannelClosedException.class);
    assertThat(((ChannelClosedException) r.shutdownCause).initiator()).isEqualTo(Initiator.CLIENT);

    // A channel error shuts its consumers down with the broker's reason.
    ChannelClosedException e =
        catchThrowableOfType(
            ChannelClosedException.class,
            () -> other.queueDeclare(QueueSpec.named(Broker.unique("missing")).passive()));
    assertThat(e).isNotNull();
    assertThat(r2.shutdown.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(r2.shutdownCause).isSameAs(e);
    assertThat(r2.events).containsExactly("consume-ok " + tag2, "shutdown " + tag2);
  }

  @Test
  void aBlockingCallbackDoesNotStallOtherChannels() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blockedInCallback = new CountDownLatch(1);
    AtomicInteger slowCount = new AtomicInteger();
    ch.basicConsume(
        ConsumeSpec.queue(q).autoAck(),
        d -> {
          slowCount.incrementAndGet();
          blockedInCallback.countDown();
          release.await(20, TimeUnit.SECONDS);
        });
    Channel fast = conn.openChannel();
    String q2 = fast.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
    Recorder r = new Recorder();
    fast.basicConsume(ConsumeSpec.queue(q2).autoAck(), r);
    try {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("slow-1"));
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("slow-2"));
      assertThat(blockedInCallback.await(5, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 100; i++) {
        fast.basicPublish("", q2, BasicProperties.EMPTY, bytes("fast-" + i));
      }
      for (int i = 0; i < 100; i++) {
        assertThat(r.next().bodyAsString()).isEqualTo("fast-" + i);
      }
      // The blocked channel itself still answers synchronous methods.
      assertThat(ch.queueDeclare(QueueSpec.named(q).passive()).consumerCount()).isEqualTo(1);
      assertThat(slowCount.get()).isEqualTo(1); // the second waits behind the first, in order
    } finally {
      release.countDown();
    }
    ItSupport.waitUntil(
        Duration.ofSeconds(5), "the second slow delivery", () -> slowCount.get() == 2);
  }

  @Test
  void callbacksMayCallBlockingChannelMethods() throws Exception {
    LinkedBlockingQueue<String> results = new LinkedBlockingQueue<>();
    ch.basicConsume(
        ConsumeSpec.queue(q),
        d -> {
          long count = ch.queueDeclare(QueueSpec.named(q).passive()).consumerCount();
          ch.basicAck(d.deliveryTag());
          results.add(d.bodyAsString() + ":" + count);
        });
    ch.basicPublish("", q, BasicProperties.EMPTY, bytes("a"));
    ch.basicPublish("", q, BasicProperties.EMPTY, bytes("b"));
    assertThat(results.poll(5, TimeUnit.SECONDS)).isEqualTo("a:1");
    assertThat(results.poll(5, TimeUnit.SECONDS)).isEqualTo("b:1");
  }

  // ---- pika's pull style ----

  @Test
  void pullStyleYieldsDeliveriesThenInactiveMarkers() {
    for (int i = 0; i < 3; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("m" + i));
    }
    try (ConsumerStream stream = ch.consume(ConsumeSpec.queue(q), Duration.ofMillis(300))) {
      assertThat(stream.consumerTag()).startsWith("amq.ctag-");
      Iterator<ConsumerStream.Item> it = stream.iterator();
      for (int i = 0; i < 3; i++) {
        assertThat(it.hasNext()).isTrue();
        ConsumerStream.Item item = it.next();
        assertThat(item.isInactive()).isFalse();
        assertThat(item.delivery().bodyAsString()).isEqualTo("m" + i);
        ch.basicAck(item.delivery().deliveryTag());
      }
      long start = System.nanoTime();
      assertThat(it.hasNext()).isTrue();
      ConsumerStream.Item inactive = it.next();
      long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(inactive.isInactive()).isTrue();
      assertThat(inactive).isEqualTo(ConsumerStream.Item.inactive());
      assertThat(waitedMs).isBetween(250L, 3000L);
      // Not the end: a message published now still comes.
      assertThat(it.next().isInactive()).isTrue();
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("late"));
      ConsumerStream.Item late = it.next();
      while (late.isInactive()) {
        late = it.next();
      }
      assertThat(late.delivery().bodyAsString()).isEqualTo("late");
      ch.basicAck(late.delivery().deliveryTag());
      assertThat(stream.cancel()).isZero();
      assertThat(it.hasNext()).isFalse();
    }
    assertThat(ch.queueDeclare(QueueSpec.named(q).passive()).consumerCount()).isZero();
  }

  @Test
  void pullStyleCancelRequeuesWhatWasNotHandedOut() {
    for (int i = 0; i < 10; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("m" + i));
    }
    ConsumerStream stream = ch.consume(ConsumeSpec.queue(q), Duration.ofSeconds(1));
    Iterator<ConsumerStream.Item> it = stream.iterator();
    for (int i = 0; i < 2; i++) {
      ConsumerStream.Item item = it.next();
      assertThat(item.delivery().bodyAsString()).isEqualTo("m" + i);
      ch.basicAck(item.delivery().deliveryTag());
    }
    // Wait until the broker has delivered all ten (nothing left ready in the queue).
    ItSupport.waitUntil(
        Duration.ofSeconds(5),
        "all ten delivered",
        () -> ch.queueDeclare(QueueSpec.named(q).passive()).messageCount() == 0);
    assertThat(stream.cancel()).isEqualTo(8);
    ItSupport.waitUntil(
        Duration.ofSeconds(5),
        "the eight to be requeued",
        () -> ch.queueDeclare(QueueSpec.named(q).passive()).messageCount() == 8);
    GetResponse first = ch.basicGet(q, AckMode.AUTO).orElseThrow();
    assertThat(first.delivery().bodyAsString()).isEqualTo("m2");
    assertThat(first.delivery().redelivered()).isTrue();
    assertThat(ch.queueDeclare(QueueSpec.named(q).passive()).consumerCount()).isZero();
  }

  @Test
  void pullStyleWithAutoAckCountsButCannotRequeue() {
    for (int i = 0; i < 5; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("m" + i));
    }
    ConsumerStream stream = ch.consume(ConsumeSpec.queue(q).autoAck(), Duration.ofSeconds(1));
    assertThat(stream.iterator().next().delivery().bodyAsString()).isEqualTo("m0");
    ItSupport.waitUntil(
        Duration.ofSeconds(5),
        "all delivered",
        () -> ch.queueDeclare(QueueSpec.named(q).passive()).messageCount() == 0);
    ItSupport.sleep(Duration.ofMillis(200));
    assertThat(stream.cancel()).isEqualTo(4);
    ItSupport.sleep(Duration.ofMillis(200));
    assertThat(ch.queueDeclare(QueueSpec.named(q).passive()).messageCount()).isZero();
  }

  @Test
  void pullStyleTellsHowManyDeliveriesWaitBoundedByThePrefetch() throws Exception {
    ch.basicQos(Qos.prefetch(3));
    for (int i = 0; i < 5; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("m" + i));
    }
    ConsumerStream stream = ch.consume(ConsumeSpec.queue(q), Duration.ofSeconds(1));
    ItSupport.waitUntil(
        Duration.ofSeconds(5), "three deliveries waiting", () -> stream.waitingMessageCount() == 3);
    ItSupport.sleep(Duration.ofMillis(200));
    assertThat(stream.waitingMessageCount()).isEqualTo(3); // the prefetch holds back the rest
    // Another thread may read it while this one iterates.
    assertThat(CompletableFuture.supplyAsync(stream::waitingMessageCount).get(5, TimeUnit.SECONDS))
        .isEqualTo(3);

    Iterator<ConsumerStream.Item> it = stream.iterator();
    assertThat(it.hasNext()).isTrue();
    assertThat(stream.waitingMessageCount()).isEqualTo(3); // taken by hasNext, not handed out
    ConsumerStream.Item first = it.next();
    assertThat(first.delivery().bodyAsString()).isEqualTo("m0");
    assertThat(stream.waitingMessageCount()).isEqualTo(2);
    ch.basicAck(first.delivery().deliveryTag());
    ItSupport.waitUntil(
        Duration.ofSeconds(5),
        "the ack to let the next one in",
        () -> stream.waitingMessageCount() == 3);

    assertThat(stream.cancel()).isEqualTo(3);
    assertThat(stream.waitingMessageCount()).isZero();
    assertThat(it.hasNext()).isFalse();
  }

  @Test
  void pullStyleCancelAlsoRequeuesTheDeliveryAHasNextHolds() {
    for (int i = 0; i < 3; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("m" + i));
    }
    ConsumerStream stream = ch.consume(ConsumeSpec.queue(q), Duration.ofSeconds(1));
    ItSupport.waitUntil(
        Duration.ofSeconds(5), "three deliveries waiting", () -> stream.waitingMessageCount() == 3);
    Iterator<ConsumerStream.Item> it = stream.iterator();
    assertThat(it.hasNext()).isTrue(); // takes m0 and holds it for next()

    assertThat(stream.cancel()).isEqualTo(3); // m0 included
    assertThat(stream.waitingMessageCount()).isZero();
    assertThatThrownBy(it::next).isInstanceOf(java.util.NoSuchElementException.class);
    // Nothing is left unacknowledged on the channel: all three are ready in the queue again.
    ItSupport.waitUntil(
        Duration.ofSeconds(5),
        "the three to be requeued",
        () -> ch.queueDeclare(QueueSpec.named(q).passive()).messageCount() == 3);
    assertThat(ch.basicGet(q, AckMode.AUTO).orElseThrow().delivery().bodyAsString())
        .isEqualTo("m0");
  }

  @Test
  void pullStyleEndsWhenTheBrokerCancels() throws Exception {
    ConsumerStream stream = ch.consume(ConsumeSpec.queue(q), null);
    CompletableFuture<Boolean> hasNext =
        CompletableFuture.supplyAsync(() -> stream.iterator().hasNext());
    conn.openChannel().queueDelete(q);
    assertThat(hasNext.get(5, TimeUnit.SECONDS)).isFalse();
    assertThat(stream.cancel()).isZero();
  }

  // ---- start_consuming / stop_consuming ----

  @Test
  void startConsumingRunsUntilACallbackStops() throws Exception {
    List<String> got = Collections.synchronizedList(new ArrayList<>());
    ch.basicConsume(
        ConsumeSpec.queue(q),
        d -> {
          got.add(d.bodyAsString());
          ch.basicAck(d.deliveryTag());
          if (got.size() == 5) {
            ch.stopConsuming();
          }
        });
    for (int i = 0; i < 8; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("m" + i));
    }
    CompletableFuture<Void> loop = CompletableFuture.runAsync(ch::startConsuming);
    loop.get(10, TimeUnit.SECONDS);
    assertThat(got).startsWith("m0", "m1", "m2", "m3", "m4");
    ItSupport.waitUntil(
        Duration.ofSeconds(5),
        "no consumers left",
        () -> ch.queueDeclare(QueueSpec.named(q).passive()).consumerCount() == 0);
  }

  @Test
  void stopConsumingFromAnotherThreadAndWhenTheLastConsumerGoes() throws Exception {
    ch.basicConsume(ConsumeSpec.queue(q).autoAck(), d -> {});
    CompletableFuture<Void> loop = CompletableFuture.runAsync(ch::startConsuming);
    ItSupport.sleep(Duration.ofMillis(300));
    assertThat(loop).isNotDone();
    ch.stopConsuming();
    loop.get(5, TimeUnit.SECONDS);
    assertThat(ch.queueDeclare(QueueSpec.named(q).passive()).consumerCount()).isZero();

    // The loop also ends when the broker cancels the last consumer.
    ch.basicConsume(ConsumeSpec.queue(q).autoAck(), d -> {});
    CompletableFuture<Void> loop2 = CompletableFuture.runAsync(ch::startConsuming);
    ItSupport.sleep(Duration.ofMillis(200));
    assertThat(loop2).isNotDone();
    conn.openChannel().queueDelete(q);
    loop2.get(5, TimeUnit.SECONDS);
  }
}
