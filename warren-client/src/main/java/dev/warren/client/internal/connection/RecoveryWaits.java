/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.connection;

import dev.warren.client.internal.threads.Await;
import dev.warren.client.internal.threads.CallbackFuture;
import dev.warren.client.internal.threads.SharedResources;
import dev.warren.errors.AmqpException;
import dev.warren.errors.WrongStateException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * How operations made while a connection recovers wait for it: asynchronous ones run once the
 * recovery ends ({@link #after}), blocking ones wait in the calling thread ({@link #await}); both
 * give up with a wrong-state exception after the recovery policy's operation wait. Thread-safe.
 */
final class RecoveryWaits {
  private final EventLoop loop;
  private final Executor callbacks;
  private final Supplier<Duration> operationWait;

  RecoveryWaits(EventLoop loop, Executor callbacks, Supplier<Duration> operationWait) {
    this.loop = loop;
    this.callbacks = callbacks;
    this.operationWait = operationWait;
  }

  /**
   * Runs {@code operation} once {@code until} completes (normally or not: the operation then finds
   * the state it has to report), or fails with a wrong-state exception naming {@code what} if that
   * takes longer than the operation wait; {@link Duration#ZERO} fails at once. {@code until} is
   * only listened to, never completed here.
   */
  <T> CompletableFuture<T> after(
      CompletableFuture<Void> until, String what, Supplier<CompletableFuture<T>> operation) {
    Duration wait = operationWait.get();
    CallbackFuture<T> result = new CallbackFuture<>(callbacks);
    if (!until.isDone() && wait.isZero()) {
      result.completeExceptionally(recoveringTimeout(what, wait));
      return result;
    }
    java.util.concurrent.atomic.AtomicBoolean decided =
        new java.util.concurrent.atomic.AtomicBoolean();
    ScheduledFuture<?> timer =
        until.isDone()
            ? null
            : loop.schedule(
                () -> {
                  if (decided.compareAndSet(false, true)) {
                    result.completeExceptionally(recoveringTimeout(what, wait));
                  }
                },
                wait.toNanos(),
                TimeUnit.NANOSECONDS);
    until.whenComplete(
        (v, e) -> {
          if (!decided.compareAndSet(false, true)) {
            return;
          }
          if (timer != null) {
            timer.cancel(false);
          }
          CompletableFuture<T> op;
          try {
            op = operation.get();
          } catch (RuntimeException failure) {
            result.completeExceptionally(failure);
            return;
          }
          op.whenComplete(
              (value, failure) -> {
                if (failure != null) {
                  result.completeExceptionally(failure);
                } else {
                  result.complete(value);
                }
              });
        });
    return result;
  }

  private static WrongStateException recoveringTimeout(String what, Duration wait) {
    return new WrongStateException(
        what
            + " is recovering and did not come back within "
            + wait.toMillis()
            + " ms (RecoveryPolicy.operationWait)",
        null);
  }

  /**
   * Blocks until {@code until} completes, at most {@code wait}; its failure is not rethrown (the
   * caller then finds the state it has to report).
   */
  void await(CompletableFuture<Void> until, String what, Duration wait) {
    if (until.isDone()) {
      return;
    }
    if (SharedResources.onIoThread()) {
      throw Await.onIoThread(what + " to recover");
    }
    try {
      until.get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw recoveringTimeout(what, wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AmqpException(0, "interrupted while waiting for recovery", e);
    } catch (java.util.concurrent.ExecutionException e) {
      // Closed for good: the operation reports it.
    }
  }
}
