/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.Cancellable;
import dev.warren.client.Credentials;
import dev.warren.client.CredentialsProvider;
import dev.warren.client.PlainCredentials;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The refresh of expiring credentials, on a fake clock and timer: when it asks the provider, what
 * it sends to which connection, how it retries and when it gives up.
 */
class CredentialsRefreshTest {
  private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");

  /** A clock that moves only when told, and the tasks due by then, run in time order. */
  static final class FakeTimer implements CredentialsRefresh.Timer {
    Instant now = T0;
    final List<Task> tasks = new ArrayList<>();

    final class Task implements Cancellable {
      final Instant at;
      final Runnable run;
      boolean cancelled;

      Task(Instant at, Runnable run) {
        this.at = at;
        this.run = run;
      }

      @Override
      public boolean cancel() {
        boolean was = !cancelled && tasks.contains(this);
        cancelled = true;
        tasks.remove(this);
        return was;
      }
    }

    @Override
    public Instant now() {
      return now;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
      Task t = new Task(now.plus(delay), task);
      tasks.add(t);
      return t;
    }

    /** Moves the clock to {@code until}, running each task when its time comes. */
    void advanceTo(Instant until) {
      while (true) {
        Task next = tasks.stream().min(Comparator.comparing(t -> t.at)).orElse(null);
        if (next == null || next.at.isAfter(until)) {
          break;
        }
        tasks.remove(next);
        now = next.at;
        next.run.run();
      }
      now = until;
    }

    List<Instant> pending() {
      return tasks.stream().map(t -> t.at).sorted().toList();
    }
  }

  /** A connection that records the secrets it was sent. */
  static final class FakeTarget implements CredentialsRefresh.Target {
    final String name;
    final List<String> secrets = new ArrayList<>();
    final List<String> expired = new ArrayList<>();
    boolean open = true;

