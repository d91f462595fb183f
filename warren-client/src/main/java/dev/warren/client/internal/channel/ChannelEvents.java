package dev.warren.client.internal.channel;

import dev.warren.client.Delivery;
import dev.warren.client.ReturnedMessage;
import dev.warren.client.internal.channel.consume.ConsumerRecord;
import dev.warren.engine.ChannelListener;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.Initiator;
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

  private final ChannelCore ch;

  ChannelEvents(ChannelCore ch) {
    this.ch = ch;
  }

  @Override
  public void onDelivery(BasicDeliver deliver, BasicProperties properties, byte[] body) {
    String tag = deliver.consumerTag();
    ConsumerRecord record = ch.consumers.get(tag);
    long deliveryTag = ch.acks.userTag(deliver.deliveryTag());
    if (record == null) {
      log.warn(
          "channel {}: delivery {} for unknown consumer '{}' left unacknowledged",
          ch.number(),
          deliveryTag,
          tag);
      return;
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
    record
        .callbacks()
        .execute(
            () -> {
              try {
                record.consumer().handleDelivery(d);
              } catch (Exception e) {
                log.error(
                    "channel {}: consumer '{}' threw on delivery {}; continuing",
                    ch.number(),
                    tag,
                    d.deliveryTag(),
                    e);
              }
            });
  }

  @Override
  public void onReturn(BasicReturn r, BasicProperties properties, byte[] body) {
    ch.publishing.onReturn(
        new ReturnedMessage(
            r.replyCode(), r.replyText(), r.exchange(), r.routingKey(), properties, body));
  }

  @Override
  public void onAck(long deliveryTag, boolean multiple) {
    ch.publishing.onAck(deliveryTag, multiple);
  }

  @Override
  public void onNack(long deliveryTag, boolean multiple) {
    ch.publishing.onNack(deliveryTag, multiple);
  }

  @Override
  public void onCancelledByBroker(String consumerTag) {
    ch.consumers.cancelledByBroker(consumerTag);
  }

  @Override
  public void onFlow(boolean active) {
    log.info("channel {}: the broker set flow {}", ch.number(), active ? "active" : "paused");
  }

  @Override
  public void onClosed(ChannelClosedException cause) {
    if (ch.isClosing()) {
      // The application asked for the close: whatever ended it, the channel stays closed (a
      // connection loss during the close handshake must not bring it back with recovery).
      ch.closing.finalClose(cause);
    } else if (cause.initiator() == Initiator.LIBRARY
        && cause.getCause() instanceof ConnectionClosedException lost
        && ch.recoverable
        && ch.conn.willRecover(lost)) {
      ch.suspend(lost);
    } else if (cause.initiator() == Initiator.BROKER && ch.status() == ChannelStatus.RECOVERING) {
      ch.recovery.closedWhileRecovering(cause); // a recovery step was refused: its thread reopens
    } else if (ch.recoverable
        && ChannelRecovery.isAckTimeout(cause)
        && ch.conn.recoveryPolicy.isEnabled()
        && ch.conn.state() == dev.warren.client.Connection.State.OPEN) {
      ch.recovery.recoverFromAckTimeout(cause);
    } else {
      ch.closing.finalClose(cause);
    }
  }
}
