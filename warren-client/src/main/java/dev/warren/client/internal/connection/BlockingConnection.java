/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.connection;

import dev.warren.client.AsyncConnection;
import dev.warren.client.BlockedListener;
import dev.warren.client.Cancellable;
import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ServerCapabilities;
import dev.warren.client.internal.threads.Await;
import dev.warren.engine.Tuning;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.ReplyCode;
import java.time.Duration;
import java.util.Map;

/** The blocking view of a connection. */
final class BlockingConnection implements Connection {
  private final ConnectionCore core;

  BlockingConnection(ConnectionCore core) {
    this.core = core;
  }

  @Override
  public AsyncConnection async() {
    return core;
  }

  @Override
  public Channel openChannel() {
    core.requireOpen();
    Await.refuseOnIoThread("channel.open-ok");
    return Await.result(core.openApplicationChannel(0), core.params.rpcTimeout(), "channel.open-ok")
        .blocking();
  }

  @Override
  public Channel openChannel(int number) {
    core.requireOpen();
    if (number < 1 || number > 65535) {
      throw new IllegalArgumentException("channel number must be 1..65535, was " + number);
    }
    Await.refuseOnIoThread("channel.open-ok");
    return Await.result(
            core.openApplicationChannel(number), core.params.rpcTimeout(), "channel.open-ok")
        .blocking();
  }

  @Override
  public java.util.Optional<Channel> channel(int number) {
    core.requireOpen();
    return core.channelCore(number).map(dev.warren.client.internal.channel.ChannelCore::blocking);
  }

  @Override
  public State state() {
    return core.state();
  }

  @Override
  public boolean isOpen() {
    return core.state() == State.OPEN;
  }

  @Override
  public boolean isBlocked() {
    return core.isBlocked();
  }

  @Override
  public Map<String, Object> serverProperties() {
    return core.serverProperties();
  }

  @Override
  public String endpoint() {
    return core.currentEndpoint();
  }

  @Override
  public java.util.Optional<String> clusterName() {
    return core.clusterName();
  }

  @Override
  public ServerCapabilities serverCapabilities() {
    return ServerCapabilities.from(core.serverProperties());
  }

  @Override
  public int channelMax() {
    Tuning t = core.tuning();
    return t == null ? 0 : t.channelMax();
  }

  @Override
  public int frameMax() {
    Tuning t = core.tuning();
    return t == null ? 0 : t.frameMax();
  }

  @Override
  public Duration heartbeat() {
    Tuning t = core.tuning();
    return t == null ? Duration.ZERO : Duration.ofSeconds(t.heartbeatSeconds());
  }

  @Override
  public Duration serverHeartbeat() {
    Tuning t = core.tuning();
    return t == null ? Duration.ZERO : Duration.ofSeconds(t.serverHeartbeatSeconds());
  }

  @Override
  public String name() {
    return core.params.connectionName().orElse(null);
  }

  @Override
  public void updateSecret(String newSecret, String reason) {
    java.util.Objects.requireNonNull(newSecret, "newSecret");
    java.util.Objects.requireNonNull(reason, "reason");
    Await.refuseOnIoThread("connection.update-secret-ok");
    Await.result(
        core.updateSecret(newSecret, reason),
        core.params.rpcTimeout(),
        "connection.update-secret-ok");
  }

  @Override
  public dev.warren.client.ConnectionHealth health() {
    return core.health();
  }

  @Override
  public dev.warren.client.ConnectionStats stats() {
    Await.refuseOnIoThread("connection statistics");
    return Await.result(core.stats(), core.params.rpcTimeout(), "connection statistics");
  }

  @Override
  public Cancellable callLater(Duration delay, Runnable task) {
    java.util.Objects.requireNonNull(delay, "delay");
    java.util.Objects.requireNonNull(task, "task");
    return core.callLater(delay, task);
  }

  @Override
  public dev.warren.client.Cancellable addCloseListener(
      java.util.function.Consumer<ConnectionClosedException> listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    return core.addCloseListener(listener);
  }

  @Override
  public dev.warren.client.Cancellable addBlockedListener(BlockedListener listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    return core.addBlockedListener(listener);
  }

  @Override
  public dev.warren.client.Cancellable addRecoveryListener(
      dev.warren.client.RecoveryListener listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    return core.addRecoveryListener(listener);
  }

  @Override
  public void close() {
    close(ReplyCode.REPLY_SUCCESS, "OK", core.params.rpcTimeout());
  }

  @Override
  public void close(int replyCode, String replyText, Duration timeout) {
    java.util.Objects.requireNonNull(replyText, "replyText");
    java.util.Objects.requireNonNull(timeout, "timeout");
    Await.refuseOnIoThread("connection.close-ok");
    // The close itself gives up after the timeout; wait a little longer for it to report.
    Await.result(
        core.close(replyCode, replyText, timeout), timeout.plusSeconds(1), "connection.close-ok");
  }

  @Override
  public String toString() {
    return core.toString();
  }
}
