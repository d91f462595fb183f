/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel;

import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.Qos;
import dev.warren.client.internal.channel.consume.ChannelConsumers;
import dev.warren.client.internal.channel.consume.ConsumerRecord;
import dev.warren.client.internal.channel.publish.ChannelPublishing;
import dev.warren.client.internal.connection.Session;
import dev.warren.client.internal.threads.Await;
import dev.warren.engine.ChannelListener;
import dev.warren.engine.RpcCallback;
import dev.warren.errors.AmqpException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.Initiator;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.codec.Method;
import dev.warren.protocol.method.BasicQos;
import dev.warren.protocol.method.ConfirmSelect;
import dev.warren.protocol.method.TxSelect;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bringing one channel back: reopening it with its number, qos, confirm and tx modes on a new
 * session, and re-subscribing its consumers with their tags and callbacks — after a connection
 * recovery, or on the same connection after the broker closed the channel for a consumer
 * acknowledgement timeout. Reopening runs on a recovery thread and blocks, each step bounded.
 */
public final class ChannelRecovery {
  private static final Logger log = LoggerFactory.getLogger(ChannelRecovery.class);

  private final ChannelContext ctx;
  private final RecoveryGate gate;
  private final ChannelCalls calls;
  private final ChannelAcks acks;
  private final ChannelPublishing publishing;
  private final ChannelConsumers consumers;
  private final ChannelClosing closing;
  private ChannelListener engineListener; // set once, right after construction
  // The broker closed the channel while it was being recovered (I/O thread).
  private ChannelClosedException closedWhileRecovering;
  // What recovery restores besides confirm mode and consumers (written on the I/O thread).
  private volatile Qos qos;
  private volatile boolean txMode;

  ChannelRecovery(
      ChannelContext ctx,
      RecoveryGate gate,
      ChannelCalls calls,
      ChannelAcks acks,
      ChannelPublishing publishing,
      ChannelConsumers consumers,
      ChannelClosing closing) {
    this.ctx = ctx;
    this.gate = gate;
    this.calls = calls;
    this.acks = acks;
    this.publishing = publishing;
    this.consumers = consumers;
    this.closing = closing;
  }

  /** What hears the engine about this channel, for reopening it on a new session. */
  void engineListener(ChannelListener listener) {
    this.engineListener = listener;
  }

  /** The last basic.qos the broker answered on this channel, or null if none. */
  Qos qos() {
    return qos;
  }

  /** Sends basic.qos; once the broker answered, recovery restores it. */
  CompletableFuture<Void> setQos(Qos q) {
    return calls.rpc(
        new BasicQos(q.prefetchSize(), q.prefetchCount(), q.isGlobal()),
        r -> {
          qos = q;
          return null;
        });
  }

  /** tx.select was answered (I/O thread): recovery restores it. */
  void txSelected() {
    txMode = true;
  }

  // ---- the one place that decides: closed for good, or recovered ----

  /**
   * The engine closed this channel (I/O thread): decides whether it is closed for good or will be
   * brought back. The application's close always wins; a connection loss that will be recovered
   * suspends it; a broker close during its recovery is left to the recovering thread; RabbitMQ's
   * consumer acknowledgement timeout reopens it on the same connection; anything else closes it.
   */
  void closedByEngine(ChannelClosedException cause) {
    if (ctx.isClosing()) {
      // The application asked for the close: whatever ended it, the channel stays closed (a
      // connection loss during the close handshake must not bring it back with recovery).
      closing.finalClose(cause);
    } else if (cause.initiator() == Initiator.LIBRARY
        && cause.getCause() instanceof ConnectionClosedException lost
        && ctx.recoverable()
        && ctx.host().willRecover(lost)) {
      suspend(lost);
    } else if (cause.initiator() == Initiator.BROKER && ctx.phase() == ChannelPhase.RECOVERING) {
      closedWhileRecovering(cause); // a recovery step was refused: its thread reopens
    } else if (ctx.recoverable()
        && isAckTimeout(cause)
        && ctx.recoveryPolicy().isEnabled()
        && ctx.host().state() == Connection.State.OPEN) {
      recoverFromAckTimeout(cause);
    } else {
      closing.finalClose(cause);
    }
  }

