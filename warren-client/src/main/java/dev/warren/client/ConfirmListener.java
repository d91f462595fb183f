/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * Hears the outcome of every publish on a channel in confirm mode, by publish sequence number
 * ({@link Channel#nextPublishSeqNo()}): the broker's acks and nacks, and the publishes that will
 * never be confirmed because their connection was lost or their channel closed.
 *
 * <p><b>What each call means.</b> {@link #handleAck} is called only when the broker acked those
 * very messages on the channel they were published on: a message published before a connection loss
 * is never acked by an ack of the recovered channel. A publish that was unconfirmed at a loss and
 * is not republished (see {@link RecoveryPolicy.Builder#republishUnconfirmed}) is reported to
 * {@link #handleLost} before anything the recovered channel reports; a republished one keeps its
 * number and is acked (or nacked, or lost) under it later. Every sequence number is reported
 * exactly once: acked, nacked or lost.
 *
 * <p><b>{@code multiple}.</b> {@code multiple = true} means every sequence number up to and
 * including {@code sequenceNumber} that this listener has not heard about yet (amqp-client's
 * meaning): numbers reported lost or nacked before stay so. Keep the outstanding numbers in a
 * sorted set and clear its head, as amqp-client's documentation shows.
 *
 * <p><b>Threading:</b> runs on the channel's dispatcher, in order, never on the I/O thread; or,
 * added with {@link CallbackThread#IO_THREAD}, on the I/O thread that read the confirm, in the same
 * order. Listeners on the I/O thread hear a confirm before those on the dispatcher.
 *
 * @since 0.1
 */
public interface ConfirmListener {
  /**
   * The broker took responsibility for the message(s) up to {@code sequenceNumber}.
   *
   * @param sequenceNumber the publish sequence number
   * @param multiple whether every number up to it not reported yet is acked too
   */
  void handleAck(long sequenceNumber, boolean multiple);

  /**
   * The broker refused the message(s) up to {@code sequenceNumber}.
   *
   * @param sequenceNumber the publish sequence number
   * @param multiple whether every number up to it not reported yet is nacked too
   */
  void handleNack(long sequenceNumber, boolean multiple);

  /**
   * Publish {@code sequenceNumber} will never be confirmed: the connection was lost (or the channel
   * closed) before the broker acked or nacked it, and it was not republished; or it failed before
   * it was written. The broker may still have routed it when {@code mayHaveReachedBroker} is true
   * (its frames had left through the socket): treat it as "maybe delivered". When false, it was
   * certainly not routed, and publishing it again makes no duplicate.
   *
   * <p>By default this calls {@link #handleNack handleNack(sequenceNumber, false)}, so that a
   * listener written for acks and nacks only treats a lost publish as refused, never as confirmed.
   *
   * @param mayHaveReachedBroker whether its frames had been written to the socket
   * @param sequenceNumber the publish sequence number
   * @since 0.2
   */
  default void handleLost(long sequenceNumber, boolean mayHaveReachedBroker) {
    handleNack(sequenceNumber, false);
  }

  /**
   * One side of a confirm listener built from two lambdas ({@link #of}): told the sequence number
   * and whether it covers every earlier unreported one (amqp-client's {@code ConfirmCallback}).
   *
   * @since 0.2
   */
  @FunctionalInterface
  interface Callback {
    /**
     * Handles an ack (or a nack, or a lost publish) of {@code sequenceNumber}.
     *
     * @param sequenceNumber the publish sequence number
     * @param multiple whether every number up to it not reported yet is covered too
     */
    void handle(long sequenceNumber, boolean multiple);
  }

  /**
   * A listener that calls {@code ack} for acks and {@code nack} for nacks and for lost publishes
   * (as {@link #handleLost}'s default does, with {@code multiple = false}).
   *
   * @param ack called for each ack; never null
   * @param nack called for each nack and each lost publish; never null
   * @return the listener, for {@link Channel#addConfirmListener(ConfirmListener)}
   * @throws NullPointerException if either is null
   * @since 0.2
   */
  static ConfirmListener of(Callback ack, Callback nack) {
    java.util.Objects.requireNonNull(ack, "ack");
    java.util.Objects.requireNonNull(nack, "nack");
    return new ConfirmListener() {
      @Override
      public void handleAck(long sequenceNumber, boolean multiple) {
        ack.handle(sequenceNumber, multiple);
      }

      @Override
      public void handleNack(long sequenceNumber, boolean multiple) {
        nack.handle(sequenceNumber, multiple);
      }
    };
  }
}
