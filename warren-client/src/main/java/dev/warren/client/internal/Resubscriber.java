package dev.warren.client.internal;

import dev.warren.client.AsyncChannel;
import dev.warren.client.QueueSpec;
import dev.warren.errors.AmqpException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings back a consumer the broker cancelled (its queue was deleted, or a quorum queue's leader
 * moved), when the recovery policy asks for it: looks for the queue with a passive declare on a
 * short-lived channel at each interval, and re-subscribes the same callbacks with the same tag on
 * the original channel once it exists. Stops when the channel closes.
 */
final class Resubscriber {
  private static final Logger log = LoggerFactory.getLogger(Resubscriber.class);

  private final ChannelCore channel;
  private final ConsumerRecord consumer;

  Resubscriber(ChannelCore channel, ConsumerRecord consumer) {
    this.channel = channel;
    this.consumer = consumer;
  }

  void start() {
    schedule();
  }

  private void schedule() {
    long interval = channel.conn.recoveryPolicy.resubscribeInterval().toNanos();
    channel.conn.loop.schedule(this::check, interval, TimeUnit.NANOSECONDS);
  }

  private void check() {
    if (!channel.isOpen() || channel.conn.state() == dev.warren.client.Connection.State.CLOSED) {
      return;
    }
    String queue = consumer.spec().queue();
    channel
        .conn
        .openChannel()
        .thenCompose(
            probe ->
                probe
                    .queueDeclare(QueueSpec.named(queue).passive())
                    .whenComplete((ok, e) -> closeQuietly(probe)))
        .thenCompose(ok -> channel.subscribe(consumer.spec(), consumer.consumer(), true))
        .whenComplete(
            (tag, e) -> {
              if (e == null) {
                log.info("consumer {} re-subscribed to queue {}", tag, queue);
              } else {
                log.debug("queue {} not back yet: {}", queue, e.getMessage());
                schedule();
              }
            });
  }

  private static void closeQuietly(AsyncChannel probe) {
    if (probe.isOpen()) {
      probe.close().exceptionally(t -> null);
    }
  }

  static boolean isChannelError(Throwable t) {
    return t instanceof AmqpException;
  }
}
