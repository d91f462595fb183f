/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * What a consumer with a {@link RetryPolicy} did with one delivery, as a {@link RetryListener} is
 * told.
 *
 * @since 0.2
 */
public enum RetryOutcome {
  /** The callback returned normally; Warren acked the delivery. */
  ACKED,
  /** The callback threw; Warren nacked the delivery with requeue (quorum queues). */
  REQUEUED,
  /**
   * The callback threw; Warren published a copy to the same queue with its {@code x-warren-retries}
   * header one higher, then acked the delivery (classic queues).
   */
  REPUBLISHED,
  /**
   * The callback threw; Warren published a copy to the policy's delay queue, whose per-message TTL
   * dead-letters it back to the queue after the delay, then acked the delivery.
   */
  DELAYED,
  /**
   * The callback threw on the last allowed delivery; Warren rejected it without requeue, so the
   * queue's dead-letter exchange takes it (or the broker drops it when the queue has none).
   */
  DEAD_LETTERED
}
