package dev.warren.client.internal;

import dev.warren.client.AckMode;
import dev.warren.client.AsyncChannel;
import dev.warren.client.Binding;
import dev.warren.client.Channel;
import dev.warren.client.ConfirmListener;
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
import dev.warren.client.ReturnedMessage;
import dev.warren.engine.ChannelListener;
import dev.warren.engine.RpcCallback;
import dev.warren.errors.AmqpException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.Method;
import dev.warren.protocol.method.BasicAck;
import dev.warren.protocol.method.BasicCancel;
import dev.warren.protocol.method.BasicConsume;
import dev.warren.protocol.method.BasicConsumeOk;
import dev.warren.protocol.method.BasicDeliver;
import dev.warren.protocol.method.BasicGet;
import dev.warren.protocol.method.BasicGetOk;
import dev.warren.protocol.method.BasicNack;
import dev.warren.protocol.method.BasicQos;
import dev.warren.protocol.method.BasicRecover;
import dev.warren.protocol.method.BasicRecoverAsync;
import dev.warren.protocol.method.BasicReject;
import dev.warren.protocol.method.BasicReturn;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel: the asynchronous implementation that both views use, and the engine's listener for
 * it. Operations go to the I/O thread; deliveries, returns, confirms and close notices go to the
 * channel's serial dispatcher, in order.
 */
final class ChannelCore implements AsyncChannel, ChannelListener {
  private static final Logger log = LoggerFactory.getLogger(ChannelCore.class);

  final ConnectionCore conn;
  private final int number;
  final SerialExecutor dispatcher;
  private final BlockingChannel blockingView;
  final ConcurrentHashMap<String, Consumer> consumers = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<ConfirmListener> confirmListeners =
      new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<ReturnListener> returnListeners = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<java.util.function.Consumer<ChannelClosedException>>
      closeListeners = new CopyOnWriteArrayList<>();
  private final ConfirmTracker confirms = new ConfirmTracker(); // I/O thread only
  private final CallbackFuture<ChannelClosedException> closed;
  private volatile boolean open = true;
  private volatile long nextPublishSeqNo;
  private boolean expirySweepScheduled; // I/O thread only
  final ConsumingLoop consumingLoop = new ConsumingLoop(this);

  ChannelCore(ConnectionCore conn, int number) {
    this.conn = conn;
    this.number = number;
    this.dispatcher = new SerialExecutor(conn.callbacks);
    this.closed = new CallbackFuture<>(conn.callbacks);
    this.blockingView = new BlockingChannel(this);
  }

