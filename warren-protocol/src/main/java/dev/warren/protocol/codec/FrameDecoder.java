/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol.codec;

import dev.warren.errors.FrameTooLargeException;
import dev.warren.errors.ProtocolException;
import dev.warren.errors.ReplyCode;
import dev.warren.protocol.BasicProperties;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

/**
 * Decodes AMQP 0-9-1 frames from bytes as they arrive.
 *
 * <p>{@link #decode} consumes every complete frame available in its input, hands each to a {@link
 * FrameHandler}, and leaves a trailing partial frame unconsumed: the caller keeps those bytes and
 * calls again when more have arrived. A frame header announcing a payload larger than {@code
 * maxFrameSize - 8} fails at once, before the payload arrives.
 *
 * <p>Decoding reads the input in place with absolute gets: method arguments and properties become
 * the objects handed to the handler, and a body is handed as a view of the input, never copied.
 *
 * <p>Malformed input fails with {@link ProtocolException} (or {@link FrameTooLargeException}),
 * never another exception, and its message names the problem and where: offsets in messages count
 * from the start of the frame payload (the byte after the 7-byte frame header). Reply codes: 501
 * (FRAME_ERROR) for frame-level problems (bad frame end, unknown frame type, oversized frame), 502
 * (SYNTAX_ERROR) for malformed arguments, properties or tables, 503 (COMMAND_INVALID) for an
 * unknown class or method. After a failure the connection cannot continue.
 *
 * <p>Not thread-safe: one decoder per connection, used by one thread at a time. To hand bodies over
 * without allocating, the decoder keeps one duplicate of the last input buffer and reuses it while
 * the caller passes the same buffer again.
 */
public final class FrameDecoder {
  /** Frame type of a method frame. */
  public static final int FRAME_METHOD = 1;

  /** Frame type of a content header frame. */
  public static final int FRAME_HEADER = 2;

  /** Frame type of a content body frame. */
  public static final int FRAME_BODY = 3;

  /** Frame type of a heartbeat frame. */
  public static final int FRAME_HEARTBEAT = 8;

  /** The octet that ends every frame. */
  public static final int FRAME_END = 0xCE;

  /** Bytes of a frame that are not payload: 7 of header, 1 of frame end. */
  public static final int FRAME_OVERHEAD = 8;

  /** The largest payload accepted when the maximum frame size is 0 ("no limit"). */
  private static final int UNLIMITED_PAYLOAD = Integer.MAX_VALUE - 64;

  private static final int BASIC_CLASS_ID = 60;

  private final WireReader reader = new WireReader();
  private int maxPayload;
  private int maxFrameSize;
  private ByteBuffer viewSource;
  private ByteBuffer view;

  /**
   * A decoder accepting frames of at most {@code maxFrameSize} bytes in all (header, payload and
   * frame end), or any size the protocol allows when 0.
   *
   * @throws IllegalArgumentException when {@code maxFrameSize} is negative or between 1 and 8
   */
  public FrameDecoder(int maxFrameSize) {
    setMaxFrameSize(maxFrameSize);
  }

  /**
   * Changes the maximum frame size, such as to the frame_max negotiated by connection.tune; 0 means
   * no limit but the protocol's.
   *
   * @throws IllegalArgumentException when {@code maxFrameSize} is negative or between 1 and 8
   */
  public void setMaxFrameSize(int maxFrameSize) {
    if (maxFrameSize < 0 || (maxFrameSize > 0 && maxFrameSize <= FRAME_OVERHEAD)) {
      throw new IllegalArgumentException(
          "maxFrameSize must be 0 (no limit) or more than 8, was " + maxFrameSize);
    }
    this.maxFrameSize = maxFrameSize;
    this.maxPayload = maxFrameSize == 0 ? UNLIMITED_PAYLOAD : maxFrameSize - FRAME_OVERHEAD;
  }

  /** The maximum frame size in force, 0 meaning no limit. */
  public int maxFrameSize() {
    return maxFrameSize;
  }

