/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel;

import dev.warren.client.Requeue;
import dev.warren.client.internal.threads.CallbackFuture;
import dev.warren.errors.AmqpException;
import dev.warren.protocol.codec.Method;
import dev.warren.protocol.method.BasicAck;
import dev.warren.protocol.method.BasicNack;
import dev.warren.protocol.method.BasicReject;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledgements of one channel. The delivery tags the application sees keep increasing across
 * recoveries (the broker restarts at 1 on a reopened channel; an offset hides that), so an ack,
 * nack or reject of a delivery from before a recovery is recognised and dropped with a debug log
 * instead of closing the new channel with 406 PRECONDITION_FAILED.
 */
final class ChannelAcks {
  private static final Logger log = LoggerFactory.getLogger(ChannelAcks.class);

  private final ChannelContext ctx;
  private final DeliveryTags tags = new DeliveryTags(); // I/O thread only
  private final UnackedDeliveries unacked = new UnackedDeliveries(); // written on the I/O thread

  ChannelAcks(ChannelContext ctx) {
    this.ctx = ctx;
  }

  /** The channel is suspended for recovery: every tag seen so far is now stale (I/O thread). */
  void suspend() {
    tags.suspend();
    unacked.clear();
  }

  /** A delivery that waits for the application's settlement arrived, broker tag {@code raw}. */
  void awaitingSettlement(long rawTag) {
    unacked.delivered(rawTag);
  }

  /** Deliveries not yet acked, nacked or rejected (any thread). */
  int unacknowledged() {
    return unacked.count();
  }

  private void observe(AckKind kind, long deliveryTag) {
    if (ctx.observers.on) {
      ctx.observers.settled(
          ctx.number(),
          switch (kind) {
            case ACK -> dev.warren.client.Settlement.ACK;
            case NACK -> dev.warren.client.Settlement.NACK;
            case REJECT -> dev.warren.client.Settlement.REJECT;
          },
          deliveryTag);
    }
  }

  /** The tag the application sees for a tag of the current channel (I/O thread). */
  long userTag(long rawTag) {
    return tags.userTag(rawTag);
  }

  /**
   * Sends an ack, nack or reject without waiting (a consumer's hot path): the tag is translated to
   * the current channel's, and a tag from before a recovery is dropped with a debug log. A channel
   * that is closing or closed (or whose connection is) throws {@link
   * dev.warren.errors.WrongStateException}: the broker would never see the acknowledgement.
   */
  void acknowledge(long deliveryTag, AckKind kind, boolean multiple, Requeue requeue) {
    if (!ctx.mayAcknowledge()) {
      ctx.requireAcknowledgeable(kind.describe(deliveryTag, multiple));
    }
    observe(kind, deliveryTag);
    ctx.submit(
        () -> {
          try {
            sendAck(deliveryTag, kind, multiple, requeue);
          } catch (AmqpException e) {
            // The channel closed between the check above and the I/O thread: nobody is left to
            // throw to, so say it where it is seen.
            log.warn(
                "channel {}: {} not sent: {}",
                ctx.number(),
                kind.describe(deliveryTag, multiple),
                e.getMessage());
          }
        });
  }

  CompletableFuture<Void> acknowledgeAsync(
      long deliveryTag, AckKind kind, boolean multiple, Requeue requeue) {
    CallbackFuture<Void> future = ctx.newFuture();
    AmqpException refused =
        ctx.mayAcknowledge() ? null : ctx.notAcknowledgeable(kind.describe(deliveryTag, multiple));
    if (refused != null) {
      future.completeExceptionally(refused);
      return future;
    }
    observe(kind, deliveryTag);
    ctx.submit(
        future,
        () -> {
          sendAck(deliveryTag, kind, multiple, requeue);
          future.complete(null);
        });
    return future;
  }

  enum AckKind {
    ACK("basic.ack"),
    NACK("basic.nack"),
    REJECT("basic.reject");

    private final String method;

    AckKind(String method) {
      this.method = method;
    }

    String describe(long deliveryTag, boolean multiple) {
      if (multiple) {
        return method
            + (deliveryTag == 0 ? " of every outstanding delivery" : " up to " + deliveryTag);
      }
      return method + " of delivery tag " + deliveryTag;
    }
  }

  private void sendAck(long deliveryTag, AckKind kind, boolean multiple, Requeue requeue) {
    // Tag 0 with multiple means "everything outstanding on the channel" (as in pika).
    long raw = tags.rawTag(deliveryTag, multiple);
    if (raw == DeliveryTags.STALE) {
      log.debug(
          "channel {}: dropping {} of delivery tag {}, which belongs to the channel before its"
              + " recovery (the broker already requeued that delivery)",
          ctx.number(),
          kind,
          deliveryTag);
      return;
    }
    unacked.settled(raw, multiple);
    boolean requeueFlag = requeue == Requeue.REQUEUE;
    Method m =
        switch (kind) {
          case ACK -> new BasicAck(raw, multiple);
          case NACK -> new BasicNack(raw, multiple, requeueFlag);
          case REJECT -> new BasicReject(raw, requeueFlag);
        };
    ctx.engine().send(ctx.number(), m);
  }
}
