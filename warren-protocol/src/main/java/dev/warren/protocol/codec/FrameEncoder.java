/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol.codec;

import dev.warren.protocol.BasicProperties;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Encodes AMQP 0-9-1 frames into a {@link ByteOutput}.
 *
 * <p>Encoding does not allocate: strings are written in UTF-8 directly (ASCII in bulk), table and
 * frame lengths are back-patched with {@link ByteOutput#setInt}.
 *
 * <p>A value that cannot be encoded (a shortstr longer than 255 bytes in UTF-8, a table value of an
 * unsupported type) throws {@link IllegalArgumentException} naming the field; bytes of the partial
 * frame may then have been written, so the caller must drop everything written since its {@link
 * ByteOutput#writerIndex()} before the call ({@link ByteOutput#truncate}). Stateless and
 * thread-safe (the output is not).
 */
public final class FrameEncoder {
  private FrameEncoder() {}

  private static final int FRAME_END = FrameDecoder.FRAME_END;

  /** Writes the protocol header {@code "AMQP" 0 0 9 1} that opens a connection. */
  public static void writeProtocolHeader(ByteOutput out) {
    out.writeBytes(ProtocolHeader.HEADER, 0, ProtocolHeader.LENGTH);
  }

  /** Writes a method frame. */
  public static void writeMethod(ByteOutput out, int channel, Method method) {
    Objects.requireNonNull(method, "method");
    checkChannel(channel);
    out.writeByte(FrameDecoder.FRAME_METHOD);
    out.writeShort(channel);
    int sizeAt = out.writerIndex();
    out.writeInt(0);
    MethodCodec.encode(out, method);
    out.setInt(sizeAt, out.writerIndex() - sizeAt - 4);
    out.writeByte(FRAME_END);
  }

  /**
   * Writes a content header frame; {@code properties} {@code null} is {@link
   * BasicProperties#EMPTY}.
   */
  public static void writeContentHeader(
      ByteOutput out, int channel, int classId, long bodySize, BasicProperties properties) {
    checkChannel(channel);
    if (bodySize < 0) {
      throw new IllegalArgumentException("bodySize is negative: " + bodySize);
    }
    BasicProperties p = properties == null ? BasicProperties.EMPTY : properties;
    out.writeByte(FrameDecoder.FRAME_HEADER);
    out.writeShort(channel);
    int sizeAt = out.writerIndex();
    out.writeInt(0);
    out.writeShort(classId);
    out.writeShort(0);
    out.writeLong(bodySize);
    writeProperties(out, p);
    out.setInt(sizeAt, out.writerIndex() - sizeAt - 4);
    out.writeByte(FRAME_END);
  }

  private static void writeProperties(ByteOutput out, BasicProperties p) {
    int flags = p.flags();
    out.writeShort(flags);
    if (flags == 0) {
      return;
    }
    if (p.contentType() != null) {
      WireWriter.writeShortstr(out, p.contentType(), "content-type");
    }
    if (p.contentEncoding() != null) {
      WireWriter.writeShortstr(out, p.contentEncoding(), "content-encoding");
    }
    if (p.headers() != null) {
      WireWriter.writeTable(out, p.headers(), "headers", 1);
    }
    if (p.deliveryMode() != null) {
      out.writeByte(p.deliveryMode());
    }
    if (p.priority() != null) {
      out.writeByte(p.priority());
    }
    if (p.correlationId() != null) {
      WireWriter.writeShortstr(out, p.correlationId(), "correlation-id");
    }
    if (p.replyTo() != null) {
      WireWriter.writeShortstr(out, p.replyTo(), "reply-to");
    }
    if (p.expiration() != null) {
      WireWriter.writeShortstr(out, p.expiration(), "expiration");
    }
    if (p.messageId() != null) {
      WireWriter.writeShortstr(out, p.messageId(), "message-id");
    }
    if (p.timestamp() != null) {
      WireWriter.writeTimestamp(out, p.timestamp());
    }
    if (p.type() != null) {
      WireWriter.writeShortstr(out, p.type(), "type");
    }
    if (p.userId() != null) {
      WireWriter.writeShortstr(out, p.userId(), "user-id");
    }
    if (p.appId() != null) {
      WireWriter.writeShortstr(out, p.appId(), "app-id");
    }
    if (p.clusterId() != null) {
      WireWriter.writeShortstr(out, p.clusterId(), "cluster-id");
    }
  }

  /** Writes one content body frame carrying {@code len} bytes of {@code body} from {@code off}. */
  public static void writeContentBody(ByteOutput out, int channel, byte[] body, int off, int len) {
    checkChannel(channel);
    Objects.checkFromIndexSize(off, len, body.length);
    out.writeByte(FrameDecoder.FRAME_BODY);
    out.writeShort(channel);
    out.writeInt(len);
    out.writeBytes(body, off, len);
    out.writeByte(FRAME_END);
  }

  /**
   * Writes one content body frame carrying the remaining bytes of {@code body}, advancing its
   * position to its limit.
   */
  public static void writeContentBody(ByteOutput out, int channel, ByteBuffer body) {
    checkChannel(channel);
    out.writeByte(FrameDecoder.FRAME_BODY);
    out.writeShort(channel);
    out.writeInt(body.remaining());
    out.writeBytes(body);
    out.writeByte(FRAME_END);
  }

  /**
   * Writes a content header frame, then the body split into body frames of at most {@code frameMax
   * - 8} payload bytes each (no body frame for an empty body). {@code frameMax} 0 means no limit:
   * the whole body goes in one frame.
   *
   * @throws IllegalArgumentException when {@code frameMax} is negative or between 1 and 8
   */
  public static void writeContent(
      ByteOutput out,
      int channel,
      int classId,
      BasicProperties props,
      byte[] body,
      int off,
      int len,
      int frameMax) {
    Objects.checkFromIndexSize(off, len, body.length);
    if (frameMax < 0 || (frameMax > 0 && frameMax <= FrameDecoder.FRAME_OVERHEAD)) {
      throw new IllegalArgumentException(
          "frameMax must be 0 (no limit) or more than 8, was " + frameMax);
    }
    writeContentHeader(out, channel, classId, len, props);
    int chunk = frameMax == 0 ? Integer.MAX_VALUE : frameMax - FrameDecoder.FRAME_OVERHEAD;
    int end = off + len;
    for (int at = off; at < end; ) {
      int n = Math.min(chunk, end - at);
      writeContentBody(out, channel, body, at, n);
      at += n;
    }
  }

  /** Writes a heartbeat frame (on channel 0). */
  public static void writeHeartbeat(ByteOutput out) {
    out.writeByte(FrameDecoder.FRAME_HEARTBEAT);
    out.writeShort(0);
    out.writeInt(0);
    out.writeByte(FRAME_END);
  }

  private static void checkChannel(int channel) {
    if (channel < 0 || channel > 0xFFFF) {
      throw new IllegalArgumentException("channel must be in 0..65535, was " + channel);
    }
  }
}
