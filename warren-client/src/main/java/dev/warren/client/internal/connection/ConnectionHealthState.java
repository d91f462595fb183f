/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.connection;

import dev.warren.client.Connection;
import dev.warren.client.ConnectionHealth;
import dev.warren.client.internal.channel.ChannelCore;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@link Connection#health()} reads: written on the event loop as things happen, read from any
 * thread without a lock. The per-read timestamp is a release store (no fence on the read path); the
 * rest changes only at state changes.
 */
final class ConnectionHealthState {
  /**
   * Open (or recovering) channels, for the counts; added at open-ok, removed at the final close.
   */
  final Set<ChannelCore> channels = ConcurrentHashMap.newKeySet();

  private final AtomicLong lastReceivedNanos = new AtomicLong(Long.MIN_VALUE);
  private volatile Instant since = Instant.now();
  private volatile Instant blockedSince;
  private volatile long blockedAtNanos;
  private volatile boolean opened;
  private volatile long recoveries;
  private volatile String lastRecoveryCause;
  private long lostAtNanos; // event loop only

  boolean opened() {
    return opened;
  }

  void openedNow() {
    opened = true;
    since = Instant.now();
  }

  void received(long nowNanos) {
    lastReceivedNanos.lazySet(nowNanos);
  }

  void lost(Throwable cause) {
    lostAtNanos = System.nanoTime();
    lastRecoveryCause = cause.getMessage();
    since = Instant.now();
  }

  /** Recovery finished; returns the downtime in nanoseconds. */
  long recovered() {
    recoveries++;
    since = Instant.now();
    return System.nanoTime() - lostAtNanos;
  }

  void closed() {
    since = Instant.now();
  }

  /** Blocked now; returns 0. */
  long blocked() {
    if (blockedSince == null) {
      blockedAtNanos = System.nanoTime();
      blockedSince = Instant.now();
    }
    return 0;
  }

  /** Unblocked now; returns how long it was blocked, or -1 when it was not. */
  long unblocked() {
    if (blockedSince == null) {
      return -1;
    }
    blockedSince = null;
    return System.nanoTime() - blockedAtNanos;
  }

  ConnectionHealth snapshot(Connection.State state, String endpoint, String nodeName) {
    int consumers = 0;
    long unconfirmed = 0;
    long unacked = 0;
    for (ChannelCore ch : channels) {
      consumers += ch.consumerCount();
      unconfirmed += ch.unconfirmedCount();
      unacked += ch.unacknowledgedCount();
    }
    long last = lastReceivedNanos.get();
    Instant lastFrame =
        last == Long.MIN_VALUE ? null : Instant.now().minusNanos(System.nanoTime() - last);
    return new ConnectionHealth(
        state,
        endpoint,
        nodeName,
        since,
        state == Connection.State.CLOSED ? null : blockedSince,
        lastFrame,
        recoveries,
        lastRecoveryCause,
        channels.size(),
        consumers,
        unconfirmed,
        unacked);
  }
}
