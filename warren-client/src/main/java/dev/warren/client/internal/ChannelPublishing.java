package dev.warren.client.internal;

import dev.warren.client.ConfirmListener;
import dev.warren.client.PublishOptions;
import dev.warren.client.ReturnListener;
import dev.warren.client.ReturnedMessage;
import dev.warren.errors.AmqpException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.ConnectionLostException;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.ArrayList;
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
 * application keep increasing across recoveries (the broker restarts at 1 on the new channel; an
 * offset hides that).
 */
final class ChannelPublishing {
  private static final Logger log = LoggerFactory.getLogger(ChannelPublishing.class);

  private final ChannelCore ch;
  final CopyOnWriteArrayList<ConfirmListener> confirmListeners = new CopyOnWriteArrayList<>();
  final CopyOnWriteArrayList<ConfirmListener> ioThreadConfirmListeners =
      new CopyOnWriteArrayList<>();
  final CopyOnWriteArrayList<ReturnListener> returnListeners = new CopyOnWriteArrayList<>();
  // I/O thread only:
  private ConfirmTracker confirms = new ConfirmTracker();
  private long seqOffset;
  private boolean expirySweepScheduled;
  private long nextSweepNanos; // when the planned sweep runs, while expirySweepScheduled
  private List<ConfirmTracker.Pending> toRepublish = List.of();
  private long lastAssigned; // the last sequence number the I/O thread gave a publish
  // The next sequence number, 0 outside confirm mode. Advanced by the publishing thread as it
  // hands a publish over (so nextPublishSeqNo() right after a publish already counts it), and
  // reconciled on the I/O thread, which assigns the numbers in that same order.
  private final AtomicLong nextPublishSeqNo = new AtomicLong();
  volatile boolean confirmMode;

  private boolean dropLogged; // I/O thread only
  final UnconfirmedWindow window = new UnconfirmedWindow();
  private final Runnable requireOpen; // one object, not one per publish

  /**
   * A fire-and-forget publish found the channel closed after the caller's check: the first is
   * logged as a warning, the rest at debug, so one channel error cannot flood the log.
   */
  private void logDrop(AmqpException e) {
    if (!dropLogged) {
      dropLogged = true;
      log.warn(
          "channel {}: publish dropped: {} (further drops on this channel are logged at debug)",
          ch.number(),
          e.getMessage());
    } else {
      log.debug("channel {}: publish dropped: {}", ch.number(), e.getMessage());
    }
  }

  ChannelPublishing(ChannelCore ch) {
    this.ch = ch;
    this.requireOpen = ch::requireOpen;
  }

  long nextPublishSeqNo() {
    return nextPublishSeqNo.get();
  }

  /** The calling thread hands a publish over: it takes the next sequence number (confirm mode). */
  private void reserveSeqNo() {
    nextPublishSeqNo.getAndUpdate(v -> v == 0 ? 0 : v + 1);
  }

