/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

import java.util.List;

/**
 * Warren could not open a connection: the host did not answer, refused the TCP connection, the TLS
 * handshake failed, or the AMQP handshake did not finish within the stack timeout. The message
 * names the endpoint and the stage that failed. When several endpoints or attempts were tried,
 * {@link #attempts()} holds each one's failure, in order.
 *
 * @since 0.1
 */
public class ConnectFailedException extends AmqpException {
  private static final long serialVersionUID = 1L;

  /**
   * One failed attempt: which endpoint, which try, and why.
   *
   * @param endpoint the endpoint tried, as {@code host:port}
   * @param attempt the number of the try, from 1
   * @param failure why it failed
   */
  public record Attempt(String endpoint, int attempt, Throwable failure) {}

  private final transient List<Attempt> attempts;

  /**
   * A failed connection attempt; the reply code is the cause's when it is an {@link AmqpException},
   * else {@link #NO_REPLY_CODE}.
   *
   * @param message what failed (endpoint and stage) and what to check
   * @param cause the last attempt's failure, or null
   * @param attempts every failed attempt, oldest first; copied; never null
   */
  public ConnectFailedException(String message, Throwable cause, List<Attempt> attempts) {
    super(cause instanceof AmqpException amqp ? amqp.replyCode() : NO_REPLY_CODE, message, cause);
    this.attempts = List.copyOf(attempts);
  }

  /**
   * Every attempt that failed, oldest first.
   *
   * @return an immutable list; never null, empty after deserialization
   */
  public List<Attempt> attempts() {
    return attempts == null ? List.of() : attempts;
  }
}
