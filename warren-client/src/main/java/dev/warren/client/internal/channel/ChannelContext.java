/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel;

import dev.warren.client.RecoveryPolicy;
import dev.warren.client.internal.threads.CallbackFuture;
import dev.warren.client.internal.threads.IoThreadExecutor;
import dev.warren.client.internal.threads.SerialExecutor;
import dev.warren.engine.ConnectionEngine;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.WrongStateException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * What every part of one channel shares: its number, its phase, its executors, and the way to the
 * I/O thread and the engine. Handed to each part at construction (the parts get their other
 * collaborators as constructor arguments), so no part reaches through the channel into another.
 *
 * <p>Thread-safety: the phase and close cause are volatile (read anywhere, changed on the I/O
 * thread, CLOSING by the closing thread); the rest is immutable.
 */
public final class ChannelContext {
  private final int number;
  private final ChannelHost host;
  private final SerialExecutor dispatcher;
  private final IoThreadExecutor ioThreadCallbacks;

  /** The connection's observers; {@code observers.on} is false when none is registered. */
  public final dev.warren.client.internal.observe.Observers observers;

  private volatile boolean recordsTopology = true;
  private volatile boolean recoverable = true;
  private volatile ChannelPhase phase = ChannelPhase.OPEN;
  // Set before the phase turns CLOSED, so whoever finds the channel closed can tell why (the
  // closed future may complete a moment later, on the callback executor).
  private volatile ChannelClosedException closeCause;

  ChannelContext(
      int number, ChannelHost host, SerialExecutor dispatcher, IoThreadExecutor ioThreadCallbacks) {
    this.number = number;
    this.host = host;
    this.dispatcher = dispatcher;
    this.ioThreadCallbacks = ioThreadCallbacks;
    this.observers = host.observers();
  }

  /**
   * Marks a short-lived channel of the library's own (recovery's declarations, looking for a
   * queue): what it declares is not recorded, and a connection loss closes it instead of suspending
   * it for recovery. Called right after it opened, before it is used.
   */
  void libraryOwned() {
    recordsTopology = false;
    recoverable = false;
  }

  public int number() {
    return number;
  }

  /** The connection's services beyond the common ones below. */
  public ChannelHost host() {
    return host;
  }

  /** The channel's serial dispatcher: callbacks in order, never on the I/O thread. */
  public SerialExecutor dispatcher() {
    return dispatcher;
  }

  /** Where {@link dev.warren.client.CallbackThread#IO_THREAD} callbacks run. */
  public IoThreadExecutor ioThreadCallbacks() {
    return ioThreadCallbacks;
  }

  /** False for the library's own channels ({@link #libraryOwned}). */
  public boolean recoverable() {
    return recoverable;
  }

  public void submit(Runnable task) {
    host.submit(task);
  }

  public void submit(CompletableFuture<?> future, Runnable task) {
    host.submit(future, task);
  }

  /** The current session's engine (I/O thread). */
  public ConnectionEngine engine() {
    return host.engine();
  }

  public io.netty.channel.EventLoop loop() {
    return host.loop();
  }

  public Executor callbacks() {
    return host.callbacks();
  }

  public RecoveryPolicy recoveryPolicy() {
    return host.recoveryPolicy();
  }

  public Duration rpcTimeout() {
    return host.rpcTimeout();
  }

  public <T> CallbackFuture<T> newFuture() {
    return new CallbackFuture<>(host.callbacks(), host.callerWaits());
  }

  /** Records a topology change for recovery, unless this is one of recovery's own channels. */
  public void record(Consumer<TopologyRecorder> change) {
    if (recordsTopology) {
      change.accept(host.topology());
    }
  }

  /** Where a consumer (or, with a null tag, a basic.get) of this channel receives from. */
  public dev.warren.client.ConsumerContext consumerContext(String queue, String consumerTag) {
    return new dev.warren.client.ConsumerContext(
        number, queue, consumerTag, host.peerHost(), host.peerPort());
  }

