/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * Authentication by an identity the transport already established, normally the client certificate
 * of a TLS connection (SASL {@code EXTERNAL}; pika's {@code ExternalCredentials}).
 *
 * <p>RabbitMQ accepts it only with the {@code rabbitmq_auth_mechanism_ssl} plugin enabled and a TLS
 * listener that asks for client certificates. With these credentials the default mechanism list is
 * {@code [EXTERNAL]} (see {@link SaslMechanisms#defaultsFor(Credentials)}).
 *
 * <p>Immutable and thread-safe; all instances are equal.
 *
 * @since 0.1
 */
public record ExternalCredentials() implements Credentials {}