    FakeTarget(String name) {
      this.name = name;
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public CompletableFuture<Void> updateSecret(String secret, String reason) {
      secrets.add(secret);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void expired(String message) {
      expired.add(message);
    }

    @Override
    public String describe() {
      return name;
    }
  }

  /** A provider handing out token-N expiring {@code lifetime} after the fake clock's now. */
  static final class TokenProvider implements CredentialsProvider {
    final FakeTimer timer;
    final Duration lifetime;
    final AtomicInteger calls = new AtomicInteger();
    Supplier<RuntimeException> failure; // non-null: get() throws it
    Duration refreshBefore; // null: the default

    TokenProvider(FakeTimer timer, Duration lifetime) {
      this.timer = timer;
      this.lifetime = lifetime;
    }

    @Override
    public Credentials get() {
      int n = calls.incrementAndGet();
      if (failure != null) {
        throw failure.get();
      }
      return token(n, timer.now.plus(lifetime));
    }

    @Override
    public Duration refreshBefore(Duration lifetime) {
      return refreshBefore == null
          ? CredentialsProvider.super.refreshBefore(lifetime)
          : refreshBefore;
    }
  }

  static PlainCredentials token(int n, Instant expiresAt) {
    return PlainCredentials.of("", "token-" + n).withExpiry(expiresAt);
  }

  private final FakeTimer timer = new FakeTimer();
  private final CredentialsRefreshes refreshes = new CredentialsRefreshes(timer);

  @Test
  void refreshesAtFourFifthsOfTheLifetimeAndUpdatesEveryConnectionOfTheProviderOnce() {
    TokenProvider provider = new TokenProvider(timer, Duration.ofSeconds(10));
    FakeTarget a = new FakeTarget("a");
    FakeTarget b = new FakeTarget("b");
    Credentials first = refreshes.forAttempt(provider);
    assertThat(refreshes.opened("a", provider, first, a)).isTrue();
    // A second connection of the same provider reuses the token, it does not ask again.
    Credentials second = refreshes.forAttempt(provider);
    assertThat(second).isSameAs(first);
    assertThat(refreshes.opened("b", provider, second, b)).isTrue();
    assertThat(provider.calls).hasValue(1);
    assertThat(refreshes.size()).isEqualTo(1);
    assertThat(timer.pending()).containsExactly(T0.plusSeconds(8));

    timer.advanceTo(T0.plusMillis(7999));
    assertThat(provider.calls).hasValue(1);
    assertThat(a.secrets).isEmpty();

    timer.advanceTo(T0.plusSeconds(8));
    assertThat(provider.calls).hasValue(2);
    assertThat(a.secrets).containsExactly("token-2");
    assertThat(b.secrets).containsExactly("token-2");
    // token-2 lives 10 s from 8 s: the next refresh at 8 + 8 = 16 s.
    assertThat(timer.pending()).containsExactly(T0.plusSeconds(16));

    timer.advanceTo(T0.plusSeconds(40));
    assertThat(provider.calls).hasValue(6); // at 8, 16, 24, 32, 40
    assertThat(a.secrets).containsExactly("token-2", "token-3", "token-4", "token-5", "token-6");
    assertThat(b.secrets).isEqualTo(a.secrets);
    assertThat(a.expired).isEmpty();
  }

  @Test
  void anAttemptReusesTheLatestCredentialsOnlyUntilTheyAreDueForRefresh() {
    TokenProvider provider = new TokenProvider(timer, Duration.ofSeconds(10));
    provider.refreshBefore = Duration.ofSeconds(3);
    FakeTarget a = new FakeTarget("a");
    refreshes.opened("a", provider, refreshes.forAttempt(provider), a);
    timer.advanceTo(T0.plusMillis(6999));
    assertThat(((PlainCredentials) refreshes.forAttempt(provider)).password())
        .isEqualTo("token-1".toCharArray());
    // Refresh due at 7 s: a recovery attempt that starts then asks the provider itself.
    a.open = false; // say it was lost just before
    timer.advanceTo(T0.plusSeconds(7));
    assertThat(provider.calls).hasValue(2);
    assertThat(a.secrets).isEmpty(); // not open: nothing sent, its next session uses token-2
    Credentials forRecovery = refreshes.forAttempt(provider);
    assertThat(((PlainCredentials) forRecovery).password()).isEqualTo("token-2".toCharArray());
    a.open = true;
    assertThat(refreshes.opened("a", provider, forRecovery, a)).isFalse(); // known already
    assertThat(a.secrets).isEmpty(); // it holds the latest
    assertThat(provider.calls).hasValue(2);
  }

  @Test
  void aConnectionThatOpensWithOlderCredentialsGetsTheLatestAtOnce() {
    TokenProvider provider = new TokenProvider(timer, Duration.ofSeconds(10));
    FakeTarget a = new FakeTarget("a");
    FakeTarget b = new FakeTarget("b");
    refreshes.opened("a", provider, token(2, T0.plusSeconds(20)), a);
    refreshes.opened("b", provider, token(1, T0.plusSeconds(10)), b);
    assertThat(b.secrets).containsExactly("token-2");
    assertThat(a.secrets).isEmpty();
    // Newer ones than the current, brought by an attempt, become current and reach the others.
    refreshes.opened("b", provider, token(3, T0.plusSeconds(30)), b);
    assertThat(a.secrets).containsExactly("token-3");
    assertThat(timer.pending()).containsExactly(T0.plusSeconds(24));
  }

  @Test
  void aFailedRefreshIsRetriedWithADoublingPauseUpToTheExpiryThenTheConnectionsAreTold() {
    TokenProvider provider = new TokenProvider(timer, Duration.ofSeconds(10));
    FakeTarget a = new FakeTarget("a");
    refreshes.opened("a", provider, refreshes.forAttempt(provider), a);
    provider.failure = () -> new IllegalStateException("identity provider unreachable");

    timer.advanceTo(T0.plusSeconds(8)); // first refresh fails
    assertThat(timer.pending()).containsExactly(T0.plusMillis(8250));
    timer.advanceTo(T0.plusMillis(8250));
    assertThat(timer.pending()).containsExactly(T0.plusMillis(8750));
    timer.advanceTo(T0.plusMillis(8750));
    assertThat(timer.pending()).containsExactly(T0.plusMillis(9750));
    timer.advanceTo(T0.plusMillis(9750));
    // 2 s would pass the expiry at 10 s: the last try is at the expiry itself.
    assertThat(timer.pending()).containsExactly(T0.plusSeconds(10));
    assertThat(a.expired).isEmpty();
    timer.advanceTo(T0.plusSeconds(10));
    assertThat(provider.calls).hasValue(6);
    assertThat(timer.pending()).isEmpty();
    assertThat(a.expired).hasSize(1);
    assertThat(a.expired.get(0))
        .contains("expired at " + T0.plusSeconds(10))
        .contains("5 attempts")
        .contains("identity provider unreachable")
        .doesNotContain("token-1");
    assertThat(a.secrets).isEmpty();
  }

  @Test
  void aRefreshThatSucceedsAfterFailuresGoesBackToTheNormalSchedule() {
    TokenProvider provider = new TokenProvider(timer, Duration.ofSeconds(10));
    FakeTarget a = new FakeTarget("a");
    refreshes.opened("a", provider, refreshes.forAttempt(provider), a);
    provider.failure = () -> new IllegalStateException("down");
    timer.advanceTo(T0.plusSeconds(8));
    provider.failure = null;
    timer.advanceTo(T0.plusMillis(8250));
    assertThat(a.secrets).containsExactly("token-3");
    assertThat(timer.pending()).containsExactly(T0.plusMillis(16250));
    // The pause starts again at 250 ms after a success.
    provider.failure = () -> new IllegalStateException("down");
    timer.advanceTo(T0.plusMillis(16250));
    assertThat(timer.pending()).containsExactly(T0.plusMillis(16500));
  }

  @Test
  void credentialsThatExpireNoLaterThanTheCurrentOnesAreAFailedRefresh() {
    FakeTimer t = timer;
    PlainCredentials same = token(1, T0.plusSeconds(10));
    CredentialsProvider provider = () -> same;
    FakeTarget a = new FakeTarget("a");
    refreshes.opened("a", provider, same, a);
    t.advanceTo(T0.plusSeconds(8));
    assertThat(a.secrets).isEmpty();
    assertThat(t.pending()).containsExactly(T0.plusMillis(8250));
    t.advanceTo(T0.plusSeconds(10));
    assertThat(a.expired).singleElement().asString().contains("no later than the current ones");
  }

  @Test
  void theLastConnectionsCloseCancelsTheRefreshAndForgetsTheProvider() {
    TokenProvider provider = new TokenProvider(timer, Duration.ofSeconds(10));
    refreshes.opened("a", provider, refreshes.forAttempt(provider), new FakeTarget("a"));
    refreshes.opened("b", provider, refreshes.forAttempt(provider), new FakeTarget("b"));
    refreshes.closed("a");
    assertThat(timer.pending()).hasSize(1);
    refreshes.closed("b");
    assertThat(timer.pending()).isEmpty();
    assertThat(refreshes.size()).isZero();
    timer.advanceTo(T0.plusSeconds(60));
    assertThat(provider.calls).hasValue(1);
    // A new connection starts a new refresh.
    refreshes.opened("c", provider, refreshes.forAttempt(provider), new FakeTarget("c"));
    assertThat(provider.calls).hasValue(2);
    assertThat(timer.pending()).containsExactly(T0.plusSeconds(68));
  }

  @Test
  void credentialsWithoutExpiryStartNoRefreshAndEndTheConnectionsRefresh() {
    TokenProvider provider = new TokenProvider(timer, Duration.ofSeconds(10));
    FakeTarget a = new FakeTarget("a");
    assertThat(refreshes.opened("a", provider, PlainCredentials.of("u", "p"), a)).isFalse();
    assertThat(refreshes.size()).isZero();
    refreshes.opened("a", provider, refreshes.forAttempt(provider), a);
    assertThat(refreshes.size()).isEqualTo(1);
    refreshes.opened("a", provider, PlainCredentials.of("u", "p"), a); // recovered with these
    assertThat(refreshes.size()).isZero();
    assertThat(timer.pending()).isEmpty();
  }

  @Test
  void aRefreshMarginOutOfRangeIsClamped() {
    TokenProvider provider = new TokenProvider(timer, Duration.ofSeconds(10));
    provider.refreshBefore = Duration.ofSeconds(-5);
    refreshes.opened("a", provider, refreshes.forAttempt(provider), new FakeTarget("a"));
    assertThat(timer.pending()).containsExactly(T0.plusSeconds(10)); // at the expiry
    refreshes.closed("a");

    provider.refreshBefore = Duration.ofHours(1);
    refreshes.opened("b", provider, refreshes.forAttempt(provider), new FakeTarget("b"));
    assertThat(timer.pending()).containsExactly(T0); // at once
  }

  @Test
  void aRefreshToCredentialsThatNeverExpireUpdatesTheConnectionsAndStops() {
    FakeTarget a = new FakeTarget("a");
    AtomicInteger calls = new AtomicInteger();
    CredentialsProvider provider =
        () ->
            calls.incrementAndGet() == 1
                ? token(1, T0.plusSeconds(10))
                : PlainCredentials.of("", "forever");
    refreshes.opened("a", provider, refreshes.forAttempt(provider), a);
    timer.advanceTo(T0.plusSeconds(100));
    assertThat(a.secrets).containsExactly("forever");
    assertThat(calls).hasValue(2);
    assertThat(timer.pending()).isEmpty();
  }
}
