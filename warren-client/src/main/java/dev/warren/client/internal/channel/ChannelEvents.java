/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel;

import dev.warren.client.Delivery;
import dev.warren.client.Requeue;
import dev.warren.client.ReturnedMessage;
import dev.warren.client.internal.channel.consume.ChannelConsumers;
import dev.warren.client.internal.channel.consume.ConsumerRecord;
import dev.warren.client.internal.channel.publish.ChannelPublishing;
import dev.warren.engine.ChannelListener;
import dev.warren.errors.ChannelClosedException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.method.BasicDeliver;
import dev.warren.protocol.method.BasicReturn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine reports about a channel, on the I/O thread, turned into work for the channel's
 * dispatcher: deliveries in order, returns, confirms, cancellations and the close.
 */
final class ChannelEvents implements ChannelListener {
  private static final Logger log = LoggerFactory.getLogger(ChannelEvents.class);

  private final ChannelContext ctx;
  private final ChannelConsumers consumers;
  private final ChannelAcks acks;
  private final ChannelPublishing publishing;
  private final ChannelRecovery recovery;

  ChannelEvents(
      ChannelContext ctx,
      ChannelConsumers consumers,
      ChannelAcks acks,
      ChannelPublishing publishing,
      ChannelRecovery recovery) {
    this.ctx = ctx;
    this.consumers = consumers;
    this.acks = acks;
    this.publishing = publishing;
    this.recovery = recovery;
  }

  @Override
  public void onDelivery(BasicDeliver deliver, BasicProperties properties, byte[] body) {
    String tag = deliver.consumerTag();
    ConsumerRecord record = consumers.get(tag);
    long deliveryTag = acks.userTag(deliver.deliveryTag());
    if (record == null && consumers.cancelledWithoutWaiting(tag)) {
      // Sent before the broker read a no-wait basic.cancel: back to the queue, for other consumers.
      log.debug(
          "channel {}: delivery {} after a no-wait cancel of '{}' requeued",
          ctx.number(),
          deliveryTag,
          tag);
      acks.acknowledge(deliveryTag, ChannelAcks.AckKind.REJECT, false, Requeue.REQUEUE);
      return;
    }
    if (record == null) {
      log.warn(
          "channel {}: delivery {} for unknown consumer '{}' left unacknowledged",
          ctx.number(),
          deliveryTag,
          tag);
      return;
    }
    if (!record.spec().isAutoAck()) {
      acks.awaitingSettlement(deliver.deliveryTag());
    }
    if (ctx.observers.on) {
      ctx.observers.delivered(ctx.number(), record.spec().queue(), tag, body.length);
    }
    Delivery d =
        new Delivery(
            tag,
            deliveryTag,
            deliver.redelivered(),
            deliver.exchange(),
            deliver.routingKey(),
            properties,
            body);
    java.util.List<Delivery> taken = consumers.takingFor(tag);
    if (taken != null) {
      taken.add(d); // arrived after basicCancelAndTake sent basic.cancel: handed back by it
      return;
    }
    record
        .callbacks()
        .execute(
            () -> {
              try {
                record.consumer().handleDelivery(d);
              } catch (Exception e) {
                log.error(
                    "channel {}: consumer '{}' threw on delivery {}; continuing",
                    ctx.number(),
                    tag,
                    d.deliveryTag(),
                    e);
              }
            });
  }

  @Override
  public void onReturn(BasicReturn r, BasicProperties properties, byte[] body) {
    publishing.onReturn(
        new ReturnedMessage(
            r.replyCode(), r.replyText(), r.exchange(), r.routingKey(), properties, body));
  }

  @Override
  public void onAck(long deliveryTag, boolean multiple) {
    publishing.onAck(deliveryTag, multiple);
  }

  @Override
  public void onNack(long deliveryTag, boolean multiple) {
    publishing.onNack(deliveryTag, multiple);
  }

  @Override
  public void onCancelledByBroker(String consumerTag) {
    if (ctx.observers.on && consumers.get(consumerTag) != null) {
      ctx.observers.consumerCancelledByBroker(ctx.number(), consumerTag);
    }
    consumers.cancelledByBroker(consumerTag);
  }

  @Override
  public void onFlow(boolean active) {
    log.info("channel {}: the broker set flow {}", ctx.number(), active ? "active" : "paused");
    publishing.onFlow(active);
  }

  @Override
  public void onClosed(ChannelClosedException cause) {
    recovery.closedByEngine(cause); // close for good, or recover: decided in one place
  }
}
