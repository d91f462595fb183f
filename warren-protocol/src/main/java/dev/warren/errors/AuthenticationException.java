/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

/**
 * The broker refused the login: wrong user name or password, an unknown user, or a SASL mechanism
 * that neither side can agree on. Check the credentials and the broker's auth_mechanisms. Never
 * retried automatically with the same credentials.
 *
 * @since 0.1
 */
public class AuthenticationException extends ConnectionClosedException {
  private static final long serialVersionUID = 1L;

  /**
   * A refused login.
   *
   * @param replyCode the reply code (403 ACCESS_REFUSED)
   * @param replyText the broker's reply text, or empty when the broker only closed the socket
   * @param message what failed and what to check, without credentials
   */
  public AuthenticationException(int replyCode, String replyText, String message) {
    super(replyCode, replyText, Initiator.BROKER, message, null);
  }
}