  /**
   * Decodes every complete frame between the position and the limit of {@code in}, advancing the
   * position past them, and hands each to {@code handler}. A trailing partial frame is left
   * unconsumed. The buffer's byte order does not matter.
   *
   * @return the number of frames decoded
   * @throws FrameTooLargeException when a frame header announces a payload larger than the maximum
   *     frame size allows
   * @throws ProtocolException when the input is not valid AMQP 0-9-1; the position is then left at
   *     the start of the offending frame
   */
  public int decode(ByteBuffer in, FrameHandler handler) {
    int frames = 0;
    try {
      while (true) {
        int start = in.position();
        int available = in.limit() - start;
        if (available < 7) {
          return frames;
        }
        int type = in.get(start) & 0xFF;
        if (type != FRAME_METHOD
            && type != FRAME_HEADER
            && type != FRAME_BODY
            && type != FRAME_HEARTBEAT) {
          throw unknownFrameType(in, start, type);
        }
        int channel = ((in.get(start + 1) & 0xFF) << 8) | (in.get(start + 2) & 0xFF);
        long size =
            ((long) (in.get(start + 3) & 0xFF) << 24)
                | ((in.get(start + 4) & 0xFF) << 16)
                | ((in.get(start + 5) & 0xFF) << 8)
                | (in.get(start + 6) & 0xFF);
        if (size > maxPayload) {
          throw new FrameTooLargeException(
              frameName(type) + " frame on channel " + channel, size + FRAME_OVERHEAD, limit());
        }
        int payloadSize = (int) size;
        if (available < payloadSize + FRAME_OVERHEAD) {
          return frames;
        }
        int payload = start + 7;
        int payloadEnd = payload + payloadSize;
        int end = in.get(payloadEnd) & 0xFF;
        if (end != FRAME_END) {
          throw new ProtocolException(
              ReplyCode.FRAME_ERROR,
              "frame end octet 0xce expected after the "
                  + payloadSize
                  + "-byte payload of a "
                  + frameName(type)
                  + " frame on channel "
                  + channel
                  + ", found "
                  + String.format("0x%02x", end));
        }
        switch (type) {
          case FRAME_METHOD:
            {
              Method m = decodeMethod(in, payload, payloadEnd);
              in.position(payloadEnd + 1);
              frames++;
              handler.onMethod(channel, m);
              break;
            }
          case FRAME_HEADER:
            decodeHeader(in, payload, payloadEnd, channel, handler);
            frames++;
            break;
          case FRAME_BODY:
            {
              ByteBuffer v = bodyView(in, payload, payloadEnd);
              in.position(payloadEnd + 1);
              frames++;
              handler.onContentBody(channel, v);
              break;
            }
          default:
            if (channel != 0) {
              // AMQP 0-9-1, "Heartbeat Frames": heartbeats belong to the connection; one on a
              // channel is a
              // frame error.
              throw new ProtocolException(
                  ReplyCode.FRAME_ERROR,
                  "heartbeat frame on channel " + channel + "; heartbeats must use channel 0");
            }
            if (payloadSize != 0) {
              throw new ProtocolException(
                  ReplyCode.FRAME_ERROR,
                  "heartbeat frame on channel "
                      + channel
                      + " has a payload of "
                      + payloadSize
                      + " bytes; it must be empty");
            }
            in.position(payloadEnd + 1);
            frames++;
            handler.onHeartbeat(channel);
            break;
        }
      }
    } finally {
      reader.release();
    }
  }

  private long limit() {
    return maxFrameSize == 0 ? (long) UNLIMITED_PAYLOAD + FRAME_OVERHEAD : maxFrameSize;
  }

  private ProtocolException unknownFrameType(ByteBuffer in, int start, int type) {
    if (type == 'A' && in.limit() - start >= ProtocolHeader.LENGTH) {
      ByteBuffer dup = in.duplicate();
      dup.position(start);
      try {
        ProtocolHeader h = ProtocolHeader.parse(dup);
        return new ProtocolException(
            ReplyCode.FRAME_ERROR,
            "the peer sent the protocol header "
                + h
                + " instead of a frame: it does not accept AMQP 0-9-1 as requested");
      } catch (ProtocolException notAHeader) {
        // fall through to the generic message
      }
    }
    return new ProtocolException(
        ReplyCode.FRAME_ERROR,
        "unknown frame type "
            + WireReader.describeType(type)
            + " at the start of a frame; expected 1 (method), 2 (header), 3 (body) or 8"
            + " (heartbeat)");
  }

  private static String frameName(int type) {
    return switch (type) {
      case FRAME_METHOD -> "method";
      case FRAME_HEADER -> "content header";
      case FRAME_BODY -> "content body";
      default -> "heartbeat";
    };
  }

