/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.AsyncSupport.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.AsyncSupport.QueueStats;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.Initiator;
import dev.warren.errors.NotFoundException;
import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link AsyncChannel#consumeStream}: a {@link Flow.Publisher} whose subscriber's demand bounds
 * what the broker sends, checked against what the broker itself reports.
 */
@Timeout(180)
class AsyncConsumeStreamIT {
  private AsyncConnection conn;
  private AsyncChannel ch;

  @BeforeEach
  void open() {
    conn = AsyncSupport.connect();
    ch = await(conn.openChannel());
  }

  @AfterEach
  void close() {
    if (conn != null) {
      await(conn.close());
    }
  }

  /** A queue (exclusive) holding {@code n} messages "0" .. "n-1", all confirmed. */
  private String queueWith(int n) {
    AsyncChannel pub = await(conn.openChannel());
    String q =
        await(pub.queueDeclare(QueueSpec.named(Broker.unique("async-stream")).exclusive())).queue();
    await(pub.confirmSelect());
    for (int i = 0; i < n; i++) {
      pub.basicPublish("", q, BasicProperties.EMPTY, Integer.toString(i).getBytes(UTF_8));
    }
    await(pub.waitForConfirms(Duration.ofSeconds(120)), Duration.ofSeconds(130));
    await(pub.close());
    assertThat(await(ch.queueDeclare(QueueSpec.named(q).passive())).messageCount()).isEqualTo(n);
    return q;
  }

  /** A subscriber that records every signal, checks they never overlap, and is driven by tests. */
  static final class Recorder implements Flow.Subscriber<Delivery> {
    final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    final BlockingQueue<Delivery> items = new LinkedBlockingQueue<>();
    final CompletableFuture<Throwable> error = new CompletableFuture<>();
    final CompletableFuture<Void> complete = new CompletableFuture<>();
    final AtomicInteger received = new AtomicInteger();
    final AtomicInteger inSignal = new AtomicInteger();
    final List<String> violations = new CopyOnWriteArrayList<>();
    final AsyncSupport.Threads threads = new AsyncSupport.Threads();
    final long initialRequest;
    volatile BiConsumer<Flow.Subscription, Delivery> onNextAction = (s, d) -> {};

    Recorder(long initialRequest) {
      this.initialRequest = initialRequest;
    }

    private void enter(String signal) {
      threads.record(signal);
      if (inSignal.incrementAndGet() != 1) {
        violations.add(signal + " overlapped another signal (rule 1.3)");
      }
      if (error.isDone() || complete.isDone()) {
        violations.add(signal + " after a terminal signal (rule 1.7)");
      }
    }

    private void exit() {
      inSignal.decrementAndGet();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      enter("onSubscribe");
      subscription.complete(s);
      if (initialRequest != 0) {
        s.request(initialRequest);
      }
      exit();
    }

    @Override
    public void onNext(Delivery d) {
      enter("onNext");
      received.incrementAndGet();
      items.add(d);
      onNextAction.accept(subscription.getNow(null), d);
      exit();
    }

    @Override
    public void onError(Throwable t) {
      enter("onError");
      error.complete(t);
      exit();
    }

    @Override
    public void onComplete() {
      enter("onComplete");
      complete.complete(null);
      exit();
    }

    Delivery next() throws InterruptedException {
      Delivery d = items.poll(20, TimeUnit.SECONDS);
      assertThat(d).as("a delivery within 20 s").isNotNull();
      return d;
    }

    void assertWellBehaved() {
      assertThat(violations).isEmpty();
      threads.assertNoneOnIoThread();
    }
  }

