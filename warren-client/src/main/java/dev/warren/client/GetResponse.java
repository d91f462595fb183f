/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * The answer of basic.get when a message was there.
 *
 * @param delivery the message (its consumer tag is empty)
 * @param messageCount how many messages were left in the queue
 * @since 0.1
 */
public record GetResponse(Delivery delivery, long messageCount) {}
