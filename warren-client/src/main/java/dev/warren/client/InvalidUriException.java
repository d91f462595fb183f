/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * An {@code amqp://} or {@code amqps://} URI that cannot be used: malformed, with an unknown query
 * key or with a value out of range. The message names the part at fault (and, for an unknown key,
 * lists every accepted key) and never contains the URI's password.
 *
 * @since 0.1
 */
public class InvalidUriException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with {@code message}, which must not contain a secret.
   *
   * @param message what is wrong and what is accepted
   */
  public InvalidUriException(String message) {
    super(message);
  }

  /**
   * An exception with {@code message}, which must not contain a secret, and its cause.
   *
   * @param message what is wrong and what is accepted
   * @param cause the parser's failure
   */
  public InvalidUriException(String message, Throwable cause) {
    super(message, cause);
  }
}