  @Test
  void aSubscriberRequestingOneAtATimeFrom100000WaitingMessagesMakesTheClientHoldAtMostOne()
      throws Exception {
    int total = 100_000;
    int toProcess = 200;
    String q = queueWith(total);
    Recorder sub = new Recorder(1);
    ch.consumeStream(ConsumeSpec.queue(q)).subscribe(sub);
    Flow.Subscription s = await(sub.subscription);

    // The broker's view, sampled in the background the whole time.
    List<QueueStats> samples = new CopyOnWriteArrayList<>();
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler =
        new Thread(
            () -> {
              while (sampling.get()) {
                samples.add(AsyncSupport.queueStats(q));
              }
            },
            "broker-sampler");
    sampler.start();

    // The slow subscriber: takes one message, "processes" it, then asks for the next. Every 50
    // messages it pauses (demand 0) and compares what the broker delivered with what it received.
    List<String> pauses = new ArrayList<>();
    try {
      for (int i = 1; i <= toProcess; i++) {
        Delivery d = sub.next();
        assertThat(d.bodyAsString()).isEqualTo(Integer.toString(i - 1));
        Thread.sleep(5);
        if (i % 50 == 0) {
          QueueStats broker = AsyncSupport.queueStats(q);
          long deliveredByBroker = total - broker.ready();
          long heldByClient = deliveredByBroker - sub.received.get();
          pauses.add(
              "after "
                  + i
                  + ": broker ready="
                  + broker.ready()
                  + " unacked="
                  + broker.unacked()
                  + ", delivered="
                  + deliveredByBroker
                  + ", received="
                  + sub.received.get()
                  + ", held by the client="
                  + heldByClient);
          assertThat(broker.unacked()).as(pauses.get(pauses.size() - 1)).isLessThanOrEqualTo(1);
          // Demand is 0 here (the next request is not made yet): nothing is buffered, only the
          // message just handed out is unacknowledged.
          assertThat(heldByClient).as(pauses.get(pauses.size() - 1)).isZero();
          assertThat(sub.received.get()).isEqualTo(i);
        }
        if (i < toProcess) {
          s.request(1);
        }
      }
    } finally {
      sampling.set(false);
      sampler.join(30_000);
    }
    System.out.println("[demand-of-one] " + String.join("; ", pauses));
    System.out.println("[demand-of-one] " + samples.size() + " background samples: " + samples);
    assertThat(samples).isNotEmpty();
    assertThat(samples).allSatisfy(st -> assertThat(st.unacked()).isLessThanOrEqualTo(1));
    assertThat(samples)
        .allSatisfy(st -> assertThat(st.ready()).isGreaterThanOrEqualTo(total - toProcess - 1));
    assertThat(sub.received.get()).isEqualTo(toProcess);

    // Cancelling: the consumer goes, the last message is acknowledged, nothing stays unacked.
    s.cancel();
    s.cancel(); // idempotent
    s.request(5); // no-op after cancel
    ItSupport.waitUntil(
        AsyncSupport.WAIT,
        "the consumer to be cancelled and the last ack to land",
        () -> {
          QueueStats st = AsyncSupport.queueStats(q);
          return st.consumers() == 0 && st.unacked() == 0 && st.ready() == total - toProcess;
        });
    ItSupport.sleep(Duration.ofMillis(300));
    assertThat(sub.received.get()).isEqualTo(toProcess);
    assertThat(sub.error).isNotDone();
    assertThat(sub.complete).isNotDone();
    sub.assertWellBehaved();
    await(ch.queueDelete(q));
  }

  @Test
  void cancellingTheSubscriptionCancelsTheConsumerAndRequeuesWhatWasBuffered() throws Exception {
    String q = queueWith(20);
    Recorder sub = new Recorder(5); // window of 5: the broker sends five at once
    sub.onNextAction =
        (s, d) -> {
          if (d.bodyAsString().equals("0")) {
            ItSupport.sleep(Duration.ofMillis(500)); // meanwhile "1" .. "4" arrive and wait
            s.cancel();
          }
        };
    ch.consumeStream(ConsumeSpec.queue(q)).subscribe(sub);
    assertThat(sub.next().bodyAsString()).isEqualTo("0");
    ItSupport.waitUntil(
        AsyncSupport.WAIT,
        "consumer cancelled, \"0\" acked, \"1\"..\"4\" requeued",
        () -> {
          QueueStats st = AsyncSupport.queueStats(q);
          return st.consumers() == 0 && st.unacked() == 0 && st.ready() == 19;
        });
    assertThat(sub.received.get()).as("no onNext after cancel").isEqualTo(1);
    // The requeued messages come back first, marked redelivered.
    GetResponse first = await(ch.basicGet(q, AckMode.AUTO)).orElseThrow();
    assertThat(first.delivery().bodyAsString()).isEqualTo("1");
    assertThat(first.delivery().redelivered()).isTrue();
    assertThat(sub.error).isNotDone();
    sub.assertWellBehaved();
  }

