/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

/**
 * AMQP 0-9-1 reply codes (the spec's constants, with RabbitMQ's usage).
 *
 * @since 0.1
 */
public final class ReplyCode {
  private ReplyCode() {}

  /** 200: a normal close. */
  public static final int REPLY_SUCCESS = 200;

  /**
   * 311 (channel): the content was too large; Warren closes a channel with it when an inbound body
   * exceeds the configured maximum.
   */
  public static final int CONTENT_TOO_LARGE = 311;

  /** 312 (basic.return): a mandatory message could not be routed to any queue. */
  public static final int NO_ROUTE = 312;

  /**
   * 313 (basic.return): an immediate message had no consumer (RabbitMQ does not support immediate).
   */
  public static final int NO_CONSUMERS = 313;

  /**
   * 320 (connection): an operator or the broker closed the connection; Warren also uses it for a
   * lost transport. Automatic recovery reconnects after it.
   */
  public static final int CONNECTION_FORCED = 320;

  /** 402 (connection): the virtual host path is invalid. */
  public static final int INVALID_PATH = 402;

  /**
   * 403 (channel): the user may not do this to this resource; {@link AccessRefusedException}.
   * During the handshake: the login was refused ({@link AuthenticationException}).
   */
  public static final int ACCESS_REFUSED = 403;

  /** 404 (channel): the exchange, queue or consumer does not exist; {@link NotFoundException}. */
  public static final int NOT_FOUND = 404;

  /**
   * 405 (channel): the queue is exclusive to another connection; {@link ResourceLockedException}.
   */
  public static final int RESOURCE_LOCKED = 405;

  /**
   * 406 (channel): a redeclaration with other properties, an unknown delivery tag, a condition of a
   * delete that does not hold; {@link PreconditionFailedException}.
   */
  public static final int PRECONDITION_FAILED = 406;

  /** 501 (connection): a malformed frame. */
  public static final int FRAME_ERROR = 501;

  /** 502 (connection): a frame with invalid field values. */
  public static final int SYNTAX_ERROR = 502;

  /** 503 (connection): a method not allowed in the current state. */
  public static final int COMMAND_INVALID = 503;

  /** 504 (connection): a frame on a channel that is not open. */
  public static final int CHANNEL_ERROR = 504;

  /** 505 (connection): a frame the peer did not expect at this point. */
  public static final int UNEXPECTED_FRAME = 505;

  /** 506 (connection): the server ran out of a resource. */
  public static final int RESOURCE_ERROR = 506;

  /**
   * 530 (connection): the operation is not allowed (during connection.open: no access to the
   * virtual host, {@link VirtualHostAccessException}).
   */
  public static final int NOT_ALLOWED = 530;

  /** 540 (connection): the peer does not implement this functionality. */
  public static final int NOT_IMPLEMENTED = 540;

  /** 541 (connection): an internal error of the broker. Automatic recovery reconnects after it. */
  public static final int INTERNAL_ERROR = 541;

  /**
   * Whether the code is a hard error, which closes the whole connection.
   *
   * @param code a reply code
   * @return true for 320, 402 and 500 to 599; false for the soft errors (channel) and 200
   */
  public static boolean isHardError(int code) {
    return code == CONNECTION_FORCED || code == INVALID_PATH || (code >= 500 && code <= 599);
  }

  /**
   * Same as {@link AmqpReplyCode#isRecoverable()}; false for a code it does not define.
   *
   * @param code a reply code
   * @return true when a later retry can succeed
   */
  public static boolean isRecoverable(int code) {
    return AmqpReplyCode.of(code).isRecoverable();
  }

  /**
   * "404 NOT_FOUND - no queue 'x'": the code, its name and the broker's text, without repeating the
   * name when the text already starts with it (RabbitMQ's texts do).
   *
   * @param code a reply code
   * @param text the reply text; null or empty for none
   * @return the description; never null
   */
  public static String describe(int code, String text) {
    String name = nameOf(code);
    if (text == null || text.isEmpty()) {
      return code + " " + name;
    }
    if (text.startsWith(name)) {
      return code + " " + text;
    }
    return code + " " + name + " - " + text;
  }

  /**
   * The spec's name of a reply code.
   *
   * @param code a reply code
   * @return the name, such as {@code NOT_FOUND}, or {@code "UNKNOWN"} for a code the spec lacks
   */
  public static String nameOf(int code) {
    AmqpReplyCode c = AmqpReplyCode.of(code);
    return c == AmqpReplyCode.NONE ? "UNKNOWN" : c.protocolName();
  }
}
