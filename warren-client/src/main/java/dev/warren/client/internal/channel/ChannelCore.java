package dev.warren.client.internal.channel;

import dev.warren.client.AckMode;
import dev.warren.client.AsyncChannel;
import dev.warren.client.Binding;
import dev.warren.client.CallbackThread;
import dev.warren.client.Channel;
import dev.warren.client.ConfirmListener;
import dev.warren.client.ConfirmOptions;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.Consumer;
import dev.warren.client.Delivery;
import dev.warren.client.ExchangeDeletion;
import dev.warren.client.ExchangeSpec;
import dev.warren.client.FlowState;
import dev.warren.client.GetResponse;
import dev.warren.client.PublishOptions;
import dev.warren.client.Qos;
import dev.warren.client.QueueDeclareOk;
import dev.warren.client.QueueDeletion;
import dev.warren.client.QueueSpec;
import dev.warren.client.Requeue;
import dev.warren.client.ReturnListener;
import dev.warren.client.internal.channel.consume.ChannelConsumers;
import dev.warren.client.internal.channel.consume.ConsumingLoop;
import dev.warren.client.internal.channel.consume.DemandPublisher;
import dev.warren.client.internal.channel.publish.ChannelPublishing;
import dev.warren.client.internal.connection.ConnectionCore;
import dev.warren.client.internal.recovery.TopologyRecord;
import dev.warren.client.internal.threads.CallbackFuture;
import dev.warren.client.internal.threads.IoThreadExecutor;
import dev.warren.client.internal.threads.SerialExecutor;
import dev.warren.errors.AmqpException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.method.BasicGet;
import dev.warren.protocol.method.BasicGetOk;
import dev.warren.protocol.method.BasicQos;
import dev.warren.protocol.method.BasicRecover;
import dev.warren.protocol.method.BasicRecoverAsync;
import dev.warren.protocol.method.ChannelFlow;
import dev.warren.protocol.method.ChannelFlowOk;
import dev.warren.protocol.method.ConfirmSelect;
import dev.warren.protocol.method.ExchangeBind;
import dev.warren.protocol.method.ExchangeDeclare;
import dev.warren.protocol.method.ExchangeDelete;
import dev.warren.protocol.method.ExchangeUnbind;
import dev.warren.protocol.method.QueueBind;
import dev.warren.protocol.method.QueueDeclare;
import dev.warren.protocol.method.QueueDelete;
import dev.warren.protocol.method.QueueDeleteOk;
import dev.warren.protocol.method.QueuePurge;
import dev.warren.protocol.method.QueuePurgeOk;
import dev.warren.protocol.method.QueueUnbind;
import dev.warren.protocol.method.TxCommit;
import dev.warren.protocol.method.TxRollback;
import dev.warren.protocol.method.TxSelect;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * One channel: the asynchronous implementation both views use. Operations go to the I/O thread;
 * what the broker sends is handled by {@link ChannelEvents} and run on the channel's serial
 * dispatcher, in order. The channel records what it needs to come back after a connection loss
 * (qos, confirm and tx modes, consumers) and keeps delivery tags the application sees increasing
 * across recoveries, so acknowledgements of tags from before a recovery are dropped, not sent.
 */
public final class ChannelCore implements AsyncChannel {
  public final ConnectionCore conn;
  private final int number;
  public final SerialExecutor dispatcher;
  // Where CallbackThread.IO_THREAD consumers' callbacks run.
  public final IoThreadExecutor ioThreadCallbacks;
  private final BlockingChannel blockingView;

  private volatile ChannelStatus status = ChannelStatus.OPEN;
  // Set when the application's close starts (pika's is_closing); the status says CLOSED at the end.
  private volatile boolean closeStarted;
  // Set before the status turns CLOSED, so whoever finds the channel closed can tell why (the
  // closed future may complete a moment later, on the callback executor).
  private volatile ChannelClosedException closeCause;

  /** False for the channels recovery uses internally: their declarations are not recorded. */
  public boolean recordsTopology = true;

  /**
   * False for short-lived channels of the library's own (recovery's declarations, looking for a
   * queue): a connection loss closes them instead of suspending them for recovery.
   */
  public volatile boolean recoverable = true;

