/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

/**
 * The connection is closed, so the operation could not be done: by the broker (connection.close
 * with a hard error such as 320 CONNECTION_FORCED or 541 INTERNAL_ERROR), by the application, or by
 * Warren because the transport failed or the peer broke the protocol.
 *
 * <p>Subclasses name the common causes: {@link AuthenticationException}, {@link
 * VirtualHostAccessException}, {@link HeartbeatTimeoutException}, {@link BlockedTimeoutException},
 * {@link ConnectionLostException}.
 *
 * @since 0.1
 */
public class ConnectionClosedException extends AmqpException {
  private static final long serialVersionUID = 1L;

  /** The reply text, never null. */
  private final String replyText;

  /** Who closed the connection. */
  private final Initiator initiator;

  /**
   * A closed connection with a message of the caller's.
   *
   * @param replyCode the reply code of the close, or {@link #NO_REPLY_CODE}
   * @param replyText the reply text; null is read as empty
   * @param initiator who closed the connection; never null
   * @param message what happened and what to do; must not contain credentials
   * @param cause the underlying failure, or null
   */
  public ConnectionClosedException(
      int replyCode, String replyText, Initiator initiator, String message, Throwable cause) {
    super(replyCode, message, cause);
    this.replyText = replyText == null ? "" : replyText;
    this.initiator = initiator;
  }

  /**
   * A closed connection whose message says who closed it, with the code and the text.
   *
   * @param replyCode the reply code of the close
   * @param replyText the reply text; null is read as empty
   * @param initiator who closed the connection; never null
   */
  public ConnectionClosedException(int replyCode, String replyText, Initiator initiator) {
    this(replyCode, replyText, initiator, describe(replyCode, replyText, initiator), null);
  }

  static String describe(int code, String text, Initiator initiator) {
    String who =
        switch (initiator) {
          case BROKER -> "connection closed by the broker";
          case CLIENT -> "connection closed by the application";
          case LIBRARY -> "connection closed by Warren";
        };
    return who + ": " + ReplyCode.describe(code, text);
  }

  /**
   * The reply text of the close.
   *
   * @return the text; never null, empty when there was none
   */
  public String replyText() {
    return replyText;
  }

  /**
   * Who closed the connection.
   *
   * @return the initiator; never null
   */
  public Initiator initiator() {
    return initiator;
  }
}
