/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.connection;

import dev.warren.client.ConnectionParameters;
import dev.warren.client.internal.threads.CallbackFuture;
import dev.warren.client.internal.transport.ConnectStage;
import dev.warren.client.internal.transport.NettyOutput;
import dev.warren.client.internal.transport.NettyTransport;
import dev.warren.client.internal.transport.TlsErrors;
import dev.warren.client.internal.transport.TransportListener;
import dev.warren.engine.ConnectionEngine;
import dev.warren.engine.EngineConfig;
import dev.warren.engine.EngineListener;
import dev.warren.engine.Tuning;
import dev.warren.errors.AuthenticationException;
import dev.warren.errors.ConnectFailedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.Initiator;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One transport connection of a {@link ConnectionCore}: a socket, its engine and its output. A
 * connection that recovers goes through several sessions; the application's objects stay the same.
 * Used on the connection's event loop only; events of a session that is no longer current are
 * ignored by the core.
 */
public final class Session implements EngineListener, TransportListener {
  final ConnectionCore core;
  public final ConnectionParameters params;
  public final String endpoint;
  private final String address;
  public final ConnectionEngine engine;
  final NettyTransport transport;
  final NettyOutput output;
  final CallbackFuture<Session> opened;
  Tuning tuning;
  Map<String, Object> serverProperties = Map.of();

  private volatile ConnectStage stage = ConnectStage.TCP;
  private boolean flushScheduled;
  // Bytes of output.written() already added to the connection's traffic counters.
  private long countedSent;
  private ScheduledFuture<?> tickFuture;
  private final Runnable flushTask = this::flushNow;
  private final Runnable tickTask = this::tick;

  Session(ConnectionCore core, ConnectionParameters params, EngineConfig config) {
    this.core = core;
    this.params = params;
    this.endpoint = params.endpoint();
    this.address = params.host() + ":" + params.port();
    this.transport = new NettyTransport(params.tlsEnabled());
    this.output = transport.output();
    this.engine = new ConnectionEngine(config, this, output);
    this.opened = new CallbackFuture<>(core.callbacks);
  }

  /** {@code host:port} of this session's endpoint, for observers and the health snapshot. */
  String address() {
    return address;
  }

  // ---- output ----

  /** After a batch of engine calls: hand big chunks over, schedule one flush for the batch. */
  @Override
  public void afterWork() {
    output.writeIfLarge();
    countSent();
    if (!flushScheduled && (output.hasPending() || engine.isTransportDone())) {
      flushScheduled = true;
      // Queued behind the work already waiting, so a burst of publishes shares one flush.
      core.loop.execute(flushTask);
    }
  }

  private void flushNow() {
    flushScheduled = false;
    output.flush();
    countSent();
    if (engine.isTransportDone() && transport.isOpen()) {
      transport.close();
    }
  }

  /** Flushes what the engine wrote, then closes the socket (I/O thread; a failed attempt). */
  void flushAndClose() {
    output.flush();
    countSent();
    transport.close();
  }

  /** Adds what was handed to the transport since the last call to the traffic counters. */
  private void countSent() {
    long written = output.written();
    core.traffic.bytesSent += written - countedSent;
    countedSent = written;
  }

  /** Bytes handed to the socket so far (tells whether a publish may have reached the broker). */
  long bytesWritten() {
    return output.written();
  }

  /** Where the next frame starts in this session's outbound stream. */
  long outputPosition() {
    return output.position();
  }

  /**
   * Whether a frame ending at {@code endOffset} of the outbound stream may have left the socket.
   */
  boolean mayHaveSent(long endOffset) {
    return endOffset <= output.sent();
  }

  // ---- transport events ----

  @Override
  public void transportActive() {
    stage = ConnectStage.TLS;
  }

  @Override
  public void tlsReady() {
    stage = ConnectStage.AMQP;
  }

  @Override
  public void startHandshake() {
    stage = ConnectStage.AMQP;
    engine.start(System.nanoTime());
    flushNow();
  }

  /**
   * Feeds {@code in} to the engine; {@code freshBytes} of it arrived just now (the rest before).
   */
  @Override
  public void ingest(ByteBuffer in, int freshBytes) {
    long now = System.nanoTime();
    core.traffic.received(freshBytes, now);
    core.received(now);
    engine.ingest(in, now);
  }

  /** Receive coalescing paused reading (traffic counters). */
  @Override
  public void readPaused() {
    core.traffic.readPauses++;
  }

  @Override
  public void writabilityChanged(boolean writable) {
    if (core.isCurrent(this)) {
      core.gate.writabilityChanged(writable);
    }
  }

  @Override
  public void transportClosed(Throwable cause) {
    engine.transportClosed(cause);
    output.release();
  }

  @Override
  public void transportFailed(Throwable cause, ConnectStage failedStage) {
    if (failedStage != null) {
      stage = failedStage;
    }
    if (!opened.isDone()) {
      opened.completeExceptionally(connectFailure(cause));
    }
    engine.transportClosed(cause);
  }

  ConnectFailedException connectFailure(Throwable cause) {
    String reason =
        stage == ConnectStage.TLS
            ? TlsErrors.describe(cause)
            : cause == null ? "the connection closed" : String.valueOf(cause.getMessage());
    return new ConnectFailedException(
        "could not connect to " + endpoint + ": " + stage.description + " failed: " + reason,
        cause,
        List.of());
  }

  ConnectStage stage() {
    return stage;
  }

  /** Drops the socket without a close handshake. */
  public void abort() {
    transport.close();
  }

  // ---- engine events ----

  @Override
  public void onOpen(Tuning negotiated, Map<String, Object> properties) {
    this.tuning = negotiated;
    this.serverProperties = properties;
    scheduleTick(engine.tick(System.nanoTime()));
    core.sessionOpened(this);
    opened.complete(this);
  }

  @Override
  public void onClosed(ConnectionClosedException cause) {
    if (tickFuture != null) {
      tickFuture.cancel(false);
    }
    if (cause instanceof dev.warren.errors.HeartbeatTimeoutException
        || cause instanceof dev.warren.errors.BlockedTimeoutException) {
      // The peer is silent or refuses our data: nothing more may leave, so what was not sent yet
      // stays unsent (publishes in flight were told so) instead of trickling out later.
      output.release();
      abort();
    }
    if (!opened.isDone()) {
      opened.completeExceptionally(
          cause.initiator() == Initiator.BROKER
                  || cause instanceof AuthenticationException
                  || cause instanceof dev.warren.errors.ProtocolMismatchException
              ? cause
              : connectFailure(cause));
    }
    core.sessionClosed(this, cause);
    afterWork();
  }

  @Override
  public void onBlocked(String reason) {
    scheduleTick(engine.tick(System.nanoTime()));
    core.blockedChanged(this, true, reason);
  }

  @Override
  public void onUnblocked() {
    core.blockedChanged(this, false, null);
  }

  @Override
  public void onHeartbeatReceived(long nowNanos) {
    core.traffic.heartbeatReceived(nowNanos);
  }

  @Override
  public void onHeartbeatSent(long nowNanos) {
    core.traffic.heartbeatSent(nowNanos);
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
      tickFuture = core.loop.schedule(tickTask, delay, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public dev.warren.client.internal.threads.CallerWaits callerWaits() {
    return core.callerWaits();
  }
}
