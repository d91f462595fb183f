/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

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
public sealed interface Credentials permits PlainCredentials, ExternalCredentials {}
