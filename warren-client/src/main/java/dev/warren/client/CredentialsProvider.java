/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import dev.warren.client.internal.config.FixedCredentialsProvider;

/**
 * Supplies the {@link Credentials} for a connection attempt. The connection calls {@link #get()}
 * once at each attempt (first connect, every retry, every automatic recovery), so a provider can
 * hand out a password that was rotated or a token that was refreshed since the last attempt.
 *
 * <p>Thread-safety: {@link #get()} may be called from any of the library's threads, one call at a
 * time per connection but concurrently for different connections; implementations must be
 * thread-safe. It should return quickly: it runs inside the connection's {@code stackTimeout}.
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
   * {@return a provider that always returns {@code credentials}}
   *
   * @param credentials the credentials to return at every attempt
   */
  static CredentialsProvider of(Credentials credentials) {
    return new FixedCredentialsProvider(credentials);
  }
}
