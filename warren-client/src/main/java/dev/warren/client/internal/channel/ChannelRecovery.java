package dev.warren.client.internal.channel;

import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.Qos;
import dev.warren.client.internal.channel.consume.ConsumerRecord;
import dev.warren.client.internal.connection.ConnectionCore;
import dev.warren.client.internal.connection.Session;
import dev.warren.client.internal.threads.Await;
import dev.warren.engine.RpcCallback;
import dev.warren.errors.AmqpException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.method.BasicQos;
import dev.warren.protocol.method.ConfirmSelect;
import dev.warren.protocol.method.TxSelect;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bringing one channel back: reopening it with its ch.number(), qos, confirm and tx modes on a new
 * session, and re-subscribing its consumers with their tags and callbacks — after a connection
 * recovery, or on the same connection after the broker closed the channel for a consumer
 * acknowledgement timeout. Reopening runs on a recovery thread and blocks, each step bounded.
 */
public final class ChannelRecovery {
  private static final Logger log = LoggerFactory.getLogger(ChannelRecovery.class);

  private final ChannelCore ch;
  // The broker closed the channel while it was being recovered (I/O thread).
  private ChannelClosedException closedWhileRecovering;

  ChannelRecovery(ChannelCore ch) {
    this.ch = ch;
  }

  /** What {@link #closedWhileRecovering} remembered, cleared (I/O thread). */
  ChannelClosedException takeClosedWhileRecovering() {
    ChannelClosedException c = closedWhileRecovering;
    closedWhileRecovering = null;
    return c;
  }

  /**
   * Reopens the channel with the same ch.number() on {@code session}, which must still be the
   * connection's current one, and restores qos, confirm and tx modes. Runs on a recovery thread and
   * blocks (bounded by {@code timeout}).
   */
  public void reopen(Session session, Duration timeout) {
    CompletableFuture<ChannelCore> opened = new CompletableFuture<>();
    ch.conn.submit(
        opened,
        () -> {
          if (!ch.conn.isCurrent(session) || ch.status() != ChannelStatus.RECOVERING) {
            throw new WrongStateException(
                "channel " + ch.number() + " cannot be reopened: its connection moved on", null);
          }
          ch.conn
              .engine()
              .openChannel(ch.number(), ch.events, ConnectionCore.openCallback(ch, opened));
        });
    Await.result(opened, timeout, "channel.open-ok (recovery of channel " + ch.number() + ")");
    Qos q = ch.qos;
    if (q != null) {
      Await.result(
          ch.calls.rawRpc(
              new BasicQos(q.prefetchSize(), q.prefetchCount(), q.isGlobal()), r -> null),
          timeout,
          "basic.qos-ok (recovery)");
    }
    if (ch.publishing.confirmMode) {
      Await.result(
          ch.calls.rawRpc(new ConfirmSelect(false), r -> null),
          timeout,
          "confirm.select-ok (recovery)");
    }
    if (ch.txMode) {
      Await.result(
          ch.calls.rawRpc(TxSelect.INSTANCE, r -> null), timeout, "tx.select-ok (recovery)");
    }
  }

