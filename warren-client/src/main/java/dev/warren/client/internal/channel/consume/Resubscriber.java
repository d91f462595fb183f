/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel.consume;

import dev.warren.client.Connection;
import dev.warren.client.QueueSpec;
import dev.warren.client.internal.channel.ChannelContext;
import dev.warren.client.internal.channel.ChannelCore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings back a consumer the broker cancelled (its queue was deleted, or a quorum queue's leader
 * moved), when the recovery policy asks for it: looks for the queue with a passive declare on a
 * short-lived channel at each interval, and re-subscribes the same callbacks with the same tag on
 * the original channel once it exists. Stops when the channel closes, when the connection closes
 * for good, or when the application cancels that consumer tag. While the connection recovers, the
 * look-up waits for it.
 */
final class Resubscriber {
  private static final Logger log = LoggerFactory.getLogger(Resubscriber.class);

  private final ChannelContext ctx;
  private final ChannelConsumers consumers;
  private final ConsumerRecord consumer;
  private volatile boolean stopped;

  Resubscriber(ChannelContext ctx, ChannelConsumers consumers, ConsumerRecord consumer) {
    this.ctx = ctx;
    this.consumers = consumers;
    this.consumer = consumer;
  }

  void start() {
    schedule();
  }

  /** No more attempts (the channel closed, or the application cancelled the tag). */
  void stop() {
    stopped = true;
  }

  private boolean done() {
    return stopped
        || ctx.isClosed()
        || ctx.host().state() == Connection.State.CLOSED
        || ctx.host().state() == Connection.State.CLOSING;
  }

  private void schedule() {
    if (done()) {
      return;
    }
    long interval = ctx.recoveryPolicy().resubscribeInterval().toNanos();
    ctx.loop().schedule(this::check, interval, TimeUnit.NANOSECONDS);
  }

  private void check() {
    if (done()) {
      consumers.resubscriberDone(consumer.spec().consumerTag(), this);
      return;
    }
    String queue = consumer.spec().queue();
    String tag = consumer.spec().consumerTag();
    ctx.host()
        .openLibraryChannel()
        .thenCompose(
            probe ->
                probe
                    .queueDeclare(QueueSpec.named(queue).passive())
                    .whenComplete((ok, e) -> closeQuietly(probe)))
        .thenCompose(
            ok -> {
              if (done()) {
                throw new IllegalStateException("stopped");
              }
              // Stopped is asked again on the I/O thread, where the application's cancel stops it.
              return consumers.subscribe(
                  consumer.spec(), consumer.original(), true, () -> !stopped);
            })
        .whenComplete(
            (newTag, e) -> {
              if (e == null) {
                consumers.resubscriberDone(tag, this);
                log.info("consumer {} re-subscribed to queue {}", newTag, queue);
              } else if (done()) {
                consumers.resubscriberDone(tag, this);
              } else {
                log.debug("queue {} not back yet: {}", queue, e.getMessage());
                schedule();
              }
            });
  }

  private static void closeQuietly(ChannelCore probe) {
    if (probe.isOpen()) {
      probe.close().exceptionally(t -> null);
    }
  }
}
