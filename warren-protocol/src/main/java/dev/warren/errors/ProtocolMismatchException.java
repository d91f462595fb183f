/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

/**
 * The peer does not speak AMQP 0-9-1: its first bytes, in answer to Warren's protocol header, are
 * not connection.start. Either it answered with the protocol header of another AMQP version (reply
 * code 540 NOT_IMPLEMENTED, initiator {@link Initiator#BROKER}), or with something that is not AMQP
 * at all, such as an HTTP response, an SSH banner, a TLS alert or garbage (501 FRAME_ERROR,
 * initiator {@link Initiator#LIBRARY}). Raised as soon as those bytes arrive, not at the stack
 * timeout; the message shows them ({@link #received()} has them) and says what the peer looks like.
 * With a single connection attempt it is what {@code Connection.open} throws; with several, each
 * attempt's failure is in {@link ConnectFailedException#attempts()}.
 *
 * @since 0.1
 */
public class ProtocolMismatchException extends ConnectionClosedException {
  private static final long serialVersionUID = 1L;

  private static final int SHOWN = 48;

  /** The first bytes the peer sent (a private copy, never null). */
  private final byte[] received;

  /**
   * A peer that answered with {@code received}.
   *
   * @param replyCode 540 for another AMQP version's header, 501 for bytes that are not AMQP
   * @param received the first bytes the peer sent (copied)
   * @param what what they were, such as "protocol header AMQP 1-0-0"
   */
  public ProtocolMismatchException(int replyCode, byte[] received, String what) {
    super(
        replyCode,
        replyCode == ReplyCode.NOT_IMPLEMENTED ? "protocol version mismatch" : "not AMQP",
        replyCode == ReplyCode.NOT_IMPLEMENTED ? Initiator.BROKER : Initiator.LIBRARY,
        "the peer does not speak AMQP 0-9-1: it answered with "
            + what
            + " ("
            + show(received)
            + "); point Warren at an AMQP 0-9-1 port (RabbitMQ: 5672, or 5671 with TLS)",
        new ProtocolException(replyCode, "first bytes from the peer: " + show(received)));
    this.received = received.clone();
  }

  /**
   * The first bytes the peer sent (at most what arrived with them; a copy).
   *
   * @return a new copy of the bytes on each call; never null
   */
  public byte[] received() {
    return received.clone();
  }

  /**
   * The bytes as text where they are printable ASCII, {@code \r}, {@code \n} and {@code \xNN}
   * otherwise, at most 48 of them.
   */
  static String show(byte[] bytes) {
    StringBuilder sb = new StringBuilder("\"");
    int n = Math.min(bytes.length, SHOWN);
    for (int i = 0; i < n; i++) {
      int b = bytes[i] & 0xff;
      if (b == '\r') {
        sb.append("\\r");
      } else if (b == '\n') {
        sb.append("\\n");
      } else if (b == '"' || b == '\\') {
        sb.append('\\').append((char) b);
      } else if (b >= 0x20 && b < 0x7f) {
        sb.append((char) b);
      } else {
        sb.append(String.format("\\x%02x", b));
      }
    }
    sb.append('"');
    if (bytes.length > n) {
      sb.append("...");
    }
    return sb.toString();
  }
}