  // Recorded for recovery (written on the I/O thread).
  volatile Qos qos;
  volatile boolean txMode;

  // The channel's parts, one concern each.
  public final ChannelEvents events;
  public final ChannelCalls calls = new ChannelCalls(this);
  public final RecoveryGate recoveryGate = new RecoveryGate(this);
  public final ChannelConsumers consumers = new ChannelConsumers(this);
  public final ConsumingLoop consumingLoop = new ConsumingLoop(this);
  final ChannelPublishing publishing;
  final ChannelAcks acks = new ChannelAcks(this);
  public final ChannelRecovery recovery = new ChannelRecovery(this);
  public final ChannelClosing closing;

  public ChannelCore(ConnectionCore conn, int number) {
    this.conn = conn;
    this.number = number;
    this.dispatcher = new SerialExecutor(conn.callbacks);
    this.ioThreadCallbacks = new IoThreadExecutor(conn.loop, number);
    this.closing = new ChannelClosing(this);
    this.events = new ChannelEvents(this);
    this.publishing = new ChannelPublishing(this);
    this.blockingView = new BlockingChannel(this);
  }

  @Override
  public int number() {
    return number;
  }

  @Override
  public boolean isOpen() {
    return status != ChannelStatus.CLOSED;
  }

  public ChannelStatus status() {
    return status;
  }

  /** Whether the application's close has started (any thread). */
  boolean isClosing() {
    return closeStarted;
  }

  /** The application's close starts (see {@link ChannelClosing#close}). */
  void markClosing() {
    closeStarted = true;
  }

  /** The channel is closed for good (I/O thread, see {@link ChannelClosing#finalClose}). */
  void markClosed(ChannelClosedException cause) {
    // Before the status: whoever finds the channel closed can always tell why.
    closeCause = cause;
    status = ChannelStatus.CLOSED;
  }

  /** Why the channel closed, once it did; null before. */
  ChannelClosedException closeCause() {
    return closeCause;
  }

  @Override
  public Channel.State state() {
    ChannelStatus s = status;
    if (s == ChannelStatus.CLOSED) {
      return Channel.State.CLOSED;
    }
    if (closeStarted) {
      return Channel.State.CLOSING;
    }
    return s == ChannelStatus.RECOVERING ? Channel.State.RECOVERING : Channel.State.OPEN;
  }

  @Override
  public dev.warren.client.AsyncConnection connection() {
    return conn;
  }

  @Override
  public Channel blocking() {
    return blockingView;
  }

  public Duration rpcTimeout() {
    return conn.params.rpcTimeout();
  }

  public <T> CallbackFuture<T> newFuture() {
    return new CallbackFuture<>(conn.callbacks);
  }

  /** Throws a wrong-state exception when the channel is closed. */
  public void requireOpen() {
    if (status == ChannelStatus.CLOSED) {
      throw closedException();
    }
  }

  public WrongStateException closedException() {
    ChannelClosedException cause = closeCause;
    return new WrongStateException(
        "channel "
            + number
            + " is closed"
            + (cause == null ? "" : " (" + cause.getMessage() + ")")
            + "; open a new channel",
        cause);
  }

  /** Fails {@code future} and returns true when the channel is closed. */
  public boolean failIfClosed(CompletableFuture<?> future) {
    if (status == ChannelStatus.CLOSED) {
      future.completeExceptionally(closedException());
      return true;
    }
    return false;
  }

  // ---- AsyncChannel ----

  @Override
  public CompletableFuture<Void> close() {
    return close(200, "OK");
  }

  @Override
  public CompletableFuture<Void> close(int replyCode, String replyText) {
    return closing.close(replyCode, replyText);
  }

  @Override
  public CompletableFuture<FlowState> flow(FlowState state) {
    return calls.rpc(
        new ChannelFlow(state == FlowState.ACTIVE),
        r -> ((ChannelFlowOk) r).active() ? FlowState.ACTIVE : FlowState.PAUSED);
  }

  @Override
  public CompletableFuture<Void> exchangeDeclare(ExchangeSpec x) {
    ExchangeDeclare m =
        new ExchangeDeclare(
            0,
            x.name(),
            x.type(),
            x.isPassive(),
            x.isDurable(),
            x.isAutoDelete(),
            x.isInternal(),
            x.isNoWait(),
            x.arguments());
    return calls.rpcOrSend(m, x.isNoWait(), () -> record(t -> t.exchangeDeclared(x)));
  }

