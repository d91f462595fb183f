/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Delivery limits and retries for callback consumers ({@link dev.warren.client.RetryPolicy}):
 * {@code RetryingConsumer} wraps the application's consumer, counts the deliveries of each message
 * and acks, requeues, republishes (to the queue or a delay queue) or rejects it.
 *
 * <p><b>Threads:</b> runs on the consumer's callback thread; everything it sends goes through the
 * channel's asynchronous view, so it never blocks (it may run on the I/O thread).
 *
 * <p><b>May use:</b> the public API only.
 */
package dev.warren.client.internal.retry;
