/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

/**
 * The peer sent bytes that are not valid AMQP 0-9-1: a bad frame end, a truncated frame, an unknown
 * field type, a length beyond its buffer, nesting beyond the documented limit, an unknown class or
 * method, or a frame out of its expected order.
 *
 * <p>Reply code is {@link ReplyCode#FRAME_ERROR}, {@link ReplyCode#SYNTAX_ERROR}, {@link
 * ReplyCode#COMMAND_INVALID} or {@link ReplyCode#UNEXPECTED_FRAME}. The connection that received
 * such bytes cannot continue and is closed.
 *
 * @since 0.1
 */
public class ProtocolException extends AmqpException {
  private static final long serialVersionUID = 1L;

  /**
   * Invalid input from the peer.
   *
   * @param replyCode the reply code Warren closes the connection with (see above)
   * @param message what was wrong, and where
   */
  public ProtocolException(int replyCode, String message) {
    super(replyCode, message);
  }

  /**
   * Invalid input from the peer, with the failure that found it.
   *
   * @param replyCode the reply code Warren closes the connection with (see above)
   * @param message what was wrong, and where
   * @param cause the underlying failure, or null
   */
  public ProtocolException(int replyCode, String message, Throwable cause) {
    super(replyCode, message, cause);
  }
}