  @Override
  public CompletableFuture<Void> exchangeDelete(ExchangeDeletion d) {
    return calls.rpcOrSend(
        new ExchangeDelete(0, d.exchange(), d.isIfUnused(), d.isNoWait()),
        d.isNoWait(),
        () -> record(t -> t.exchangeDeleted(d.exchange())));
  }

  @Override
  public CompletableFuture<Void> exchangeBind(Binding b) {
    return calls.rpcOrSend(
        new ExchangeBind(
            0, b.destination(), b.source(), b.routingKey(), b.isNoWait(), b.arguments()),
        b.isNoWait(),
        () -> record(t -> t.bound(b)));
  }

  @Override
  public CompletableFuture<Void> exchangeUnbind(Binding b) {
    return calls.rpcOrSend(
        new ExchangeUnbind(
            0, b.destination(), b.source(), b.routingKey(), b.isNoWait(), b.arguments()),
        b.isNoWait(),
        () -> record(t -> t.unbound(b)));
  }

  @Override
  public CompletableFuture<QueueDeclareOk> queueDeclare(QueueSpec q) {
    QueueDeclare m =
        new QueueDeclare(
            0,
            q.name(),
            q.isPassive(),
            q.isDurable(),
            q.isExclusive(),
            q.isAutoDelete(),
            q.isNoWait(),
            q.arguments());
    if (q.isNoWait()) {
      return calls
          .send(m)
          .thenApply(
              v -> {
                record(t -> t.queueDeclared(q, q.name()));
                return new QueueDeclareOk(q.name(), 0, 0);
              });
    }
    return calls.rpc(
        m,
        r -> {
          var ok = (dev.warren.protocol.method.QueueDeclareOk) r;
          record(t -> t.queueDeclared(q, ok.queue()));
          return new QueueDeclareOk(ok.queue(), ok.messageCount(), ok.consumerCount());
        });
  }

  @Override
  public CompletableFuture<Void> queueBind(Binding b) {
    return calls.rpcOrSend(
        new QueueBind(0, b.destination(), b.source(), b.routingKey(), b.isNoWait(), b.arguments()),
        b.isNoWait(),
        () -> record(t -> t.bound(b)));
  }

  @Override
  public CompletableFuture<Void> queueUnbind(Binding b) {
    return calls.rpc(
        new QueueUnbind(0, b.destination(), b.source(), b.routingKey(), b.arguments()),
        r -> record(t -> t.unbound(b)));
  }

  @Override
  public CompletableFuture<Long> queuePurge(String queue) {
    return calls.rpc(new QueuePurge(0, queue, false), r -> ((QueuePurgeOk) r).messageCount());
  }

  @Override
  public CompletableFuture<Void> queuePurgeNoWait(String queue) {
    java.util.Objects.requireNonNull(queue, "queue");
    return calls.send(new QueuePurge(0, queue, true));
  }

  @Override
  public CompletableFuture<Long> queueDelete(QueueDeletion d) {
    QueueDelete m = new QueueDelete(0, d.queue(), d.isIfUnused(), d.isIfEmpty(), d.isNoWait());
    if (d.isNoWait()) {
      return calls
          .send(m)
          .thenApply(
              v -> {
                record(t -> t.queueDeleted(d.queue()));
                return 0L;
              });
    }
    return calls.rpc(
        m,
        r -> {
          record(t -> t.queueDeleted(d.queue()));
          return ((QueueDeleteOk) r).messageCount();
        });
  }

  /** Applies a change to the connection's topology record unless this channel is internal. */
  public <T> T record(java.util.function.Consumer<TopologyRecord> change) {
    if (recordsTopology) {
      change.accept(conn.topology);
    }
    return null;
  }

  @Override
  public CompletableFuture<Void> basicQos(Qos q) {
    return calls.rpc(
        new BasicQos(q.prefetchSize(), q.prefetchCount(), q.isGlobal()),
        r -> {
          qos = q;
          return null;
        });
  }

