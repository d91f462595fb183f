/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.threads;

import dev.warren.engine.RpcCallback;
import dev.warren.errors.AmqpException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.codec.Method;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Engine callbacks that complete futures. */
public final class Rpcs {
  private Rpcs() {}

  /** Completes {@code future} with {@code mapper} applied to the reply, or with the failure. */
  public static <T> RpcCallback complete(CompletableFuture<T> future, Function<Method, T> mapper) {
    return new RpcCallback() {
      @Override
      public void onReply(Method reply, BasicProperties properties, byte[] body) {
        T value;
        try {
          value = mapper.apply(reply);
        } catch (RuntimeException e) {
          future.completeExceptionally(e);
          return;
        }
        future.complete(value);
      }

      @Override
      public void onFailure(AmqpException failure) {
        future.completeExceptionally(failure);
      }
    };
  }
}
