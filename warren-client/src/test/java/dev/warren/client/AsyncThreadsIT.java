/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.AsyncSupport.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.errors.AmqpException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Timers (pika's {@code call_later} / {@code remove_timeout}) and the thread of every kind of
 * callback: none may run on a {@code warren-io-*} thread (docs/threading.md has the table).
 */
@Timeout(90)
class AsyncThreadsIT {
  private AsyncConnection toClose;

  @AfterEach
  void closeWhatIsLeft() {
    if (toClose != null && !toClose.closeFuture().isDone()) {
      toClose.close();
    }
  }

  @Test
  void callLaterRunsTheTaskAfterTheDelayOnACallbackThread() {
    AsyncConnection conn = AsyncSupport.connect();
    try {
      CompletableFuture<String> ran = new CompletableFuture<>();
      long start = System.nanoTime();
      conn.callLater(Duration.ofMillis(300), () -> ran.complete(Thread.currentThread().getName()));
      String thread = await(ran);
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(ms).isBetween(290L, 2_000L);
      AsyncSupport.assertIsCallbackThread("callLater task", thread);
      // The blocking view schedules on the same timer.
      CompletableFuture<String> viaBlocking = new CompletableFuture<>();
      conn.blocking()
          .callLater(Duration.ZERO, () -> viaBlocking.complete(Thread.currentThread().getName()));
      AsyncSupport.assertIsCallbackThread("callLater task", await(viaBlocking));
    } finally {
      await(conn.close());
    }
  }

  @Test
  void aPlainAllOfOverWarrenFuturesRunsItsDependentsOffTheIoThread() {
    AsyncConnection conn = AsyncSupport.connect();
    try {
      AsyncChannel ch = await(conn.openChannel());
      String q = Broker.unique("allof");
      // If the futures are still pending when allOf registers on them, they complete with a plain
      // dependent waiting and Warren hands the completion to the callback pool; if they are
      // already done, thenRun runs on this thread. Either way, never on an I/O thread.
      CompletableFuture<QueueDeclareOk> a = ch.queueDeclare(QueueSpec.named(q).autoDelete());
      CompletableFuture<Void> b = ch.basicQos(Qos.prefetch(5));
      AtomicReference<String> thread = new AtomicReference<>();
      CompletableFuture<Void> done =
          CompletableFuture.allOf(a, b).thenRun(() -> thread.set(Thread.currentThread().getName()));
      await(done);
      assertThat(thread.get()).as("thread of the allOf dependent").doesNotStartWith("warren-io");
      await(ch.queueDelete(q));
    } finally {
      await(conn.close());
    }
  }

  @Test
  void cancellingACallLaterPreventsIt() throws Exception {
    AsyncConnection conn = AsyncSupport.connect();
    try {
      CountDownLatch ran = new CountDownLatch(1);
      Cancellable handle = conn.callLater(Duration.ofMillis(300), ran::countDown);
      assertThat(handle.cancel()).isTrue();
      assertThat(handle.cancel()).as("a second cancel cancels nothing").isFalse();
      assertThat(ran.await(800, TimeUnit.MILLISECONDS)).as("cancelled task ran").isFalse();
      // A task that already ran cannot be cancelled.
      CountDownLatch done = new CountDownLatch(1);
      Cancellable finished = conn.callLater(Duration.ofMillis(10), done::countDown);
      assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(finished.cancel()).isFalse();
    } finally {
      await(conn.close());
    }
  }

  @Test
  void noKindOfCallbackRunsOnTheIoThread() throws Exception {
    AsyncSupport.Threads threads = new AsyncSupport.Threads();
    String name = Broker.unique("async-threads");
    AsyncConnection conn = AsyncSupport.connect(AsyncSupport.params(name));
    toClose = conn;
    AsyncChannel ch = await(conn.openChannel());
    String q = await(ch.queueDeclare(QueueSpec.serverNamed().exclusive())).queue();

    // Future dependents registered BEFORE the future completes (the I/O thread completes it).
    CompletableFuture<QueueDeclareOk> declaring = ch.queueDeclare(QueueSpec.named(q).passive());
    CompletableFuture<Void> applied =
        declaring.thenApply(ok -> ok).thenAccept(ok -> threads.record("thenApply dependent"));
    CompletableFuture<QueueDeclareOk> completed =
        declaring.whenComplete((ok, e) -> threads.record("whenComplete dependent"));
    CompletableFuture<Void> composed =
        ch.basicQos(Qos.prefetch(10))
            .thenCompose(v -> ch.confirmSelect())
            .thenRun(() -> threads.record("thenCompose + thenRun dependent"));
    CompletableFuture<Long> handled =
        ch.queuePurge(q)
            .handle(
                (n, e) -> {
                  threads.record("handle dependent");
                  return n;
                });
    await(applied);
    await(completed);
    await(composed);
    await(handled);

    // Listeners of the channel.
    CountDownLatch confirm = new CountDownLatch(1);
    ch.addConfirmListener(
        new ConfirmListener() {
          @Override
          public void handleAck(long seq, boolean multiple) {
            threads.record("confirm listener");
            confirm.countDown();
          }

          @Override
          public void handleNack(long seq, boolean multiple) {
            threads.record("confirm listener");
            confirm.countDown();
          }
        });
    CountDownLatch returned = new CountDownLatch(1);
    ch.addReturnListener(
        r -> {
          threads.record("return listener");
          returned.countDown();
        });
    CountDownLatch delivered = new CountDownLatch(1);
    CountDownLatch consumeOk = new CountDownLatch(1);
    await(
        ch.basicConsume(
            ConsumeSpec.queue(q).autoAck(),
            new Consumer() {
              @Override
              public void handleDelivery(Delivery d) {
                threads.record("consumer delivery");
                delivered.countDown();
              }

              @Override
              public void handleConsumeOk(String tag) {
                threads.record("consumer consume-ok");
                consumeOk.countDown();
              }

              @Override
              public void handleShutdown(String tag, AmqpException cause) {
                threads.record("consumer shutdown");
              }
            }));
    await(ch.basicPublish("", q, BasicProperties.EMPTY, "x".getBytes(UTF_8)));
    await(
        ch.basicPublish(
            "",
            Broker.unique("nowhere"),
            BasicProperties.EMPTY,
            "y".getBytes(UTF_8),
            PublishOptions.defaults().mandatory()));
    assertThat(confirm.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(returned.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(delivered.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(consumeOk.await(20, TimeUnit.SECONDS)).isTrue();

    // A stream subscriber.
    AsyncChannel streamCh = await(conn.openChannel());
    String sq = await(streamCh.queueDeclare(QueueSpec.serverNamed().exclusive())).queue();
    await(streamCh.basicPublish("", sq, BasicProperties.EMPTY, "z".getBytes(UTF_8)));
    CountDownLatch onNext = new CountDownLatch(1);
    streamCh
        .consumeStream(ConsumeSpec.queue(sq))
        .subscribe(
            new Flow.Subscriber<Delivery>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                threads.record("stream onSubscribe");
                s.request(1);
              }

              @Override
              public void onNext(Delivery item) {
                threads.record("stream onNext");
                onNext.countDown();
              }

              @Override
              public void onError(Throwable t) {
                threads.record("stream onError");
              }

              @Override
              public void onComplete() {}
            });
    assertThat(onNext.await(20, TimeUnit.SECONDS)).isTrue();

    // Timers, blocked listeners, close listeners and the close future.
    CountDownLatch timer = new CountDownLatch(1);
    conn.callLater(
        Duration.ofMillis(20),
        () -> {
          threads.record("callLater task");
          timer.countDown();
        });
    assertThat(timer.await(20, TimeUnit.SECONDS)).isTrue();

    CountDownLatch blocked = new CountDownLatch(2);
    conn.addBlockedListener(
        new BlockedListener() {
          @Override
          public void blocked(String reason) {
            threads.record("blocked listener");
            blocked.countDown();
          }

          @Override
          public void unblocked() {
            threads.record("unblocked listener");
            blocked.countDown();
          }
        });
    AsyncSupport.withMemoryAlarm(
        () -> {
          ItSupport.sleep(Duration.ofMillis(300));
          ch.basicPublish("", q, BasicProperties.EMPTY, new byte[1]);
          AsyncSupport.awaitBlocked(conn.blocking());
        });
    // Unblocked comes when the alarm is off; allow for a run of another module holding it too.
    assertThat(blocked.await(60, TimeUnit.SECONDS)).isTrue();

    CountDownLatch channelClosed = new CountDownLatch(1);
    streamCh.addCloseListener(
        (ChannelClosedException e) -> {
          threads.record("channel close listener");
          channelClosed.countDown();
        });
    await(streamCh.close());
    assertThat(channelClosed.await(20, TimeUnit.SECONDS)).isTrue();

    CountDownLatch connectionClosed = new CountDownLatch(1);
    conn.addCloseListener(
        e -> {
          threads.record("connection close listener");
          connectionClosed.countDown();
        });
    CompletableFuture<Void> onClose =
        conn.closeFuture().thenAccept(e -> threads.record("closeFuture dependent"));
    ItSupport.ctl("close_connection", ItSupport.connectionPid(name), "threads test");
    await(onClose);
    assertThat(connectionClosed.await(20, TimeUnit.SECONDS)).isTrue();
    ItSupport.waitUntil(
        AsyncSupport.WAIT,
        "the consumer's shutdown",
        () -> threads.byKind.containsKey("consumer shutdown"));

    assertThat(threads.byKind)
        .containsKeys(
            "thenApply dependent",
            "whenComplete dependent",
            "thenCompose + thenRun dependent",
            "handle dependent",
            "confirm listener",
            "return listener",
            "consumer delivery",
            "consumer consume-ok",
            "consumer shutdown",
            "stream onSubscribe",
            "stream onNext",
            "callLater task",
            "blocked listener",
            "unblocked listener",
            "channel close listener",
            "connection close listener",
            "closeFuture dependent");
    threads.assertNoneOnIoThread();
  }

  @Test
  void aCallbackThatBlocksDoesNotStallIoOrOtherChannels() throws Exception {
    AsyncConnection conn = AsyncSupport.connect();
    try {
      AsyncChannel slow = await(conn.openChannel());
      AsyncChannel fast = await(conn.openChannel());
      String q1 = await(slow.queueDeclare(QueueSpec.serverNamed().exclusive())).queue();
      String q2 = await(fast.queueDeclare(QueueSpec.serverNamed().exclusive())).queue();
      CountDownLatch release = new CountDownLatch(1);
      AtomicReference<String> slowThread = new AtomicReference<>();
      await(
          slow.basicConsume(
              ConsumeSpec.queue(q1).autoAck(),
              d -> {
                slowThread.set(Thread.currentThread().getName());
                release.await(30, TimeUnit.SECONDS); // blocks its channel's dispatcher only
              }));
      CountDownLatch fastGot = new CountDownLatch(1);
      await(fast.basicConsume(ConsumeSpec.queue(q2).autoAck(), d -> fastGot.countDown()));
      await(slow.basicPublish("", q1, BasicProperties.EMPTY, new byte[1]));
      ItSupport.waitUntil(
          AsyncSupport.WAIT, "the slow consumer to start", () -> slowThread.get() != null);
      // While it blocks: RPCs complete, and the other channel's consumer is served.
      await(fast.queueDeclare(QueueSpec.named(q2).passive()), Duration.ofSeconds(5));
      await(fast.basicPublish("", q2, BasicProperties.EMPTY, new byte[1]));
      assertThat(fastGot.await(5, TimeUnit.SECONDS)).isTrue();
      // Even a dependent of a future that blocks does not stop the I/O thread.
      CountDownLatch dependentRunning = new CountDownLatch(1);
      CompletableFuture<Void> blockingDependent =
          fast.basicQos(Qos.prefetch(5))
              .thenRun(
                  () -> {
                    dependentRunning.countDown();
                    try {
                      release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
      assertThat(dependentRunning.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(await(fast.basicGet(q2, AckMode.AUTO), Duration.ofSeconds(5))).isEmpty();
      release.countDown();
      await(blockingDependent);
      assertThat(Map.of("slow consumer", slowThread.get()))
          .allSatisfy(AsyncSupport::assertIsCallbackThread);
      assertThat(List.of(slow.isOpen(), fast.isOpen())).containsOnly(true);
    } finally {
      await(conn.close());
    }
  }
}
