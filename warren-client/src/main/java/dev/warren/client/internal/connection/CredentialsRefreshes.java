/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.connection;

import dev.warren.client.Cancellable;
import dev.warren.client.Connection;
import dev.warren.client.Credentials;
import dev.warren.client.CredentialsProvider;
import dev.warren.client.internal.threads.SharedResources;
import dev.warren.errors.ReplyCode;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every {@link CredentialsRefresh} of the process, one per provider (by identity), so a provider
 * shared by several connections is refreshed once for all of them. {@link Connector} asks it for an
 * attempt's credentials and tells it when a session opened; a connection's close removes it.
 * Thread-safe; the lock is never held while a provider or a connection is called.
 */
final class CredentialsRefreshes {
  private static final CredentialsRefreshes SHARED = new CredentialsRefreshes(new SystemTimer());

  private final CredentialsRefresh.Timer timer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<CredentialsProvider, CredentialsRefresh> byProvider = new IdentityHashMap<>();
  private final Map<Object, CredentialsRefresh> byConnection = new IdentityHashMap<>();

  CredentialsRefreshes(CredentialsRefresh.Timer timer) {
    this.timer = timer;
  }

  static CredentialsRefreshes shared() {
    return SHARED;
  }

  /**
   * The credentials for a connection attempt: the latest that a refresh of {@code provider} holds
   * while they are not due for refresh, else what {@code provider.get()} returns now.
   *
   * @throws RuntimeException what the provider threw
   */
  Credentials forAttempt(CredentialsProvider provider) {
    CredentialsRefresh refresh;
    lock.lock();
    try {
      refresh = byProvider.get(provider);
    } finally {
      lock.unlock();
    }
    Optional<Credentials> latest = refresh == null ? Optional.empty() : refresh.reusable();
    return latest.isPresent() ? latest.get() : provider.get();
  }

  /**
   * A session of connection {@code key} opened with {@code used}, obtained from {@code provider}.
   * Credentials that expire are kept fresh from now on; others end any refresh of the connection.
   *
   * @return whether {@code key} was not known before (the caller then arranges {@link #closed})
   */
  boolean opened(
      Object key,
      CredentialsProvider provider,
      Credentials used,
      CredentialsRefresh.Target target) {
    while (true) {
      CredentialsRefresh previous;
      CredentialsRefresh refresh = null;
      lock.lock();
      try {
        previous = byConnection.get(key);
        if (used.expiresAt().isPresent()) {
          refresh = byProvider.get(provider);
          if (refresh == null) {
            CredentialsRefresh created =
                new CredentialsRefresh(provider, timer, () -> forget(provider));
            refresh = created;
            byProvider.put(provider, created);
          }
          byConnection.put(key, refresh);
        } else {
          byConnection.remove(key);
        }
      } finally {
        lock.unlock();
      }
      if (previous != null && previous != refresh) {
        previous.unregister(key); // this connection now uses another provider, or no expiry
      }
      if (refresh == null) {
        return false;
      }
      refresh.register(key, target, used);
      if (!refresh.isStopped()) {
        return previous == null;
      }
      // Its last connection went between the look-up and the registration: start afresh.
      forget(provider);
    }
  }

  /** Connection {@code key} is closed for good. */
  void closed(Object key) {
    CredentialsRefresh refresh;
    lock.lock();
    try {
      refresh = byConnection.remove(key);
    } finally {
      lock.unlock();
    }
    if (refresh != null) {
      refresh.unregister(key);
    }
  }

  /** How many providers are being refreshed (tests). */
  int size() {
    lock.lock();
    try {
      return byProvider.size();
    } finally {
      lock.unlock();
    }
  }

  private void forget(CredentialsProvider provider) {
    lock.lock();
    try {
      CredentialsRefresh r = byProvider.get(provider);
      if (r != null && r.isStopped()) {
        byProvider.remove(provider);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The hooks of {@link Connector}: a connection as a refresh target, its close as the end. */
  static void sessionOpened(ConnectionCore core, CredentialsProvider provider, Credentials used) {
    CredentialsRefreshes refreshes = shared();
    if (refreshes.opened(core, provider, used, new CoreTarget(core))) {
      core.closeFuture().whenComplete((cause, error) -> refreshes.closed(core));
      if (core.state() == Connection.State.CLOSED) {
        refreshes.closed(core); // closed before the hook was in place
      }
    }
  }

  /** A connection as the refresh sees it. */
  private record CoreTarget(ConnectionCore core) implements CredentialsRefresh.Target {
    @Override
    public boolean isOpen() {
      Connection.State s = core.state();
      return s == Connection.State.OPEN || s == Connection.State.RECOVERING;
    }

    @Override
    public CompletableFuture<Void> updateSecret(String secret, String reason) {
      return core.updateSecret(secret, reason);
    }

    @Override
    public void expired(String message) {
      core.close(ReplyCode.ACCESS_REFUSED, message, core.params.rpcTimeout());
    }

    @Override
    public String describe() {
      return "connection to " + core.currentEndpoint();
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * The wall clock (token expiries are wall-clock instants) and a timer of its own: one daemon
   * thread, created when the first expiring credentials are seen, that only hands each refresh to
   * the callback pool. The I/O threads belong to the connections' resources, which may be released
   * while a provider is still shared.
   */
  private static final class SystemTimer implements CredentialsRefresh.Timer {
    private static final class Holder {
      static final java.util.concurrent.ScheduledThreadPoolExecutor TIMER = timer();

      private static java.util.concurrent.ScheduledThreadPoolExecutor timer() {
        var t =
            new java.util.concurrent.ScheduledThreadPoolExecutor(
                1,
                r -> {
                  Thread th = new Thread(r, "warren-credentials-timer");
                  th.setDaemon(true);
                  return th;
                });
        t.setRemoveOnCancelPolicy(true);
        return t;
      }
    }

    @Override
    public Instant now() {
      return Instant.now();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
      // The task (which calls the provider, maybe over the network) runs on the callback pool.
      var f =
          Holder.TIMER.schedule(
              () -> SharedResources.callbackExecutor().execute(task),
              delay.toNanos(),
              TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    }
  }
}
