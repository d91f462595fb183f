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

  /** The reply code, or {@link #NO_REPLY_CODE}. */
  private final int replyCode;

  /**
   * An exception with a reply code and a message, and no cause (one may be attached later with
   * {@link #initCause}).
   *
   * @param replyCode the AMQP reply code, or {@link #NO_REPLY_CODE}
   * @param message what happened and what to do; must not contain credentials
   */
  public AmqpException(int replyCode, String message) {
    this(replyCode, message, null);
  }

  /**
   * An exception with a reply code, a message and a cause.
   *
   * @param replyCode the AMQP reply code, or {@link #NO_REPLY_CODE}
   * @param message what happened and what to do; must not contain credentials
   * @param cause the underlying failure; null for none (it can then be attached later with {@link
   *     #initCause})
   */
  public AmqpException(int replyCode, String message, Throwable cause) {
    // Without a cause, leave it unset so that initCause can still attach one later.
    super(message);
    if (cause != null) {
      initCause(cause);
    }
    this.replyCode = replyCode;
  }

  /**
   * The AMQP reply code of this failure.
   *
   * @return the reply code (such as 404), or {@link #NO_REPLY_CODE} when it has none
   */
  public int replyCode() {
    return replyCode;
  }

  /**
   * The reply code as a type: {@link AmqpReplyCode#NONE} when the failure has no reply code, {@link
   * AmqpReplyCode#UNKNOWN} for a number the specification does not define. Never null.
   *
   * @return the typed reply code; never null
   */
  public AmqpReplyCode code() {
    return AmqpReplyCode.of(replyCode);
  }

  /**
   * Whether the reply code is a hard error, one that closes the whole connection (320, 402, 5xx);
   * false when there is no reply code. See {@link AmqpReplyCode#isHardError()}.
   *
   * @return true when the reply code closes the connection
   */
  public boolean isHardError() {
    return ReplyCode.isHardError(replyCode);
  }

  /**
   * Whether the reply code says that trying again later can succeed without a change to the
   * application or the broker (311, 312, 313, 320, 405, 506, 541); false when there is no reply
   * code. See {@link AmqpReplyCode#isRecoverable()}.
   *
   * @return true when a later retry can succeed
   */
  public boolean isRecoverable() {
    return ReplyCode.isRecoverable(replyCode);
  }
}
