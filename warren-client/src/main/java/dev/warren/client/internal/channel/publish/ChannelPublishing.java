/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel.publish;

import dev.warren.client.Cancellable;
import dev.warren.client.ConfirmListener;
import dev.warren.client.FlowState;
import dev.warren.client.PublishContext;
import dev.warren.client.PublishObservation;
import dev.warren.client.PublishOptions;
import dev.warren.client.PublishOutcome;
import dev.warren.client.ReturnListener;
import dev.warren.client.ReturnedMessage;
import dev.warren.client.internal.channel.ChannelContext;
import dev.warren.client.internal.channel.ChannelPhase;
import dev.warren.client.internal.channel.RecoveryGate;
import dev.warren.client.internal.threads.CallbackFuture;
import dev.warren.errors.AmqpException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.ConnectionLostException;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publishing side of a channel: publishes, publisher confirms, returns, and what becomes of
 * unconfirmed publishes when the connection is lost. Publish sequence numbers seen by the
 * application keep increasing across recoveries (the broker restarts at 1 on the new channel; the
 * {@link ConfirmTracker} maps its numbers to the application's), and listeners hear an ack only for
 * what the broker acked: what a loss took is reported lost first.
 */
public final class ChannelPublishing {
  private static final Logger log = LoggerFactory.getLogger(ChannelPublishing.class);

  private final ChannelContext ctx;
  private final RecoveryGate gate;
  private final PublishAdmission admission;
  private final ConfirmListeners listeners;
  private final CopyOnWriteArrayList<ReturnListener> returnListeners = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<java.util.function.Consumer<FlowState>> flowListeners =
      new CopyOnWriteArrayList<>();
  // I/O thread only:
  private final ConfirmTracker confirms;
  private boolean expirySweepScheduled;
  private long nextSweepNanos; // when the planned sweep runs, while expirySweepScheduled
  // The next sequence number, 0 outside confirm mode. Advanced by the publishing thread as it
  // hands a publish over (so nextPublishSeqNo() right after a publish already counts it); the I/O
  // thread gives the numbers out in the order the publishes reach it (the same order, for one
  // publishing thread), to every publish that took one: written, or failed before it was.
  private final AtomicLong nextPublishSeqNo = new AtomicLong();
  private volatile boolean confirmMode;

  /** Whether confirm.select was answered on this channel (recovery restores it). */
  public boolean isConfirmMode() {
    return confirmMode;
  }

  private boolean dropLogged; // I/O thread only

  /**
   * A fire-and-forget publish found the channel closed after the caller's check: the first is
   * logged as a warning, the rest at debug, so one channel error cannot flood the log.
   */
  private void logDrop(AmqpException e) {
    if (!dropLogged) {
      dropLogged = true;
      log.warn(
          "channel {}: publish dropped: {} (further drops on this channel are logged at debug)",
          ctx.number(),
          e.getMessage());
    } else {
      log.debug("channel {}: publish dropped: {}", ctx.number(), e.getMessage());
    }
  }

  public ChannelPublishing(ChannelContext ctx, RecoveryGate gate) {
    this.ctx = ctx;
    this.gate = gate;
    this.admission = new PublishAdmission(ctx.host().gates(), ctx);
    this.listeners = new ConfirmListeners(ctx.dispatcher(), ctx.ioThreadCallbacks());
    this.confirms = new ConfirmTracker(listeners, ctx.observers, ctx.number());
  }

  /** Adds a confirm listener, run on the I/O thread or on the dispatcher. */
  public Cancellable addConfirmListener(ConfirmListener listener, boolean onIoThread) {
    List<ConfirmListener> list = onIoThread ? listeners.onIoThread : listeners.onDispatcher;
    list.add(listener);
    return () -> list.remove(listener);
  }

  public Cancellable addReturnListener(ReturnListener listener) {
    returnListeners.add(listener);
    return () -> returnListeners.remove(listener);
  }

  /** Adds a listener of the broker's channel.flow, told on the channel's dispatcher. */
  public Cancellable addFlowListener(java.util.function.Consumer<FlowState> listener) {
    flowListeners.add(listener);
    return () -> flowListeners.remove(listener);
  }

  /** Publishes written and not yet confirmed (any thread). */
  public int unconfirmed() {
    return admission.unconfirmed();
  }

  public long nextPublishSeqNo() {
    return nextPublishSeqNo.get();
  }

  /**
   * The calling thread hands a publish over: it takes the next sequence number (confirm mode).
   * Returns whether it took one.
   */
  private boolean reserveSeqNo() {
    // Outside confirm mode the number stays 0: a plain read, not a compare-and-set, per publish.
    return nextPublishSeqNo.get() != 0
        && nextPublishSeqNo.getAndUpdate(v -> v == 0 ? 0 : v + 1) != 0;
  }

  public CompletableFuture<Void> publish(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options) {
    CallbackFuture<Void> written = ctx.newFuture();
    if (PublishChecks.failIfUnencodable(written, exchange, routingKey, properties)) {
      return written;
    }
    if (!ctx.failIfClosed(written)) {
      admitAsync(exchange, routingKey, properties, body, options, written, null);
    }
    return written;
  }

  public void publishBlocking(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options) {
    PublishChecks.check(exchange, routingKey, properties);
    Duration timeout = options.timeout() == null ? ctx.rpcTimeout() : options.timeout();
    gate.awaitUsable(timeout);
    admission.admitBlocking(body.length, timeout);
    task(exchange, routingKey, properties, body, options.isMandatory(), null, null, null, false)
        .handOver();
  }

  public CompletableFuture<Void> publishConfirmed(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options) {
    CallbackFuture<Void> confirmed = ctx.newFuture();
    if (PublishChecks.failIfUnencodable(confirmed, exchange, routingKey, properties)) {
      return confirmed;
    }
    if (!ctx.failIfClosed(confirmed)) {
      admitAsync(exchange, routingKey, properties, body, options, null, confirmed);
    }
    return confirmed;
  }

  public CompletableFuture<Void> publishConfirmedBlocking(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options,
      Duration timeout) {
    PublishChecks.check(exchange, routingKey, properties);
    gate.awaitUsable(timeout);
    admission.admitBlocking(body.length, timeout);
    CallbackFuture<Void> confirmed = ctx.newFuture();
    task(
            exchange,
            routingKey,
            properties,
            body,
            options.isMandatory(),
            null,
            confirmed,
            timeout,
            false)
        .handOver();
    return confirmed;
  }

  /**
   * An asynchronous publish: refused at once past the connection's budget, else admitted (handed
   * over now, or parked at a shut gate for at most the publish timeout). Never waits.
   */
  private void admitAsync(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options,
      CallbackFuture<Void> written,
      CallbackFuture<Void> confirmed) {
    AmqpException full = admission.holdInBudget(body.length);
    if (full != null) {
      (written != null ? written : confirmed).completeExceptionally(full);
      return;
    }
    Duration timeout = options.timeout() == null ? ctx.rpcTimeout() : options.timeout();
    admission.admitAsync(
        task(
            exchange,
            routingKey,
            properties,
            body,
            options.isMandatory(),
            written,
            confirmed,
            confirmed == null ? null : timeout,
            true),
        body.length,
        timeout);
  }

  private PublishTask task(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      boolean mandatory,
      CompletableFuture<Void> written,
      CompletableFuture<Void> confirmed,
      Duration confirmTimeout,
      boolean budgeted) {
    BasicProperties props = properties == null ? BasicProperties.EMPTY : properties;
    PublishObservation observation = null;
    if (ctx.observers.followsPublishes) {
      observation =
          ctx.observers.startPublish(
              new PublishContext(
                  ctx.number(),
                  exchange,
                  routingKey,
                  props,
                  body.length,
                  ctx.host().peerHost(),
                  ctx.host().peerPort()));
      if (observation != null) {
        props = observation.properties();
      }
    }
    // Taken right before admission, so one thread's numbers follow the order of its publishes
    // (admission keeps that order: a parked publish holds back the ones after it).
    boolean reserved = reserveSeqNo();
    return new PublishTask(
        exchange,
        routingKey,
        props,
        body,
        mandatory,
        written,
        confirmed,
        confirmTimeout,
        reserved,
        budgeted,
        observation);
  }

  /**
   * One publish handed to the I/O thread: the task, what runs once the channel is usable, and what
   * fails the publish, in one object (three lambdas would be most of what a publish allocates).
   */
  private final class PublishTask
      implements Runnable, java.util.function.Consumer<AmqpException>, PublishAdmission.Parkable {
    private final String exchange;
    private final String routingKey;
    private final BasicProperties props;
    private final byte[] body;
    private final boolean mandatory;
    private final CompletableFuture<Void> written;
    private final CompletableFuture<Void> confirmed;
    private final Duration confirmTimeout;
    private final boolean reserved; // took a sequence number on the publishing thread
    private final PublishObservation observation; // null unless an observer follows it
    private final boolean budgeted; // an asynchronous publish, counted in the connection's budget
    private boolean handedOver; // I/O thread only: run() the first time hands over to whenUsable

    PublishTask(
        String exchange,
        String routingKey,
        BasicProperties props,
        byte[] body,
        boolean mandatory,
        CompletableFuture<Void> written,
        CompletableFuture<Void> confirmed,
        Duration confirmTimeout,
        boolean reserved,
        boolean budgeted,
        PublishObservation observation) {
      this.exchange = exchange;
      this.routingKey = routingKey;
      this.props = props;
      this.body = body;
      this.mandatory = mandatory;
      this.written = written;
      this.confirmed = confirmed;
      this.confirmTimeout = confirmTimeout;
      this.reserved = reserved;
      this.observation = observation;
      this.budgeted = budgeted;
    }

    /**
     * Hands the publish to the I/O thread. Decided there: a publish that finds the channel
     * recovering (lost after the call but before it was written, or made during the recovery) waits
     * for it, in order.
     */
    @Override
    public void handOver() {
      admission.handingOver();
      ctx.submit(this);
    }

    /** I/O thread: admission refused the parked publish (deadline, channel closed). */
    @Override
    public void refuse(AmqpException e) {
      failBeforeSend(e);
    }

    @Override
    public void run() {
      if (!handedOver) {
        handedOver = true;
        admission.arrived();
        gate.whenUsable(this, this); // runs run() again at once, or after the recovery
        return;
      }
      if (ctx.phase() == ChannelPhase.CLOSED) {
        accept(ctx.closedException());
        return;
      }
      if (admission.holdForFlow(this)) {
        return; // the broker paused the channel: run again at flow(active=true)
      }
      try {
        publishNow(
            exchange,
            routingKey,
            props,
            body,
            mandatory,
            confirmed,
            confirmTimeout,
            reserved,
            observation);
      } catch (AmqpException e) {
        accept(e);
        return;
      }
      admission.release(body.length, confirms.outstanding(), budgeted);
      if (written != null) {
        written.complete(null);
      }
    }

    /** Fails the publish (never written); one that took a sequence number is reported lost. */
    @Override
    public void accept(AmqpException e) {
      admission.release(body.length, confirms.outstanding(), budgeted);
      failBeforeSend(e);
    }

    private void failBeforeSend(AmqpException e) {
      if (ctx.observers.on) {
        ctx.observers.publishFailed(ctx.number(), exchange, e);
        if (observation != null) {
          observation.finished(PublishOutcome.FAILED, e);
        }
      }
      if (reserved) {
        nextPublishSeqNo.accumulateAndGet(confirms.failedBeforeSend(e) + 1, Math::max);
        listeners.flushLost();
      }
      if (written != null) {
        written.completeExceptionally(e);
      }
      if (confirmed != null) {
        confirmed.completeExceptionally(e);
      }
      if (written == null && confirmed == null) {
        logDrop(e);
      }
    }
  }

  /** On the I/O thread: writes the frames and tracks the confirm. */
  private void publishNow(
      String exchange,
      String routingKey,
      BasicProperties props,
      byte[] body,
      boolean mandatory,
      CompletableFuture<Void> confirmed,
      Duration confirmTimeout,
      boolean reserved,
      PublishObservation observation) {
    long raw =
        ctx.engine()
            .publish(ctx.number(), exchange, routingKey, mandatory, props, body, 0, body.length);
    if (ctx.observers.on) {
      ctx.observers.published(ctx.number(), exchange, body.length);
    }
    if (raw == 0) {
      if (observation != null) {
        observation.finished(
            confirmed == null ? PublishOutcome.SENT : PublishOutcome.FAILED,
            confirmed == null ? null : new WrongStateException("not in confirm mode", null));
      }
      if (reserved) {
        // Confirm mode ended under it (cannot happen while the channel is open): the number it took
        // will never be confirmed.
        confirms.failedBeforeSend(null);
        listeners.flushLost();
      }
      if (confirmed != null) {
        confirmed.completeExceptionally(
            new WrongStateException(
                "channel "
                    + ctx.number()
                    + " is not in confirm mode; call confirmSelect() before publishConfirmed",
                null));
      }
      return;
    }
    boolean keep = mandatory || ctx.recoveryPolicy().republishMaxMessages() > 0;
    ConfirmTracker.Pending pending = null;
    if (confirmed != null || keep || observation != null) {
      Duration timeout = confirmTimeout == null ? ctx.rpcTimeout() : confirmTimeout;
      pending =
          new ConfirmTracker.Pending(
              confirmed == null ? new CompletableFuture<>() : confirmed,
              System.nanoTime() + timeout.toNanos(),
              exchange,
              routingKey,
              props,
              keep ? body : null,
              mandatory);
      if (confirmed != null) {
        scheduleExpirySweep(timeout);
      }
      if (observation != null) {
        pending.future.whenComplete(
            (v, e) ->
                observation.finished(PublishObservations.outcome(e), PublishObservations.cause(e)));
      }
    }
    long seq = confirms.published(raw, pending, ctx.host().outputPosition());
    // Usually the publishing thread already advanced it past seq: then a read, not a write that
    // would take the cache line from that thread on every publish.
    if (nextPublishSeqNo.get() <= seq) {
      nextPublishSeqNo.accumulateAndGet(seq + 1, Math::max);
    }
  }

  /** On the I/O thread: writes a kept publish again, under its own sequence number. */
  private void republishNow(ConfirmTracker.Pending p) {
    long raw =
        ctx.engine()
            .publish(
                ctx.number(),
                p.exchange,
                p.routingKey,
                p.mandatory,
                p.properties,
                p.body,
                0,
                p.body.length);
    if (raw == 0) {
      throw new WrongStateException(
          "channel " + ctx.number() + " came back without confirm mode; cannot republish", null);
    }
    if (!p.future.isDone()) {
      scheduleExpirySweep(Duration.ofNanos(Math.max(1, p.deadlineNanos - System.nanoTime())));
    }
    confirms.republished(raw, p, ctx.host().outputPosition());
  }

  private void scheduleExpirySweep(Duration timeout) {
    long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), timeout.toNanos() / 10);
    long at = System.nanoTime() + period;
    // A publish with a shorter deadline than the one the planned sweep was made for brings it
    // forward: a 300 ms deadline must not wait for a sweep planned for a 60 s one.
    if (expirySweepScheduled && nextSweepNanos - at <= 0) {
      return;
    }
    expirySweepScheduled = true;
    nextSweepNanos = at;
    ctx.loop()
        .schedule(
            () -> {
              if (!expirySweepScheduled || nextSweepNanos != at) {
                return; // superseded by an earlier sweep
              }
              expirySweepScheduled = false;
              if (confirms.expire(System.nanoTime(), timeout)) {
                scheduleExpirySweep(timeout);
              }
            },
            period,
            TimeUnit.NANOSECONDS);
  }

  /**
   * Completes when every publish this channel took a number for before the call is acked; fails
   * when one of those since the previous wait was nacked or lost.
   */
  public CompletableFuture<Void> waitForConfirms() {
    CallbackFuture<Void> future = ctx.newFuture();
    if (!ctx.failIfClosed(future)) {
      long upTo = nextPublishSeqNo.get() - 1; // what this thread published before it asked
      ctx.submit(future, () -> confirms.waitForAll(upTo, future));
    }
    return future;
  }

  /** confirm.select was answered (I/O thread); {@code maxUnconfirmed} 0 = no window. */
  public void confirmSelected(int maxUnconfirmed) {
    admission.limit(maxUnconfirmed);
    confirmMode = true;
    nextPublishSeqNo.accumulateAndGet(confirms.nextSeq(), Math::max);
  }

  // ---- broker events (I/O thread) ----

  public void onAck(long rawTag, boolean multiple) {
    confirms.ack(rawTag, multiple); // the listeners hear it through confirmed()
    admission.settled(confirms.outstanding());
  }

  public void onNack(long rawTag, boolean multiple) {
    confirms.nack(rawTag, multiple);
    admission.settled(confirms.outstanding());
  }

  /** The broker sent channel.flow: {@code active=false} pauses publishing (gate FLOW). */
  public void onFlow(boolean active) {
    admission.flow(active);
    if (flowListeners.isEmpty()) {
      return;
    }
    FlowState state = active ? FlowState.ACTIVE : FlowState.PAUSED;
    ctx.dispatcher()
        .execute(
            () -> {
              for (java.util.function.Consumer<FlowState> l : flowListeners) {
                try {
                  l.accept(state);
                } catch (RuntimeException e) {
                  log.error("channel {}: flow listener threw; continuing", ctx.number(), e);
                }
              }
            });
  }

  public void onReturn(ReturnedMessage message) {
    if (ctx.observers.on) {
      ctx.observers.publishReturned(
          ctx.number(), message.exchange(), message.routingKey(), message.replyCode());
    }
    confirms.returned(message);
    if (returnListeners.isEmpty()) {
      return;
    }
    ctx.dispatcher()
        .execute(
            () -> {
              for (ReturnListener l : returnListeners) {
                l.handleReturn(message);
              }
            });
  }

  // ---- life cycle (I/O thread) ----

  /**
   * The channel went away under the application and will be recovered (I/O thread, while the lost
   * session is still current). Unconfirmed publishes are lost: their futures fail (after a
   * connection loss with a {@link ConnectionLostException} whose {@link
   * ConnectionLostException#mayHaveReachedBroker()} says whether their frames had left through the
   * socket; after a broker channel close with its reason), listeners hear each one lost, and a
   * {@code waitForConfirms} covering one fails. When the policy asks for it, the oldest ones that
   * kept their content are kept instead for republishing under their own numbers, within the
   * policy's message and byte bounds (a loss during the recovery adds to those kept earlier).
   */
  public void suspend(AmqpException reason) {
    boolean connectionLoss = reason instanceof ConnectionClosedException;
    AmqpException cause =
        connectionLoss
            ? new ConnectionLostException(
                "connection lost before the broker confirmed every publish ("
                    + reason.getMessage()
                    + ")",
                reason,
                true)
            : reason;
    int maxMessages = ctx.recoveryPolicy().republishMaxMessages();
    long maxBytes = ctx.recoveryPolicy().republishMaxBytes();
    int lost =
        confirms.sessionLost(
            cause,
            connectionLoss ? ctx.host()::mayHaveSent : offset -> true,
            (p, keptMessages, keptBytes) ->
                keptMessages < maxMessages && keptBytes + p.body.length <= maxBytes,
            (p, mayHaveReachedBroker) ->
                connectionLoss
                    ? new ConnectionLostException(
                            "connection lost before the broker confirmed publish "
                                + p.seq
                                + " ("
                                + reason.getMessage()
                                + ")",
                            reason,
                            false)
                        .forOperation(mayHaveReachedBroker)
                    : reason);
    listeners.flushLost();
    if (lost > 0 || confirms.keptCount() > 0) {
      log.info(
          "channel {}: {} unconfirmed publish(es) lost, {} kept for republishing",
          ctx.number(),
          lost,
          confirms.keptCount());
    }
    admission.settled(0);
    // Publishes the broker's channel.flow held go on with the recovered channel (flow active).
    admission.flowReset(
        r -> {
          PublishTask t = (PublishTask) r;
          gate.whenUsable(t, t);
        });
  }

  /** After the channel was reopened (and confirm mode restored): republishes what was kept. */
  public void resume() {
    List<ConfirmTracker.Pending> pending = confirms.takeKept();
    for (ConfirmTracker.Pending p : pending) {
      try {
        republishNow(p);
      } catch (AmqpException e) {
        confirms.republishFailed(p, e);
      }
    }
    listeners.flushLost();
    admission.settled(confirms.outstanding()); // the republished hold their places again
    if (!pending.isEmpty()) {
      log.info("channel {}: republished {} unconfirmed messages", ctx.number(), pending.size());
    }
  }

  /** The channel closed for good: every unconfirmed publish fails and is reported lost. */
  public void failAll(AmqpException cause) {
    admission.flowReset(r -> ((PublishTask) r).accept(cause));
    admission.failParked(cause);
    confirms.failAll(cause, ctx.host()::mayHaveSent);
    listeners.flushLost();
    admission.settled(0);
    admission.signal(); // blocking publishers waiting for room find the channel closed
  }
}
