/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * Told each outcome of a consumer with a {@link RetryPolicy} (set with {@link
 * RetryPolicy#listener(RetryListener)}). It runs on the thread of the consumer's callback, right
 * after Warren sent the ack, nack, reject or republish (not waiting for the broker); an exception
 * it throws is logged and ignored.
 *
 * @since 0.2
 */
@FunctionalInterface
public interface RetryListener {
  /**
   * One delivery was acked, requeued, republished, delayed or dead-lettered.
   *
   * @param event which delivery, which attempt, what Warren did and why; never null
   */
  void onOutcome(RetryEvent event);
}
