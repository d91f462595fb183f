package dev.warren.client;

/**
 * Hears the broker's publisher confirms on a channel in confirm mode (pika's {@code
 * ack_nack_callback}, amqp-client's ConfirmListener).
 *
 * <p><b>Threading:</b> runs on the channel's dispatcher, in the order the broker sent the confirms,
 * never on the I/O thread; or, added with {@link CallbackThread#IO_THREAD}, on the I/O thread that
 * read the confirm, in the same order. Listeners on the I/O thread hear a confirm before those on
 * the dispatcher.
 *
 * @since 0.1
 */
public interface ConfirmListener {
  /** The broker took responsibility for the message(s) up to {@code sequenceNumber}. */
  void handleAck(long sequenceNumber, boolean multiple);

  /** The broker refused the message(s) up to {@code sequenceNumber}. */
  void handleNack(long sequenceNumber, boolean multiple);
}
