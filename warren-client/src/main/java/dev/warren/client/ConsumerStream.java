/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.util.Iterator;

/**
 * The deliveries of one consumer as a blocking iteration with an inactivity marker (pika's {@code
 * BlockingChannel.consume} generator).
 *
 * <pre>{@code
 * try (ConsumerStream stream = ch.consume(ConsumeSpec.queue("q"), Duration.ofSeconds(1))) {
 *   for (ConsumerStream.Item item : stream) {
 *     if (item.isInactive()) break;
 *     ch.basicAck(item.delivery().deliveryTag());
 *   }
 * }
 * }</pre>
 *
 * <p>The iteration ends when the consumer is cancelled (by {@link #close()} or by the broker) or
 * its channel closes. Not for use by several threads at once.
 *
 * @since 0.1
 */
public interface ConsumerStream extends Iterable<ConsumerStream.Item>, AutoCloseable {

  /**
   * A delivery, or the marker that nothing arrived within the inactivity timeout.
   *
   * @param delivery the delivery; null for the inactivity marker
   */
  record Item(Delivery delivery) {
    private static final Item INACTIVE = new Item(null);

    /** {@return the marker: nothing arrived for the inactivity timeout} */
    public static Item inactive() {
      return INACTIVE;
    }

    /** {@return whether this is the inactivity marker rather than a delivery} */
    public boolean isInactive() {
      return delivery == null;
    }
  }

  @Override
  Iterator<Item> iterator();

  /** {@return the consumer's tag} */
  String consumerTag();

  /**
   * How many deliveries arrived and are waiting to be handed out by the iterator (pika's {@code
   * BlockingChannel.get_waiting_message_count()}): the iterator returns that many without waiting.
   * A delivery counts from the moment the consumer's dispatcher hands it to this stream until
   * {@link Iterator#next()} returns it, or until {@link #cancel()} requeues or drops it. In manual
   * ack mode the channel's prefetch ({@link Channel#basicQos}) bounds it.
   *
   * <p>Thread-safe and never waits, unlike the iteration itself: any thread may call it, for
   * example to watch a stream another thread iterates. The value is a snapshot; deliveries may
   * arrive right after it is read.
   *
   * @return at least 0; 0 after {@link #cancel()}
   * @since 0.1
   */
  int waitingMessageCount();

  /**
   * Cancels the consumer and requeues (basic.nack with requeue, or nothing in auto-ack mode where
   * the broker already forgot them) every delivery that arrived but was not handed out, including
   * one an iterator's {@code hasNext()} holds for its {@code next()} (that {@code next()} then
   * throws {@link java.util.NoSuchElementException}); returns how many there were.
   *
   * @return how many deliveries were requeued (or dropped in auto-ack mode); 0 when cancelled
   *     before
   */
  int cancel();

  /** Same as {@link #cancel()}. */
  @Override
  void close();
}