  @Test
  void cancellingBeforeConsumeOkStillCancelsTheConsumer() {
    String q = queueWith(3);
    Recorder sub = new Recorder(0);
    ch.consumeStream(ConsumeSpec.queue(q)).subscribe(sub);
    Flow.Subscription s = await(sub.subscription);
    s.request(1);
    s.cancel(); // basic.consume is still on its way
    ItSupport.sleep(Duration.ofMillis(500));
    ItSupport.waitUntil(
        AsyncSupport.WAIT,
        "no consumer and nothing unacknowledged",
        () -> {
          QueueStats st = AsyncSupport.queueStats(q);
          return st.consumers() == 0 && st.unacked() == 0 && st.ready() == 3;
        });
    assertThat(sub.received.get()).isZero();
    sub.assertWellBehaved();
  }

  @Test
  void onErrorWhenTheChannelCloses() throws Exception {
    String q = queueWith(3);
    Recorder sub = new Recorder(1);
    ch.consumeStream(ConsumeSpec.queue(q)).subscribe(sub);
    sub.next();
    // A channel error on the stream's channel closes it: the subscriber hears why.
    AsyncSupport.failure(ch.queueDeclare(QueueSpec.named(Broker.unique("missing")).passive()));
    Throwable e = await(sub.error);
    assertThat(e).isInstanceOf(NotFoundException.class);
    assertThat(((ChannelClosedException) e).initiator()).isEqualTo(Initiator.BROKER);
    assertThat(sub.complete).isNotDone();
    // The broker requeued everything of the closed channel.
    AsyncChannel other = await(conn.openChannel());
    ItSupport.waitUntil(
        AsyncSupport.WAIT,
        "all three messages ready again",
        () -> await(other.queueDeclare(QueueSpec.named(q).passive())).messageCount() == 3);
    sub.assertWellBehaved();
  }

  @Test
  void onErrorWhenTheApplicationClosesTheChannel() throws Exception {
    String q = queueWith(2);
    Recorder sub = new Recorder(1);
    ch.consumeStream(ConsumeSpec.queue(q)).subscribe(sub);
    sub.next();
    await(ch.close());
    Throwable e = await(sub.error);
    assertThat(e).isInstanceOf(ChannelClosedException.class);
    assertThat(((ChannelClosedException) e).initiator()).isEqualTo(Initiator.CLIENT);
    sub.assertWellBehaved();
  }

  @Test
  void onCompleteWhenTheBrokerCancelsBecauseTheQueueWasDeleted() throws Exception {
    String q = queueWith(2);
    Recorder sub = new Recorder(1);
    ch.consumeStream(ConsumeSpec.queue(q)).subscribe(sub);
    sub.next();
    AsyncChannel other = await(conn.openChannel());
    await(other.queueDelete(q));
    await(sub.complete);
    assertThat(sub.error).isNotDone();
    assertThat(ch.isOpen()).isTrue();
    sub.assertWellBehaved();
  }

