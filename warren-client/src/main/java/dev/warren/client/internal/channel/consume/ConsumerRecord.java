/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel.consume;

import dev.warren.client.ConsumeSpec;
import dev.warren.client.Consumer;
import dev.warren.client.Qos;
import java.util.concurrent.Executor;

/**
 * A live consumer: what it subscribed with (to re-subscribe after recovery), its callbacks, and
 * where they run (the channel's dispatcher, or the I/O thread for {@link
 * dev.warren.client.CallbackThread#IO_THREAD}). {@code consumer} is what runs: the application's
 * {@code original}, or an observer's wrapper of it (re-subscribing passes the original, so it is
 * not wrapped twice). {@code prefetch} is the channel's basic.qos when the broker accepted the
 * consumer (null if none was set): RabbitMQ fixes a consumer's prefetch then, so recovery
 * re-subscribes each consumer under the prefetch it had, not the channel's latest.
 */
public record ConsumerRecord(
    ConsumeSpec spec, Consumer consumer, Executor callbacks, Consumer original, Qos prefetch) {}
