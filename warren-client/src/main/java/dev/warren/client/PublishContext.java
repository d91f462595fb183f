/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import dev.warren.protocol.BasicProperties;

/**
 * A publish about to be handed over, as {@link ClientObserver#startPublish} sees it: on the
 * publishing thread, after the backpressure gates let it through, right before the hand-over to the
 * I/O thread.
 *
 * @param channel the channel number
 * @param exchange the exchange, "" for the default exchange; never null
 * @param routingKey the routing key; never null
 * @param properties the properties to send (what an earlier observer returned, when several are
 *     registered); never null
 * @param bodySize the body's length in bytes
 * @param peerHost the host of the endpoint the connection is connected to (or was last)
 * @param peerPort that endpoint's port
 * @since 0.1
 */
public record PublishContext(
    int channel,
    String exchange,
    String routingKey,
    BasicProperties properties,
    int bodySize,
    String peerHost,
    int peerPort) {}