  /**
   * Re-subscribes every consumer with the same tag and callbacks, on the renamed queue when its
   * server-named queue got a new name. Runs on a recovery thread. A consumer the broker refuses
   * (its queue is gone, say) is reported, told with handleShutdown and dropped; the others go on. A
   * failure that is not about the consumer (the connection went again) is rethrown.
   */
  public void resubscribe(Session session, Map<String, String> renames, Duration timeout) {
    for (Map.Entry<String, ConsumerRecord> e : ch.consumers.snapshot().entrySet()) {
      if (ch.status() == ChannelStatus.CLOSED) {
        return; // closed by the application meanwhile
      }
      ConsumerRecord c = e.getValue();
      String queue = renames.getOrDefault(c.spec().queue(), c.spec().queue());
      ConsumeSpec spec = c.spec().withQueue(queue).tag(e.getKey());
      if (!ch.conn.recoveryPolicy.recovers(spec)) {
        if (ch.consumers.remove(e.getKey()) != null) {
          ch.record(t -> t.consumerRemoved(c.spec().queue()));
        }
        continue;
      }
      try {
        Await.result(
            ch.consumers.subscribe(spec, c.consumer(), false),
            timeout,
            "basic.consume-ok (recovery)");
      } catch (WrongStateException failure) {
        if (ch.status() == ChannelStatus.CLOSED) {
          return;
        }
        throw failure;
      } catch (ChannelClosedException failure) {
        if (failure.initiator() != dev.warren.errors.Initiator.BROKER) {
          throw failure;
        }
        // The broker refused this consumer and closed the channel: report it, and bring the
        // channel back for the rest.
        if (ch.consumers.remove(e.getKey()) != null) {
          ch.record(t -> t.consumerRemoved(c.spec().queue()));
        }
        ch.conn.recoveryEntityFailed(spec, failure);
        c.callbacks().execute(() -> c.consumer().handleShutdown(e.getKey(), failure));
        reopen(session, timeout); // ChannelEvents kept it recovering
      }
    }
  }

  /**
   * The broker closed this channel while it was being recovered (a re-subscription refused, say):
   * the recovering thread sees the failure and reopens it; remembered in case nobody does.
   */
  void closedWhileRecovering(ChannelClosedException cause) {
    closedWhileRecovering = cause;
    log.debug(
        "channel {} closed by the broker while recovering: {}", ch.number(), cause.getMessage());
  }

  /**
   * Whether a channel.close from the broker is RabbitMQ's consumer acknowledgement timeout (406
   * "delivery acknowledgement on channel N timed out"), after which the channel is reopened and its
   * consumers re-subscribed when recovery is on.
   */
  static boolean isAckTimeout(ChannelClosedException cause) {
    String text = cause.replyText();
    return cause.initiator() == dev.warren.errors.Initiator.BROKER
        && cause.replyCode() == dev.warren.errors.ReplyCode.PRECONDITION_FAILED
        && text.contains("delivery acknowledgement on channel")
        && text.contains("timed out");
  }

  /**
   * The broker closed this channel for a consumer acknowledgement timeout (I/O thread): the channel
   * is suspended like in a connection recovery (unacknowledged deliveries went back to their
   * queues, so later acks of them are dropped), then reopened with the same ch.number() and modes
   * on the same connection, and its consumers re-subscribed with their tags and callbacks. If the
   * connection is lost meanwhile, its recovery takes the channel over; if reopening fails
   * otherwise, the channel closes for good with the broker's reason.
   */
  void recoverFromAckTimeout(ChannelClosedException cause) {
    Session session = ch.conn.currentSession();
    log.warn(
        "channel {} closed by the broker for a consumer acknowledgement timeout ({} {});"
            + " reopening it and re-subscribing its {} consumer(s)",
        ch.number(),
        cause.replyCode(),
        cause.replyText(),
        ch.consumers.size());
    ch.suspend(cause);
    Duration timeout = ch.rpcTimeout();
    ch.conn.callbacks.execute(
        () -> {
          try {
            reopen(session, timeout);
            resubscribe(session, Map.of(), timeout);
            ch.conn.submit(
                () -> {
                  if (ch.conn.isCurrent(session) && ch.conn.state() == Connection.State.OPEN) {
                    ch.resumed();
                    log.info("channel {}: reopened after the acknowledgement timeout", ch.number());
                  }
                });
          } catch (AmqpException failure) {
            ch.conn.submit(
                () -> {
                  if (ch.conn.isCurrent(session) && ch.conn.state() == Connection.State.OPEN) {
                    log.warn(
                        "channel {}: could not be reopened after the acknowledgement timeout: {}",
                        ch.number(),
                        failure.getMessage());
                    cause.addSuppressed(failure);
                    ch.closing.finalClose(cause);
                    Session s = ch.conn.currentSession();
                    if (s != null && s.engine.channelState(ch.number()) != null) {
                      s.engine.closeChannel(ch.number(), 200, "OK", RpcCallback.IGNORE);
                    }
                  }
                  // Otherwise the connection is recovering (it reopens this channel) or closed.
                });
          }
        });
  }
}