  /**
   * The channel went away under the application and will be brought back (a connection loss, or the
   * broker closed it for a consumer acknowledgement timeout): keep consumers, fail or keep
   * in-flight publishes, make later acknowledgements of earlier deliveries harmless. {@code
   * reason}: the connection's loss, or the broker's channel close. A channel already recovering
   * (the session recovery was restoring it on was lost too) stays so.
   */
  void suspend(AmqpException reason) {
    if (ctx.phase() == ChannelPhase.CLOSED) {
      return;
    }
    if (ctx.phase() == ChannelPhase.OPEN) {
      gate.shut(); // before the phase: whoever sees RECOVERING finds the gate shut
      ctx.startRecovering();
    }
    publishing.suspend(reason);
    acks.suspend();
  }

  /** Recovery of this channel is complete (I/O thread). */
  public void resumed() {
    if (ctx.phase() != ChannelPhase.RECOVERING) {
      return;
    }
    if (ctx.engine().channelState(ctx.number()) != dev.warren.engine.ChannelState.OPEN) {
      // Closed by the broker after its last recovery step: it cannot be used.
      ChannelClosedException cause = takeClosedWhileRecovering();
      closing.finalClose(
          cause != null
              ? cause
              : new ChannelClosedException(
                  ctx.number(), 0, "not reopened", 0, 0, Initiator.LIBRARY));
      return;
    }
    ctx.recovered();
    publishing.resume(); // the republished messages go first, in their order
    gate.open(); // then what waited, in arrival order, then blocked callers
  }

  /** What {@link #closedWhileRecovering} remembered, cleared (I/O thread). */
  ChannelClosedException takeClosedWhileRecovering() {
    ChannelClosedException c = closedWhileRecovering;
    closedWhileRecovering = null;
    return c;
  }

  /**
   * Reopens the channel with the same number on {@code session}, which must still be the
   * connection's current one, and restores qos, confirm and tx modes. Runs on a recovery thread and
   * blocks (bounded by {@code timeout}).
   */
  public void reopen(Session session, Duration timeout) {
    CompletableFuture<Void> opened = new CompletableFuture<>();
    ctx.submit(
        opened,
        () -> {
          if (!ctx.host().isCurrent(session) || ctx.phase() != ChannelPhase.RECOVERING) {
            // (CLOSING: the application closed it while it recovered; recovery skips it.)
            throw new WrongStateException(
                "channel " + ctx.number() + " cannot be reopened: its connection moved on", null);
          }
          ctx.engine().openChannel(ctx.number(), engineListener, opened(opened));
        });
    Await.result(opened, timeout, "channel.open-ok (recovery of channel " + ctx.number() + ")");
    Qos q = qos;
    if (q != null) {
      sendQos(q, timeout);
    }
    if (publishing.isConfirmMode()) {
      Await.result(
          calls.rawRpc(new ConfirmSelect(false), r -> null),
          timeout,
          "confirm.select-ok (recovery)");
    }
    if (txMode) {
      Await.result(calls.rawRpc(TxSelect.INSTANCE, r -> null), timeout, "tx.select-ok (recovery)");
    }
  }

  private static RpcCallback opened(CompletableFuture<Void> future) {
    return new RpcCallback() {
      @Override
      public void onReply(Method reply, BasicProperties p, byte[] b) {
        future.complete(null);
      }

      @Override
      public void onFailure(AmqpException failure) {
        future.completeExceptionally(failure);
      }
    };
  }

  /** Whether the application closed the channel (or it closed for good) meanwhile. */
  public boolean closedOrClosing() {
    ChannelPhase p = ctx.phase();
    return p == ChannelPhase.CLOSING || p == ChannelPhase.CLOSED;
  }

  /**
   * Re-subscribes every consumer with the same tag and callbacks, on the renamed queue when its
   * server-named queue got a new name. Runs on a recovery thread. A consumer the broker refuses
   * (its queue is gone, say) is reported, told with handleShutdown and dropped; the others go on. A
   * failure that is not about the consumer (the connection went again) is rethrown.
   */
  public void resubscribe(Session session, Map<String, String> renames, Duration timeout) {
    // reopen() restored the channel's latest basic.qos. A consumer accepted under another prefetch
    // gets that one again (RabbitMQ fixes a consumer's prefetch at basic.consume), and the latest
    // is restored after the last of them.
    Qos sent = resubscribeAll(session, renames, timeout, qos);
    Qos latest = qos;
    if (latest != null && !latest.equals(sent) && !closedOrClosing()) {
      sendQos(latest, timeout);
    }
  }

