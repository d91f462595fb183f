/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

/**
 * Every AMQP 0-9-1 reply code as a type, with what it means for the application: whether it closes
 * the connection ({@link #isHardError()}) and whether the same operation can succeed later without
 * a change to the application or the broker's configuration ({@link #isRecoverable()}). This enum
 * is the one place where a reply code's number, name and kind are defined; {@link ReplyCode} keeps
 * the numbers as {@code int} constants.
 *
 * <p>Every {@link AmqpException} has one: {@link AmqpException#code()}. A failure without a reply
 * code (a socket error, a client-side timeout) has {@link #NONE}; a number the specification does
 * not define (a peer that is not RabbitMQ) has {@link #UNKNOWN}, and {@link
 * AmqpException#replyCode()} still gives the number.
 *
 * <p>{@code isRecoverable()} follows the specification's wording and py-amqp's split into
 * recoverable and irrecoverable errors, with one difference: 541 INTERNAL_ERROR is recoverable,
 * because a RabbitMQ node that closes a connection with it (a crashed queue process, a node
 * shutting down) usually serves the reconnection. Warren's automatic recovery reconnects after a
 * connection closed by the broker exactly when the code is recoverable (320, 506, 541), and after
 * any failure Warren detected itself (transport, heartbeat, bytes it could not decode).
 *
 * <p>Immutable and thread-safe, like every enum.
 *
 * @since 0.1
 */
public enum AmqpReplyCode {
  /** No reply code: the failure did not come from the protocol (number 0). */
  NONE(0, false, false),
  /** 200: a normal close. */
  REPLY_SUCCESS(200, false, false),
  /**
   * 311: the content was larger than the server could accept at the time (basic.return); the spec
   * lets the client retry later.
   */
  CONTENT_TOO_LARGE(311, false, true),
  /** 312: a mandatory message no queue was bound for (basic.return). */
  NO_ROUTE(312, false, true),
  /** 313: an immediate message no consumer could take at once (basic.return). */
  NO_CONSUMERS(313, false, true),
  /**
   * 320: an operator or the node closed the connection (rabbitmqctl close_connection, node
   * shutdown); reconnecting is expected to work.
   */
  CONNECTION_FORCED(320, true, true),
  /** 402: the virtual host path is not valid. */
  INVALID_PATH(402, true, false),
  /** 403: the user may not do this, or the resource is exclusive to another connection. */
  ACCESS_REFUSED(403, false, false),
  /** 404: no such exchange or queue. */
  NOT_FOUND(404, false, false),
  /**
   * 405: another connection holds the resource (an exclusive queue, an exclusive consumer); it may
   * be free later.
   */
  RESOURCE_LOCKED(405, false, true),
  /** 406: a redeclaration with other properties, an unknown delivery tag, a failed if-unused. */
  PRECONDITION_FAILED(406, false, false),
  /** 501: a malformed frame. */
  FRAME_ERROR(501, true, false),
  /** 502: a frame whose fields did not decode (a bad field table, say). */
  SYNTAX_ERROR(502, true, false),
  /** 503: a method that is not allowed here (for example a second channel.open). */
  COMMAND_INVALID(503, true, false),
  /** 504: a method on a channel that is not open, or a channel number beyond the limit. */
  CHANNEL_ERROR(504, true, false),
  /** 505: a frame out of its order (a content body with no header before it, say). */
  UNEXPECTED_FRAME(505, true, false),
  /** 506: the server lacked the resources to complete the method; it may have them later. */
  RESOURCE_ERROR(506, true, true),
  /** 530: the operation is not allowed (a virtual host the user may not open, a reserved name). */
  NOT_ALLOWED(530, true, false),
  /** 540: the server does not implement this (basic.publish with immediate in RabbitMQ). */
  NOT_IMPLEMENTED(540, true, false),
  /** 541: an internal error of the server; reconnecting usually works. */
  INTERNAL_ERROR(541, true, true),
  /** A number the specification does not define. */
  UNKNOWN(-1, false, false);

  private final int number;
  private final boolean hard;
  private final boolean recoverable;

  AmqpReplyCode(int number, boolean hard, boolean recoverable) {
    this.number = number;
    this.hard = hard;
    this.recoverable = recoverable;
  }

  /**
   * The constant for a reply code number: {@link #NONE} for 0, {@link #UNKNOWN} for a number the
   * specification does not define. Never null.
   *
   * @param replyCode a reply code number, such as 404, or 0 for none
   * @return the matching constant; never null
   */
  public static AmqpReplyCode of(int replyCode) {
    for (AmqpReplyCode c : values()) {
      if (c.number == replyCode && c != UNKNOWN) {
        return c;
      }
    }
    return UNKNOWN;
  }

  /**
   * The number, such as 404; -1 for {@link #UNKNOWN}.
   *
   * @return the reply code number
   */
  public int number() {
    return number;
  }

  /**
   * The specification's name, such as {@code "NOT_FOUND"} (the constant's name); {@code "UNKNOWN"}
   * for {@link #UNKNOWN} and {@code "NONE"} for {@link #NONE}.
   *
   * @return the name; never null
   */
  public String protocolName() {
    return name();
  }

  /**
   * Whether the specification makes this a connection exception, which closes the whole connection
   * (320, 402 and the 5xx codes); false for the channel exceptions (403-406), for the basic.return
   * codes (311-313), {@link #REPLY_SUCCESS}, {@link #NONE} and {@link #UNKNOWN}.
   *
   * @return true for a connection exception
   */
  public boolean isHardError() {
    return hard;
  }

  /**
   * Whether trying again later can succeed without changing the application or the broker's
   * configuration: true for 311, 312, 313, 320, 405, 506 and 541; false for the others, whose cause
   * (a missing queue, a refused permission, a protocol error) stays until someone fixes it.
   *
   * @return true when a later retry can succeed
   */
  public boolean isRecoverable() {
    return recoverable;
  }
}
