/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * A SASL mechanism the client can authenticate with (py-amqp's {@code amqp.sasl.SASL}). The
 * built-ins are in {@link SaslMechanisms}: {@code PLAIN}, {@code AMQPLAIN}, {@code EXTERNAL} and
 * {@link SaslMechanisms#raw(String, byte[]) raw}; implement this interface for any other mechanism,
 * including challenge/response ones (the broker's {@code connection.secure} challenges reach {@link
 * SaslSession#respond(byte[])}).
 *
 * <p>Implementations must be immutable and thread-safe: one instance serves every connection
 * attempt of every connection; per-attempt state belongs in the {@link SaslSession}.
 *
 * @since 0.1
 */
public interface SaslMechanism {
  /**
   * The mechanism's name as brokers list it in {@code connection.start}, such as {@code PLAIN}:
   * upper-case letters, digits, {@code -} and {@code _}, at most 20 characters.
   *
   * @return the name; never null
   */
  String name();

  /**
   * Starts one exchange for one connection attempt.
   *
   * @param credentials what the connection's {@link CredentialsProvider} returned for this attempt
   * @return a new session; never null
   * @throws IllegalArgumentException when the mechanism cannot use this kind of credentials (for
   *     example {@code PLAIN} with {@link ExternalCredentials}); the message names the mechanism
   *     and the credentials' type, never a secret
   */
  SaslSession start(Credentials credentials);
}