  private void sendQos(Qos q, Duration timeout) {
    Await.result(
        calls.rawRpc(new BasicQos(q.prefetchSize(), q.prefetchCount(), q.isGlobal()), r -> null),
        timeout,
        "basic.qos-ok (recovery)");
  }

  /** Re-subscribes every consumer; returns the basic.qos last sent. */
  private Qos resubscribeAll(
      Session session, Map<String, String> renames, Duration timeout, Qos sent) {
    for (Map.Entry<String, ConsumerRecord> e : consumers.snapshot().entrySet()) {
      if (closedOrClosing()) {
        return sent; // closed by the application meanwhile
      }
      ConsumerRecord c = e.getValue();
      String queue = renames.getOrDefault(c.spec().queue(), c.spec().queue());
      ConsumeSpec spec = c.spec().withQueue(queue).tag(e.getKey());
      if (!ctx.recoveryPolicy().recovers(spec)) {
        if (consumers.remove(e.getKey()) != null) {
          ctx.record(t -> t.consumerRemoved(c.spec().queue()));
        }
        continue;
      }
      try {
        if (c.prefetch() != null && !c.prefetch().equals(sent)) {
          sendQos(c.prefetch(), timeout);
          sent = c.prefetch();
        }
        Await.result(
            consumers.subscribe(spec, c.original(), false), timeout, "basic.consume-ok (recovery)");
      } catch (WrongStateException failure) {
        if (closedOrClosing()) {
          return sent;
        }
        throw failure;
      } catch (ChannelClosedException failure) {
        if (closedOrClosing()) {
          return sent; // the application closed it while the consumer was being re-subscribed
        }
        if (failure.initiator() != Initiator.BROKER) {
          throw failure;
        }
        // The broker refused this consumer and closed the channel: report it, and bring the
        // channel back for the rest.
        if (consumers.remove(e.getKey()) != null) {
          ctx.record(t -> t.consumerRemoved(c.spec().queue()));
        }
        ctx.host().recoveryEntityFailed(spec, failure);
        c.callbacks().execute(() -> c.consumer().handleShutdown(e.getKey(), failure));
        reopen(session, timeout); // ChannelEvents kept it recovering
        sent = qos;
      }
    }
    return sent;
  }

  /**
   * The broker closed this channel while it was being recovered (a re-subscription refused, say):
   * the recovering thread sees the failure and reopens it; remembered in case nobody does.
   */
  void closedWhileRecovering(ChannelClosedException cause) {
    closedWhileRecovering = cause;
    log.debug(
        "channel {} closed by the broker while recovering: {}", ctx.number(), cause.getMessage());
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
   * queues, so later acks of them are dropped), then reopened with the same number and modes on the
   * same connection, and its consumers re-subscribed with their tags and callbacks. If the
   * connection is lost meanwhile, its recovery takes the channel over; if reopening fails
   * otherwise, the channel closes for good with the broker's reason.
   */
  void recoverFromAckTimeout(ChannelClosedException cause) {
    Session session = ctx.host().currentSession();
    log.warn(
        "channel {} closed by the broker for a consumer acknowledgement timeout ({} {});"
            + " reopening it and re-subscribing its {} consumer(s)",
        ctx.number(),
        cause.replyCode(),
        cause.replyText(),
        consumers.size());
    suspend(cause);
    Duration timeout = ctx.rpcTimeout();
    ctx.callbacks()
        .execute(
            () -> {
              try {
                reopen(session, timeout);
                resubscribe(session, Map.of(), timeout);
                ctx.submit(
                    () -> {
                      if (ctx.host().isCurrent(session)
                          && ctx.host().state() == Connection.State.OPEN) {
                        resumed();
                        log.info(
                            "channel {}: reopened after the acknowledgement timeout", ctx.number());
                      }
                    });
              } catch (AmqpException failure) {
                ctx.submit(
                    () -> {
                      if (ctx.host().isCurrent(session)
                          && ctx.host().state() == Connection.State.OPEN) {
                        log.warn(
                            "channel {}: could not be reopened after the acknowledgement timeout: {}",
                            ctx.number(),
                            failure.getMessage());
                        cause.addSuppressed(failure);
                        closing.finalClose(cause);
                        Session s = ctx.host().currentSession();
                        if (s != null && s.engine.channelState(ctx.number()) != null) {
                          s.engine.closeChannel(ctx.number(), 200, "OK", RpcCallback.IGNORE);
                        }
                      }
                      // Otherwise the connection is recovering (it reopens this channel) or closed.
                    });
              }
            });
  }
}
