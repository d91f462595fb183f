/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.connection;

import dev.warren.client.Cancellable;
import dev.warren.client.Credentials;
import dev.warren.client.CredentialsProvider;
import dev.warren.client.PlainCredentials;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the expiring credentials of one {@link CredentialsProvider} fresh for every connection that
 * opened with them: asks the provider again {@link CredentialsProvider#refreshBefore} ahead of the
 * expiry, hands the new password to each open connection ({@code connection.update-secret}), and
 * offers the latest credentials to the next connection attempt. A failed refresh is retried with a
 * doubling pause that never passes the expiry; when the credentials expire without a replacement,
 * the connections still holding them are told ({@link Target#expired}).
 *
 * <p>Thread-safe. The provider is called on the timer's thread (never an I/O thread, see {@link
 * Timer}), outside the lock; nothing blocking runs under the lock. Nothing here logs or formats a
 * secret: only instants, counts, endpoints and the provider's exception.
 */
final class CredentialsRefresh {
  private static final Logger log = LoggerFactory.getLogger(CredentialsRefresh.class);

  static final Duration FIRST_RETRY = Duration.ofMillis(250);
  static final Duration MAX_RETRY = Duration.ofSeconds(30);
  static final String REASON = "credentials refreshed ahead of expiry";

  /** A connection that uses this provider's credentials. */
  interface Target {
    /** Whether a session is open now (else its next attempt will use {@link #reusable()}). */
    boolean isOpen();

    /** Sends {@code connection.update-secret}; completes on update-secret-ok. */
    CompletableFuture<Void> updateSecret(String secret, String reason);

    /** The credentials the connection holds expired and no fresh ones could be had. */
    void expired(String message);

    /** For logs: where the connection is, never a secret. */
    String describe();
  }

  /** Time and scheduling; tasks run on a thread that may block (not an I/O thread). */
  interface Timer {
    Instant now();

    Cancellable schedule(Duration delay, Runnable task);
  }

  private final CredentialsProvider provider;
  private final Timer timer;
  private final Runnable whenUnused;
  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock:
  private final Map<Object, Holding> targets = new IdentityHashMap<>();
  private Credentials current; // expires (expiresAt present) while targets are registered
  private Instant refreshAt;
  private Cancellable scheduled;
  private int failures;
  private boolean refreshing;
  private boolean stopped;

  /** What one connection holds: the credentials its broker knows. */
  private static final class Holding {
    final Target target;
    Credentials held;

    Holding(Target target, Credentials held) {
      this.target = target;
      this.held = held;
    }
  }

  /**
   * @param whenUnused runs (outside the lock) once the last connection went, so the registry can
   *     forget this provider
   */
  CredentialsRefresh(CredentialsProvider provider, Timer timer, Runnable whenUnused) {
    this.provider = provider;
    this.timer = timer;
    this.whenUnused = whenUnused;
  }

  /**
   * The latest credentials, when a connection attempt may use them instead of calling the provider:
   * they are not yet due for refresh. Empty otherwise (the attempt asks the provider).
   */
  Optional<Credentials> reusable() {
    lock.lock();
    try {
      if (current == null || stopped || !timer.now().isBefore(refreshAt)) {
        return Optional.empty();
      }
      return Optional.of(current);
    } finally {
      lock.unlock();
    }
  }

  /**
   * A session of connection {@code key} opened with {@code used}, which expire. Registers it
   * (again, after a recovery); when newer credentials are known, sends them at once.
   *
   * @return whether {@code key} was not registered before
   */
  boolean register(Object key, Target target, Credentials used) {
    List<Update> updates;
    boolean added;
    lock.lock();
    try {
      if (stopped) {
        return false;
      }
      Holding h = targets.get(key);
      added = h == null;
      if (added) {
        targets.put(key, new Holding(target, used));
      } else {
        h.held = used;
      }
      adopt(used);
      updates = lagging();
    } finally {
      lock.unlock();
    }
    send(updates);
    return added;
  }

  /** Connection {@code key} is closed for good (or now uses other credentials). */
  void unregister(Object key) {
    boolean empty;
    lock.lock();
    try {
      if (targets.remove(key) == null || !targets.isEmpty() || stopped) {
        return;
      }
      stopped = true;
      cancelScheduled();
      empty = true;
    } finally {
      lock.unlock();
    }
    if (empty) {
      whenUnused.run();
    }
  }

  /** Whether nothing uses this refresh any more (it never starts again). */
  boolean isStopped() {
    lock.lock();
    try {
      return stopped;
    } finally {
      lock.unlock();
    }
  }

  /** When the next refresh is due (tests and logs); null when none is scheduled. */
  Instant refreshAt() {
    lock.lock();
    try {
      return scheduled == null ? null : refreshAt;
    } finally {
      lock.unlock();
    }
  }

  // ---- under the lock ----

  /** Takes {@code c} as current if it expires later than the current ones; reschedules. */
  private void adopt(Credentials c) {
    Optional<Instant> expiry = c.expiresAt();
    if (expiry.isEmpty() || (current != null && !expiry.get().isAfter(expiresAt(current)))) {
      return;
    }
    current = c;
    failures = 0;
    Instant now = timer.now();
    Duration lifetime = Duration.between(now, expiry.get());
    refreshAt = expiry.get().minus(refreshBefore(lifetime));
    scheduleAt(refreshAt, now);
  }

  private Duration refreshBefore(Duration lifetime) {
    if (lifetime.isNegative() || lifetime.isZero()) {
      return Duration.ZERO;
    }
    Duration before;
    try {
      before = provider.refreshBefore(lifetime);
    } catch (RuntimeException e) {
      log.warn(
          "the credentials provider's refreshBefore failed ({}); refreshing at 80% of the"
              + " lifetime",
          e.toString());
      before = lifetime.dividedBy(5);
    }
    if (before == null || before.isNegative()) {
      return Duration.ZERO;
    }
    return before.compareTo(lifetime) > 0 ? lifetime : before;
  }

  private void scheduleAt(Instant at, Instant now) {
    cancelScheduled();
    if (refreshing) {
      return; // the refresh under way schedules the next one when it ends
    }
    Duration delay = Duration.between(now, at);
    scheduled = timer.schedule(delay.isNegative() ? Duration.ZERO : delay, this::refresh);
  }

  private void cancelScheduled() {
    if (scheduled != null) {
      scheduled.cancel();
      scheduled = null;
    }
  }

  /** The connections that are open and hold other credentials than the current ones. */
  private List<Update> lagging() {
    List<Update> updates = new ArrayList<>();
    if (current == null) {
      return updates;
    }
    for (Holding h : targets.values()) {
      if (h.held != current && !h.held.equals(current) && h.target.isOpen()) {
        updates.add(new Update(h, current));
      }
    }
    return updates;
  }

  private static Instant expiresAt(Credentials c) {
    return c.expiresAt().orElse(Instant.MAX);
  }

  // ---- outside the lock ----

  private record Update(Holding holding, Credentials credentials) {}

  private void send(List<Update> updates) {
    for (Update u : updates) {
      if (!(u.credentials instanceof PlainCredentials plain)) {
        continue;
      }
      Target t = u.holding.target;
      CompletableFuture<Void> sent;
      char[] password = plain.password();
      try {
        sent = t.updateSecret(new String(password), REASON);
      } catch (RuntimeException e) {
        sent = CompletableFuture.failedFuture(e);
      } finally {
        Arrays.fill(password, '\0');
      }
      sent.whenComplete(
          (ok, error) -> {
            if (error == null) {
              lock.lock();
              try {
                u.holding.held = u.credentials;
              } finally {
                lock.unlock();
              }
              log.debug("{}: credentials updated (connection.update-secret)", t.describe());
            } else {
              // A connection recovering has no session: its next session uses the current ones.
              log.debug(
                  "{}: connection.update-secret failed: {}", t.describe(), error.getMessage());
            }
          });
    }
  }

  /** Runs on the timer's thread: asks the provider, adopts what it returns, updates everyone. */
  private void refresh() {
    Credentials before;
    lock.lock();
    try {
      if (stopped || refreshing) {
        return;
      }
      scheduled = null;
      refreshing = true;
      before = current;
    } finally {
      lock.unlock();
    }
    Credentials fresh = null;
    String failure;
    try {
      fresh = provider.get();
      if (fresh == null) {
        failure = "the credentials provider returned null";
      } else if (fresh.expiresAt().isPresent()
          && !fresh.expiresAt().get().isAfter(expiresAt(before))) {
        failure =
            "the credentials provider returned credentials expiring at "
                + fresh.expiresAt().get()
                + ", no later than the current ones";
      } else {
        failure = null;
      }
    } catch (RuntimeException e) {
      failure = "the credentials provider failed: " + e;
    }
    List<Update> updates = List.of();
    List<Target> expired = List.of();
    String expiredMessage = null;
    lock.lock();
    try {
      refreshing = false;
      if (stopped) {
        return;
      }
      Instant now = timer.now();
      if (failure == null) {
        if (fresh.expiresAt().isPresent()) {
          adopt(fresh);
        } else {
          current = fresh; // never expires: nothing more to schedule
          failures = 0;
          refreshAt = Instant.MAX;
        }
        updates = lagging();
        log.debug(
            "credentials refreshed for {} connection(s); they expire at {}",
            targets.size(),
            fresh.expiresAt().map(Instant::toString).orElse("never"));
      } else if (current != before) {
        // A connection attempt brought later credentials meanwhile: they are current now.
        updates = lagging();
        log.debug("refresh failed ({}), but later credentials arrived meanwhile", failure);
      } else {
        failures++;
        Instant expiry = expiresAt(before);
        if (!now.isBefore(expiry)) {
          expiredMessage =
              "the credentials expired at "
                  + expiry
                  + " and could not be refreshed ("
                  + failures
                  + (failures == 1 ? " attempt" : " attempts")
                  + "; last: "
                  + failure
                  + ")";
          expired = expiredHolders(now);
          log.error("{}; closing {} connection(s)", expiredMessage, expired.size());
        } else {
          Duration pause = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 20));
          if (pause.compareTo(MAX_RETRY) > 0) {
            pause = MAX_RETRY;
          }
          Duration left = Duration.between(now, expiry);
          if (pause.compareTo(left) > 0) {
            pause = left; // the last try is at the expiry itself
          }
          log.warn(
              "refreshing the credentials of {} connection(s) failed (attempt {}): {}; they"
                  + " expire at {}, retrying in {} ms",
              targets.size(),
              failures,
              failure,
              expiry,
              pause.toMillis());
          scheduled = timer.schedule(pause, this::refresh);
        }
      }
      if (scheduled == null
          && expiredMessage == null
          && current != null
          && current.expiresAt().isPresent()) {
        scheduleAt(refreshAt, now); // adopted while this refresh ran
      }
    } finally {
      lock.unlock();
    }
    send(updates);
    for (Target t : expired) {
      t.expired(expiredMessage);
    }
  }

  /** The connections whose credentials have expired at {@code now} (under the lock). */
  private List<Target> expiredHolders(Instant now) {
    List<Target> out = new ArrayList<>();
    for (Holding h : targets.values()) {
      if (!expiresAt(h.held).isAfter(now)) {
        out.add(h.target);
      }
    }
    return out;
  }
}
