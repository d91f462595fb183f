/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol.codec;

import dev.warren.errors.ProtocolException;
import dev.warren.errors.ReplyCode;
import java.nio.ByteBuffer;

/**
 * The 8-byte protocol header {@code "AMQP" 0 0 9 1} that opens a connection, and the version a peer
 * announced in one: a broker that does not accept the version the client asked for answers with its
 * own header and closes the socket.
 *
 * @param protocolId the protocol id octet (0 for AMQP 0-9-1, 1 for 0-8's "AMQP 1 1 8 0" style)
 * @param major the major version octet
 * @param minor the minor version octet
 * @param revision the revision octet
 */
public record ProtocolHeader(int protocolId, int major, int minor, int revision) {
  /** The length of a protocol header in bytes. */
  public static final int LENGTH = 8;

  /**
   * The bytes Warren sends, {@code 'A' 'M' 'Q' 'P' 0 0 9 1}. Never modify this array; {@link
   * #header()} returns a copy.
   */
  public static final byte[] HEADER = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};

  /** AMQP 0-9-1, the version Warren speaks. */
  public static final ProtocolHeader AMQP_0_9_1 = new ProtocolHeader(0, 0, 9, 1);

  /** A copy of {@link #HEADER}. */
  public static byte[] header() {
    return HEADER.clone();
  }

  /**
   * Whether the bytes at the position of {@code in} start like a protocol header (the first byte is
   * {@code 'A'}, which is never a frame type); false when no byte is available.
   */
  public static boolean looksLikeProtocolHeader(ByteBuffer in) {
    return in.hasRemaining() && in.get(in.position()) == 'A';
  }

  /**
   * Parses a protocol header at the position of {@code in}, advancing past it; returns {@code null}
   * (consuming nothing) when fewer than 8 bytes are available.
   *
   * @throws ProtocolException when the bytes do not start with {@code "AMQP"}
   */
  public static ProtocolHeader parse(ByteBuffer in) {
    int p = in.position();
    int n = Math.min(4, in.remaining());
    for (int i = 0; i < n; i++) {
      if (in.get(p + i) != HEADER[i]) {
        throw new ProtocolException(
            ReplyCode.FRAME_ERROR,
            "not an AMQP protocol header: byte "
                + i
                + " is "
                + String.format("0x%02x", in.get(p + i) & 0xFF)
                + ", expected '"
                + (char) HEADER[i]
                + "'");
      }
    }
    if (in.remaining() < LENGTH) {
      return null;
    }
    ProtocolHeader h =
        new ProtocolHeader(
            in.get(p + 4) & 0xFF, in.get(p + 5) & 0xFF, in.get(p + 6) & 0xFF, in.get(p + 7) & 0xFF);
    in.position(p + LENGTH);
    return h;
  }

  /** Whether this is AMQP 0-9-1. */
  public boolean isAmqp091() {
    return equals(AMQP_0_9_1);
  }

  /** The header's bytes. */
  public byte[] toBytes() {
    return new byte[] {
      'A', 'M', 'Q', 'P', (byte) protocolId, (byte) major, (byte) minor, (byte) revision
    };
  }

  /** Such as {@code AMQP 0-0-9-1}. */
  @Override
  public String toString() {
    return "AMQP " + protocolId + "-" + major + "-" + minor + "-" + revision;
  }
}
