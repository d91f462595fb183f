/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

/**
 * The channel or connection is not in a state that allows the operation: it is closed or closing,
 * or not yet open (pika's {@code ChannelWrongStateError} and {@code ConnectionWrongStateError}).
 * The cause, when present, is why it closed.
 *
 * @since 0.1
 */
public class WrongStateException extends AmqpException {
  private static final long serialVersionUID = 1L;

  /**
   * An operation refused in the current state; no reply code.
   *
   * @param message what was refused and what to do instead
   * @param cause why the channel or connection closed, or null
   */
  public WrongStateException(String message, Throwable cause) {
    super(NO_REPLY_CODE, message, cause);
  }
}
