package dev.warren.client;

/**
 * Hears the broker's publisher confirms on a channel in confirm mode (pika's {@code
 * ack_nack_callback}, amqp-client's ConfirmListener).
 *
 * <p><b>Threading:</b> runs on the channel's dispatcher, in the order the broker sent the confirms,
 * never on the I/O thread.
 *
 * @since 0.1
 */
public interface ConfirmListener {
  /** The broker took responsibility for the message(s) up to {@code sequenceNumber}. */
  void handleAck(long sequenceNumber, boolean multiple);

  /** The broker refused the message(s) up to {@code sequenceNumber}. */
  void handleNack(long sequenceNumber, boolean multiple);
}
