/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.errors.AmqpException;
import dev.warren.errors.ConnectionLostException;
import dev.warren.errors.NackedException;
import dev.warren.errors.RpcTimeoutException;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The confirm bookkeeping of one channel, without a connection: numbers, events and waits. */
class ConfirmTrackerTest {
  private final List<String> events = new ArrayList<>();
  private final ConfirmTracker tracker =
      new ConfirmTracker(
          new ConfirmTracker.Sink() {
            @Override
            public void confirmed(long seq, boolean multiple, boolean ack) {
              events.add((ack ? "ack " : "nack ") + seq + (multiple ? " multiple" : ""));
            }

            @Override
            public void lost(long seq, boolean mayHaveReachedBroker) {
              events.add("lost " + seq + (mayHaveReachedBroker ? " sent" : " unsent"));
            }
          });
  private final AmqpException loss = new ConnectionLostException("test loss", null, true);

  private static ConfirmTracker.Pending pending(String body) {
    return new ConfirmTracker.Pending(
        new CompletableFuture<>(),
        System.nanoTime() + Duration.ofMinutes(1).toNanos(),
        "",
        "q",
        BasicProperties.EMPTY,
        body.getBytes(),
        false);
  }

  /** Publishes raw numbers {@code from..to} of the current session, untracked; frames at raw. */
  private void publish(long from, long to) {
    for (long raw = from; raw <= to; raw++) {
      tracker.published(raw, null, raw);
    }
  }

  private int loseSession(long sentUpToOffset, int keepMessages) {
    return tracker.sessionLost(
        loss,
        offset -> offset <= sentUpToOffset,
        (p, kept, bytes) -> kept < keepMessages,
        (p, sent) -> new ConnectionLostException("lost " + p.seq, loss, false).forOperation(sent));
  }

