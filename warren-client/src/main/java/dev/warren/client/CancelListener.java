/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * Hears the broker cancelling any consumer of a channel (a consumer cancel notification: the queue
 * was deleted, a quorum queue's leader moved ...): pika's {@code add_on_cancel_callback}. It is
 * told in addition to the consumer's own {@link Consumer#handleCancel}, not instead of it; a cancel
 * the application asked for ({@code basicCancel}, {@code stopConsuming}) is not reported here.
 *
 * <p><b>Threading:</b> runs on the channel's dispatcher, never on the I/O thread, right after the
 * cancelled consumer's {@link Consumer#handleCancel} and in order with the channel's deliveries. It
 * may block (even call blocking channel methods), holding up only its own channel. An exception it
 * throws is logged and the other listeners are still told.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface CancelListener {
  /**
   * The broker cancelled a consumer of this channel; no more deliveries will come for it. By the
   * time this runs the tag is no longer among the channel's {@code consumerTags()}.
   *
   * @param consumerTag the cancelled consumer's tag, never null
   * @param queue the queue the consumer was subscribed to (its current name when recovery renamed a
   *     server-named queue), never null
   */
  void handleCancel(String consumerTag, String queue);
}
