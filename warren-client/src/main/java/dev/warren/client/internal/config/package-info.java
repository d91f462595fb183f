/**
 * Configuration helpers behind the public value types: AMQP URI parsing, host names, client
 * properties, literal parsing and the shared argument checks.
 *
 * <p><b>Threads:</b> stateless or immutable; thread-safe.
 *
 * <p><b>May use:</b> the public API only.
 */
package dev.warren.client.internal.config;
