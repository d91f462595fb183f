/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * Where a consumer or a basic.get receives from, as {@link ClientObserver#wrapConsumer} and {@link
 * ClientObserver#getCompleted} see it.
 *
 * @param channel the channel number
 * @param queue the queue, never null ("" when the application consumed from the channel's last
 *     declared queue)
 * @param consumerTag the consumer tag; null for a basic.get
 * @param peerHost the host of the endpoint the connection is connected to
 * @param peerPort that endpoint's port
 * @since 0.1
 */
public record ConsumerContext(
    int channel, String queue, String consumerTag, String peerHost, int peerPort) {}
