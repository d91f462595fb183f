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

  public static final int REPLY_SUCCESS = 200;
  public static final int CONTENT_TOO_LARGE = 311;
  public static final int NO_ROUTE = 312;
  public static final int NO_CONSUMERS = 313;
  public static final int CONNECTION_FORCED = 320;
  public static final int INVALID_PATH = 402;
  public static final int ACCESS_REFUSED = 403;
  public static final int NOT_FOUND = 404;
  public static final int RESOURCE_LOCKED = 405;
  public static final int PRECONDITION_FAILED = 406;
  public static final int FRAME_ERROR = 501;
  public static final int SYNTAX_ERROR = 502;
  public static final int COMMAND_INVALID = 503;
  public static final int CHANNEL_ERROR = 504;
  public static final int UNEXPECTED_FRAME = 505;
  public static final int RESOURCE_ERROR = 506;
  public static final int NOT_ALLOWED = 530;
  public static final int NOT_IMPLEMENTED = 540;
  public static final int INTERNAL_ERROR = 541;

  /**
   * Whether the code is a hard error, which closes the whole connection: 320, 402 and every 5xx
   * code (a 5xx number the specification does not define too). Same as {@link
   * AmqpReplyCode#isHardError()} for the defined codes.
   */
  public static boolean isHardError(int code) {
    return code == CONNECTION_FORCED || code == INVALID_PATH || (code >= 500 && code <= 599);
  }

  /** Same as {@link AmqpReplyCode#isRecoverable()}; false for a code it does not define. */
  public static boolean isRecoverable(int code) {
    return AmqpReplyCode.of(code).isRecoverable();
  }

  /**
   * "404 NOT_FOUND - no queue 'x'": the code, its name and the broker's text, without repeating the
   * name when the text already starts with it (RabbitMQ's texts do: "NOT_FOUND - no queue 'x'").
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
   * The spec's name of a reply code, such as {@code NOT_FOUND}, or {@code "UNKNOWN"} for 0 and for
   * numbers the specification does not define.
   */
  public static String nameOf(int code) {
    AmqpReplyCode c = AmqpReplyCode.of(code);
    return c == AmqpReplyCode.NONE ? "UNKNOWN" : c.protocolName();
  }
}
