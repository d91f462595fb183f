/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import dev.warren.client.internal.config.FixedCredentialsProvider;
import java.time.Duration;

/**
 * Supplies the {@link Credentials} for a connection attempt. The connection calls {@link #get()}
 * once at each attempt (first connect, every retry, every automatic recovery), so a provider can
 * hand out a password that was rotated or a token that was refreshed since the last attempt.
 *
 * <p><b>Credentials that expire</b> (OAuth 2 access tokens): when {@link #get()} returns
 * credentials with an {@linkplain Credentials#expiresAt() expiry}, Warren keeps them fresh for
 * every connection opened with them. {@link #refreshBefore(Duration)} ahead of the expiry it calls
 * {@link #get()} again, off the I/O threads, sends {@code connection.update-secret} with the new
 * password on each open connection that uses this provider, and uses the new credentials for later
 * attempts (a recovery, say) instead of calling {@link #get()} again while they are not due for
 * refresh. A provider shared by several connections is called once per refresh for all of them
 * (providers are told apart by identity). A refresh fails when {@link #get()} throws or returns
 * credentials that expire no later than the current ones; Warren then retries with a growing pause
 * (250 ms, doubled up to 30 s, never past the expiry) and logs each failure without the secret. If
 * the credentials expire before a refresh succeeds, each connection still holding them is closed
 * with reply code 403 and a text saying so, which its close listeners receive.
 *
 * <p>Thread-safety: {@link #get()} may be called from any of the library's threads, one call at a
 * time per connection but concurrently for different connections; implementations must be
 * thread-safe. It may block (an HTTP call to an identity provider, say): Warren never calls it on
 * an I/O thread. At a connection attempt it delays that attempt, so it should return within
 * seconds.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface CredentialsProvider {
  /**
   * The credentials for the attempt about to start.
   *
   * @return never null
   * @throws RuntimeException to fail this connection attempt; the exception is reported as its
   *     cause (its message must not contain a secret)
   */
  Credentials get();

  /**
   * How long before their expiry credentials that expire are refreshed, for credentials whose
   * lifetime (from when {@link #get()} returned them to their {@linkplain Credentials#expiresAt()
   * expiry}) is {@code lifetime}. The default is a fifth of the lifetime: a refresh at 80% of it
   * (amqp-client's default ratio), 12 minutes ahead for a token of one hour.
   *
   * <p>Called by Warren with the result of each {@link #get()} that expires; a result that is
   * negative is taken as zero, one longer than {@code lifetime} as {@code lifetime} (refresh at
   * once). Must not block; thread-safe like {@link #get()}.
   *
   * @param lifetime how long the credentials just returned are valid; zero or positive, not null
   * @return how long before the expiry to refresh; not null
   */
  default Duration refreshBefore(Duration lifetime) {
    return lifetime.dividedBy(5);
  }

  /**
   * {@return a provider that always returns {@code credentials}}
   *
   * @param credentials the credentials to return at every attempt
   */
  static CredentialsProvider of(Credentials credentials) {
    return new FixedCredentialsProvider(credentials);
  }
}
