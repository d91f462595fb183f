/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Request/reply over the public API: {@code DirectReplyToClient} (calls over {@code
 * amq.rabbitmq.reply-to}, matched by correlation id, with timeouts and failure at connection loss)
 * and {@code QueueRpcServer} (consume, call the handler, reply, ack).
 *
 * <p><b>Threads:</b> calls on any thread; replies are matched on the I/O thread (the reply consumer
 * is an {@code IO_THREAD} consumer that only completes futures, whose dependents run on the
 * callback executor); timeouts and the server's handler run on callback threads.
 *
 * <p><b>May use:</b> the public API, {@code threads}.
 */
package dev.warren.client.internal.rpc;