  @Override
  public int number() {
    return number;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public Channel blocking() {
    return blockingView;
  }

  Duration rpcTimeout() {
    return conn.params.rpcTimeout();
  }

  /** Throws a wrong-state exception when the channel is closed. */
  void requireOpen() {
    if (!open) {
      ChannelClosedException cause = closed.getNow(null);
      throw new WrongStateException(
          "channel "
              + number
              + " is closed"
              + (cause == null ? "" : " (" + cause.getMessage() + ")")
              + "; open a new channel",
          cause);
    }
  }

  private <T> CallbackFuture<T> newFuture() {
    return new CallbackFuture<>(conn.callbacks);
  }

  /** Sends a synchronous method; the future gets {@code mapper} of the reply. */
  <T> CompletableFuture<T> rpc(Method request, Function<Method, T> mapper) {
    CallbackFuture<T> future = newFuture();
    if (!open) {
      failClosed(future);
      return future;
    }
    conn.submit(future, () -> conn.engine.rpc(number, request, Rpcs.complete(future, mapper)));
    return future;
  }

  /** Sends a method with no reply; the future completes once it is written. */
  CompletableFuture<Void> send(Method method) {
    CallbackFuture<Void> future = newFuture();
    if (!open) {
      failClosed(future);
      return future;
    }
    conn.submit(
        future,
        () -> {
          conn.engine.send(number, method);
          future.complete(null);
        });
    return future;
  }

  /** Sends a method with no reply, without a future (acks from a consumer's hot path). */
  void sendQuietly(Method method) {
    requireOpen();
    conn.submit(
        () -> {
          try {
            conn.engine.send(number, method);
          } catch (AmqpException e) {
            log.debug("channel {}: {} not sent: {}", number, method.protocolName(), e.getMessage());
          }
        });
  }

  private void failClosed(CompletableFuture<?> future) {
    try {
      requireOpen();
    } catch (WrongStateException e) {
      future.completeExceptionally(e);
    }
  }

  private CompletableFuture<Void> rpcOrSend(Method m, boolean noWait) {
    return noWait ? send(m) : rpc(m, r -> null);
  }

  // ---- AsyncChannel ----

  @Override
  public CompletableFuture<Void> close() {
    return close(200, "OK");
  }

  @Override
  public CompletableFuture<Void> close(int replyCode, String replyText) {
    CallbackFuture<Void> future = newFuture();
    if (!open) {
      future.complete(null);
      return future;
    }
    conn.submit(
        () ->
            conn.engine.closeChannel(
                number,
                replyCode,
                replyText,
                new RpcCallback() {
                  @Override
                  public void onReply(Method reply, BasicProperties p, byte[] b) {
                    future.complete(null);
                  }

                  @Override
                  public void onFailure(AmqpException failure) {
                    future.complete(null);
                  }
                }));
    return future;
  }

  @Override
  public CompletableFuture<FlowState> flow(FlowState state) {
    return rpc(
        new ChannelFlow(state == FlowState.ACTIVE),
        r -> ((ChannelFlowOk) r).active() ? FlowState.ACTIVE : FlowState.PAUSED);
  }

  @Override
  public CompletableFuture<Void> exchangeDeclare(ExchangeSpec x) {
    return rpcOrSend(
        new ExchangeDeclare(
            0,
            x.name(),
            x.type(),
            x.isPassive(),
            x.isDurable(),
            x.isAutoDelete(),
            x.isInternal(),
            x.isNoWait(),
            x.arguments()),
        x.isNoWait());
  }

  @Override
  public CompletableFuture<Void> exchangeDelete(ExchangeDeletion d) {
    return rpcOrSend(new ExchangeDelete(0, d.exchange(), d.isIfUnused(), d.isNoWait()), d.isNoWait());
  }

  @Override
  public CompletableFuture<Void> exchangeBind(Binding b) {
    return rpcOrSend(
        new ExchangeBind(0, b.destination(), b.source(), b.routingKey(), b.isNoWait(), b.arguments()),
        b.isNoWait());
  }

  @Override
  public CompletableFuture<Void> exchangeUnbind(Binding b) {
    return rpcOrSend(
        new ExchangeUnbind(
            0, b.destination(), b.source(), b.routingKey(), b.isNoWait(), b.arguments()),
        b.isNoWait());
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
      return send(m).thenApply(v -> new QueueDeclareOk(q.name(), 0, 0));
    }
    return rpc(
        m,
        r -> {
          var ok = (dev.warren.protocol.method.QueueDeclareOk) r;
          return new QueueDeclareOk(ok.queue(), ok.messageCount(), ok.consumerCount());
        });
  }

  @Override
  public CompletableFuture<Void> queueBind(Binding b) {
    return rpcOrSend(
        new QueueBind(0, b.destination(), b.source(), b.routingKey(), b.isNoWait(), b.arguments()),
        b.isNoWait());
  }

  @Override
  public CompletableFuture<Void> queueUnbind(Binding b) {
    return rpc(
        new QueueUnbind(0, b.destination(), b.source(), b.routingKey(), b.arguments()), r -> null);
  }

  @Override
  public CompletableFuture<Long> queuePurge(String queue) {
    return rpc(new QueuePurge(0, queue, false), r -> ((QueuePurgeOk) r).messageCount());
  }

  @Override
  public CompletableFuture<Long> queueDelete(QueueDeletion d) {
    QueueDelete m = new QueueDelete(0, d.queue(), d.isIfUnused(), d.isIfEmpty(), d.isNoWait());
    if (d.isNoWait()) {
      return send(m).thenApply(v -> 0L);
    }
    return rpc(m, r -> ((QueueDeleteOk) r).messageCount());
  }

  @Override
  public CompletableFuture<Void> basicQos(Qos qos) {
    return rpc(new BasicQos(qos.prefetchSize(), qos.prefetchCount(), qos.isGlobal()), r -> null);
  }

