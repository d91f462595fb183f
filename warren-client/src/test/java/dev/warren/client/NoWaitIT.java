/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.ExchangeQueueIT.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.NotFoundException;
import dev.warren.errors.PreconditionFailedException;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * py-amqp's {@code nowait=True} for queue.purge and confirm.select: the call returns once the
 * method is written, the effect is in place for what the channel does next, and a broker error
 * closes the channel instead of being thrown.
 */
@Timeout(30)
class NoWaitIT extends ExclusiveQueueFixture {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private long ready(String queue) {
    return ch.queueDeclare(QueueSpec.named(queue).passive()).messageCount();
  }

  private static <T> T poll(LinkedBlockingQueue<T> queue) throws InterruptedException {
    T value = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(value).as("nothing arrived within %s", WAIT).isNotNull();
    return value;
  }

  @Test
  void queuePurgeNoWaitPurgesBeforeTheChannelsNextCall() {
    for (int i = 0; i < 3; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("m" + i));
    }
    ItSupport.waitUntil(WAIT, "three messages ready", () -> ready(q) == 3);

    ch.queuePurgeNoWait(q);

    // No purge-ok was awaited, but the broker handles the channel's methods in order.
    assertThat(ready(q)).isZero();
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void queuePurgeNoWaitOfAMissingQueueClosesTheChannelInsteadOfThrowing() throws Exception {
    LinkedBlockingQueue<ChannelClosedException> heard = new LinkedBlockingQueue<>();
    ch.addCloseListener(heard::add);
    String missing = Broker.unique("missing");

    ch.queuePurgeNoWait(missing); // returns: nothing is awaited

    ChannelClosedException closed = poll(heard);
    assertThat(closed).isInstanceOf(NotFoundException.class);
    assertThat(closed.replyCode()).isEqualTo(404);
    assertThat(closed.failingClassId()).isEqualTo(50); // queue
    assertThat(closed.failingMethodId()).isEqualTo(30); // purge
    WrongStateException later =
        catchThrowableOfType(WrongStateException.class, () -> ch.queuePurgeNoWait(q));
    assertThat(later).isNotNull();
    assertThat(later.getCause()).isSameAs(closed);
  }

  @Test
  void queuePurgeNoWaitAsyncCompletesOnceWrittenOffTheIoThread() throws Exception {
    ch.basicPublish("", q, BasicProperties.EMPTY, bytes("m"));
    ItSupport.waitUntil(WAIT, "one message ready", () -> ready(q) == 1);

    CompletableFuture<String> thread =
        ch.async().queuePurgeNoWait(q).thenApply(v -> Thread.currentThread().getName());

    assertThat(thread.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).doesNotContain("warren-io");
    assertThat(ready(q)).isZero();
  }

  @Test
  void confirmSelectNoWaitPutsTheChannelInConfirmModeAtOnce() {
    assertThat(ch.nextPublishSeqNo()).isZero();

    ch.confirmSelectNoWait(ConfirmOptions.window(2));

    assertThat(ch.nextPublishSeqNo()).isEqualTo(1);
    for (int i = 0; i < 5; i++) {
      ch.publishConfirmed("", q, BasicProperties.EMPTY, bytes("m" + i), PublishOptions.defaults());
    }
    ch.waitForConfirms(WAIT);
    assertThat(ch.nextPublishSeqNo()).isEqualTo(6);
    assertThat(ready(q)).isEqualTo(5);
  }

  @Test
  void anAsyncPublishRightAfterConfirmSelectNoWaitIsConfirmed() throws Exception {
    AsyncChannel a = ch.async();

    CompletableFuture<Void> selected = a.confirmSelectNoWait(ConfirmOptions.unbounded());
    // Not waiting for selected: the publish is handed to the I/O thread after the select.
    CompletableFuture<Void> confirmed =
        a.publishConfirmed("", q, BasicProperties.EMPTY, bytes("m"), PublishOptions.defaults());

    selected.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    confirmed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(ready(q)).isEqualTo(1);
  }

  @Test
  void confirmSelectNoWaitOnATransactionalChannelClosesItInsteadOfThrowing() throws Exception {
    LinkedBlockingQueue<ChannelClosedException> heard = new LinkedBlockingQueue<>();
    ch.addCloseListener(heard::add);
    ch.txSelect();

    ch.confirmSelectNoWait(ConfirmOptions.unbounded()); // returns: nothing is awaited

    ChannelClosedException closed = poll(heard);
    assertThat(closed).isInstanceOf(PreconditionFailedException.class);
    assertThat(closed.replyCode()).isEqualTo(406);
    ItSupport.waitUntil(WAIT, "the channel to be closed", () -> !ch.isOpen());
  }
}
