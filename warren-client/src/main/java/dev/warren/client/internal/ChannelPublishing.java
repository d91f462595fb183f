package dev.warren.client.internal;

import dev.warren.client.ConfirmListener;
import dev.warren.client.PublishOptions;
import dev.warren.client.ReturnListener;
import dev.warren.client.ReturnedMessage;
import dev.warren.errors.AmqpException;
import dev.warren.errors.ConnectionLostException;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publishing side of a channel: publishes, publisher confirms, returns, and what becomes of
 * unconfirmed publishes when the connection is lost. Publish sequence numbers seen by the
 * application keep increasing across recoveries (the broker restarts at 1 on the new channel; an
 * offset hides that).
 */
final class ChannelPublishing {
  private static final Logger log = LoggerFactory.getLogger(ChannelPublishing.class);

  private final ChannelCore ch;
  final CopyOnWriteArrayList<ConfirmListener> confirmListeners = new CopyOnWriteArrayList<>();
  final CopyOnWriteArrayList<ReturnListener> returnListeners = new CopyOnWriteArrayList<>();
  // I/O thread only:
  private ConfirmTracker confirms = new ConfirmTracker();
  private long seqOffset;
  private boolean expirySweepScheduled;
  private List<ConfirmTracker.Pending> toRepublish = List.of();
  // Written on the I/O thread, read anywhere:
  private volatile long nextPublishSeqNo;
  volatile boolean confirmMode;

  ChannelPublishing(ChannelCore ch) {
    this.ch = ch;
  }

  long nextPublishSeqNo() {
    return nextPublishSeqNo;
  }

  CompletableFuture<Void> publish(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options) {
    CallbackFuture<Void> written = ch.newFuture();
    if (ch.status() == ChannelStatus.RECOVERING) {
      return ch.conn.afterRecovery(() -> publish(exchange, routingKey, properties, body, options));
    }
    if (!ch.failIfClosed(written)) {
      ch.conn.gate.add(body.length);
      submit(exchange, routingKey, properties, body, options.isMandatory(), written, null, null);
    }
    return written;
  }

  void publishBlocking(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options) {
    Duration timeout = options.timeout() == null ? ch.rpcTimeout() : options.timeout();
    ch.awaitUsable(timeout);
    ch.conn.gate.acquire(body.length, timeout);
    submit(exchange, routingKey, properties, body, options.isMandatory(), null, null, null);
  }

  CompletableFuture<Void> publishConfirmed(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options) {
    if (ch.status() == ChannelStatus.RECOVERING) {
      return ch.conn.afterRecovery(
          () -> publishConfirmed(exchange, routingKey, properties, body, options));
    }
    CallbackFuture<Void> confirmed = ch.newFuture();
    if (!ch.failIfClosed(confirmed)) {
      Duration timeout = options.timeout() == null ? ch.rpcTimeout() : options.timeout();
      ch.conn.gate.add(body.length);
      submit(
          exchange, routingKey, properties, body, options.isMandatory(), null, confirmed, timeout);
    }
    return confirmed;
  }

  CompletableFuture<Void> publishConfirmedBlocking(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options,
      Duration timeout) {
    ch.awaitUsable(timeout);
    ch.conn.gate.acquire(body.length, timeout);
    CallbackFuture<Void> confirmed = ch.newFuture();
    submit(exchange, routingKey, properties, body, options.isMandatory(), null, confirmed, timeout);
    return confirmed;
  }

  private void submit(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      boolean mandatory,
      CompletableFuture<Void> written,
      CompletableFuture<Void> confirmed,
      Duration confirmTimeout) {
    BasicProperties props = properties == null ? BasicProperties.EMPTY : properties;
    ch.conn.submit(
        () -> {
          try {
            publishNow(exchange, routingKey, props, body, mandatory, confirmed, confirmTimeout);
            if (written != null) {
              written.complete(null);
            }
          } catch (AmqpException e) {
            if (written != null) {
              written.completeExceptionally(e);
            }
            if (confirmed != null) {
              confirmed.completeExceptionally(e);
            }
            if (written == null && confirmed == null) {
              log.warn("channel {}: publish dropped: {}", ch.number(), e.getMessage());
            }
          } finally {
            ch.conn.gate.release(body.length);
          }
        });
  }

  /** On the I/O thread: writes the frames and tracks the confirm. */
  private void publishNow(
      String exchange,
      String routingKey,
      BasicProperties props,
      byte[] body,
      boolean mandatory,
      CompletableFuture<Void> confirmed,
      Duration confirmTimeout) {
    long raw =
        ch.conn
            .engine()
            .publish(ch.number(), exchange, routingKey, mandatory, props, body, 0, body.length);
    if (raw == 0) {
      if (confirmed != null) {
        confirmed.completeExceptionally(
            new WrongStateException(
                "channel "
                    + ch.number()
                    + " is not in confirm mode; call confirmSelect() before publishConfirmed",
                null));
      }
      return;
    }
    boolean keep = mandatory || ch.conn.recoveryPolicy.republishMaxMessages() > 0;
    ConfirmTracker.Pending pending = null;
    if (confirmed != null || keep) {
      Duration timeout = confirmTimeout == null ? ch.rpcTimeout() : confirmTimeout;
      pending =
          new ConfirmTracker.Pending(
              confirmed == null ? new CompletableFuture<>() : confirmed,
              System.nanoTime() + timeout.toNanos(),
              exchange,
              routingKey,
              props,
              keep ? body : null);
      if (confirmed != null) {
        scheduleExpirySweep(timeout);
      }
    }
    confirms.published(raw, pending);
    nextPublishSeqNo = raw + seqOffset + 1;
  }

