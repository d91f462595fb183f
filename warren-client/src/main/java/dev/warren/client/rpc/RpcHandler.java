/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.rpc;

import dev.warren.client.Delivery;

/**
 * The function an {@link RpcServer} calls for each request. It runs on the server channel's
 * dispatcher thread, one request at a time, and may block.
 *
 * @since 0.2
 */
@FunctionalInterface
public interface RpcHandler {
  /**
   * Answers {@code request}. Throwing rejects the request without requeue (its queue's dead-letter
   * exchange takes it, if it has one) and sends no reply; the caller's call then times out.
   *
   * @param request the request; its reply_to and correlation id are the server's to use
   * @return the reply; not null (a null return is treated like a throw)
   * @throws Exception any failure, which rejects the request as described above
   */
  RpcReply handle(Delivery request) throws Exception;
}
