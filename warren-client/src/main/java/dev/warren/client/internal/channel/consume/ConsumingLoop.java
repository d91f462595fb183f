/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel.consume;

import dev.warren.client.internal.channel.ChannelContext;
import dev.warren.client.internal.threads.Await;
import dev.warren.client.internal.threads.SharedResources;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.Initiator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * pika's {@code start_consuming} / {@code stop_consuming} for one channel: the calling thread waits
 * while the channel has consumers and nobody asked to stop; deliveries run on the dispatcher
 * meanwhile.
 */
public final class ConsumingLoop {
  private final ChannelContext ctx;
  private final ChannelConsumers consumers;
  private volatile CompletableFuture<Void> done = new CompletableFuture<>();

  public ConsumingLoop(ChannelContext ctx, ChannelConsumers consumers) {
    this.ctx = ctx;
    this.consumers = consumers;
  }

  /**
   * Waits until stopped, out of consumers, or closed, at most {@code limit} (null: no limit).
   * Returns true when the loop ended, false when the limit passed first.
   *
   * @throws ChannelClosedException the channel's close cause, when it closed other than by the
   *     application (the broker closed it, or its connection was lost for good); a close of the
   *     channel or of its connection by the application ends the loop normally
   */
  public boolean run(Duration limit) {
    ctx.requireOpen();
    CompletableFuture<Void> current = new CompletableFuture<>();
    done = current;
    long deadline = limit == null ? 0 : System.nanoTime() + limit.toNanos();
    while (!current.isDone()) {
      if (ctx.isClosed()) {
        break;
      }
      if (consumers.isEmpty()) {
        return true;
      }
      long waitNanos = TimeUnit.SECONDS.toNanos(1);
      if (limit != null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        waitNanos = Math.min(waitNanos, left);
      }
      try {
        // Wakes on stop, last cancel or close; the periodic check is a safety net only.
        current.get(waitNanos, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        // check again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return true;
      } catch (Exception e) {
        return true;
      }
    }
    ChannelClosedException cause = ctx.closeCause();
    // A close the application asked for, of the channel or of its connection (Warren then closes
    // the channel with 200), ends the loop normally; any other close is the loop's failure.
    if (ctx.isClosed()
        && cause != null
        && cause.initiator() != Initiator.CLIENT
        && cause.replyCode() != dev.warren.errors.ReplyCode.REPLY_SUCCESS) {
      throw cause;
    }
    return true;
  }

  /** Cancels every consumer, then ends {@link #run()}. */
  public void stop() {
    List<String> tags = consumers.tagList();
    boolean mayWait = !SharedResources.onIoThread(); // there, the cancels just go out
    for (String tag : tags) {
      if (!ctx.isClosed()) {
        try {
          CompletableFuture<Void> cancelled = consumers.cancel(tag);
          if (mayWait) {
            cancelled.get(ctx.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS);
          }
        } catch (Exception e) {
          // closed meanwhile, or timed out: the loop ends either way
        }
      }
    }
    done.complete(null);
  }

  /**
   * Cancels one consumer, waiting for its cancel-ok; {@link #run()} ends if it was the last one
   * (basicCancel reports that through {@link #consumerGone()}). Nothing to do on a closed channel.
   */
  public void stop(String consumerTag) {
    java.util.Objects.requireNonNull(consumerTag, "consumerTag");
    if (!!ctx.isClosed()) {
      return;
    }
    CompletableFuture<Void> cancelled = consumers.cancel(consumerTag);
    if (!SharedResources.onIoThread()) { // there, the cancel just goes out
      Await.result(cancelled, ctx.rpcTimeout(), "basic.cancel-ok");
    }
  }

  /** A consumer was cancelled or the channel closed. */
  public void consumerGone() {
    if (consumers.isEmpty() || !!ctx.isClosed()) {
      done.complete(null);
    }
  }
}
