/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a {@link CallbackFuture} completed on an I/O thread wakes blocked callers and dependents. */
class CallbackFutureTest {
  private final ExecutorService pool = Executors.newSingleThreadExecutor();
  private final AtomicInteger handedOver = new AtomicInteger();
  private final Executor callbacks =
      task -> {
        handedOver.incrementAndGet();
        pool.execute(task);
      };

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** Runs {@code action} on a thread that Warren counts as an I/O thread, and waits for it. */
  private static void onIoThread(Runnable action) throws InterruptedException {
    Thread t = new FastThreadLocalThread(action, "test-io");
    t.start();
    t.join(10_000);
    assertThat(t.isAlive()).as("the I/O thread's action ended").isFalse();
  }

  /** Waits until {@code t} is parked (blocked in get()), at most 10 s. */
  private static void awaitParked(Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (t.getState() != Thread.State.TIMED_WAITING && t.getState() != Thread.State.WAITING) {
      assertThat(System.nanoTime()).as("the waiter parked in time").isLessThan(deadline);
      Thread.sleep(1);
    }
  }

  @Test
  void aBlockedGetIsWokenByTheIoThreadItselfWithoutAHandOver() throws Exception {
    CallbackFuture<String> f = new CallbackFuture<>(callbacks);
    AtomicReference<Object> got = new AtomicReference<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                got.set(f.get(10, TimeUnit.SECONDS));
              } catch (Exception e) {
                got.set(e);
              }
            });
    waiter.start();
    awaitParked(waiter);
    onIoThread(() -> assertThat(f.complete("ok")).isTrue());
    waiter.join(10_000);
    assertThat(got.get()).isEqualTo("ok");
    assertThat(handedOver.get()).as("completions handed to the callback executor").isZero();
  }

  @Test
  void aBlockedJoinAndAnUntimedGetAreWokenToo() throws Exception {
    CallbackFuture<String> f = new CallbackFuture<>(callbacks);
    AtomicReference<Object> joined = new AtomicReference<>();
    AtomicReference<Object> gotten = new AtomicReference<>();
    Thread a = new Thread(() -> joined.set(f.join()));
    Thread b =
        new Thread(
            () -> {
              try {
                gotten.set(f.get());
              } catch (Exception e) {
                gotten.set(e);
              }
            });
    a.start();
    b.start();
    awaitParked(a);
    awaitParked(b);
    onIoThread(() -> f.complete("both"));
    a.join(10_000);
    b.join(10_000);
    assertThat(joined.get()).isEqualTo("both");
    assertThat(gotten.get()).isEqualTo("both");
    assertThat(handedOver.get()).isZero();
  }

  @Test
  void aPlainDependentStillRunsOnTheCallbackExecutorNeverOnTheIoThread() throws Exception {
    CallbackFuture<String> f = new CallbackFuture<>(callbacks);
    AtomicReference<String> thread = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);
    CompletableFuture.allOf(f)
        .whenComplete(
            (v, e) -> {
              thread.set(Thread.currentThread().getName());
              ran.countDown();
            });
    onIoThread(() -> f.complete("x"));
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(thread.get()).isNotEqualTo("test-io");
    assertThat(handedOver.get()).isEqualTo(1);
  }

  @Test
  void aFailureWakesTheWaiterWithTheCause() throws Exception {
    CallbackFuture<String> f = new CallbackFuture<>(callbacks);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                f.get(10, TimeUnit.SECONDS);
              } catch (Throwable e) {
                failure.set(e);
              }
            });
    waiter.start();
    awaitParked(waiter);
    IllegalStateException cause = new IllegalStateException("lost");
    onIoThread(() -> f.completeExceptionally(cause));
    waiter.join(10_000);
    assertThat(failure.get()).isInstanceOf(ExecutionException.class).hasCause(cause);
  }

  @Test
  void getWithATimeoutTimesOutAndAnInterruptEndsTheWait() throws Exception {
    CallbackFuture<String> f = new CallbackFuture<>(callbacks);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> f.get(100, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));

    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                f.get(10, TimeUnit.SECONDS);
              } catch (Throwable e) {
                failure.set(e);
              }
            });
    waiter.start();
    awaitParked(waiter);
    waiter.interrupt();
    waiter.join(10_000);
    assertThat(failure.get()).isInstanceOf(InterruptedException.class);
  }

  @Test
  void cancelWakesTheWaiter() throws Exception {
    CallbackFuture<String> f = new CallbackFuture<>(callbacks);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                f.get(10, TimeUnit.SECONDS);
              } catch (Throwable e) {
                failure.set(e);
              }
            });
    waiter.start();
    awaitParked(waiter);
    f.cancel(false);
    waiter.join(10_000);
    assertThat(failure.get()).isInstanceOf(CancellationException.class);
  }

  @Test
  void aCompletionThroughAnotherPathNeverLeavesTheWaiterHanging() throws Exception {
    CallbackFuture<String> f = new CallbackFuture<>(callbacks);
    f.completeAsync(() -> "later", pool);
    assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("later");
  }

  @Test
  void aDerivedFutureWaitsTheUsualWay() throws Exception {
    CallbackFuture<String> f = new CallbackFuture<>(callbacks);
    CompletableFuture<Integer> length = f.thenApply(String::length);
    onIoThread(() -> f.complete("four"));
    assertThat(length.get(10, TimeUnit.SECONDS)).isEqualTo(4);
  }
}
