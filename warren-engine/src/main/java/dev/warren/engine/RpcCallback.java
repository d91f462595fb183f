/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.engine;

import dev.warren.errors.AmqpException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.codec.Method;

/**
 * The continuation of a synchronous method: called once, on the engine's thread, with the reply or
 * with the reason no reply will come.
 */
public interface RpcCallback {
  /**
   * The broker's reply. {@code properties} and {@code body} are set only for basic.get-ok, whose
   * reply carries a message; otherwise they are null.
   */
  void onReply(Method reply, BasicProperties properties, byte[] body);

  /** No reply will come: the channel or connection closed, or the request was refused. */
  void onFailure(AmqpException failure);

  /** A callback that ignores the outcome. */
  RpcCallback IGNORE =
      new RpcCallback() {
        @Override
        public void onReply(Method reply, BasicProperties properties, byte[] body) {}

        @Override
        public void onFailure(AmqpException failure) {}
      };
}
