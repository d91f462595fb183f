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
 * {@link ConnectionLostException}. Every reply code is typed by {@link #code()}, and {@link
 * #failingMethodName()} names the method the broker blamed. See docs/errors.md.
 *
 * @since 0.1
 */
public class ConnectionClosedException extends AmqpException {
  private static final long serialVersionUID = 1L;

  /** The reply text, never null. */
  private final String replyText;

  /** Who closed the connection. */
  private final Initiator initiator;

  /** The class id of the method that caused the close, or 0 for none. */
  private final int failingClassId;

  /** The method id of the method that caused the close, or 0 for none. */
  private final int failingMethodId;

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
    this(replyCode, replyText, 0, 0, initiator, message, cause);
  }

  /**
   * A close with its own {@code message} that names the method that caused it (the class and method
   * ids of connection.close; 0 and 0 for none).
   *
   * @param replyCode the reply code of the close, or {@link #NO_REPLY_CODE}
   * @param replyText the reply text; null is read as empty
   * @param failingClassId the class id of the method that caused the close, or 0 for none
   * @param failingMethodId the method id of the method that caused the close, or 0 for none
   * @param initiator who closed the connection; never null
   * @param message what happened and what to do; must not contain credentials
   * @param cause the underlying failure, or null
   */
  public ConnectionClosedException(
      int replyCode,
      String replyText,
      int failingClassId,
      int failingMethodId,
      Initiator initiator,
      String message,
      Throwable cause) {
    super(replyCode, message, cause);
    this.replyText = replyText == null ? "" : replyText;
    this.initiator = initiator;
    this.failingClassId = failingClassId;
    this.failingMethodId = failingMethodId;
  }

  /**
   * A closed connection whose message says who closed it, with the code and the text.
   *
   * @param replyCode the reply code of the close
   * @param replyText the reply text; null is read as empty
   * @param initiator who closed the connection; never null
   */
  public ConnectionClosedException(int replyCode, String replyText, Initiator initiator) {
    this(
        replyCode,
        replyText,
        0,
        0,
        initiator,
        describe(replyCode, replyText, initiator, 0, 0),
        null);
  }

  /**
   * The exception for a connection.close the broker sent once the connection was open: its reply
   * code, text and the method that caused it, which the message names ("connection closed by the
   * broker: 504 CHANNEL_ERROR - second 'channel.open' seen (caused by channel.open)").
   *
   * @param replyCode the reply code of the broker's connection.close
   * @param replyText the reply text; null is read as empty
   * @param failingClassId the class id of the method that caused the close, or 0 for none
   * @param failingMethodId the method id of the method that caused the close, or 0 for none
   * @return a new exception with initiator {@link Initiator#BROKER}; never null
   */
  public static ConnectionClosedException fromBroker(
      int replyCode, String replyText, int failingClassId, int failingMethodId) {
    return new ConnectionClosedException(
        replyCode,
        replyText,
        failingClassId,
        failingMethodId,
        Initiator.BROKER,
        describe(replyCode, replyText, Initiator.BROKER, failingClassId, failingMethodId),
        null);
  }

  static String describe(
      int code, String text, Initiator initiator, int failingClassId, int failingMethodId) {
    String who =
        switch (initiator) {
          case BROKER -> "connection closed by the broker";
          case CLIENT -> "connection closed by the application";
          case LIBRARY -> "connection closed by Warren";
        };
    String method = FailingMethod.name(failingClassId, failingMethodId);
    return who
        + ": "
        + ReplyCode.describe(code, text)
        + (method == null ? "" : " (caused by " + method + ")");
  }

  /**
   * The class id of the method that caused the close, or 0.
   *
   * @return the class id, or 0 when the close names no method
   */
  public int failingClassId() {
    return failingClassId;
  }

  /**
   * The method id of the method that caused the close, or 0.
   *
   * @return the method id, or 0 when the close names no method
   */
  public int failingMethodId() {
    return failingMethodId;
  }

  /**
   * The spec's name of the method that caused the close, such as {@code "channel.open"}, or {@code
   * null} when the close names none (class id 0) or ids that no AMQP 0-9-1 method has.
   *
   * @return the method's name, or null
   */
  public String failingMethodName() {
    return FailingMethod.name(failingClassId, failingMethodId);
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