  @Override
  public CompletableFuture<String> basicConsume(ConsumeSpec spec, Consumer consumer) {
    CallbackFuture<String> future = newFuture();
    if (!open) {
      failClosed(future);
      return future;
    }
    BasicConsume m =
        new BasicConsume(
            0,
            spec.queue(),
            spec.consumerTag(),
            spec.isNoLocal(),
            spec.isAutoAck(),
            spec.isExclusive(),
            spec.isNoWait(),
            spec.arguments());
    conn.submit(
        future,
        () -> {
          if (!spec.consumerTag().isEmpty() && consumers.containsKey(spec.consumerTag())) {
            throw new IllegalArgumentException(
                "consumer tag '" + spec.consumerTag() + "' is already in use on channel " + number);
          }
          if (spec.isNoWait()) {
            consumers.put(spec.consumerTag(), consumer);
            conn.engine.send(number, m);
            dispatcher.execute(() -> consumer.handleConsumeOk(spec.consumerTag()));
            future.complete(spec.consumerTag());
            return;
          }
          conn.engine.rpc(
              number,
              m,
              new RpcCallback() {
                @Override
                public void onReply(Method reply, BasicProperties p, byte[] b) {
                  // Registered here, on the I/O thread, before any delivery for it is processed.
                  String tag = ((BasicConsumeOk) reply).consumerTag();
                  consumers.put(tag, consumer);
                  dispatcher.execute(() -> consumer.handleConsumeOk(tag));
                  future.complete(tag);
                }

                @Override
                public void onFailure(AmqpException failure) {
                  future.completeExceptionally(failure);
                }
              });
        });
    return future;
  }

  @Override
  public Flow.Publisher<Delivery> consumeStream(ConsumeSpec spec) {
    return new DemandPublisher(this, spec);
  }

  @Override
  public CompletableFuture<Void> basicCancel(String consumerTag) {
    return rpc(
        new BasicCancel(consumerTag, false),
        r -> {
          Consumer c = consumers.remove(consumerTag);
          if (c != null) {
            dispatcher.execute(() -> c.handleCancelOk(consumerTag));
            consumingLoop.consumerGone();
          }
          return null;
        });
  }

  @Override
  public CompletableFuture<Optional<GetResponse>> basicGet(String queue, AckMode ackMode) {
    CallbackFuture<Optional<GetResponse>> future = newFuture();
    if (!open) {
      failClosed(future);
      return future;
    }
    BasicGet m = new BasicGet(0, queue, ackMode == AckMode.AUTO);
    conn.submit(
        future,
        () ->
            conn.engine.rpc(
                number,
                m,
                new RpcCallback() {
                  @Override
                  public void onReply(Method reply, BasicProperties p, byte[] body) {
                    if (reply instanceof BasicGetOk ok) {
                      Delivery d =
                          new Delivery(
                              "",
                              ok.deliveryTag(),
                              ok.redelivered(),
                              ok.exchange(),
                              ok.routingKey(),
                              p,
                              body);
                      future.complete(Optional.of(new GetResponse(d, ok.messageCount())));
                    } else {
                      future.complete(Optional.empty());
                    }
                  }

                  @Override
                  public void onFailure(AmqpException failure) {
                    future.completeExceptionally(failure);
                  }
                }));
    return future;
  }

  @Override
  public CompletableFuture<Void> basicPublish(
      String exchange, String routingKey, BasicProperties properties, byte[] body) {
    return basicPublish(exchange, routingKey, properties, body, PublishOptions.DEFAULT);
  }

  @Override
  public CompletableFuture<Void> basicPublish(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options) {
    CallbackFuture<Void> written = newFuture();
    if (!open) {
      failClosed(written);
      return written;
    }
    conn.gate.add(body.length);
    submitPublish(exchange, routingKey, properties, body, options.isMandatory(), written, null, null);
    return written;
  }

  /** The blocking view's publish: waits at the gate, no future. */
  void publishBlocking(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options) {
    requireOpen();
    Duration timeout = options.timeout() == null ? rpcTimeout() : options.timeout();
    conn.gate.acquire(body.length, timeout);
    submitPublish(exchange, routingKey, properties, body, options.isMandatory(), null, null, null);
  }

  @Override
  public CompletableFuture<Void> publishConfirmed(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options) {
    CallbackFuture<Void> confirmed = newFuture();
    if (!open) {
      failClosed(confirmed);
      return confirmed;
    }
    Duration timeout = options.timeout() == null ? rpcTimeout() : options.timeout();
    conn.gate.add(body.length);
    submitPublish(
        exchange, routingKey, properties, body, options.isMandatory(), null, confirmed, timeout);
    return confirmed;
  }

