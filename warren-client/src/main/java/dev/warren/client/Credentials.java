/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a connection authenticates with: a user name and password ({@link PlainCredentials}) or the
 * identity the transport already proved, normally the client's TLS certificate ({@link
 * ExternalCredentials}).
 *
 * <p>Which SASL mechanism carries the credentials is chosen separately: see {@link
 * ConnectionParameters.Builder#authMechanisms(SaslMechanism...)} and {@link SaslMechanisms}.
 *
 * <p>Implementations are immutable and thread-safe. Their {@code toString()} never shows a secret.
 *
 * @since 0.1
 */
public sealed interface Credentials permits PlainCredentials, ExternalCredentials {
  /**
   * When these credentials stop being accepted, if they expire (an OAuth 2 access token, say: see
   * {@link PlainCredentials#withExpiry(Instant)}). A connection opened with credentials that expire
   * asks its {@link CredentialsProvider} for fresh ones ahead of that instant ({@link
   * CredentialsProvider#refreshBefore(Duration)}), hands them to the broker with {@code
   * connection.update-secret} and uses them for every later connection attempt.
   *
   * @return the expiry; empty (the default) when the credentials do not expire
   */
  default Optional<Instant> expiresAt() {
    return Optional.empty();
  }
}
