/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.threads;

import dev.warren.errors.AmqpException;
import dev.warren.errors.RpcTimeoutException;
import dev.warren.errors.WrongStateException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How the blocking views wait: on the future of the asynchronous implementation, always with a
 * deadline, rethrowing Warren's unchecked exceptions as they are.
 */
public final class Await {
  private Await() {}

  public static <T> T result(CompletableFuture<T> future, Duration timeout, String method) {
    return result(future, timeout, timeout, method);
  }

  /**
   * Waits {@code wait} at most; a timeout reports {@code timeout}, the caller's whole deadline, of
   * which {@code wait} is what was left.
   */
  public static <T> T result(
      CompletableFuture<T> future, Duration wait, Duration timeout, String method) {
    if (!future.isDone() && SharedResources.onIoThread()) {
      throw onIoThread(method);
    }
    try {
      return future.get(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new RpcTimeoutException(method, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AmqpException(
          AmqpException.NO_REPLY_CODE, "interrupted while waiting for " + method, e);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (CancellationException e) {
      throw new AmqpException(AmqpException.NO_REPLY_CODE, method + " was cancelled", e);
    }
  }

  /**
   * A blocking call made on an I/O thread (from a {@link
   * dev.warren.client.CallbackThread#IO_THREAD} consumer): it would wait for the very thread it
   * runs on, so it fails at once instead.
   */
  public static WrongStateException onIoThread(String waitingFor) {
    return new WrongStateException(
        "a blocking call waiting for "
            + waitingFor
            + " was made on Warren's I/O thread (a CallbackThread.IO_THREAD consumer callback?),"
            + " which is the thread that would complete it: use the async() view of the channel"
            + " or connection there, or subscribe with CallbackThread.DISPATCHER",
        null);
  }

  /** Throws {@link #onIoThread} on an I/O thread: for blocking calls, before they send anything. */
  public static void refuseOnIoThread(String waitingFor) {
    if (SharedResources.onIoThread()) {
      throw onIoThread(waitingFor);
    }
  }

  public static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException re) {
      return re;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    return new AmqpException(AmqpException.NO_REPLY_CODE, String.valueOf(cause), cause);
  }
}