  private ByteBuffer bodyView(ByteBuffer in, int from, int to) {
    ByteBuffer v = view;
    if (viewSource != in || v == null) {
      v = in.duplicate();
      view = v;
      viewSource = in;
    }
    v.limit(to);
    v.position(from);
    return v;
  }

  private Method decodeMethod(ByteBuffer in, int payload, int payloadEnd) {
    WireReader r = reader;
    r.reset(in, payload, payloadEnd, "frame payload");
    if (payloadEnd - payload < 4) {
      throw new ProtocolException(
          ReplyCode.FRAME_ERROR,
          "method frame payload of "
              + (payloadEnd - payload)
              + " bytes is too short for a class id and a method id");
    }
    Method m = MethodCodec.decode(r);
    MethodCodec.expectEnd(r, m);
    return m;
  }

  private void decodeHeader(
      ByteBuffer in, int payload, int payloadEnd, int channel, FrameHandler handler) {
    WireReader r = reader;
    r.reset(in, payload, payloadEnd, "frame payload");
    int classId = r.readShort("content header class-id");
    if (classId != BASIC_CLASS_ID) {
      throw new ProtocolException(
          ReplyCode.FRAME_ERROR,
          "content header for class " + classId + "; only class 60 (basic) has content");
    }
    r.readShort("content header weight");
    long bodySize = r.readLongLong("content header body-size");
    if (bodySize < 0) {
      throw new ProtocolException(
          ReplyCode.FRAME_ERROR,
          "content header announces a body of "
              + Long.toUnsignedString(bodySize)
              + " bytes, more than 2^63-1");
    }
    int flags = r.readShort("content header property-flags");
    int more = flags;
    while ((more & 1) != 0) {
      more = r.readShort("content header property-flags continuation");
      if ((more & ~1) != 0) {
        throw new ProtocolException(
            ReplyCode.SYNTAX_ERROR,
            "content header property flags continuation sets unknown properties: "
                + String.format("0x%04x", more));
      }
    }
    if ((flags & 0b10) != 0) {
      throw new ProtocolException(
          ReplyCode.SYNTAX_ERROR,
          "content header sets property flag bit 1, which basic does not define");
    }
    BasicProperties props = decodeProperties(r, flags);
    if (r.remaining() != 0) {
      throw new ProtocolException(
          ReplyCode.SYNTAX_ERROR,
          "content header: "
              + r.remaining()
              + " unexpected bytes after the properties at offset "
              + r.offset());
    }
    in.position(payloadEnd + 1);
    handler.onContentHeader(channel, classId, bodySize, props);
  }

  static BasicProperties decodeProperties(WireReader r, int flags) {
    if ((flags & 0xFFFC) == 0) {
      return BasicProperties.EMPTY;
    }
    String contentType = (flags & (1 << 15)) != 0 ? r.readShortstr("content-type") : null;
    String contentEncoding = (flags & (1 << 14)) != 0 ? r.readShortstr("content-encoding") : null;
    Map<String, Object> headers = (flags & (1 << 13)) != 0 ? r.readTable("headers", 1) : null;
    Integer deliveryMode = (flags & (1 << 12)) != 0 ? r.readOctet("delivery-mode") : null;
    Integer priority = (flags & (1 << 11)) != 0 ? r.readOctet("priority") : null;
    String correlationId = (flags & (1 << 10)) != 0 ? r.readShortstr("correlation-id") : null;
    String replyTo = (flags & (1 << 9)) != 0 ? r.readShortstr("reply-to") : null;
    String expiration = (flags & (1 << 8)) != 0 ? r.readShortstr("expiration") : null;
    String messageId = (flags & (1 << 7)) != 0 ? r.readShortstr("message-id") : null;
    Instant timestamp = (flags & (1 << 6)) != 0 ? r.readTimestamp("timestamp") : null;
    String type = (flags & (1 << 5)) != 0 ? r.readShortstr("type") : null;
    String userId = (flags & (1 << 4)) != 0 ? r.readShortstr("user-id") : null;
    String appId = (flags & (1 << 3)) != 0 ? r.readShortstr("app-id") : null;
    String clusterId = (flags & (1 << 2)) != 0 ? r.readShortstr("cluster-id") : null;
    return new BasicProperties(
        contentType,
        contentEncoding,
        headers,
        deliveryMode,
        priority,
        correlationId,
        replyTo,
        expiration,
        messageId,
        timestamp,
        type,
        userId,
        appId,
        clusterId);
  }
}
