/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * One outcome of a consumer with a {@link RetryPolicy}: which delivery, which attempt it was, what
 * Warren did with it and why.
 *
 * @param delivery the delivery the callback was given; never null
 * @param attempt which delivery of the message this was, from 1 (the first) to the policy's {@link
 *     RetryPolicy#maxDeliveries()}
 * @param outcome what Warren did; never null
 * @param failure what the callback threw; null when the outcome is {@link RetryOutcome#ACKED}
 * @since 0.2
 */
public record RetryEvent(Delivery delivery, int attempt, RetryOutcome outcome, Throwable failure) {}