  @Override
  public CompletableFuture<String> basicConsume(ConsumeSpec spec, Consumer consumer) {
    return consumers.subscribe(spec, consumer, true);
  }

  @Override
  public Flow.Publisher<Delivery> consumeStream(ConsumeSpec spec) {
    return new DemandPublisher(this, spec);
  }

  @Override
  public CompletableFuture<Void> basicCancel(String consumerTag) {
    return consumers.cancel(consumerTag);
  }

  @Override
  public java.util.Set<String> consumerTags() {
    return consumers.tags();
  }

  @Override
  public void addCancelListener(dev.warren.client.CancelListener listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    consumers.addCancelListener(listener);
  }

  @Override
  public CompletableFuture<Optional<GetResponse>> basicGet(String queue, AckMode ackMode) {
    return calls.rpcWithContent(
        new BasicGet(0, queue, ackMode == AckMode.AUTO),
        (reply, props, body) -> {
          if (reply instanceof BasicGetOk ok) {
            Delivery d =
                new Delivery(
                    "",
                    acks.userTag(ok.deliveryTag()),
                    ok.redelivered(),
                    ok.exchange(),
                    ok.routingKey(),
                    props,
                    body);
            return Optional.of(new GetResponse(d, ok.messageCount()));
          }
          return Optional.empty();
        });
  }

  @Override
  public CompletableFuture<Void> basicPublish(
      String exchange, String routingKey, BasicProperties properties, byte[] body) {
    return publishing.publish(exchange, routingKey, properties, body, PublishOptions.DEFAULT);
  }

  @Override
  public CompletableFuture<Void> basicPublish(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options) {
    return publishing.publish(exchange, routingKey, properties, body, options);
  }

  @Override
  public CompletableFuture<Void> publishConfirmed(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options) {
    return publishing.publishConfirmed(exchange, routingKey, properties, body, options);
  }

  @Override
  public CompletableFuture<Void> basicAck(long deliveryTag) {
    return acks.acknowledgeAsync(deliveryTag, ChannelAcks.AckKind.ACK, false, Requeue.DISCARD);
  }

  @Override
  public CompletableFuture<Void> basicAckUpTo(long deliveryTag) {
    return acks.acknowledgeAsync(deliveryTag, ChannelAcks.AckKind.ACK, true, Requeue.DISCARD);
  }

  @Override
  public CompletableFuture<Void> basicAckAll() {
    return acks.acknowledgeAsync(0, ChannelAcks.AckKind.ACK, true, Requeue.DISCARD);
  }

  @Override
  public CompletableFuture<Void> basicNackAll(Requeue requeue) {
    java.util.Objects.requireNonNull(requeue, "requeue");
    return acks.acknowledgeAsync(0, ChannelAcks.AckKind.NACK, true, requeue);
  }

  @Override
  public CompletableFuture<Void> basicNack(long deliveryTag, Requeue requeue) {
    return acks.acknowledgeAsync(deliveryTag, ChannelAcks.AckKind.NACK, false, requeue);
  }

  @Override
  public CompletableFuture<Void> basicNackUpTo(long deliveryTag, Requeue requeue) {
    return acks.acknowledgeAsync(deliveryTag, ChannelAcks.AckKind.NACK, true, requeue);
  }

  @Override
  public CompletableFuture<Void> basicReject(long deliveryTag, Requeue requeue) {
    return acks.acknowledgeAsync(deliveryTag, ChannelAcks.AckKind.REJECT, false, requeue);
  }

  @Override
  public CompletableFuture<Void> basicRecover(Requeue requeue) {
    return calls.rpc(new BasicRecover(requeue == Requeue.REQUEUE), r -> null);
  }

  @Override
  public CompletableFuture<Void> basicRecoverAsync(Requeue requeue) {
    return calls.send(new BasicRecoverAsync(requeue == Requeue.REQUEUE));
  }

  @Override
  public CompletableFuture<Void> txSelect() {
    return calls.rpc(
        TxSelect.INSTANCE,
        r -> {
          txMode = true;
          return null;
        });
  }

  @Override
  public CompletableFuture<Void> txCommit() {
    return calls.rpc(TxCommit.INSTANCE, r -> null);
  }

  @Override
  public CompletableFuture<Void> txRollback() {
    return calls.rpc(TxRollback.INSTANCE, r -> null);
  }