  // ---- the phase ----

  public ChannelPhase phase() {
    return phase;
  }

  public boolean isClosed() {
    return phase == ChannelPhase.CLOSED;
  }

  /** Whether the application's close has started (and the channel is not closed yet). */
  public boolean isClosing() {
    return phase == ChannelPhase.CLOSING;
  }

  /** OPEN → RECOVERING (I/O thread); false when the channel was not open. */
  boolean startRecovering() {
    if (phase != ChannelPhase.OPEN) {
      return false;
    }
    phase = ChannelPhase.RECOVERING;
    return true;
  }

  /** RECOVERING → OPEN (I/O thread); false when it was not recovering. */
  boolean recovered() {
    if (phase != ChannelPhase.RECOVERING) {
      return false;
    }
    phase = ChannelPhase.OPEN;
    return true;
  }

  /** The application's close starts (any thread); returns the phase it started from. */
  ChannelPhase startClosing() {
    ChannelPhase before = phase;
    if (before != ChannelPhase.CLOSED) {
      phase = ChannelPhase.CLOSING;
    }
    return before;
  }

  /** Closed for good (I/O thread). */
  void closed(ChannelClosedException cause) {
    closeCause = cause; // before the phase: whoever finds the channel closed can tell why
    phase = ChannelPhase.CLOSED;
  }

  /** Why the channel closed, once it did; null before. */
  public ChannelClosedException closeCause() {
    return closeCause;
  }

  /** Throws a wrong-state exception when the channel is closed. */
  public void requireOpen() {
    if (phase == ChannelPhase.CLOSED) {
      throw closedException();
    }
  }

  /**
   * Throws a wrong-state exception when an acknowledgement could not reach the broker: the channel
   * is closed, the application's close of it has started, or its connection is closing or closed. A
   * recovering channel passes: an ack of a delivery from before the recovery is then dropped as
   * docs/recovery.md says.
   */
  public void requireAcknowledgeable(String what) {
    WrongStateException e = notAcknowledgeable(what);
    if (e != null) {
      throw e;
    }
  }

  /**
   * Whether an acknowledgement can be sent now: {@link #notAcknowledgeable} would return null.
   * Allocates nothing, so the consumer's hot path builds no description unless it is refused.
   */
  public boolean mayAcknowledge() {
    ChannelPhase p = phase;
    if (p == ChannelPhase.CLOSED || p == ChannelPhase.CLOSING) {
      return false;
    }
    dev.warren.client.Connection.State c = host.state();
    return c != dev.warren.client.Connection.State.CLOSING
        && c != dev.warren.client.Connection.State.CLOSED;
  }

  /** Why {@code what} (basic.ack, ...) cannot be sent now, or null when it can. */
  public WrongStateException notAcknowledgeable(String what) {
    if (mayAcknowledge()) {
      return null;
    }
    // Refused: say why. The state may have moved on since; then the last check answers null.
    ChannelPhase p = phase;
    if (p == ChannelPhase.CLOSED) {
      return closedException();
    }
    String hint =
        "; acknowledge before closing (the broker requeues every delivery not acknowledged when"
            + " the channel closes, and delivers it again)";
    if (p == ChannelPhase.CLOSING) {
      return new WrongStateException(
          "channel "
              + number
              + " is closing (the application closed it): "
              + what
              + " not sent"
              + hint,
          null);
    }
    dev.warren.client.Connection.State c = host.state();
    if (c == dev.warren.client.Connection.State.CLOSING
        || c == dev.warren.client.Connection.State.CLOSED) {
      return new WrongStateException(
          "channel "
              + number
              + ": its connection is "
              + c.name().toLowerCase(java.util.Locale.ROOT)
              + ": "
              + what
              + " not sent"
              + hint,
          closeCause);
    }
    return null;
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
    if (phase == ChannelPhase.CLOSED) {
      future.completeExceptionally(closedException());
      return true;
    }
    return false;
  }
}
