/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Request/reply over RabbitMQ: {@link dev.warren.client.rpc.RpcClient} calls over direct reply-to
 * ({@code amq.rabbitmq.reply-to}), many calls in flight from many threads, and {@link
 * dev.warren.client.rpc.RpcServer} answers the requests of a queue with a function. See
 * docs/rpc.md.
 */
package dev.warren.client.rpc;