  @Override
  public CompletableFuture<Void> confirmSelect() {
    return confirmSelect(ConfirmOptions.unbounded());
  }

  @Override
  public CompletableFuture<Void> confirmSelect(ConfirmOptions options) {
    java.util.Objects.requireNonNull(options, "options");
    return calls.rpc(
        new ConfirmSelect(false),
        r -> {
          publishing.confirmSelected(options.maxUnconfirmed());
          return null;
        });
  }

  @Override
  public CompletableFuture<Void> confirmSelectNoWait(ConfirmOptions options) {
    java.util.Objects.requireNonNull(options, "options");
    // Confirm mode is on for the publishes sent after this one, reply or not: record it in the
    // same I/O task as the write, so a publish submitted right after already counts.
    return calls.send(
        new ConfirmSelect(true), () -> publishing.confirmSelected(options.maxUnconfirmed()));
  }

  @Override
  public CompletableFuture<Void> waitForConfirms() {
    return publishing.waitForConfirms();
  }

  @Override
  public CompletableFuture<Void> waitForConfirms(Duration timeout) {
    CallbackFuture<Void> result = newFuture();
    publishing
        .waitForConfirms()
        .orTimeout(Math.max(1, timeout.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS)
        .whenComplete(
            (v, e) -> {
              if (e instanceof java.util.concurrent.TimeoutException) {
                result.completeExceptionally(
                    new dev.warren.errors.RpcTimeoutException(
                        "basic.ack of every outstanding publish", timeout));
              } else if (e != null) {
                result.completeExceptionally(e);
              } else {
                result.complete(null);
              }
            });
    return result;
  }

  @Override
  public long nextPublishSeqNo() {
    return publishing.nextPublishSeqNo();
  }

  @Override
  public void addConfirmListener(ConfirmListener listener) {
    addConfirmListener(listener, CallbackThread.DISPATCHER);
  }

  @Override
  public void addConfirmListener(ConfirmListener listener, CallbackThread thread) {
    java.util.Objects.requireNonNull(listener, "listener");
    java.util.Objects.requireNonNull(thread, "thread");
    (thread == CallbackThread.IO_THREAD
            ? publishing.ioThreadConfirmListeners
            : publishing.confirmListeners)
        .add(listener);
  }

  @Override
  public void addReturnListener(ReturnListener listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    publishing.returnListeners.add(listener);
  }

  @Override
  public void addCloseListener(java.util.function.Consumer<ChannelClosedException> listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    closing.addCloseListener(listener);
  }

  // ---- life cycle (I/O thread); see ChannelRecovery for reopening ----

  /**
   * The channel went away under the application and will be brought back (a connection loss, or the
   * broker closed it for a consumer acknowledgement timeout): keep consumers, fail or keep
   * in-flight publishes, make later acknowledgements of earlier deliveries harmless. {@code
   * reason}: the connection's loss, or the broker's channel close. A channel already recovering
   * (the session recovery was restoring it on was lost too) stays so.
   */
  void suspend(AmqpException reason) {
    if (status == ChannelStatus.CLOSED) {
      return;
    }
    if (status != ChannelStatus.RECOVERING) {
      recoveryGate.shut();
      status = ChannelStatus.RECOVERING;
    }
    publishing.suspend(reason);
    acks.suspend();
  }

  /** Recovery of this channel is complete (I/O thread). */
  public void resumed() {
    if (status != ChannelStatus.RECOVERING) {
      return;
    }
    if (conn.engine().channelState(number) != dev.warren.engine.ChannelState.OPEN) {
      // Closed by the broker after its last recovery step: it cannot be used.
      ChannelClosedException cause = recovery.takeClosedWhileRecovering();
      closing.finalClose(
          cause != null
              ? cause
              : new ChannelClosedException(
                  number, 0, "not reopened", 0, 0, dev.warren.errors.Initiator.LIBRARY));
      return;
    }
    status = ChannelStatus.OPEN;
    publishing.resume(); // the republished messages go first, in their order
    recoveryGate.open(); // then what waited, in arrival order, then blocked callers
  }

  @Override
  public String toString() {
    return "AsyncChannel[" + number + ", " + status + "]";
  }
}