  CompletableFuture<Void> publish(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options) {
    CallbackFuture<Void> written = ch.newFuture();
    if (PublishChecks.failIfUnencodable(written, exchange, routingKey, properties)) {
      return written;
    }
    if (!ch.failIfClosed(written)) {
      ch.conn.gate.add(body.length);
      window.add();
      reserveSeqNo();
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
    PublishChecks.check(exchange, routingKey, properties);
    Duration timeout = options.timeout() == null ? ch.rpcTimeout() : options.timeout();
    ch.recoveryGate.awaitUsable(timeout);
    acquire(body.length, timeout);
    reserveSeqNo();
    submit(exchange, routingKey, properties, body, options.isMandatory(), null, null, null);
  }

  CompletableFuture<Void> publishConfirmed(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options) {
    CallbackFuture<Void> confirmed = ch.newFuture();
    if (PublishChecks.failIfUnencodable(confirmed, exchange, routingKey, properties)) {
      return confirmed;
    }
    if (!ch.failIfClosed(confirmed)) {
      Duration timeout = options.timeout() == null ? ch.rpcTimeout() : options.timeout();
      ch.conn.gate.add(body.length);
      window.add();
      reserveSeqNo();
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
    PublishChecks.check(exchange, routingKey, properties);
    ch.recoveryGate.awaitUsable(timeout);
    acquire(body.length, timeout);
    CallbackFuture<Void> confirmed = ch.newFuture();
    reserveSeqNo();
    submit(exchange, routingKey, properties, body, options.isMandatory(), null, confirmed, timeout);
    return confirmed;
  }

  /**
   * A blocking publish takes its place in the confirm window, then in the connection's write
   * buffer, waiting (one deadline for both) while either is full.
   */
  private void acquire(int bytes, Duration timeout) {
    if (SharedResources.onIoThread()) {
      // The I/O thread is what opens the gates: waiting here would never end. Counted and written
      // at once, as an asynchronous publish is.
      window.add();
      ch.conn.gate.add(bytes);
      return;
    }
    long start = System.nanoTime();
    // No Duration allocated per publish unless the window made it wait.
    Duration left =
        window.acquire(timeout, requireOpen)
            ? timeout.minusNanos(System.nanoTime() - start)
            : timeout;
    try {
      ch.conn.gate.acquire(bytes, left);
    } catch (RuntimeException e) {
      window.cancel();
      throw e;
    }
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
    // Decided on the I/O thread: a publish that finds the channel recovering (lost after the call
    // but before it was written, or made during the recovery) waits for it, in order.
    ch.conn.submit(
        new PublishTask(
            exchange, routingKey, props, body, mandatory, written, confirmed, confirmTimeout));
  }

  /**
   * One publish handed to the I/O thread: the task, what runs once the channel is usable, and what
   * fails the publish, in one object (three lambdas before: 96 of the 147 bytes a publish
   * allocated).
   */
  private final class PublishTask implements Runnable, java.util.function.Consumer<AmqpException> {
    private final String exchange;
    private final String routingKey;
    private final BasicProperties props;
    private final byte[] body;
    private final boolean mandatory;
    private final CompletableFuture<Void> written;
    private final CompletableFuture<Void> confirmed;
    private final Duration confirmTimeout;
    private boolean handedOver; // I/O thread only: run() the first time hands over to whenUsable

    PublishTask(
        String exchange,
        String routingKey,
        BasicProperties props,
        byte[] body,
        boolean mandatory,
        CompletableFuture<Void> written,
        CompletableFuture<Void> confirmed,
        Duration confirmTimeout) {
      this.exchange = exchange;
      this.routingKey = routingKey;
      this.props = props;
      this.body = body;
      this.mandatory = mandatory;
      this.written = written;
      this.confirmed = confirmed;
      this.confirmTimeout = confirmTimeout;
    }

    @Override
    public void run() {
      if (!handedOver) {
        handedOver = true;
        ch.recoveryGate.whenUsable(this, this); // runs run() again at once, or after the recovery
        return;
      }
      if (ch.status() == ChannelStatus.CLOSED) {
        accept(ch.closedException());
        return;
      }
      try {
        publishNow(exchange, routingKey, props, body, mandatory, confirmed, confirmTimeout);
      } catch (AmqpException e) {
        accept(e);
        return;
      }
      window.taskRan(confirms.outstanding());
      ch.conn.gate.release(body.length);
      if (written != null) {
        written.complete(null);
      }
    }

    /** Fails the publish. */
    @Override
    public void accept(AmqpException e) {
      window.taskRan(confirms.outstanding());
      ch.conn.gate.release(body.length);
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
              keep ? body : null,
              mandatory);
      pending.endOffset = ch.conn.outputPosition();
      if (confirmed != null) {
        scheduleExpirySweep(timeout);
      }
    }
    confirms.published(raw, pending);
    lastAssigned = raw + seqOffset;
    nextPublishSeqNo.accumulateAndGet(lastAssigned + 1, Math::max);
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
    ch.conn.loop.schedule(
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

  CompletableFuture<Void> waitForConfirms() {
    CallbackFuture<Void> future = ch.newFuture();
    if (!ch.failIfClosed(future)) {
      ch.conn.submit(future, () -> confirms.waitForAll(future));
    }
    return future;
  }

  /** confirm.select was answered (I/O thread); {@code maxUnconfirmed} 0 = no window. */
  void confirmSelected(int maxUnconfirmed) {
    window.limit(maxUnconfirmed);
    confirmMode = true;
    nextPublishSeqNo.accumulateAndGet(Math.max(lastAssigned, seqOffset) + 1, Math::max);
  }

  // ---- broker events (I/O thread) ----

  void onAck(long rawTag, boolean multiple) {
    confirms.ack(rawTag, multiple);
    window.settled(confirms.outstanding()); // before the listeners: a waiting publisher goes on
    notifyConfirm(rawTag + seqOffset, multiple, true);
  }

  void onNack(long rawTag, boolean multiple) {
    confirms.nack(rawTag, multiple);
    window.settled(confirms.outstanding());
    notifyConfirm(rawTag + seqOffset, multiple, false);
  }

  private void notifyConfirm(long tag, boolean multiple, boolean ack) {
    if (!ioThreadConfirmListeners.isEmpty()) {
      ch.ioThreadCallbacks.execute(() -> tellConfirm(ioThreadConfirmListeners, tag, multiple, ack));
    }
    if (!confirmListeners.isEmpty()) {
      ch.dispatcher.execute(() -> tellConfirm(confirmListeners, tag, multiple, ack));
    }
  }

  private static void tellConfirm(
      List<ConfirmListener> listeners, long tag, boolean multiple, boolean ack) {
    for (ConfirmListener l : listeners) {
      if (ack) {
        l.handleAck(tag, multiple);
      } else {
        l.handleNack(tag, multiple);
      }
    }
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
   * The channel went away under the application and will be recovered (I/O thread, while the lost
   * session is still current). Publishes awaiting confirms fail: after a connection loss with a
   * {@link ConnectionLostException} whose {@link ConnectionLostException#mayHaveReachedBroker()}
   * says whether their frames had left through the socket; after a broker channel close with its
   * reason. When the policy asks for it, the oldest ones that kept their content are kept instead
   * for republishing, within the policy's message and byte bounds (a loss during the recovery adds
   * to those kept earlier). Sequence numbers go on from where they were.
   */
  void suspend(AmqpException reason) {
    boolean connectionLoss = reason instanceof ConnectionClosedException;
    AmqpException waiterFailure =
        connectionLoss
            ? new ConnectionLostException(
                "connection lost before the broker confirmed every publish ("
                    + reason.getMessage()
                    + ")",
                reason,
                true)
            : reason;
    List<ConfirmTracker.Pending> unconfirmed = new ArrayList<>(toRepublish);
    for (ConfirmTracker.Pending p : confirms.drainAll(waiterFailure)) {
      p.mayHaveReachedBroker =
          !connectionLoss || p.endOffset == 0 || ch.conn.mayHaveSent(p.endOffset);
      unconfirmed.add(p);
    }
    int maxMessages = ch.conn.recoveryPolicy.republishMaxMessages();
    long maxBytes = ch.conn.recoveryPolicy.republishMaxBytes();
    List<ConfirmTracker.Pending> kept = new ArrayList<>();
    long bytes = 0;
    int failed = 0;
    for (ConfirmTracker.Pending p : unconfirmed) {
      if (p.hasContent() && kept.size() < maxMessages && bytes + p.body.length <= maxBytes) {
        kept.add(p);
        bytes += p.body.length;
      } else {
        failed++;
        p.future.completeExceptionally(
            connectionLoss
                ? new ConnectionLostException(
                        "connection lost before the broker confirmed the publish ("
                            + reason.getMessage()
                            + ")",
                        reason,
                        false)
                    .forOperation(p.mayHaveReachedBroker)
                : reason);
      }
    }
    toRepublish = kept;
    if (failed > 0 || !kept.isEmpty()) {
      log.info(
          "channel {}: {} unconfirmed publish(es) failed, {} kept for republishing",
          ch.number(),
          failed,
          kept.size());
    }
    // The new channel numbers from 1 again. Republished messages take the numbers just below the
    // next fresh one (their own when they were the last ones published, the usual case), so the
    // publishes still waiting get the numbers their threads reserved.
    seqOffset = lastAssigned - kept.size();
    confirms = new ConfirmTracker();
    window.settled(0);
  }

  /** After the channel was reopened (and confirm mode restored): republishes what was kept. */
  void resume() {
    // nextPublishSeqNo is not reset: publishes reserved their numbers and get them in order.
    List<ConfirmTracker.Pending> pending = toRepublish;
    toRepublish = List.of();
    for (ConfirmTracker.Pending p : pending) {
      try {
        publishNow(
            p.exchange,
            p.routingKey,
            p.properties,
            p.body,
            p.mandatory,
            p.future,
            Duration.ofNanos(Math.max(1, p.deadlineNanos - System.nanoTime())));
      } catch (AmqpException e) {
        p.future.completeExceptionally(e);
      }
    }
    window.settled(confirms.outstanding()); // the republished hold their places again
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
    window.settled(0);
    window.signal(); // blocking publishers waiting for room find the channel closed
  }
}
