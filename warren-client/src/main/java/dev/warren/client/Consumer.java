/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import dev.warren.errors.AmqpException;

/**
 * Receives the deliveries of one basic.consume and the events of its life.
 *
 * <p><b>Threading:</b> by default every method runs on the channel's dispatcher, never on the I/O
 * thread: one call at a time per channel, in the order the broker sent the deliveries; different
 * channels run in parallel. A method may block (even call blocking channel methods) without
 * stalling I/O, heartbeats or other channels. A consumer subscribed with {@link
 * CallbackThread#IO_THREAD} has its methods run on the connection's I/O thread instead, in the same
 * order, and must not block (see there). An exception thrown by {@link #handleDelivery} is logged
 * and the consumer goes on; the message stays unacknowledged unless auto-ack is on.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Consumer {
  /**
   * A message arrived. Acknowledge it with {@link Channel#basicAck} (any thread) unless the
   * consumer was subscribed with auto-ack.
   *
   * @param delivery the message with its tag, envelope, properties and body; never null
   * @throws Exception anything: it is logged and the consumer goes on (the message stays
   *     unacknowledged)
   */
  void handleDelivery(Delivery delivery) throws Exception;

  /**
   * The broker confirmed the subscription (basic.consume-ok).
   *
   * @param consumerTag the consumer's tag
   */
  default void handleConsumeOk(String consumerTag) {}

  /**
   * The application's basic.cancel was confirmed (basic.cancel-ok).
   *
   * @param consumerTag the consumer's tag
   */
  default void handleCancelOk(String consumerTag) {}

  /**
   * The broker cancelled the consumer (consumer cancel notification): its queue was deleted, or a
   * quorum queue's leader moved. No more deliveries will come.
   *
   * @param consumerTag the consumer's tag
   */
  default void handleCancel(String consumerTag) {}

  /**
   * The channel or the connection closed under the consumer; {@code cause} says why.
   *
   * @param consumerTag the consumer's tag
   * @param cause why: a {@link dev.warren.errors.ChannelClosedException} or {@link
   *     dev.warren.errors.ConnectionClosedException}
   */
  default void handleShutdown(String consumerTag, AmqpException cause) {}
}
