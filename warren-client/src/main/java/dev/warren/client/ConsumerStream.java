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

  /** A delivery, or the marker that nothing arrived within the inactivity timeout. */
  record Item(Delivery delivery) {
    private static final Item INACTIVE = new Item(null);

    /** The marker: nothing arrived for the inactivity timeout. */
    public static Item inactive() {
      return INACTIVE;
    }

    /** Whether this is the inactivity marker rather than a delivery. */
    public boolean isInactive() {
      return delivery == null;
    }
  }

  @Override
  Iterator<Item> iterator();

  /** The consumer's tag. */
  String consumerTag();

  /**
   * Cancels the consumer and requeues (basic.nack with requeue, or nothing in auto-ack mode where
   * the broker already forgot them) every delivery that arrived but was not handed out; returns how
   * many there were.
   */
  int cancel();

  /** Same as {@link #cancel()}. */
  @Override
  void close();
}
