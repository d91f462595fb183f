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
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The future Warren hands to applications: completed on the I/O thread, but every dependent action
 * registered on it runs on the callback executor, never on the I/O thread, so an application's
 * {@code thenApply} may block without stalling I/O or heartbeats.
 *
 * <p>A thread blocked in {@code get()} or {@code join()} is not a dependent: it waits on a list of
 * its own, and completing on the I/O thread wakes it directly. That matters for every blocking call
 * (a {@code waitForConfirms} after each publish, a {@code queueDeclare}): with {@link
 * CompletableFuture}'s own waiting, the blocked thread registers a dependent, so the completion
 * would be handed to the callback executor first and the caller woken one thread hop later. With no
 * dependent, the future completes in place at no cost.
 *
 * <p>Futures derived from this one ({@code thenApply} ...) are completed by the callback executor
 * and wait the usual way.
 */
public final class CallbackFuture<T> extends CompletableFuture<T> {
  /** A blocked thread; {@code thread} is cleared when it stops waiting (timeout, interrupt). */
  private static final class Waiter {
    volatile Thread thread;
    final Waiter next;

    Waiter(Thread thread, Waiter next) {
      this.thread = thread;
      this.next = next;
    }
  }

  /** The head of {@link #waiters} once the future is complete: nobody is added after it. */
  private static final Waiter RELEASED = new Waiter(null, null);

  /**
   * A missed wake-up (a completion through a path this class does not override, such as {@code
   * completeAsync}) costs at most this much, never a hang.
   */
  private static final long PARK_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private static final long FOREVER = Long.MAX_VALUE;

  private final Executor executor;
  private final java.util.concurrent.atomic.AtomicBoolean claimed =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicReference<Waiter> waiters;
  private final CallerWaits callerWaits;

  /** A future that Warren completes (the I/O thread, usually). */
  public CallbackFuture(Executor executor) {
    this(executor, (CallerWaits) null);
  }

  /**
   * A future that Warren completes, on a connection whose {@link CallerWaits} hears when a thread
   * blocks on it ({@code callerWaits} may be null).
   */
  public CallbackFuture(Executor executor, CallerWaits callerWaits) {
    this.executor = executor;
    this.waiters = new java.util.concurrent.atomic.AtomicReference<>();
    this.callerWaits = callerWaits;
  }

  /** A future derived from another one: completed by the callback executor. */
  private CallbackFuture(Executor executor, Void derived) {
    this.executor = executor;
    this.waiters = null;
    this.callerWaits = null;
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
      executor.execute(
          () -> {
            super.complete(value);
            release();
          });
      return true;
    }
    boolean done = super.complete(value);
    release();
    return done;
  }

  @Override
  public boolean completeExceptionally(Throwable failure) {
    if (!claimed.compareAndSet(false, true)) {
      return false;
    }
    if (onIoThread() && getNumberOfDependents() > 0) {
      executor.execute(
          () -> {
            super.completeExceptionally(failure);
            release();
          });
      return true;
    }
    boolean done = super.completeExceptionally(failure);
    release();
    return done;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    release();
    return cancelled;
  }

  @Override
  public void obtrudeValue(T value) {
    super.obtrudeValue(value);
    release();
  }

  @Override
  public void obtrudeException(Throwable failure) {
    super.obtrudeException(failure);
    release();
  }

  /** Wakes every blocked thread; called after the result is set. */
  private void release() {
    if (waiters == null) {
      return;
    }
    for (Waiter w = waiters.getAndSet(RELEASED); w != null && w != RELEASED; w = w.next) {
      Thread t = w.thread;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }
  }

  /**
   * Blocks until the future is done or {@code nanos} passed ({@link #FOREVER}: no deadline).
   *
   * @return whether it is done
   */
  private boolean awaitDone(long nanos, boolean interruptible) throws InterruptedException {
    if (callerWaits != null) {
      callerWaits.touch();
    }
    Waiter me = null;
    long deadline = nanos == FOREVER ? 0 : System.nanoTime() + nanos;
    boolean interrupted = false;
    try {
      while (!isDone()) {
        if (me == null) {
          Waiter head = waiters.get();
          if (head == RELEASED) {
            continue; // completing right now: the result is about to be visible
          }
          Waiter w = new Waiter(Thread.currentThread(), head);
          if (waiters.compareAndSet(head, w)) {
            me = w;
          }
          continue; // check isDone() again after registering, so no wake-up is missed
        }
        long left = nanos == FOREVER ? PARK_SLICE_NANOS : deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        LockSupport.parkNanos(this, Math.min(left, PARK_SLICE_NANOS));
        if (Thread.interrupted()) {
          if (interruptible) {
            throw new InterruptedException();
          }
          interrupted = true;
        }
      }
      return true;
    } finally {
      if (me != null) {
        me.thread = null;
      }
      if (callerWaits != null) {
        callerWaits.touch();
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
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
      if (waiters != null) {
        awaitDone(FOREVER, true);
      }
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
      if (waiters != null) {
        if (!awaitDone(unit.toNanos(timeout), true)) {
          throw new TimeoutException();
        }
        return super.get();
      }
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
      if (waiters != null) {
        try {
          awaitDone(FOREVER, false);
        } catch (InterruptedException e) {
          throw new AssertionError(e); // not interruptible
        }
      }
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
    return new CallbackFuture<>(executor, (Void) null);
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
