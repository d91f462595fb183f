/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import dev.warren.errors.BackpressureTimeoutException;
import java.time.Instant;

/**
 * Hears what a connection does, for metrics, traces and logs: registered with {@link
 * ConnectionParameters.Builder#observer(ClientObserver)} (several may be, they are called in the
 * order they were added). Every method has a default that does nothing, so an observer overrides
 * only what it needs; when no observer is registered the client makes none of these calls.
 *
 * <p><b>Threads.</b> Most events are reported on the connection's I/O thread, some on the
 * application thread that caused them (each method says which). An observer must be thread-safe,
 * must return quickly and must never block: the I/O thread of every connection it watches waits for
 * it. An exception it throws is caught and logged at debug, and the client goes on.
 *
 * <p><b>Interceptors.</b> {@link #startPublish} sees each publish before it is handed over and may
 * replace its properties (add trace headers) and follow its outcome; {@link #wrapConsumer} may wrap
 * each consumer's callback when it subscribes (extract trace headers, time the processing); {@link
 * #getCompleted} hears each basic.get.
 *
 * <p>Latencies are in nanoseconds, from {@link System#nanoTime()}, so no {@link java.time.Duration}
 * is allocated per event.
 *
 * @since 0.1
 */
public interface ClientObserver {

  /**
   * The connection opened for the first time (I/O thread).
   *
   * @param endpoint {@code host:port} it connected to
   */
  default void connectionOpened(String endpoint) {}

  /**
   * The connection was lost and automatic recovery starts (I/O thread).
   *
   * @param endpoint {@code host:port} it was connected to
   * @param cause why, never null
   */
  default void connectionLost(String endpoint, Throwable cause) {}

  /**
   * Automatic recovery brought the connection back (I/O thread).
   *
   * @param endpoint {@code host:port} it is connected to now
   * @param downtimeNanos how long it took, from the loss to the recovered state
   */
  default void connectionRecovered(String endpoint, long downtimeNanos) {}

  /**
   * The connection closed for good (I/O thread): by the application, by the broker, or because
   * recovery gave up. Called once, and only for a connection {@link #connectionOpened} reported.
   *
   * @param endpoint {@code host:port} it was connected to (or last tried)
   * @param cause why, never null (reply code 200 and initiator CLIENT for an ordinary close)
   */
  default void connectionClosed(String endpoint, Throwable cause) {}

  /**
   * A channel opened (I/O thread). Channels Warren opens for itself (recovery's declarations) are
   * reported too.
   *
   * @param channel its number
   */
  default void channelOpened(int channel) {}

  /**
   * A channel closed for good (I/O thread); a channel suspended for a recovery is not closed.
   *
   * @param channel its number
   */
  default void channelClosed(int channel) {}

  /**
   * A publish was written to the connection (I/O thread).
   *
   * @param channel the channel number
   * @param exchange the exchange, "" for the default exchange
   * @param bodySize the body's length in bytes
   */
  default void published(int channel, String exchange, int bodySize) {}

  /**
   * A publish failed before it was written: its channel or connection closed, or the recovery it
   * waited for did not end in time (I/O thread). A blocking publish that the gates refused ({@link
   * BackpressureTimeoutException}) throws to the caller and is reported by {@link
   * #backpressureWaited} instead.
   *
   * @param channel the channel number
   * @param exchange the exchange
   * @param cause why, never null
   */
  default void publishFailed(int channel, String exchange, Throwable cause) {}

  /**
   * The broker acked a publish (I/O thread). A {@code multiple} ack is reported once per publish it
   * covers.
   *
   * @param channel the channel number
   * @param latencyNanos from the moment the publish was written to the ack
   */
  default void publishConfirmed(int channel, long latencyNanos) {}

  /**
   * The broker nacked a publish (I/O thread), once per publish.
   *
   * @param channel the channel number
   * @param latencyNanos from the moment the publish was written to the nack
   */
  default void publishNacked(int channel, long latencyNanos) {}

  /**
   * The broker returned a mandatory publish it could not route (I/O thread).
   *
   * @param channel the channel number
   * @param exchange the exchange it was published to
   * @param routingKey its routing key
   * @param replyCode why (312 NO_ROUTE)
   */
  default void publishReturned(int channel, String exchange, String routingKey, int replyCode) {}

  /**
   * A delivery arrived for a consumer, before its callback runs (I/O thread).
   *
   * @param channel the channel number
   * @param queue the queue the consumer subscribed to
   * @param consumerTag the consumer's tag
   * @param bodySize the body's length in bytes
   */
  default void delivered(int channel, String queue, String consumerTag, int bodySize) {}

  /**
   * The application acked, nacked or rejected a delivery (the calling thread, as it hands the
   * settlement over). A {@code multiple} settlement is reported once.
   *
   * @param channel the channel number
   * @param settlement which
   * @param deliveryTag the delivery tag the application passed
   */
  default void settled(int channel, Settlement settlement, long deliveryTag) {}

  /**
   * The broker cancelled a consumer (basic.cancel from the broker: its queue was deleted, or it
   * failed over) (I/O thread).
   *
   * @param channel the channel number
   * @param consumerTag the consumer's tag
   */
  default void consumerCancelledByBroker(int channel, String consumerTag) {}

  /**
   * A consumer subscribed (basic.consume-ok) or was resubscribed by recovery (I/O thread).
   *
   * @param channel the channel number
   * @param consumerTag the consumer's tag
   */
  default void consumerStarted(int channel, String consumerTag) {}

  /**
   * The broker blocked the connection (connection.blocked, a resource alarm) (I/O thread).
   *
   * @param reason the broker's reason, such as "low on memory"
   */
  default void blocked(String reason) {}

  /**
   * The broker unblocked the connection (I/O thread).
   *
   * @param blockedNanos how long it was blocked
   */
  default void unblocked(long blockedNanos) {}

  /**
   * A blocking publish waited at a backpressure gate (the publishing thread, after the wait, also
   * when it ended in a {@link BackpressureTimeoutException}). Not called when it did not wait.
   *
   * @param gate where it waited
   * @param waitedNanos for how long
   */
  default void backpressureWaited(BackpressureTimeoutException.Gate gate, long waitedNanos) {}

  /**
   * Sees a publish as it is handed over (the publishing thread, after the backpressure gates let it
   * through and right before the channel's sequence number is taken), and may follow it.
   *
   * @param context the publish; never null
   * @return what follows the publish (its {@link PublishObservation#properties()} are sent, and it
   *     hears the outcome), or null (the default) to leave it alone
   */
  default PublishObservation startPublish(PublishContext context) {
    return null;
  }

  /**
   * May wrap a consumer's callback, when it subscribes (the subscribing thread, or the I/O thread
   * when recovery resubscribes it). The wrapper runs where the consumer would, for every delivery
   * and every other callback; it must call the wrapped consumer's methods.
   *
   * @param consumer the application's consumer (or an earlier observer's wrapper); never null
   * @param context where it consumes from
   * @return the consumer to call instead, never null; {@code consumer} (the default) to change
   *     nothing
   */
  default Consumer wrapConsumer(Consumer consumer, ConsumerContext context) {
    return consumer;
  }

  /**
   * A basic.get finished (a callback thread, before the application's future completes).
   *
   * @param context the queue (consumer tag null)
   * @param response what it got; null when the queue was empty or the get failed
   * @param failure why it failed; null when it did not
   * @param started when it was sent
   */
  default void getCompleted(
      ConsumerContext context, GetResponse response, Throwable failure, Instant started) {}
}
