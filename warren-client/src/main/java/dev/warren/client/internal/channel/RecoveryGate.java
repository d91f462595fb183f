/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel;

import dev.warren.client.internal.threads.SharedResources;
import dev.warren.errors.AmqpException;
import dev.warren.errors.WrongStateException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Where one channel's operations wait while the channel is recovering: asynchronous ones queue on
 * the I/O thread in arrival order, blocking callers wait (bounded) for the channel to be usable
 * again. Shut when the channel is suspended, opened when it is back or closed for good.
 */
public final class RecoveryGate {
  private static final CompletableFuture<Void> USABLE = CompletableFuture.completedFuture(null);

  private final ChannelContext ctx;

  /**
   * Completes when the channel is usable again after a recovery (at once when it is); waiting
   * operations listen to it. Completed on the I/O thread, after the status is OPEN (or CLOSED).
   */
  private volatile CompletableFuture<Void> usable = USABLE;

  /** An operation that arrived while the channel was recovering (I/O thread only). */
  private static final class Waiting {
    Runnable task; // null once it timed out
    io.netty.util.concurrent.ScheduledFuture<?> timer;
  }

  // Operations waiting for the channel to be usable again, in arrival order (I/O thread only).
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

  RecoveryGate(ChannelContext ctx) {
    this.ctx = ctx;
  }

  /**
   * The channel is being suspended (I/O thread): later operations wait. Called before the status
   * turns RECOVERING, so whoever sees that phase finds the new {@link #usable} future. Whether the
   * gate is shut, not the phase, decides whether operations wait: a channel the application closes
   * while it recovers is CLOSING, and what waited still waits for its final close.
   */
  void shut() {
    usable = new CompletableFuture<>();
  }

  /**
   * The channel is usable again, or closed for good (I/O thread, after the status changed): runs
   * the operations that waited, in arrival order (on a closed channel they find it closed), then
   * wakes blocked callers.
   */
  void open() {
    runWaiting();
    usable.complete(null);
  }

  /** For blocking callers: throws if closed, waits (bounded) while recovering. */
  public void awaitUsable(Duration timeout) {
    ctx.requireOpen();
    // On the I/O thread nothing waits here: the operation queues itself until the channel is
    // usable (whenUsable), in order.
    if (!usable.isDone() && !SharedResources.onIoThread()) {
      ctx.host().await(usable, "channel " + ctx.number(), min(timeout, ctx.host().operationWait()));
      ctx.requireOpen();
    }
  }

  /**
   * I/O thread: runs {@code task} now unless the channel is recovering; then queues it, in arrival
   * order, until the channel is usable again (or closed for good: the task then finds it closed).
   * If that takes longer than the recovery policy's operation wait, {@code onTimeout} gets a
   * wrong-state exception instead ({@link Duration#ZERO}: at once). Deciding on the I/O thread
   * keeps one thread's operations in the order it made them, across a recovery.
   */
  public void whenUsable(Runnable task, Consumer<AmqpException> onTimeout) {
    if (usable.isDone()) {
      task.run();
      return;
    }
    Duration wait = ctx.host().operationWait();
    if (wait.isZero()) {
      onTimeout.accept(recoveringTimeout(wait));
      return;
    }
    Waiting w = new Waiting();
    w.task = task;
    w.timer =
        ctx.loop()
            .schedule(
                () -> {
                  if (w.task != null) {
                    w.task = null;
                    onTimeout.accept(recoveringTimeout(wait));
                  }
                },
                wait.toNanos(),
                TimeUnit.NANOSECONDS);
    waiting.add(w);
  }

  /** {@link #whenUsable} for an operation with a future: its failures complete the future. */
  public void whenUsable(CompletableFuture<?> future, Runnable task) {
    whenUsable(
        () -> {
          try {
            task.run();
          } catch (AmqpException | IllegalArgumentException | IllegalStateException e) {
            future.completeExceptionally(e);
          }
        },
        future::completeExceptionally);
  }

  private WrongStateException recoveringTimeout(Duration wait) {
    return new WrongStateException(
        "channel "
            + ctx.number()
            + " is recovering and did not come back within "
            + wait.toMillis()
            + " ms (RecoveryPolicy.operationWait)",
        null);
  }

  /** Runs the operations that waited for the recovery, in order (I/O thread). */
  private void runWaiting() {
    Waiting w;
    while ((w = waiting.poll()) != null) {
      Runnable task = w.task;
      if (task != null) {
        w.task = null;
        w.timer.cancel(false);
        task.run();
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
