/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

/**
 * The root of every exception Warren throws: unchecked, and carrying the AMQP reply code when the
 * failure has one.
 *
 * <p>Reply codes follow AMQP 0-9-1: soft errors (311-406) close a channel, hard errors (320, 402,
 * 501-541) close the connection. A failure that did not come with a reply code from the protocol (a
 * socket error, a timeout on the client) reports {@link #NO_REPLY_CODE}.
 *
 * <p>Messages never contain credentials.
 *
 * @since 0.1
 */
public class AmqpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The reply code of a failure that the protocol did not give a code to. */
  public static final int NO_REPLY_CODE = 0;

  private final int replyCode;

  /** A failure with {@code replyCode} ({@link #NO_REPLY_CODE} for none) and {@code message}. */
  public AmqpException(int replyCode, String message) {
    this(replyCode, message, null);
  }

  /** As {@link #AmqpException(int, String)}, caused by {@code cause} (may be null). */
  public AmqpException(int replyCode, String message, Throwable cause) {
    // Without a cause, leave it unset so that initCause can still attach one later.
    super(message);
    if (cause != null) {
      initCause(cause);
    }
    this.replyCode = replyCode;
  }

  /** The AMQP reply code of this failure, or {@link #NO_REPLY_CODE} when it has none. */
  public int replyCode() {
    return replyCode;
  }

  /**
   * The reply code as a type: {@link AmqpReplyCode#NONE} when the failure has no reply code, {@link
   * AmqpReplyCode#UNKNOWN} for a number the specification does not define. Never null.
   */
  public AmqpReplyCode code() {
    return AmqpReplyCode.of(replyCode);
  }

  /**
   * Whether the reply code is a hard error, one that closes the whole connection (320, 402, 5xx);
   * false when there is no reply code. See {@link AmqpReplyCode#isHardError()}.
   */
  public boolean isHardError() {
    return ReplyCode.isHardError(replyCode);
  }

  /**
   * Whether the reply code says that trying again later can succeed without a change to the
   * application or the broker (311, 312, 313, 320, 405, 506, 541); false when there is no reply
   * code. See {@link AmqpReplyCode#isRecoverable()}.
   */
  public boolean isRecoverable() {
    return ReplyCode.isRecoverable(replyCode);
  }
}
