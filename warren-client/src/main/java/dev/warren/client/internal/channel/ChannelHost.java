/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel;

import dev.warren.client.AsyncConnection;
import dev.warren.client.Connection;
import dev.warren.client.RecoveryPolicy;
import dev.warren.client.internal.connection.Session;
import dev.warren.engine.ConnectionEngine;
import dev.warren.errors.AmqpException;
import dev.warren.errors.ConnectionClosedException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * What a channel needs from the connection it lives on: the I/O thread, the current session's
 * engine, the callback executor, the recovery policy and the connection's publish admission. The
 * connection implements it; a channel's parts reach it only through their {@link ChannelContext}.
 */
public interface ChannelHost {
  /** Runs {@code task} on the I/O thread (now, when already there) and flushes after it. */
  void submit(Runnable task);

  /**
   * {@link #submit(Runnable)}; an {@link AmqpException} thrown by {@code task} fails the future.
   */
  void submit(CompletableFuture<?> future, Runnable task);

  /** The current session's engine (I/O thread); throws when the connection is not open. */
  ConnectionEngine engine();

  /** The connection's I/O thread, for timers. */
  io.netty.channel.EventLoop loop();

  /** Where callbacks and futures' dependents run. */
  Executor callbacks();

  /** When an application thread last blocked on this connection's replies. */
  dev.warren.client.internal.threads.CallerWaits callerWaits();

  RecoveryPolicy recoveryPolicy();

  Duration rpcTimeout();

  /** How long operations wait for a recovery in progress. */
  Duration operationWait();

  /** Blocks until {@code until} completes, at most {@code wait} (see the connection). */
  void await(CompletableFuture<Void> until, String what, Duration wait);

  /** Whether this loss of the connection will be recovered. */
  boolean willRecover(ConnectionClosedException cause);

  Connection.State state();

  /** Where the next frame starts in the current session's outbound stream (I/O thread). */
  long outputPosition();

  /** Whether frames ending at {@code endOffset} of the current session may have been sent. */
  boolean mayHaveSent(long endOffset);

  /** The current session (I/O thread). */
  Session currentSession();

  /** Whether {@code session} is still the current one (I/O thread). */
  boolean isCurrent(Session session);

  /** The channel closed for good: its number is free (any thread). */
  void channelClosed(ChannelContext channel);

  /** Recovery could not bring {@code entity} back. */
  void recoveryEntityFailed(Object entity, AmqpException failure);

  /** What the connection records for recovery. */
  TopologyRecorder topology();

  /** The admission every publish of every channel of this connection goes through. */
  dev.warren.client.internal.connection.PublishGate gates();

  /**
   * Opens a short-lived channel of the library's own (looking for a queue): not recorded, not
   * recovered (see {@link ChannelContext#libraryOwned}).
   */
  CompletableFuture<ChannelCore> openLibraryChannel();

  /** The connection's observers (a constant that is off when none is registered). */
  dev.warren.client.internal.observe.Observers observers();

  /** The host of the endpoint the connection is (or was last) connected to. */
  String peerHost();

  /** That endpoint's port. */
  int peerPort();

  /** The connection as the application sees it. */
  AsyncConnection asAsyncConnection();
}
