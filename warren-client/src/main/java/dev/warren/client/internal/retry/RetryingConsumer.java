/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.retry;

import dev.warren.client.AsyncChannel;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.Consumer;
import dev.warren.client.Delivery;
import dev.warren.client.QueueSpec;
import dev.warren.client.Requeue;
import dev.warren.client.RetryEvent;
import dev.warren.client.RetryOutcome;
import dev.warren.client.RetryPolicy;
import dev.warren.errors.AmqpException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.FieldValue;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer Warren subscribes for a spec with a {@link RetryPolicy}: runs the application's
 * callback, then acks the delivery, or retries it (nack with requeue, or a copy republished to the
 * queue or the delay queue, then ack), or on its last allowed delivery rejects it without requeue.
 * Each outcome goes to the policy's listener.
 */
public final class RetryingConsumer implements Consumer {
  private static final Logger log = LoggerFactory.getLogger(RetryingConsumer.class);

  private final AsyncChannel channel;
  private final Consumer callback;
  private final RetryPolicy policy;
  private final String queue;

  private RetryingConsumer(
      AsyncChannel channel, Consumer callback, RetryPolicy policy, String queue) {
    this.channel = channel;
    this.callback = callback;
    this.policy = policy;
    this.queue = queue;
  }

  /**
   * Subscribes {@code callback} with {@code spec}'s retry policy through {@code consume}; with a
   * delay, declares the delay queue first (durable, dead-lettering to {@code spec}'s queue through
   * the default exchange).
   */
  public static CompletableFuture<String> subscribe(
      AsyncChannel channel,
      ConsumeSpec spec,
      Consumer callback,
      BiFunction<ConsumeSpec, Consumer, CompletableFuture<String>> consume) {
    RetryPolicy policy = spec.retryPolicy().orElseThrow();
    RetryingConsumer wrapper = new RetryingConsumer(channel, callback, policy, spec.queue());
    if (policy.delay().isZero()) {
      return consume.apply(spec, wrapper);
    }
    QueueSpec delayQueue =
        QueueSpec.named(policy.delayQueueFor(spec.queue()))
            .durable()
            .deadLetterExchange("")
            .deadLetterRoutingKey(spec.queue());
    return channel.queueDeclare(delayQueue).thenCompose(ok -> consume.apply(spec, wrapper));
  }

  @Override
  public void handleDelivery(Delivery delivery) {
    long before = retriesHeader(delivery) + delivery.deliveryCount();
    int attempt = (int) Math.min(Integer.MAX_VALUE - 1L, before) + 1;
    try {
      callback.handleDelivery(delivery);
    } catch (Exception failure) {
      failed(delivery, attempt, failure);
      return;
    }
    sent(channel.basicAck(delivery.deliveryTag()), "basic.ack", delivery);
    tell(new RetryEvent(delivery, attempt, RetryOutcome.ACKED, null));
  }

  private void failed(Delivery delivery, int attempt, Exception failure) {
    long tag = delivery.deliveryTag();
    RetryOutcome outcome;
    if (attempt >= policy.maxDeliveries()) {
      log.debug(
          "delivery {} of queue '{}' failed on its last allowed delivery ({} of {}); rejecting it"
              + " without requeue (dead-lettering)",
          tag,
          queue,
          attempt,
          policy.maxDeliveries(),
          failure);
      sent(channel.basicReject(tag, Requeue.DISCARD), "basic.reject", delivery);
      outcome = RetryOutcome.DEAD_LETTERED;
    } else if (!policy.delay().isZero()) {
      BasicProperties copy =
          withRetries(delivery.properties(), attempt).toBuilder()
              .expiration(Long.toString(policy.delay().toMillis()))
              .build();
      republishThenAck(delivery, policy.delayQueueFor(queue), copy);
      outcome = RetryOutcome.DELAYED;
    } else if (policy.isRequeue()) {
      sent(channel.basicNack(tag, Requeue.REQUEUE), "basic.nack", delivery);
      outcome = RetryOutcome.REQUEUED;
    } else {
      republishThenAck(delivery, queue, withRetries(delivery.properties(), attempt));
      outcome = RetryOutcome.REPUBLISHED;
    }
    if (outcome != RetryOutcome.DEAD_LETTERED) {
      log.debug(
          "delivery {} of queue '{}' failed ({} of {} deliveries): {}",
          tag,
          queue,
          attempt,
          policy.maxDeliveries(),
          outcome,
          failure);
    }
    tell(new RetryEvent(delivery, attempt, outcome, failure));
  }

  /** Publishes the copy first, acks once it is on its way: a loss in between duplicates. */
  private void republishThenAck(Delivery delivery, String routingKey, BasicProperties copy) {
    CompletableFuture<Void> done =
        channel
            .basicPublish("", routingKey, copy, delivery.body())
            .thenCompose(v -> channel.basicAck(delivery.deliveryTag()));
    sent(done, "republish and basic.ack", delivery);
  }

  private static BasicProperties withRetries(BasicProperties properties, int retries) {
    Map<String, Object> headers =
        properties.headers() == null ? new HashMap<>() : new HashMap<>(properties.headers());
    headers.put(RetryPolicy.RETRIES_HEADER, retries);
    return properties.withHeaders(headers);
  }

  /** The {@code x-warren-retries} header: how many copies Warren republished before this one. */
  static long retriesHeader(Delivery delivery) {
    Map<String, Object> headers = delivery.properties().headers();
    Object value = headers == null ? null : headers.get(RetryPolicy.RETRIES_HEADER);
    if (value instanceof Number n) {
      return Math.max(0, n.longValue());
    }
    if (value instanceof FieldValue.UnsignedByte u) {
      return u.value();
    }
    if (value instanceof FieldValue.UnsignedShort u) {
      return u.value();
    }
    if (value instanceof FieldValue.UnsignedInt u) {
      return u.value();
    }
    return 0;
  }

  private void sent(CompletableFuture<Void> future, String what, Delivery delivery) {
    future.whenComplete(
        (v, failure) -> {
          if (failure != null) {
            // The broker redelivers an unacknowledged delivery when its channel goes.
            log.debug(
                "{} of delivery {} of queue '{}' failed; the broker will redeliver it: {}",
                what,
                delivery.deliveryTag(),
                queue,
                failure.toString());
          }
        });
  }

  private void tell(RetryEvent event) {
    try {
      policy.listener().onOutcome(event);
    } catch (RuntimeException e) {
      log.warn("the retry listener of queue '{}' threw; ignored", queue, e);
    }
  }

  @Override
  public void handleConsumeOk(String consumerTag) {
    callback.handleConsumeOk(consumerTag);
  }

  @Override
  public void handleCancelOk(String consumerTag) {
    callback.handleCancelOk(consumerTag);
  }

  @Override
  public void handleCancel(String consumerTag) {
    callback.handleCancel(consumerTag);
  }

  @Override
  public void handleShutdown(String consumerTag, AmqpException cause) {
    callback.handleShutdown(consumerTag, cause);
  }
}
