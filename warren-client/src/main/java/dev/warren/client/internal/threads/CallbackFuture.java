/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.threads;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The future Warren hands to applications: completed on the I/O thread, but every dependent action
 * registered on it runs on the callback executor, never on the I/O thread, so an application's
 * {@code thenApply} may block without stalling I/O or heartbeats.
 *
 * <p>Completing costs nothing extra when nobody registered a dependent (a blocked {@code get()} is
 * simply woken up).
 */
public final class CallbackFuture<T> extends CompletableFuture<T> {
  private final Executor executor;
  private final java.util.concurrent.atomic.AtomicBoolean claimed =
      new java.util.concurrent.atomic.AtomicBoolean();

  public CallbackFuture(Executor executor) {
    this.executor = executor;
  }

  public static <T> CallbackFuture<T> completed(Executor executor, T value) {
    CallbackFuture<T> f = new CallbackFuture<>(executor);
    f.complete(value);
    return f;
  }

  public static <T> CallbackFuture<T> failed(Executor executor, Throwable failure) {
    CallbackFuture<T> f = new CallbackFuture<>(executor);
    f.completeExceptionally(failure);
    return f;
  }

  /**
   * Completing on an I/O thread when something waits on this future (a plain dependent such as
   * {@code CompletableFuture.allOf} registers one; a blocked {@code get()} does too) hands the
   * completion to the callback executor, so no dependent can run on the I/O thread. With no
   * dependents, the future completes in place at no cost. Which completion wins is decided at once,
   * on the calling thread: a later {@code complete} or {@code completeExceptionally} returns false
   * even while the handed-over completion has not run yet.
   */
  @Override
  public boolean complete(T value) {
    if (!claimed.compareAndSet(false, true)) {
      return false;
    }
    if (onIoThread() && getNumberOfDependents() > 0) {
      executor.execute(() -> super.complete(value));
      return true;
    }
    return super.complete(value);
  }

  @Override
  public boolean completeExceptionally(Throwable failure) {
    if (!claimed.compareAndSet(false, true)) {
      return false;
    }
    if (onIoThread() && getNumberOfDependents() > 0) {
      executor.execute(() -> super.completeExceptionally(failure));
      return true;
    }
    return super.completeExceptionally(failure);
  }

  private static boolean onIoThread() {
    return Thread.currentThread() instanceof io.netty.util.concurrent.FastThreadLocalThread;
  }

  // Waiting on the I/O thread (from a CallbackThread.IO_THREAD consumer) could never end: the
  // thread waited for is the waiting one. Fail at once, saying so. On a thread of the default
  // callback pool, the wait raises the pool's bound while it lasts (CallbackPool.blocking): the
  // completion waited for may need a pool thread.
  @Override
  public T get() throws InterruptedException, ExecutionException {
    refuseToWaitOnIoThread();
    if (isDone()) {
      return super.get();
    }
    try (CallbackPool.Blocking b = CallbackPool.blocking()) {
      return super.get();
    }
  }

  @Override
  public T get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    refuseToWaitOnIoThread();
    if (isDone()) {
      return super.get(timeout, unit);
    }
    try (CallbackPool.Blocking b = CallbackPool.blocking()) {
      return super.get(timeout, unit);
    }
  }

  @Override
  public T join() {
    refuseToWaitOnIoThread();
    if (isDone()) {
      return super.join();
    }
    try (CallbackPool.Blocking b = CallbackPool.blocking()) {
      return super.join();
    }
  }

  private void refuseToWaitOnIoThread() {
    if (!isDone() && SharedResources.onIoThread()) {
      throw Await.onIoThread("a Warren future");
    }
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CallbackFuture<>(executor);
  }

  @Override
  public Executor defaultExecutor() {
    return executor;
  }

  @Override
  public <U> CompletableFuture<U> thenApply(Function<? super T, ? extends U> fn) {
    return thenApplyAsync(fn, executor);
  }

  @Override
  public CompletableFuture<Void> thenAccept(Consumer<? super T> action) {
    return thenAcceptAsync(action, executor);
  }

  @Override
  public CompletableFuture<Void> thenRun(Runnable action) {
    return thenRunAsync(action, executor);
  }

  @Override
  public <U, V> CompletableFuture<V> thenCombine(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    return thenCombineAsync(other, fn, executor);
  }

  @Override
  public <U> CompletableFuture<Void> thenAcceptBoth(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    return thenAcceptBothAsync(other, action, executor);
  }

  @Override
  public CompletableFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
    return runAfterBothAsync(other, action, executor);
  }

  @Override
  public <U> CompletableFuture<U> applyToEither(
      CompletionStage<? extends T> other, Function<? super T, U> fn) {
    return applyToEitherAsync(other, fn, executor);
  }

  @Override
  public CompletableFuture<Void> acceptEither(
      CompletionStage<? extends T> other, Consumer<? super T> action) {
    return acceptEitherAsync(other, action, executor);
  }

  @Override
  public CompletableFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
    return runAfterEitherAsync(other, action, executor);
  }

  @Override
  public <U> CompletableFuture<U> thenCompose(
      Function<? super T, ? extends CompletionStage<U>> fn) {
    return thenComposeAsync(fn, executor);
  }

  @Override
  public <U> CompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
    return handleAsync(fn, executor);
  }

  @Override
  public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
    return whenCompleteAsync(action, executor);
  }

  @Override
  public CompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
    return handleAsync((v, e) -> e == null ? v : fn.apply(e), executor);
  }

  @Override
  public CompletableFuture<T> exceptionallyCompose(
      Function<Throwable, ? extends CompletionStage<T>> fn) {
    return exceptionallyComposeAsync(fn, executor);
  }
}
