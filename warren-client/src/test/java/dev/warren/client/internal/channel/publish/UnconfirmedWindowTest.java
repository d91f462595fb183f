/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.errors.BackpressureTimeoutException;
import dev.warren.errors.BackpressureTimeoutException.Gate;
import dev.warren.errors.WrongStateException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The confirm window's counting and waiting, driven by hand: this test plays the I/O thread ({@code
 * taskRan}, {@code settled}) and the publishing threads ({@code acquire}, {@code add}).
 */
@Timeout(20)
class UnconfirmedWindowTest {
  private static final Duration LONG = Duration.ofSeconds(10);
  private static final Runnable OPEN = () -> {};

  /** Runs {@code n} publish tasks that all stay outstanding in the tracker. */
  private static int runTasks(UnconfirmedWindow w, int outstandingBefore, int n) {
    int outstanding = outstandingBefore;
    for (int i = 0; i < n; i++) {
      w.taskRan(++outstanding);
    }
    return outstanding;
  }

  @Test
  void withoutALimitNothingWaits() {
    UnconfirmedWindow w = new UnconfirmedWindow();
    for (int i = 0; i < 10_000; i++) {
      w.acquire(Duration.ZERO, OPEN);
    }
    assertThat(w.occupied()).isEqualTo(10_000);
  }

  @Test
  void aFullWindowTimesOutNamingTheConfirmWindow() {
    UnconfirmedWindow w = new UnconfirmedWindow();
    w.limit(3);
    for (int i = 0; i < 3; i++) {
      w.acquire(LONG, OPEN);
    }
    runTasks(w, 0, 3); // written, none confirmed
    assertThat(w.occupied()).isEqualTo(3);
    long start = System.nanoTime();
    assertThatThrownBy(() -> w.acquire(Duration.ofMillis(200), OPEN))
        .isInstanceOfSatisfying(
            BackpressureTimeoutException.class,
            e -> assertThat(e.waitedFor()).isEqualTo(Gate.CONFIRM_WINDOW))
        .hasMessageContaining("window of unconfirmed publishes");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(190);
    assertThat(w.occupied()).isEqualTo(3); // the failed attempt took no place
  }

  @Test
  void queuedPublishesHoldAPlaceUntilTheirTaskRuns() {
    UnconfirmedWindow w = new UnconfirmedWindow();
    w.limit(2);
    w.acquire(LONG, OPEN);
    w.add(); // an asynchronous publish, never waits
    w.add(); // over the limit: counted all the same
    assertThat(w.occupied()).isEqualTo(3);
    // outside confirm mode the tracker never holds them: each task that runs frees its place
    w.taskRan(0);
    w.taskRan(0);
    w.taskRan(0);
    assertThat(w.occupied()).isZero();
  }

  @Test
  void aWaitingPublisherResumesOnceAQuarterOfTheWindowIsFree() throws Exception {
    UnconfirmedWindow w = new UnconfirmedWindow();
    w.limit(8);
    for (int i = 0; i < 8; i++) {
      w.acquire(LONG, OPEN);
    }
    int outstanding = runTasks(w, 0, 8);
    CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> w.acquire(LONG, OPEN));
    assertNotDoneWithin(blocked, 200);

    w.settled(--outstanding); // one confirm: 7 of 8, a place is free but not a quarter
    assertNotDoneWithin(blocked, 200);

    outstanding -= 1; // a multiple ack of one more: 6 of 8 = a quarter free
    w.settled(outstanding);
    blocked.get(5, TimeUnit.SECONDS);
    assertThat(w.occupied()).isEqualTo(7);
  }

  @Test
  void aConnectionLossEmptiesTheTrackerAndARepublishRefillsIt() {
    UnconfirmedWindow w = new UnconfirmedWindow();
    w.limit(4);
    for (int i = 0; i < 4; i++) {
      w.acquire(LONG, OPEN);
    }
    runTasks(w, 0, 4);
    assertThat(w.occupied()).isEqualTo(4);
    w.settled(0); // lost: the tracker starts empty
    assertThat(w.occupied()).isZero();
    w.settled(2); // two kept messages republished on the new channel
    assertThat(w.occupied()).isEqualTo(2);
  }

  @Test
  void aWaiterFindsTheChannelClosed() throws Exception {
    UnconfirmedWindow w = new UnconfirmedWindow();
    w.limit(1);
    w.acquire(LONG, OPEN);
    w.taskRan(1);
    AtomicBoolean closed = new AtomicBoolean();
    Runnable requireOpen =
        () -> {
          if (closed.get()) {
            throw new WrongStateException("channel 1 is closed; open a new channel", null);
          }
        };
    CompletableFuture<Void> blocked =
        CompletableFuture.runAsync(() -> w.acquire(LONG, requireOpen));
    assertNotDoneWithin(blocked, 200);
    closed.set(true);
    w.signal();
    assertThatThrownBy(() -> blocked.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(WrongStateException.class);
  }

  @Test
  void cancelGivesThePlaceBack() {
    UnconfirmedWindow w = new UnconfirmedWindow();
    w.limit(1);
    w.acquire(LONG, OPEN);
    w.cancel();
    w.acquire(Duration.ZERO, OPEN); // room again, no wait
    assertThat(w.occupied()).isEqualTo(1);
  }

  private static void assertNotDoneWithin(CompletableFuture<?> f, long millis) throws Exception {
    try {
      f.get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException expected) {
      return;
    }
    throw new AssertionError("expected the publisher to still wait after " + millis + " ms");
  }
}
