package dev.warren.client.internal;

import dev.warren.client.AsyncChannel;
import dev.warren.client.AsyncConnection;
import dev.warren.client.BlockedListener;
import dev.warren.client.Cancellable;
import dev.warren.client.Connection;
import dev.warren.client.ConnectionParameters;
import dev.warren.engine.ConnectionEngine;
import dev.warren.engine.EngineConfig;
import dev.warren.engine.EngineListener;
import dev.warren.engine.RpcCallback;
import dev.warren.engine.Tuning;
import dev.warren.errors.AmqpException;
import dev.warren.errors.ConnectFailedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.ConnectionLostException;
import dev.warren.errors.Initiator;
import dev.warren.errors.ReplyCode;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.Method;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection: the engine, driven on one Netty event loop. Every engine call happens on that
 * loop; application threads hand work to it with {@link #submit}. Output of many operations is
 * gathered and flushed once per batch.
 */
public final class ConnectionCore implements EngineListener, AsyncConnection {
  private static final Logger log = LoggerFactory.getLogger(ConnectionCore.class);

  final ConnectionParameters params;
  final String endpoint;
  final Executor callbacks;
  final SerialExecutor dispatcher;
  final EventLoop loop;
  final ConnectionEngine engine;
  final PublishGate gate;
  private final NettyOutput output;
  private final BlockingConnection blockingView;
  private final IntObjectHashMap<ChannelCore> channels = new IntObjectHashMap<>();
  private final CopyOnWriteArrayList<Consumer<ConnectionClosedException>> closeListeners =
      new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<BlockedListener> blockedListeners =
      new CopyOnWriteArrayList<>();
  final CallbackFuture<ConnectionCore> openFuture;
  private final CallbackFuture<ConnectionClosedException> closeFuture;

  private volatile Connection.State state = Connection.State.OPEN;
  private volatile boolean blocked;
  private volatile Tuning tuning;
  private volatile Map<String, Object> serverProperties = Map.of();
  private volatile ConnectStage stage = ConnectStage.TCP;

  private io.netty.channel.Channel nettyChannel;
  private boolean flushScheduled;
  private ScheduledFuture<?> tickFuture;
  private final Runnable flushTask = this::flushNow;
  private final Runnable tickTask = this::tick;

  ConnectionCore(
      ConnectionParameters params, String endpoint, EngineConfig config, EventLoop loop) {
    this.params = params;
    this.endpoint = endpoint;
    this.loop = loop;
    this.callbacks = SharedResources.callbackExecutor();
    this.dispatcher = new SerialExecutor(callbacks);
    this.output = new NettyOutput(io.netty.buffer.PooledByteBufAllocator.DEFAULT);
    this.engine = new ConnectionEngine(config, this, output);
    this.gate = new PublishGate(this);
    this.openFuture = new CallbackFuture<>(callbacks);
    this.closeFuture = new CallbackFuture<>(callbacks);
    this.blockingView = new BlockingConnection(this);
  }

  // ---- running work on the event loop ----

  /** Runs {@code task} on the event loop (now, when already there) and schedules a flush. */
  void submit(Runnable task) {
    if (loop.inEventLoop()) {
      task.run();
      afterWork();
    } else {
      loop.execute(
          () -> {
            try {
              task.run();
            } finally {
              afterWork();
            }
          });
    }
  }

  /**
   * Runs {@code task} on the event loop; a thrown {@link AmqpException} (a closed channel, say)
   * fails {@code future} instead of escaping.
   */
  void submit(CompletableFuture<?> future, Runnable task) {
    submit(
        () -> {
          try {
            task.run();
          } catch (AmqpException | IllegalArgumentException | IllegalStateException e) {
            future.completeExceptionally(e);
          }
        });
  }

  void afterWork() {
    output.writeIfLarge();
    if (!flushScheduled && (output.hasPending() || engine.isTransportDone())) {
      flushScheduled = true;
      // Queued behind the work already waiting, so a burst of publishes shares one flush.
      loop.execute(flushTask);
    }
  }

  private void flushNow() {
    flushScheduled = false;
    output.flush();
    if (engine.isTransportDone() && nettyChannel != null && nettyChannel.isOpen()) {
      nettyChannel.close();
    }
  }

  // ---- transport events (event loop) ----

  void transportActive(ChannelHandlerContext ctx) {
    this.nettyChannel = ctx.channel();
    output.attach(ctx);
    stage = ConnectStage.TLS;
  }

  void tlsReady() {
    stage = ConnectStage.AMQP;
  }

  void startHandshake() {
    stage = ConnectStage.AMQP;
    engine.start(System.nanoTime());
    flushNow();
  }

  void ingest(ByteBuffer in) {
    engine.ingest(in, System.nanoTime());
  }

  void writabilityChanged(boolean writable) {
    gate.writabilityChanged(writable);
  }

  void transportClosed(Throwable cause) {
    engine.transportClosed(cause);
    output.release();
  }

  void transportFailed(Throwable cause, ConnectStage failedStage) {
    if (failedStage != null) {
      stage = failedStage;
    }
    if (!openFuture.isDone()) {
      openFuture.completeExceptionally(connectFailure(cause));
    } else {
      log.debug("transport of {} failed", endpoint, cause);
    }
    engine.transportClosed(cause);
  }

  /** A connect attempt's failure, naming the endpoint and the stage. */
  ConnectFailedException connectFailure(Throwable cause) {
    String reason =
        stage == ConnectStage.TLS ? TlsErrors.describe(cause) : String.valueOf(cause.getMessage());
    return new ConnectFailedException(
        "could not connect to " + endpoint + ": " + stage.description + " failed: " + reason,
        cause,
        List.of());
  }

  ConnectStage stage() {
    return stage;
  }

  // ---- engine events (event loop) ----

  @Override
  public void onOpen(Tuning negotiated, Map<String, Object> properties) {
    this.tuning = negotiated;
    this.serverProperties = properties;
    this.state = Connection.State.OPEN;
    scheduleTick(engine.tick(System.nanoTime()));
    openFuture.complete(this);
  }

  @Override
  public void onClosed(ConnectionClosedException cause) {
    state = Connection.State.CLOSED;
    if (tickFuture != null) {
      tickFuture.cancel(false);
    }
    channels.clear();
    if (!openFuture.isDone()) {
      openFuture.completeExceptionally(
          cause.initiator() == Initiator.BROKER
                  || cause instanceof dev.warren.errors.AuthenticationException
              ? cause
              : connectFailure(cause));
    }
    gate.closed(cause);
    if (cause.initiator() == Initiator.CLIENT) {
      log.debug("connection to {} closed by the application", endpoint);
    } else {
      log.info("connection to {} closed: {}", endpoint, cause.getMessage());
    }
    dispatcher.execute(
        () -> {
          for (Consumer<ConnectionClosedException> l : closeListeners) {
            l.accept(cause);
          }
        });
    closeFuture.complete(cause);
    afterWork();
  }

  @Override
  public void onBlocked(String reason) {
    blocked = true;
    gate.blockedChanged(true);
    scheduleTick(engine.tick(System.nanoTime()));
    dispatcher.execute(
        () -> {
          for (BlockedListener l : blockedListeners) {
            l.blocked(reason);
          }
        });
  }

  @Override
  public void onUnblocked() {
    blocked = false;
    gate.blockedChanged(false);
    dispatcher.execute(
        () -> {
          for (BlockedListener l : blockedListeners) {
            l.unblocked();
          }
        });
  }

  private void tick() {
    long next = engine.tick(System.nanoTime());
    afterWork();
    scheduleTick(next);
  }

  private void scheduleTick(long deadline) {
    if (tickFuture != null) {
      tickFuture.cancel(false);
      tickFuture = null;
    }
    if (deadline != Long.MAX_VALUE) {
      long delay = Math.max(0, deadline - System.nanoTime());
      tickFuture = loop.schedule(tickTask, delay, TimeUnit.NANOSECONDS);
    }
  }

  void channelClosed(ChannelCore ch) {
    if (loop.inEventLoop()) {
      if (channels.get(ch.number()) == ch) {
        channels.remove(ch.number());
      }
    } else {
      submit(() -> channelClosed(ch));
    }
  }

  // ---- AsyncConnection ----

  @Override
  public Connection blocking() {
    return blockingView;
  }

  @Override
  public CompletableFuture<AsyncChannel> openChannel() {
    return openChannelCore(0).thenApply(ch -> (AsyncChannel) ch);
  }

  @Override
  public CompletableFuture<AsyncChannel> openChannel(int number) {
    if (number < 1 || number > 65535) {
      return CallbackFuture.failed(
          callbacks,
          new IllegalArgumentException("channel number must be 1..65535, was " + number));
    }
    return openChannelCore(number).thenApply(ch -> (AsyncChannel) ch);
  }

  CallbackFuture<ChannelCore> openChannelCore(int requested) {
    CallbackFuture<ChannelCore> future = new CallbackFuture<>(callbacks);
    submit(
        future,
        () -> {
          int number = requested;
          if (number == 0) {
            number = engine.allocateChannelNumber();
          } else if (!engine.isChannelNumberFree(number)) {
            throw new IllegalArgumentException(
                "channel number "
                    + number
                    + " is in use or above the negotiated channel_max of "
                    + (tuning == null ? "?" : tuning.channelMax()));
          }
          ChannelCore ch = new ChannelCore(this, number);
          channels.put(number, ch);
          engine.openChannel(
              number,
              ch,
              new RpcCallback() {
                @Override
                public void onReply(Method reply, BasicProperties p, byte[] b) {
                  future.complete(ch);
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
  public CompletableFuture<Void> updateSecret(String newSecret, String reason) {
    CallbackFuture<Void> future = new CallbackFuture<>(callbacks);
    byte[] secret = newSecret.getBytes(StandardCharsets.UTF_8);
    submit(future, () -> engine.updateSecret(secret, reason, Rpcs.complete(future, reply -> null)));
    return future;
  }

  @Override
  public CompletableFuture<Void> close() {
    return close(ReplyCode.REPLY_SUCCESS, "OK", params.rpcTimeout());
  }

  @Override
  public CompletableFuture<Void> close(int replyCode, String replyText, Duration timeout) {
    if (state == Connection.State.OPEN) {
      state = Connection.State.CLOSING;
    }
    CallbackFuture<Void> future = new CallbackFuture<>(callbacks);
    closeFuture.whenComplete((cause, e) -> future.complete(null));
    submit(
        () -> {
          engine.close(replyCode, replyText, RpcCallback.IGNORE);
          if (!closeFuture.isDone()) {
            loop.schedule(
                () -> {
                  if (!closeFuture.isDone()) {
                    log.warn(
                        "{}: no connection.close-ok within {} ms; closing the socket",
                        endpoint,
                        timeout.toMillis());
                    engine.transportClosed(new TimeoutException("no connection.close-ok"));
                    afterWork();
                  }
                },
                timeout.toNanos(),
                TimeUnit.NANOSECONDS);
          }
        });
    return future;
  }

  @Override
  public CompletableFuture<ConnectionClosedException> closeFuture() {
    return closeFuture;
  }

  // ---- state for the views ----

  Connection.State state() {
    return state;
  }

  boolean isBlocked() {
    return blocked;
  }

  Tuning tuning() {
    return tuning;
  }

  Map<String, Object> serverProperties() {
    return serverProperties;
  }

  void addCloseListener(Consumer<ConnectionClosedException> listener) {
    closeListeners.add(listener);
    ConnectionClosedException cause = closeFuture.getNow(null);
    if (cause != null && closeListeners.remove(listener)) {
      dispatcher.execute(() -> listener.accept(cause));
    }
  }

  void addBlockedListener(BlockedListener listener) {
    blockedListeners.add(listener);
  }

  Cancellable callLater(Duration delay, Runnable task) {
    ScheduledFuture<?> f =
        loop.schedule(() -> callbacks.execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  /** Fails with a wrong-state exception unless the connection is open. */
  void requireOpen() {
    if (state != Connection.State.OPEN) {
      ConnectionClosedException cause = closeFuture.getNow(null);
      throw new WrongStateException(
          "connection to " + endpoint + " is " + state.name().toLowerCase(java.util.Locale.ROOT),
          cause);
    }
  }

  ConnectionClosedException lostException(String message, Throwable cause) {
    return new ConnectionLostException(message, cause);
  }
}