  @Test
  void aNonPositiveRequestSignalsOnErrorAndCancelsTheConsumer() throws Exception {
    String q = queueWith(3);
    Recorder sub = new Recorder(1);
    sub.onNextAction = (s, d) -> s.request(0);
    ch.consumeStream(ConsumeSpec.queue(q)).subscribe(sub);
    sub.next();
    Throwable e = await(sub.error);
    assertThat(e).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3.9");
    ItSupport.waitUntil(
        AsyncSupport.WAIT,
        "the consumer cancelled, message \"0\" acked",
        () -> {
          QueueStats st = AsyncSupport.queueStats(q);
          return st.consumers() == 0 && st.unacked() == 0 && st.ready() == 2;
        });
    // Later requests and cancels are no-ops.
    Flow.Subscription s = await(sub.subscription);
    s.request(-1);
    s.cancel();
    ItSupport.sleep(Duration.ofMillis(200));
    sub.assertWellBehaved();
  }

  @Test
  void aSecondSubscriberIsRejectedWithOnError() throws Exception {
    String q = queueWith(1);
    Flow.Publisher<Delivery> stream = ch.consumeStream(ConsumeSpec.queue(q));
    Recorder first = new Recorder(1);
    Recorder second = new Recorder(1);
    stream.subscribe(first);
    stream.subscribe(second);
    assertThat(await(second.error)).isInstanceOf(IllegalStateException.class);
    assertThat(first.next().bodyAsString()).isEqualTo("0");
    first.assertWellBehaved();
    second.assertWellBehaved();
  }

  @Test
  void unboundedDemandStreamsEverythingAndAcknowledgesIt() throws Exception {
    int n = 2_000;
    String q = queueWith(n);
    Recorder sub = new Recorder(Long.MAX_VALUE);
    ch.consumeStream(ConsumeSpec.queue(q)).subscribe(sub);
    ItSupport.waitUntil(AsyncSupport.WAIT, "every message", () -> sub.received.get() == n);
    ItSupport.waitUntil(
        AsyncSupport.WAIT,
        "every message acknowledged",
        () -> {
          QueueStats st = AsyncSupport.queueStats(q);
          return st.ready() == 0 && st.unacked() == 0;
        });
    sub.assertWellBehaved();
  }