  private void scheduleExpirySweep(Duration timeout) {
    if (expirySweepScheduled) {
      return;
    }
    expirySweepScheduled = true;
    long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), timeout.toNanos() / 10);
    ch.conn.loop.schedule(
        () -> {
          expirySweepScheduled = false;
          if (confirms.expire(System.nanoTime(), timeout)) {
            scheduleExpirySweep(timeout);
          }
        },
        period,
        TimeUnit.NANOSECONDS);
  }

  CompletableFuture<Void> waitForConfirms() {
    CallbackFuture<Void> future = ch.newFuture();
    if (!ch.failIfClosed(future)) {
      ch.conn.submit(future, () -> confirms.waitForAll(future));
    }
    return future;
  }

  /** confirm.select was answered (I/O thread). */
  void confirmSelected() {
    confirmMode = true;
    if (nextPublishSeqNo == 0) {
      nextPublishSeqNo = seqOffset + 1;
    }
  }

  // ---- broker events (I/O thread) ----

  void onAck(long rawTag, boolean multiple) {
    confirms.ack(rawTag, multiple);
    notifyConfirm(rawTag + seqOffset, multiple, true);
  }

  void onNack(long rawTag, boolean multiple) {
    confirms.nack(rawTag, multiple);
    notifyConfirm(rawTag + seqOffset, multiple, false);
  }

  private void notifyConfirm(long tag, boolean multiple, boolean ack) {
    if (confirmListeners.isEmpty()) {
      return;
    }
    ch.dispatcher.execute(
        () -> {
          for (ConfirmListener l : confirmListeners) {
            if (ack) {
              l.handleAck(tag, multiple);
            } else {
              l.handleNack(tag, multiple);
            }
          }
        });
  }

  void onReturn(ReturnedMessage message) {
    confirms.returned(message);
    if (returnListeners.isEmpty()) {
      return;
    }
    ch.dispatcher.execute(
        () -> {
          for (ReturnListener l : returnListeners) {
            l.handleReturn(message);
          }
        });
  }

  // ---- life cycle (I/O thread) ----

  /**
   * The connection was lost: publishes awaiting confirms fail with a connection-lost exception
   * saying they may have reached the broker, unless they are kept for republishing (bounded).
   */
  void suspend() {
    ConnectionLostException lost =
        new ConnectionLostException(
            "connection lost before the broker confirmed the publish; it may or may not have"
                + " reached the broker",
            null,
            true);
    int maxMessages = ch.conn.recoveryPolicy.republishMaxMessages();
    if (maxMessages > 0) {
      List<ConfirmTracker.Pending> kept = confirms.drainForRepublish(lost);
      long maxBytes = ch.conn.recoveryPolicy.republishMaxBytes();
      List<ConfirmTracker.Pending> bounded = new ArrayList<>();
      long bytes = 0;
      for (ConfirmTracker.Pending p : kept) {
        if (bounded.size() < maxMessages && bytes + p.body.length <= maxBytes) {
          bounded.add(p);
          bytes += p.body.length;
        } else {
          p.future.completeExceptionally(lost);
        }
      }
      toRepublish = bounded;
    } else {
      confirms.failAll(lost);
    }
    long last = nextPublishSeqNo == 0 ? seqOffset : nextPublishSeqNo - 1;
    seqOffset = last;
    confirms = new ConfirmTracker();
  }

  /** After the channel was reopened (and confirm mode restored): republishes what was kept. */
  void resume() {
    if (confirmMode) {
      nextPublishSeqNo = seqOffset + 1;
    }
    List<ConfirmTracker.Pending> pending = toRepublish;
    toRepublish = List.of();
    for (ConfirmTracker.Pending p : pending) {
      try {
        publishNow(
            p.exchange,
            p.routingKey,
            p.properties,
            p.body,
            false,
            p.future,
            Duration.ofNanos(Math.max(1, p.deadlineNanos - System.nanoTime())));
      } catch (AmqpException e) {
        p.future.completeExceptionally(e);
      }
    }
    if (!pending.isEmpty()) {
      log.info("channel {}: republished {} unconfirmed messages", ch.number(), pending.size());
    }
  }

  void failAll(AmqpException cause) {
    confirms.failAll(cause);
    for (ConfirmTracker.Pending p : toRepublish) {
      p.future.completeExceptionally(cause);
    }
    toRepublish = List.of();
  }
}