  private static Throwable failure(CompletableFuture<?> f) {
    assertThat(f).isCompletedExceptionally();
    try {
      f.get();
      throw new AssertionError("not failed");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void numbersFollowTheBrokersWithinTheFirstSession() {
    publish(1, 5);
    tracker.ack(3, true);
    tracker.nack(4, false);
    tracker.ack(5, false);
    assertThat(events).containsExactly("ack 3 multiple", "nack 4", "ack 5");
    assertThat(tracker.outstanding()).isZero();
    assertThat(tracker.nextSeq()).isEqualTo(6);
  }

  @Test
  void aMultipleAckOfOneMessageIsToldAsASingleAck() {
    publish(1, 2);
    tracker.ack(1, false);
    tracker.ack(2, true);
    assertThat(events).containsExactly("ack 1", "ack 2");
  }

  @Test
  void aConfirmOfNothingOutstandingIsNotTold() {
    publish(1, 1);
    tracker.ack(1, false);
    tracker.ack(1, false); // a duplicate
    tracker.ack(7, true); // beyond what was sent
    assertThat(events).containsExactly("ack 1");
  }

  @Test
  void aLossReportsEveryUnconfirmedPublishAndTheNextSessionNumbersOn() {
    publish(1, 4);
    tracker.ack(1, false);
    assertThat(loseSession(3, 0)).isEqualTo(3);
    assertThat(events).containsExactly("ack 1", "lost 2 sent", "lost 3 sent", "lost 4 unsent");
    // The new channel numbers from 1: raw 1 and 2 are sequence numbers 5 and 6.
    publish(1, 2);
    tracker.ack(2, true);
    assertThat(events).endsWith("ack 6 multiple");
  }

  @Test
  void keptPublishesKeepTheirNumbersAndARunSplitsWhereNumbersJump() {
    ConfirmTracker.Pending p1 = pending("a");
    ConfirmTracker.Pending p2 = pending("b");
    tracker.published(1, p1, 1);
    tracker.published(2, null, 2); // untracked: cannot be republished
    tracker.published(3, p2, 3);
    loseSession(3, 10);
    assertThat(events).containsExactly("lost 2 sent");
    assertThat(tracker.keptCount()).isEqualTo(2);
    List<ConfirmTracker.Pending> kept = tracker.takeKept();
    assertThat(kept).extracting(p -> p.seq).containsExactly(1L, 3L);
    tracker.republished(1, kept.get(0), 1);
    tracker.republished(2, kept.get(1), 2);
    tracker.published(3, null, 3); // fresh: sequence number 4
    tracker.ack(3, true);
    assertThat(events).containsExactly("lost 2 sent", "ack 1", "ack 4 multiple");
    assertThat(p1.future).isCompleted();
    assertThat(p2.future).isCompleted();
  }

  @Test
  void aWaitCoveringALostPublishFailsAndOneCoveringOnlyKeptOnesGoesOn() {
    ConfirmTracker.Pending p1 = pending("a");
    tracker.published(1, p1, 1);
    CompletableFuture<Void> keptOnly = new CompletableFuture<>();
    tracker.waitForAll(1, keptOnly);
    tracker.published(2, null, 2);
    CompletableFuture<Void> coversLost = new CompletableFuture<>();
    tracker.waitForAll(2, coversLost);
    loseSession(2, 10);
    assertThat(failure(coversLost)).isInstanceOf(ConnectionLostException.class);
    assertThat(keptOnly).isNotDone();
    ConfirmTracker.Pending again = tracker.takeKept().get(0);
    tracker.republished(1, again, 1);
    tracker.ack(1, false);
    assertThat(keptOnly).isCompleted();
  }

  @Test
  void aWaitAfterALossItDidNotCoverFails() {
    publish(1, 2);
    loseSession(2, 0);
    CompletableFuture<Void> wait = new CompletableFuture<>();
    tracker.waitForAll(2, wait);
    assertThat(failure(wait))
        .isInstanceOf(ConnectionLostException.class)
        .hasMessageContaining("up to sequence number 2");
    CompletableFuture<Void> next = new CompletableFuture<>();
    tracker.waitForAll(2, next); // nothing published since the last wait
    assertThat(next).isCompleted();
  }

  @Test
  void aWaitCoversPublishesNotYetWrittenToo() {
    publish(1, 1);
    CompletableFuture<Void> wait = new CompletableFuture<>();
    tracker.waitForAll(2, wait); // number 2 was taken by a publish still on its way
    tracker.ack(1, false);
    assertThat(wait).isNotDone();
    tracker.published(2, null, 2);
    tracker.ack(2, false);
    assertThat(wait).isCompleted();
  }

  @Test
  void aNackSinceTheLastWaitFailsIt() {
    publish(1, 2);
    tracker.nack(1, false);
    tracker.ack(2, false);
    CompletableFuture<Void> wait = new CompletableFuture<>();
    tracker.waitForAll(2, wait);
    assertThat(failure(wait)).isInstanceOf(NackedException.class);
  }

  @Test
  void aPublishThatFailsBeforeItIsWrittenTakesItsNumberAndIsLost() {
    publish(1, 1);
    CompletableFuture<Void> wait = new CompletableFuture<>();
    tracker.waitForAll(2, wait);
    long seq = tracker.failedBeforeSend(new WrongStateException("recovering", null));
    assertThat(seq).isEqualTo(2);
    assertThat(events).containsExactly("lost 2 unsent");
    assertThat(failure(wait)).isInstanceOf(ConnectionLostException.class);
    tracker.published(2, null, 2);
    tracker.ack(2, false);
    assertThat(events).containsExactly("lost 2 unsent", "ack 3");
  }

  @Test
  void anExpiredPublishStillCountsForTheWaitAndTheListener() {
    ConfirmTracker.Pending p = pending("a");
    tracker.published(1, p, 1);
    assertThat(tracker.expire(p.deadlineNanos + 1, Duration.ofMinutes(1))).isFalse();
    assertThat(failure(p.future)).isInstanceOf(RpcTimeoutException.class);
    assertThat(tracker.outstanding()).isEqualTo(1);
    tracker.ack(1, false);
    assertThat(events).containsExactly("ack 1");
  }

  @Test
  void closingForGoodReportsEveryUnconfirmedOneLostAndFailsWaiters() {
    ConfirmTracker.Pending p = pending("a");
    tracker.published(1, p, 1);
    publish(2, 3);
    CompletableFuture<Void> wait = new CompletableFuture<>();
    tracker.waitForAll(3, wait);
    AmqpException closed = new WrongStateException("closed", null);
    tracker.failAll(closed, offset -> offset <= 2);
    assertThat(events).containsExactly("lost 1 sent", "lost 2 sent", "lost 3 unsent");
    assertThat(failure(p.future)).isSameAs(closed);
    assertThat(failure(wait)).isSameAs(closed);
  }

  @Test
  void theRingGrowsWithoutLosingNumbers() {
    publish(1, 1000);
    tracker.ack(500, true);
    publish(1001, 1200);
    tracker.ack(1200, true);
    assertThat(events).containsExactly("ack 500 multiple", "ack 1200 multiple");
    assertThat(tracker.outstanding()).isZero();
  }
}