  @Test
  void autoAckIsRefusedBecauseDemandCouldNotBoundIt() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ch.consumeStream(ConsumeSpec.queue("q").autoAck()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void inManualModeTheSubscriberAcknowledgesAndTheWindowBoundsWhatTheBrokerSends()
      throws Exception {
    String q = queueWith(50);
    Recorder r = new Recorder(3);
    ch.consumeStream(ConsumeSpec.queue(q), AckMode.MANUAL).subscribe(r);
    ItSupport.waitUntil(Duration.ofSeconds(20), "three deliveries", () -> r.received.get() == 3);
    ItSupport.sleep(Duration.ofMillis(300)); // demand 0, nothing acknowledged: no more
    assertThat(r.received.get()).isEqualTo(3);

    // Ten more while the three are held: the window (3, all held) widens by a lane of ten, so
    // the request is served without the subscriber acknowledging anything first.
    r.subscription.get(10, TimeUnit.SECONDS).request(10);
    ItSupport.waitUntil(Duration.ofSeconds(20), "13 deliveries", () -> r.received.get() == 13);
    ItSupport.waitUntil(
        Duration.ofSeconds(20),
        "the broker to count 13 unacknowledged and two consumers",
        () -> {
          QueueStats st = AsyncSupport.queueStats(q);
          return st.unacked() == 13 && st.consumers() == 2;
        });
    ItSupport.sleep(Duration.ofMillis(300));
    assertThat(r.received.get()).isEqualTo(13);
    assertThat(AsyncSupport.queueStats(q).unacked()).isEqualTo(13);

    // Acknowledged by the subscriber: the broker refills the window (13), the stream hands out
    // only what is requested (5) and buffers the rest.
    for (Delivery d : List.copyOf(r.items)) {
      await(ch.basicAck(d.deliveryTag()));
    }
    r.subscription.get(10, TimeUnit.SECONDS).request(5);
    ItSupport.waitUntil(Duration.ofSeconds(20), "18 deliveries", () -> r.received.get() == 18);
    ItSupport.waitUntil(
        Duration.ofSeconds(20),
        "the window refilled",
        () -> AsyncSupport.queueStats(q).unacked() == 13);
    ItSupport.sleep(Duration.ofMillis(300));
    assertThat(r.received.get()).isEqualTo(18);
    assertThat(AsyncSupport.queueStats(q).unacked())
        .as("the window bounds the broker")
        .isEqualTo(13);
    assertThat(AsyncSupport.queueStats(q).ready()).isEqualTo(50 - 13 - 13);
    assertThat(r.violations).isEmpty();
  }

  @Test
  void aLaterLargerRequestWidensTheWindowAndTheClientStillBuffersNoMoreThanTheDemand()
      throws Exception {
    String q = queueWith(3000);
    Recorder r = new Recorder(10);
    ch.consumeStream(ConsumeSpec.queue(q)).subscribe(r);
    ItSupport.waitUntil(Duration.ofSeconds(20), "ten deliveries", () -> r.received.get() == 10);
    ItSupport.waitUntil(
        Duration.ofSeconds(20),
        "ten held unacknowledged (demand 0)",
        () -> AsyncSupport.queueStats(q).unacked() == 10);
    assertThat(AsyncSupport.queueStats(q).consumers()).isEqualTo(1);

    // A thousand more: the window becomes 1000 (a second consumer with prefetch 990).
    r.subscription.get(10, TimeUnit.SECONDS).request(1000);
    ItSupport.waitUntil(Duration.ofSeconds(30), "1010 deliveries", () -> r.received.get() == 1010);
    ItSupport.waitUntil(
        Duration.ofSeconds(20),
        "the broker's view after the demand is met",
        () -> {
          QueueStats st = AsyncSupport.queueStats(q);
          return st.consumers() == 2 && st.unacked() == 1000;
        });
    ItSupport.sleep(Duration.ofMillis(300));
    QueueStats st = AsyncSupport.queueStats(q);
    // Demand is 0 again: the client holds the acks of the last 1000 and buffers nothing.
    assertThat(st.unacked()).isEqualTo(1000);
    assertThat(st.ready()).isEqualTo(3000 - 1010);
    assertThat(r.received.get()).isEqualTo(1010);
    for (int i = 0; i < 1010; i++) {
      assertThat(r.next().bodyAsString()).as("in queue order").isEqualTo(Integer.toString(i));
    }
    assertThat(ch.consumerTags()).hasSize(2);

    // Cancelling cancels both lanes and acknowledges what was handed out.
    r.subscription.get(10, TimeUnit.SECONDS).cancel();
    ItSupport.waitUntil(
        AsyncSupport.WAIT,
        "both consumers gone, nothing unacknowledged",
        () -> {
          QueueStats after = AsyncSupport.queueStats(q);
          return after.consumers() == 0 && after.unacked() == 0 && after.ready() == 3000 - 1010;
        });
    r.assertWellBehaved();
    await(ch.queueDelete(q));
  }

  @Test
  void anExclusiveStreamKeepsItsFirstWindow() throws Exception {
    String q = queueWith(100);
    Recorder r = new Recorder(5);
    ch.consumeStream(ConsumeSpec.queue(q).exclusive()).subscribe(r);
    ItSupport.waitUntil(Duration.ofSeconds(20), "five deliveries", () -> r.received.get() == 5);
    r.subscription.get(10, TimeUnit.SECONDS).request(50);
    ItSupport.waitUntil(Duration.ofSeconds(30), "55 deliveries", () -> r.received.get() == 55);
    // A second exclusive consumer would be refused (and close the channel): no lane was added.
    assertThat(AsyncSupport.queueStats(q).consumers()).isEqualTo(1);
    assertThat(ch.isOpen()).isTrue();
    ItSupport.waitUntil(
        Duration.ofSeconds(20),
        "the last five held",
        () -> AsyncSupport.queueStats(q).unacked() == 5);
    assertThat(r.error).isNotDone();
  }
}