  /** The blocking view's confirmed publish: waits at the gate, then for the confirm. */
  CompletableFuture<Void> publishConfirmedBlocking(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      PublishOptions options,
      Duration timeout) {
    requireOpen();
    conn.gate.acquire(body.length, timeout);
    CallbackFuture<Void> confirmed = newFuture();
    submitPublish(
        exchange, routingKey, properties, body, options.isMandatory(), null, confirmed, timeout);
    return confirmed;
  }

  private void submitPublish(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      boolean mandatory,
      CompletableFuture<Void> written,
      CompletableFuture<Void> confirmed,
      Duration confirmTimeout) {
    BasicProperties props = properties == null ? BasicProperties.EMPTY : properties;
    conn.submit(
        () -> {
          try {
            long seq =
                conn.engine.publish(
                    number, exchange, routingKey, mandatory, props, body, 0, body.length);
            if (seq > 0) {
              ConfirmTracker.Pending pending = null;
              if (confirmed != null) {
                pending =
                    new ConfirmTracker.Pending(
                        confirmed,
                        System.nanoTime() + confirmTimeout.toNanos(),
                        exchange,
                        routingKey,
                        props,
                        mandatory ? body : null);
                scheduleExpirySweep(confirmTimeout);
              }
              confirms.published(seq, pending);
              nextPublishSeqNo = seq + 1;
            } else if (confirmed != null) {
              confirmed.completeExceptionally(
                  new WrongStateException(
                      "channel "
                          + number
                          + " is not in confirm mode; call confirmSelect() before publishConfirmed",
                      null));
            }
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
              log.warn("channel {}: publish dropped: {}", number, e.getMessage());
            }
          } finally {
            conn.gate.release(body.length);
          }
        });
  }

  private void scheduleExpirySweep(Duration timeout) {
    if (expirySweepScheduled) {
      return;
    }
    expirySweepScheduled = true;
    long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), timeout.toNanos() / 10);
    conn.loop.schedule(
        () -> {
          expirySweepScheduled = false;
          if (confirms.expire(System.nanoTime(), timeout)) {
            scheduleExpirySweep(timeout);
          }
        },
        period,
        TimeUnit.NANOSECONDS);
  }

  @Override
  public CompletableFuture<Void> basicAck(long deliveryTag) {
    return send(new BasicAck(deliveryTag, false));
  }

  @Override
  public CompletableFuture<Void> basicAckUpTo(long deliveryTag) {
    return send(new BasicAck(deliveryTag, true));
  }

  @Override
  public CompletableFuture<Void> basicNack(long deliveryTag, Requeue requeue) {
    return send(new BasicNack(deliveryTag, false, requeue == Requeue.REQUEUE));
  }

  @Override
  public CompletableFuture<Void> basicNackUpTo(long deliveryTag, Requeue requeue) {
    return send(new BasicNack(deliveryTag, true, requeue == Requeue.REQUEUE));
  }

  @Override
  public CompletableFuture<Void> basicReject(long deliveryTag, Requeue requeue) {
    return send(new BasicReject(deliveryTag, requeue == Requeue.REQUEUE));
  }

  @Override
  public CompletableFuture<Void> basicRecover(Requeue requeue) {
    return rpc(new BasicRecover(requeue == Requeue.REQUEUE), r -> null);
  }

  @Override
  public CompletableFuture<Void> basicRecoverAsync(Requeue requeue) {
    return send(new BasicRecoverAsync(requeue == Requeue.REQUEUE));
  }

  @Override
  public CompletableFuture<Void> txSelect() {
    return rpc(TxSelect.INSTANCE, r -> null);
  }

  @Override
  public CompletableFuture<Void> txCommit() {
    return rpc(TxCommit.INSTANCE, r -> null);
  }

  @Override
  public CompletableFuture<Void> txRollback() {
    return rpc(TxRollback.INSTANCE, r -> null);
  }

  @Override
  public CompletableFuture<Void> confirmSelect() {
    CompletableFuture<Void> f = rpc(new ConfirmSelect(false), r -> null);
    conn.submit(
        () -> {
          if (nextPublishSeqNo == 0) {
            nextPublishSeqNo = 1;
          }
        });
    return f;
  }

  @Override
  public CompletableFuture<Void> waitForConfirms() {
    CallbackFuture<Void> future = newFuture();
    if (!open) {
      failClosed(future);
      return future;
    }
    conn.submit(future, () -> confirms.waitForAll(future));
    return future;
  }

  @Override
  public long nextPublishSeqNo() {
    return nextPublishSeqNo;
  }

  @Override
  public void addConfirmListener(ConfirmListener listener) {
    confirmListeners.add(listener);
  }

  @Override
  public void addReturnListener(ReturnListener listener) {
    returnListeners.add(listener);
  }

  @Override
  public void addCloseListener(java.util.function.Consumer<ChannelClosedException> listener) {
    closeListeners.add(listener);
    ChannelClosedException cause = closed.getNow(null);
    if (cause != null && closeListeners.remove(listener)) {
      dispatcher.execute(() -> listener.accept(cause));
    }
  }

  CompletableFuture<ChannelClosedException> closedFuture() {
    return closed;
  }

  // ---- engine events (I/O thread) ----

  @Override
  public void onDelivery(BasicDeliver deliver, BasicProperties properties, byte[] body) {
    String tag = deliver.consumerTag();
    Consumer consumer = consumers.get(tag);
    if (consumer == null) {
      log.warn(
          "channel {}: delivery {} for unknown consumer '{}' left unacknowledged",
          number,
          deliver.deliveryTag(),
          tag);
      return;
    }
    Delivery d =
        new Delivery(
            tag,
            deliver.deliveryTag(),
            deliver.redelivered(),
            deliver.exchange(),
            deliver.routingKey(),
            properties,
            body);
    dispatcher.execute(
        () -> {
          try {
            consumer.handleDelivery(d);
          } catch (Exception e) {
            log.error(
                "channel {}: consumer '{}' threw on delivery {}; continuing",
                number,
                tag,
                d.deliveryTag(),
                e);
          }
        });
  }

  @Override
  public void onReturn(BasicReturn r, BasicProperties properties, byte[] body) {
    ReturnedMessage message =
        new ReturnedMessage(
            r.replyCode(), r.replyText(), r.exchange(), r.routingKey(), properties, body);
    confirms.returned(message);
    if (returnListeners.isEmpty()) {
      return;
    }
    dispatcher.execute(
        () -> {
          for (ReturnListener l : returnListeners) {
            l.handleReturn(message);
          }
        });
  }

  @Override
  public void onAck(long deliveryTag, boolean multiple) {
    confirms.ack(deliveryTag, multiple);
    if (!confirmListeners.isEmpty()) {
      dispatcher.execute(
          () -> {
            for (ConfirmListener l : confirmListeners) {
              l.handleAck(deliveryTag, multiple);
            }
          });
    }
  }

  @Override
  public void onNack(long deliveryTag, boolean multiple) {
    confirms.nack(deliveryTag, multiple);
    if (!confirmListeners.isEmpty()) {
      dispatcher.execute(
          () -> {
            for (ConfirmListener l : confirmListeners) {
              l.handleNack(deliveryTag, multiple);
            }
          });
    }
  }

  @Override
  public void onCancelledByBroker(String consumerTag) {
    Consumer c = consumers.remove(consumerTag);
    if (c != null) {
      dispatcher.execute(() -> c.handleCancel(consumerTag));
      consumingLoop.consumerGone();
    }
  }

  @Override
  public void onFlow(boolean active) {
    log.info("channel {}: broker set flow {}", number, active ? "active" : "paused");
  }

  @Override
  public void onClosed(ChannelClosedException cause) {
    open = false;
    confirms.failAll(cause);
    Map<String, Consumer> gone = Map.copyOf(consumers);
    consumers.clear();
    conn.channelClosed(this);
    if (cause.initiator() != dev.warren.errors.Initiator.CLIENT) {
      log.debug("channel {} closed: {}", number, cause.getMessage());
    }
    dispatcher.execute(
        () -> {
          gone.forEach((tag, c) -> c.handleShutdown(tag, cause));
          for (var l : closeListeners) {
            l.accept(cause);
          }
        });
    closed.complete(cause);
    consumingLoop.consumerGone();
  }
}
