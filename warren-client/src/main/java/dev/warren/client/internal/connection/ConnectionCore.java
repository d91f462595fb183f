/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.connection;

import dev.warren.client.AsyncChannel;
import dev.warren.client.AsyncConnection;
import dev.warren.client.BlockedListener;
import dev.warren.client.Cancellable;
import dev.warren.client.Connection;
import dev.warren.client.ConnectionHealth;
import dev.warren.client.ConnectionParameters;
import dev.warren.client.EndpointList;
import dev.warren.client.RecoveryListener;
import dev.warren.client.RecoveryPolicy;
import dev.warren.client.internal.channel.ChannelContext;
import dev.warren.client.internal.channel.ChannelCore;
import dev.warren.client.internal.channel.ChannelHost;
import dev.warren.client.internal.channel.TopologyRecorder;
import dev.warren.client.internal.observe.Observers;
import dev.warren.client.internal.recovery.Recovery;
import dev.warren.client.internal.recovery.TopologyRecord;
import dev.warren.client.internal.threads.Await;
import dev.warren.client.internal.threads.CallbackFuture;
import dev.warren.client.internal.threads.CallerWaits;
import dev.warren.client.internal.threads.ExitHook;
import dev.warren.client.internal.threads.Lease;
import dev.warren.client.internal.threads.Rpcs;
import dev.warren.client.internal.threads.SerialExecutor;
import dev.warren.engine.ConnectionEngine;
import dev.warren.engine.RpcCallback;
import dev.warren.engine.Tuning;
import dev.warren.errors.AmqpException;
import dev.warren.errors.AuthenticationException;
import dev.warren.errors.BlockedTimeoutException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.Initiator;
import dev.warren.errors.ReplyCode;
import dev.warren.errors.VirtualHostAccessException;
import dev.warren.errors.WrongStateException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection as the application sees it: its channels, listeners, recorded topology and state,
 * over a succession of {@link Session}s (one per transport connection; recovery makes a new one).
 * Engine calls happen on the connection's event loop only; application threads hand work to it with
 * {@link #submit}.
 */
public final class ConnectionCore implements AsyncConnection, ChannelHost {
  private static final Logger log = LoggerFactory.getLogger(ConnectionCore.class);

  public final EndpointList endpoints;
  public final ConnectionParameters params;
  public final RecoveryPolicy recoveryPolicy;
  public final Executor callbacks;
  private final CallerWaits callerWaits = new CallerWaits();
  public final SerialExecutor dispatcher;
  public final EventLoop loop;
  private final Lease lease;
  // Serialises tasks run on the caller's thread once the loop has ended (see submit).
  private final ReentrantLock afterLoop = new ReentrantLock();
  final TrafficStats traffic = new TrafficStats(); // event loop only
  public final PublishGate gate;
  public final TopologyRecord topology = new TopologyRecord();
  private final BlockingConnection blockingView;
  private final Recovery recovery;
  private final RecoveryWaits waits;
  private final ChannelTable channels = new ChannelTable(); // event loop only
  private final CopyOnWriteArrayList<Consumer<ConnectionClosedException>> closeListeners =
      new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<BlockedListener> blockedListeners =
      new CopyOnWriteArrayList<>();
  public final CopyOnWriteArrayList<RecoveryListener> recoveryListeners =
      new CopyOnWriteArrayList<>();
  final CallbackFuture<ConnectionCore> openFuture;
  private final CallbackFuture<ConnectionClosedException> closeFuture;

  private volatile Session session; // written on the event loop
  private volatile Connection.State state = Connection.State.OPEN;
  // Set before the state turns CLOSED (the close future may complete a moment later).
  private volatile ConnectionClosedException finalCause;
  private volatile boolean blocked;
  private volatile CompletableFuture<Void> recovered = CompletableFuture.completedFuture(null);

  /** The observers of this connection; {@code observers.on} is false when none is registered. */
  public final Observers observers;

  private final ConnectionHealthState health = new ConnectionHealthState();

  ConnectionCore(EndpointList endpoints, RecoveryPolicy recoveryPolicy, Lease lease) {
    this.endpoints = endpoints;
    this.params = endpoints.endpoints().get(0);
    this.recoveryPolicy = recoveryPolicy;
    this.lease = lease;
    this.loop = lease.loop();
    this.observers = Observers.of(params.observers());
    this.callbacks = lease.callbacks();
    this.dispatcher = new SerialExecutor(callbacks);
    this.gate = new PublishGate(this);
    this.openFuture = new CallbackFuture<>(callbacks);
    this.closeFuture = new CallbackFuture<>(callbacks);
    this.blockingView = new BlockingConnection(this);
    this.recovery = new Recovery(this);
    this.waits = new RecoveryWaits(loop, callbacks, this::operationWait);
  }

  // ---- running work on the event loop ----

  /** Runs {@code task} on the event loop (now, when already there) and schedules a flush. */
  public void submit(Runnable task) {
    if (loop.inEventLoop()) {
      try {
        task.run();
      } finally {
        afterWork();
      }
    } else {
      try {
        loop.execute(
            () -> {
              try {
                task.run();
              } finally {
                afterWork();
              }
            });
      } catch (RejectedExecutionException ended) {
        runAfterLoop(task);
      }
    }
  }

  /**
   * The connection is closed and its I/O threads have ended with its resources' last connection
   * (ThreadResources): nothing else runs the engine any more, so a late call (a second close, an
   * operation on the closed connection) runs on the caller's thread, one at a time, and fails as it
   * would have on the loop.
   */
  private void runAfterLoop(Runnable task) {
    afterLoop.lock();
    try {
      task.run();
    } finally {
      afterLoop.unlock();
    }
  }

  /** The connection is over (closed, or never opened): its hold on the threads ends. */
  void resourcesReleased() {
    ExitHook.forget(this);
    lease.release();
  }

  /**
   * JVM shutdown ({@link ExitHook}): closes as {@link #close()} does, queued behind every task
   * already handed to the loop, so accepted publishes are written first; the future completes when
   * the connection is closed.
   */
  CompletableFuture<?> closeAtExit(Duration timeout) {
    close(ReplyCode.REPLY_SUCCESS, "JVM shutdown", timeout);
    return closeFuture;
  }

  /**
   * Runs {@code task} on the event loop; a thrown {@link AmqpException} (a closed channel, say)
   * fails {@code future} instead of escaping.
   */
  public void submit(CompletableFuture<?> future, Runnable task) {
    submit(
        () -> {
          try {
            task.run();
          } catch (AmqpException | IllegalArgumentException | IllegalStateException e) {
            future.completeExceptionally(e);
          }
        });
  }

  private void afterWork() {
    Session s = session;
    if (s != null) {
      s.afterWork();
    }
  }

  /** The current session's engine; event loop only. */
  public ConnectionEngine engine() {
    Session s = session;
    if (s == null) {
      throw new WrongStateException("connection to " + params.endpoint() + " is not open", null);
    }
    return s.engine;
  }

  public boolean isCurrent(Session s) {
    return session == s;
  }

  /** Bytes the current session handed to its socket so far. */
  long bytesWritten() {
    Session s = session;
    return s == null ? 0 : s.bytesWritten();
  }

  /** The current session (event loop, or for a check that it is still the one). */
  public Session currentSession() {
    return session;
  }

  /**
   * Where the next frame starts in the current session's outbound stream (event loop): recorded
   * after an operation is written, to tell later whether it may have reached the broker.
   */
  public long outputPosition() {
    Session s = session;
    return s == null ? 0 : s.outputPosition();
  }

  /**
   * Whether an operation whose frames end at {@code endOffset} of the current session's stream may
   * have reached the broker (event loop; meaningful while the lost session is still current).
   */
  public boolean mayHaveSent(long endOffset) {
    Session s = session;
    return s == null || s.mayHaveSent(endOffset);
  }

  // ---- session events (event loop) ----

  void sessionOpened(Session s) {
    session = s;
    if (blocked) {
      health.unblocked();
    }
    blocked = false;
    gate.reset();
    if (state == Connection.State.OPEN && !health.opened()) {
      health.openedNow();
      if (observers.on) {
        observers.connectionOpened(s.address());
      }
    }
  }

  void sessionClosed(Session s, ConnectionClosedException cause) {
    if (s != session) {
      return; // an attempt that never became current
    }
    if (state == Connection.State.RECOVERING) {
      recovery.sessionLost(cause);
    } else if (willRecover(cause)) {
      state = Connection.State.RECOVERING;
      health.lost(cause);
      if (observers.on) {
        observers.connectionLost(s.address(), cause);
      }
      recovered = new CompletableFuture<>();
      recovery.start(cause);
    } else {
      finalClose(cause);
    }
  }

  /**
   * Whether a loss with this cause will be recovered: recovery is on, the application did not ask
   * for the close, and the cause is a loss rather than a refusal.
   */
  public boolean willRecover(ConnectionClosedException cause) {
    if (!recoveryPolicy.isEnabled()
        || (state != Connection.State.OPEN && state != Connection.State.RECOVERING)
        || !openFuture.isDone()
        || openFuture.isCompletedExceptionally()) {
      return false;
    }
    if (cause.initiator() == Initiator.CLIENT
        || cause instanceof AuthenticationException
        || cause instanceof VirtualHostAccessException
        || cause instanceof BlockedTimeoutException) {
      return false;
    }
    if (cause.initiator() == Initiator.BROKER) {
      // 320, 506 and 541: see AmqpReplyCode#isRecoverable.
      return cause.isRecoverable();
    }
    return true;
  }

  /** The connection is over: no recovery (any more). */
  public void finalClose(ConnectionClosedException cause) {
    if (state == Connection.State.CLOSED) {
      return;
    }
    finalCause = cause;
    state = Connection.State.CLOSED;
    health.closed();
    long wasBlocked = health.unblocked(); // a block ends with the connection
    if (observers.on && wasBlocked >= 0) {
      observers.unblocked(wasBlocked);
    }
    recovered.completeExceptionally(cause);
    for (ChannelCore ch : channels.removeAll()) {
      ch.finalClose(cause);
      channelGone(ch);
    }
    gate.closed(cause);
    if (cause.initiator() == Initiator.CLIENT) {
      log.debug("connection to {} closed by the application", params.endpoint());
    } else {
      log.info("connection to {} closed: {}", params.endpoint(), cause.getMessage());
    }
    dispatcher.execute(
        () -> {
          for (Consumer<ConnectionClosedException> l : closeListeners) {
            l.accept(cause);
          }
        });
    if (observers.on && health.opened()) {
      Session s = session;
      observers.connectionClosed(s == null ? params.endpoint() : s.address(), cause);
    }
    closeFuture.complete(cause);
    resourcesReleased();
  }

  void blockedChanged(Session s, boolean nowBlocked, String reason) {
    if (s != session) {
      return;
    }
    blocked = nowBlocked;
    gate.blockedChanged(nowBlocked);
    long blockedNanos = nowBlocked ? health.blocked() : health.unblocked();
    if (observers.on) {
      if (nowBlocked) {
        observers.blocked(reason);
      } else if (blockedNanos >= 0) {
        observers.unblocked(blockedNanos);
      }
    }
    dispatcher.execute(
        () -> {
          for (BlockedListener l : blockedListeners) {
            if (nowBlocked) {
              l.blocked(reason);
            } else {
              l.unblocked();
            }
          }
        });
  }

  /** Recovery could not bring back one entity; it goes on with the rest. */
  public void recoveryEntityFailed(Object entity, AmqpException failure) {
    log.warn("recovery of {} failed: {}", entity, failure.getMessage());
    dispatcher.execute(
        () -> {
          for (RecoveryListener l : recoveryListeners) {
            l.entityRecoveryFailed(entity, failure);
          }
        });
  }

  /** The recovery finished: the connection is usable again. */
  public void recoveryCompleted() {
    state = Connection.State.OPEN;
    long downtime = health.recovered();
    if (observers.on) {
      observers.connectionRecovered(session.address(), downtime);
    }
    recovered.complete(null);
  }

  /** A future completing when the connection is open again (at once when it is). */
  CompletableFuture<Void> whenRecovered() {
    return recovered;
  }

  /** How long operations wait for a recovery in progress. */
  public Duration operationWait() {
    return recoveryPolicy.operationWait().orElse(params.rpcTimeout());
  }

  /**
   * The application's open (or recovering) channel with this number, if any; asked on the event
   * loop, waiting at most the RPC timeout.
   */
  public java.util.Optional<ChannelCore> channelCore(int number) {
    java.util.function.Supplier<java.util.Optional<ChannelCore>> find =
        () -> {
          ChannelCore ch = channels.get(number);
          return ch == null || !ch.context().recoverable() || !ch.isOpen()
              ? java.util.Optional.empty()
              : java.util.Optional.of(ch);
        };
    if (loop.inEventLoop()) {
      return find.get();
    }
    CompletableFuture<java.util.Optional<ChannelCore>> answer = new CompletableFuture<>();
    submit(answer, () -> answer.complete(find.get()));
    return Await.result(answer, params.rpcTimeout(), "the channel table");
  }

  /** The channels, by number, for recovery (event loop). */
  public List<ChannelCore> channelsSnapshot() {
    return channels.snapshot();
  }

  @Override
  public void channelClosed(ChannelContext ch) {
    if (loop.inEventLoop()) {
      ChannelCore gone = channels.remove(ch);
      if (gone != null) {
        channelGone(gone);
      }
    } else {
      submit(() -> channelClosed(ch));
    }
  }

  /** A channel of the table closed for good (event loop). */
  private void channelGone(ChannelCore ch) {
    if (health.channels.remove(ch) && observers.on) {
      observers.channelClosed(ch.number());
    }
  }

  /** A channel opened (event loop). */
  void channelOpened(ChannelCore ch) {
    if (health.channels.add(ch) && observers.on) {
      observers.channelOpened(ch.number());
    }
  }

  /** Bytes arrived (event loop): the health snapshot's last frame received. */
  void received(long nowNanos) {
    health.received(nowNanos);
  }

  /**
   * The health snapshot: read from values the event loop publishes, without waiting for it.
   *
   * @return never null
   */
  public ConnectionHealth health() {
    Session s = session;
    Map<String, Object> props = s == null ? Map.of() : s.serverProperties;
    Object cluster = props.get("cluster_name");
    return health.snapshot(
        state,
        s == null ? params.endpoint() : s.address(),
        cluster == null ? null : cluster.toString());
  }

  @Override
  public Observers observers() {
    return observers;
  }

  @Override
  public String peerHost() {
    Session s = session;
    return s == null ? params.host() : s.params.host();
  }

  @Override
  public int peerPort() {
    Session s = session;
    return s == null ? params.port() : s.params.port();
  }

  // ---- ChannelHost: what channels use ----

  @Override
  public EventLoop loop() {
    return loop;
  }

  @Override
  public Executor callbacks() {
    return callbacks;
  }

  @Override
  public CallerWaits callerWaits() {
    return callerWaits;
  }

  @Override
  public RecoveryPolicy recoveryPolicy() {
    return recoveryPolicy;
  }

  @Override
  public Duration rpcTimeout() {
    return params.rpcTimeout();
  }

  @Override
  public TopologyRecorder topology() {
    return topology;
  }

  @Override
  public PublishGate gates() {
    return gate;
  }

  @Override
  public AsyncConnection asAsyncConnection() {
    return this;
  }

  @Override
  public CompletableFuture<ChannelCore> openLibraryChannel() {
    return openChannelCore(0)
        .thenApply(
            ch -> {
              ch.libraryOwned();
              return ch;
            });
  }

  // ---- AsyncConnection ----

  @Override
  public Connection blocking() {
    return blockingView;
  }

  @Override
  public CompletableFuture<AsyncChannel> openChannel() {
    return openApplicationChannel(0).thenApply(ch -> (AsyncChannel) ch);
  }

  /**
   * A channel for the application: with {@link ConnectionParameters#confirmEveryPublish()}, put in
   * confirm mode before it is handed out, and its plain publishes wait for their confirms.
   */
  public CompletableFuture<ChannelCore> openApplicationChannel(int requested) {
    dev.warren.client.ConfirmOptions confirm = params.confirmEveryPublish().orElse(null);
    if (confirm == null) {
      return openChannelCore(requested);
    }
    return openChannelCore(requested)
        .thenCompose(
            ch -> {
              ch.confirmEveryPublish();
              return ch.confirmSelect(confirm).thenApply(v -> ch);
            });
  }

  @Override
  public CompletableFuture<AsyncChannel> openChannel(int number) {
    if (number < 1 || number > 65535) {
      return CallbackFuture.failed(
          callbacks,
          new IllegalArgumentException("channel number must be 1..65535, was " + number));
    }
    return openApplicationChannel(number).thenApply(ch -> (AsyncChannel) ch);
  }

  public CompletableFuture<ChannelCore> openChannelCore(int requested) {
    return openChannelCore(requested, false);
  }

  /** Opens a channel; {@code duringRecovery} lets recovery open its own while recovering. */
  public CompletableFuture<ChannelCore> openChannelCore(int requested, boolean duringRecovery) {
    if (state == Connection.State.RECOVERING && !duringRecovery) {
      return afterRecovery(() -> openChannelCore(requested, false));
    }
    CallbackFuture<ChannelCore> future = new CallbackFuture<>(callbacks);
    submit(
        future,
        () -> {
          ConnectionEngine engine = engine();
          int number = requested;
          if (number == 0) {
            number = engine.allocateChannelNumber();
          } else if (!engine.isChannelNumberFree(number)) {
            throw new IllegalArgumentException(
                "channel number "
                    + number
                    + " is in use or above the negotiated channel_max of "
                    + engine.tuning().channelMax());
          }
          ChannelCore ch = new ChannelCore(this, number);
          channels.add(ch);
          engine.openChannel(
              number,
              ch.engineListener(),
              Rpcs.complete(
                  future,
                  reply -> {
                    channelOpened(ch);
                    return ch;
                  }));
        });
    return future;
  }

  /**
   * Runs {@code operation} once the recovery in progress finishes, or fails with a wrong-state
   * exception if it does not finish within the operation wait.
   */
  <T> CompletableFuture<T> afterRecovery(Supplier<CompletableFuture<T>> operation) {
    return after(recovered, "connection to " + params.endpoint(), operation);
  }

  /** See {@link RecoveryWaits#after}. */
  <T> CompletableFuture<T> after(
      CompletableFuture<Void> until, String what, Supplier<CompletableFuture<T>> operation) {
    return waits.after(until, what, operation);
  }

  /** Blocks until a recovery in progress finishes, at most the operation wait. */
  void awaitRecovery(Duration wait) {
    if (state != Connection.State.RECOVERING) {
      return;
    }
    await(recovered, "connection to " + params.endpoint(), wait);
  }

  /**
   * Blocks until {@code until} completes, at most {@code wait}; its failure is not rethrown (the
   * caller then finds the state it has to report).
   */
  @Override
  public void await(CompletableFuture<Void> until, String what, Duration wait) {
    waits.await(until, what, wait);
  }

  @Override
  public CompletableFuture<dev.warren.client.ConnectionStats> stats() {
    CallbackFuture<dev.warren.client.ConnectionStats> future = new CallbackFuture<>(callbacks);
    // Read on the event loop, where the counters are written: no atomics on the I/O path.
    try {
      loop.execute(() -> future.complete(traffic.snapshot()));
    } catch (RejectedExecutionException ended) {
      runAfterLoop(() -> future.complete(traffic.snapshot()));
    }
    return future;
  }

  @Override
  public CompletableFuture<Void> updateSecret(String newSecret, String reason) {
    java.util.Objects.requireNonNull(newSecret, "newSecret");
    java.util.Objects.requireNonNull(reason, "reason");
    CallbackFuture<Void> future = new CallbackFuture<>(callbacks);
    byte[] secret = newSecret.getBytes(StandardCharsets.UTF_8);
    submit(
        future, () -> engine().updateSecret(secret, reason, Rpcs.complete(future, reply -> null)));
    return future;
  }

  @Override
  public CompletableFuture<Void> close() {
    return close(ReplyCode.REPLY_SUCCESS, "OK", params.rpcTimeout());
  }

  @Override
  public CompletableFuture<Void> close(int replyCode, String replyText, Duration timeout) {
    java.util.Objects.requireNonNull(replyText, "replyText");
    java.util.Objects.requireNonNull(timeout, "timeout");
    CallbackFuture<Void> future = new CallbackFuture<>(callbacks);
    closeFuture.whenComplete((cause, e) -> future.complete(null));
    submit(
        () -> {
          if (state == Connection.State.CLOSED) {
            return;
          }
          boolean wasRecovering = state == Connection.State.RECOVERING;
          state = Connection.State.CLOSING;
          if (wasRecovering) {
            recovery.cancel();
          }
          Session s = session;
          if (s == null || wasRecovering) {
            if (s != null) {
              s.abort();
            }
            finalClose(new ConnectionClosedException(replyCode, replyText, Initiator.CLIENT));
            return;
          }
          s.engine.close(replyCode, replyText, RpcCallback.IGNORE);
          if (!closeFuture.isDone()) {
            loop.schedule(
                () -> {
                  if (!closeFuture.isDone()) {
                    log.warn(
                        "{}: no connection.close-ok within {} ms; closing the socket",
                        params.endpoint(),
                        timeout.toMillis());
                    s.transportClosed(new TimeoutException("no connection.close-ok"));
                    s.afterWork();
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

  public Connection.State state() {
    return state;
  }

  boolean isBlocked() {
    return blocked;
  }

  Tuning tuning() {
    Session s = session;
    return s == null ? null : s.tuning;
  }

  Map<String, Object> serverProperties() {
    Session s = session;
    return s == null ? Map.of() : s.serverProperties;
  }

  public String currentEndpoint() {
    Session s = session;
    return s == null ? params.endpoint() : s.endpoint;
  }

  /** The current session's {@code cluster_name} server property, if the broker announced one. */
  public java.util.Optional<String> clusterName() {
    Object name = serverProperties().get("cluster_name");
    return name == null || name.toString().isEmpty()
        ? java.util.Optional.empty()
        : java.util.Optional.of(name.toString());
  }

  /**
   * The index in {@link #endpoints} (this connection's order) of the current session's endpoint; -1
   * before the first session.
   */
  public int currentEndpointIndex() {
    Session s = session;
    if (s == null) {
      return -1;
    }
    List<ConnectionParameters> list = endpoints.endpoints();
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == s.params) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Tells the recovery listeners that the connection is open on the current session (dispatcher).
   */
  public void notifyConnected() {
    if (recoveryListeners.isEmpty()) {
      return;
    }
    String endpoint = currentEndpoint();
    String cluster = clusterName().orElse("");
    dispatcher.execute(
        () -> {
          for (RecoveryListener l : recoveryListeners) {
            l.connected(endpoint, cluster);
          }
        });
  }

  @Override
  public Cancellable addCloseListener(Consumer<ConnectionClosedException> listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    closeListeners.add(listener);
    ConnectionClosedException cause = finalCause;
    if (cause != null && closeListeners.remove(listener)) {
      dispatcher.execute(() -> listener.accept(cause));
    }
    return () -> closeListeners.remove(listener);
  }

  @Override
  public Cancellable addBlockedListener(BlockedListener listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    blockedListeners.add(listener);
    return () -> blockedListeners.remove(listener);
  }

  Cancellable addRecoveryListener(RecoveryListener listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    // On the event loop, where a recovery completes and tells its listeners: the listener hears
    // "connected" exactly once for the session current when it joins, by replay or by the recovery.
    Runnable add =
        () -> {
          recoveryListeners.add(listener);
          if (state == Connection.State.OPEN && session != null) {
            String endpoint = currentEndpoint();
            String cluster = clusterName().orElse("");
            dispatcher.execute(() -> listener.connected(endpoint, cluster));
          }
        };
    if (loop.inEventLoop()) {
      add.run();
    } else {
      loop.execute(add);
    }
    return () -> recoveryListeners.remove(listener);
  }

  @Override
  public Cancellable callLater(Duration delay, Runnable task) {
    java.util.Objects.requireNonNull(delay, "delay");
    java.util.Objects.requireNonNull(task, "task");
    ScheduledFuture<?> f =
        loop.schedule(() -> callbacks.execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  /** Fails with a wrong-state exception unless the connection is open (or recovering). */
  void requireOpen() {
    Connection.State s = state;
    if (s != Connection.State.OPEN && s != Connection.State.RECOVERING) {
      ConnectionClosedException cause = finalCause;
      throw new WrongStateException(
          "connection to "
              + params.endpoint()
              + " is "
              + s.name().toLowerCase(java.util.Locale.ROOT)
              + (cause == null ? "" : " (" + cause.getMessage() + ")"),
          cause);
    }
  }

  @Override
  public String toString() {
    return "Connection[" + currentEndpoint() + ", " + state + "]";
  }
}
