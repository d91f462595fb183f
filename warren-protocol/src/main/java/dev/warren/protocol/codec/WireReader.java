/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol.codec;

import dev.warren.errors.ProtocolException;
import dev.warren.errors.ReplyCode;
import dev.warren.protocol.FieldValue;
import dev.warren.protocol.LongString;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Reads AMQP primitive types from a region of a {@link ByteBuffer} with absolute gets, checking
 * every length against the end of the region (the frame payload, or the enclosing table or array).
 * Never reads outside the region, never throws anything but {@link ProtocolException}.
 *
 * <p>One instance is reused by a {@link FrameDecoder}; not thread-safe. Error offsets count from
 * the start of the region given to {@link #reset}.
 */
final class WireReader {
  private static final int SCRATCH_MAX = 64 * 1024;

  private ByteBuffer buf;
  private byte[] heap;
  private int heapOffset;
  private boolean bigEndian;
  private int pos;
  private int end;
  private int base;
  private String scope;
  private String key;
  private byte[] scratch = new byte[256];
  // The short strings decoded last, a few slots chosen by length and end bytes: consumer tags,
  // exchanges, routing keys, header names and content types repeat from one delivery to the next,
  // and a hit hands back the same immutable String instead of decoding and allocating a new one.
  private static final int CACHE_SLOTS = 16; // a power of two
  private static final int CACHE_MAX_LENGTH = 64;
  private final String[] cache = new String[CACHE_SLOTS];

  void reset(ByteBuffer b, int start, int end, String scope) {
    this.buf = b;
    if (b.hasArray()) {
      this.heap = b.array();
      this.heapOffset = b.arrayOffset();
    } else {
      this.heap = null;
      this.heapOffset = 0;
    }
    this.bigEndian = b.order() == ByteOrder.BIG_ENDIAN;
    this.pos = start;
    this.end = end;
    this.base = start;
    this.scope = scope;
    this.key = null;
  }

  /** Drops the reference to the buffer so that it is not retained between calls. */
  void release() {
    buf = null;
    heap = null;
  }

  int position() {
    return pos;
  }

  int remaining() {
    return end - pos;
  }

  int offset() {
    return pos - base;
  }

  ProtocolException error(int replyCode, String message) {
    return new ProtocolException(replyCode, message);
  }

  private void need(int n, String what, String type) {
    if (end - pos < n) {
      throw new ProtocolException(
          ReplyCode.SYNTAX_ERROR,
          what
              + ": "
              + type
              + " needs "
              + n
              + " bytes but only "
              + (end - pos)
              + " remain in the "
              + scope
              + " at offset "
              + offset()
              + keySuffix());
    }
  }

  private void needLength(long len, String what, String type) {
    if (len > end - pos) {
      throw new ProtocolException(
          ReplyCode.SYNTAX_ERROR,
          what
              + ": "
              + type
              + " length "
              + len
              + " exceeds the "
              + (end - pos)
              + " bytes remaining in the "
              + scope
              + " at offset "
              + offset()
              + keySuffix());
    }
  }

  private int getShortAt(int i) {
    short v = buf.getShort(i);
    return (bigEndian ? v : Short.reverseBytes(v)) & 0xFFFF;
  }

  private int getIntAt(int i) {
    int v = buf.getInt(i);
    return bigEndian ? v : Integer.reverseBytes(v);
  }

  private long getLongAt(int i) {
    long v = buf.getLong(i);
    return bigEndian ? v : Long.reverseBytes(v);
  }

  int readOctet(String what) {
    need(1, what, "octet");
    return buf.get(pos++) & 0xFF;
  }

  int readShort(String what) {
    need(2, what, "short");
    int v = getShortAt(pos);
    pos += 2;
    return v;
  }

  /** A signed 32-bit integer. */
  int readInt(String what) {
    need(4, what, "long");
    int v = getIntAt(pos);
    pos += 4;
    return v;
  }

  /** An unsigned 32-bit integer (AMQP {@code long}). */
  long readLong(String what) {
    return readInt(what) & 0xFFFFFFFFL;
  }

  long readLongLong(String what) {
    need(8, what, "longlong");
    long v = getLongAt(pos);
    pos += 8;
    return v;
  }

  /**
   * The timestamp property of a content header, read as signed 64-bit seconds (as amqp-client reads
   * and writes it): unlike a field-table 'T', it never fails; a value of 2^63 or more is a time
   * before 1970.
   */
  Instant readTimestamp(String what) {
    need(8, what, "timestamp");
    long v = getLongAt(pos);
    pos += 8;
    return toInstant(v);
  }

  /**
   * A field-table timestamp: unsigned 64-bit seconds, as RabbitMQ reads it. A value of 2^63 or more
   * fails (as a signed long it would be a time before 1970); values beyond {@link Instant#MAX}
   * clamp as in {@link #toInstant}.
   */
  private Instant readUnsignedTimestamp(String what, String container, int at) {
    need(8, what, "timestamp");
    long v = getLongAt(pos);
    if (v < 0) {
      throw new ProtocolException(
          ReplyCode.SYNTAX_ERROR,
          what
              + ": "
              + container
              + ": field type 'T' timestamp of "
              + Long.toUnsignedString(v)
              + " seconds at offset "
              + at
              + " is beyond 2^63-1"
              + keySuffix());
    }
    pos += 8;
    return toInstant(v);
  }

  private static final Instant LATEST = Instant.ofEpochSecond(Instant.MAX.getEpochSecond());

  /**
   * Seconds since the epoch, clamped to the whole seconds of Instant's range rather than failing
   * (so that the clamped value encodes back to itself).
   */
  static Instant toInstant(long seconds) {
    if (seconds > Instant.MAX.getEpochSecond()) {
      return LATEST;
    }
    if (seconds < Instant.MIN.getEpochSecond()) {
      return Instant.MIN;
    }
    return Instant.ofEpochSecond(seconds);
  }

  String readShortstr(String what) {
    need(1, what, "shortstr");
    int len = buf.get(pos) & 0xFF;
    pos++;
    needLength(len, what, "shortstr");
    String s = len <= CACHE_MAX_LENGTH ? cachedShortstr(pos, len) : decodeShortstr(pos, len);
    pos += len;
    return s;
  }

  /**
   * {@link #decodeShortstr}, answered from the cache when the bytes are the ASCII of the string
   * last decoded into the same slot (a miss decodes and takes the slot; non-ASCII is never cached).
   */
  private String cachedShortstr(int at, int len) {
    if (len == 0) {
      return "";
    }
    byte[] src;
    int off;
    if (heap != null) {
      src = heap;
      off = heapOffset + at;
    } else {
      src = scratch; // 256 bytes, more than CACHE_MAX_LENGTH
      off = 0;
      buf.get(at, src, 0, len);
    }
    // two-way: a string is looked for in a pair of slots, so two that hash alike (a consumer
    // tag and a routing key, say) do not keep evicting each other
    int h = (len * 0x9E3779B1) ^ (src[off] * 0x85EBCA6B) ^ (src[off + len - 1] * 0xC2B2AE35);
    int slot = ((h ^ (h >>> 15)) & (CACHE_SLOTS - 1)) & ~1;
    String a = cache[slot];
    if (a != null && a.length() == len && sameAscii(a, src, off, len)) {
      return a;
    }
    String b = cache[slot + 1];
    if (b != null && b.length() == len && sameAscii(b, src, off, len)) {
      return b;
    }
    String s = new String(src, off, len, StandardCharsets.UTF_8);
    if (s.length() != len) { // a multi-byte sequence: not ASCII, not cached
      return Utf8.lossless(s, src, off, len);
    }
    // One char per byte: ASCII, unless stray bytes were each replaced by U+FFFD. Looking for one
    // in an ASCII (Latin-1) string takes constant time.
    String exact = Utf8.lossless(s, src, off, len);
    if (exact != s) {
      return exact; // the bytes are not UTF-8: not cached either
    }
    cache[slot + 1] = a; // the older of the pair goes
    cache[slot] = s;
    return s;
  }

  private static boolean sameAscii(String s, byte[] b, int off, int len) {
    for (int i = 0; i < len; i++) {
      if (s.charAt(i) != b[off + i]) { // a negative (non-ASCII) byte never equals a char
        return false;
      }
    }
    return true;
  }

  /** A short string longer than the cache takes, decoded losslessly as {@link Utf8} describes. */
  private String decodeShortstr(int at, int len) {
    if (heap != null) {
      return Utf8.decodeShortstr(heap, heapOffset + at, len);
    }
    byte[] tmp = len <= scratch.length ? scratch : scratchFor(len);
    buf.get(at, tmp, 0, len);
    return Utf8.decodeShortstr(tmp, 0, len);
  }

  /** Bytes that the caller checked to be well-formed UTF-8 (a long string's), as a String. */
  private String decodeValidUtf8(int at, int len) {
    if (len == 0) {
      return "";
    }
    if (heap != null) {
      return new String(heap, heapOffset + at, len, StandardCharsets.UTF_8);
    }
    byte[] tmp = len <= scratch.length ? scratch : scratchFor(len);
    buf.get(at, tmp, 0, len);
    return new String(tmp, 0, len, StandardCharsets.UTF_8);
  }

  private byte[] scratchFor(int len) {
    if (len > SCRATCH_MAX) {
      return new byte[len];
    }
    scratch = new byte[Math.max(len, Math.min(SCRATCH_MAX, scratch.length * 2))];
    return scratch;
  }

  private byte[] copyBytes(int at, int len) {
    byte[] b = new byte[len];
    buf.get(at, b, 0, len);
    return b;
  }

  LongString readLongstr(String what) {
    long len = readLong(what);
    needLength(len, what, "longstr");
    int n = (int) len;
    LongString s = LongStrings.wrap(copyBytes(pos, n));
    pos += n;
    return s;
  }

  /** Reads a field table (its 4-byte length, then its entries); depth 1 is a top-level table. */
  Map<String, Object> readTable(String what, int depth) {
    long len = readLong(what);
    needLength(len, what, "field table");
    if (depth > FieldTables.MAX_DEPTH) {
      throw new ProtocolException(
          ReplyCode.SYNTAX_ERROR,
          what
              + ": field table: nesting deeper than "
              + FieldTables.MAX_DEPTH
              + " levels at offset "
              + (offset() - 4));
    }
    if (len == 0) {
      return Map.of();
    }
    int savedEnd = end;
    String savedScope = scope;
    end = pos + (int) len;
    scope = "field table";
    String savedKey = key;
    String[] keys = new String[8];
    Object[] values = new Object[8];
    int n = 0;
    while (pos < end) {
      key = null;
      String k = readShortstr(what);
      key = k;
      Object v = readFieldValue(what, depth, "field table");
      key = k;
      if (n == keys.length) {
        keys = Arrays.copyOf(keys, n * 2);
        values = Arrays.copyOf(values, n * 2);
      }
      keys[n] = k;
      values[n] = v;
      n++;
    }
    key = savedKey;
    end = savedEnd;
    scope = savedScope;
    return new FrozenTable(keys, values, n);
  }

  private List<Object> readArray(String what, int depth) {
    long len = readLong(what);
    needLength(len, what, "field array");
    if (depth > FieldTables.MAX_DEPTH) {
      throw new ProtocolException(
          ReplyCode.SYNTAX_ERROR,
          what
              + ": field array: nesting deeper than "
              + FieldTables.MAX_DEPTH
              + " levels at offset "
              + (offset() - 4));
    }
    if (len == 0) {
      return List.of();
    }
    int savedEnd = end;
    String savedScope = scope;
    end = pos + (int) len;
    scope = "field array";
    ArrayList<Object> list = new ArrayList<>();
    while (pos < end) {
      list.add(readFieldValue(what, depth, "field array"));
    }
    end = savedEnd;
    scope = savedScope;
    return Collections.unmodifiableList(list);
  }

  private Object readFieldValue(String what, int depth, String container) {
    int at = offset();
    int type = readOctet(what);
    switch (type) {
      case 't':
        return readOctet(what) != 0;
      case 'b':
        need(1, what, "byte");
        return buf.get(pos++);
      case 'B':
        return new FieldValue.UnsignedByte(readOctet(what));
      case 's': // RabbitMQ's letter for signed 16-bit (the 0-9-1 spec's short string)
      case 'U': // the 0-9-1 spec's letter for it
        return (short) readShort(what);
      case 'u':
        return new FieldValue.UnsignedShort(readShort(what));
      case 'I':
        return readInt(what);
      case 'i':
        return new FieldValue.UnsignedInt(readLong(what));
      case 'l': // RabbitMQ's letter for signed 64-bit (the spec's unsigned 64-bit)
      case 'L': // the spec's letter for signed 64-bit, which py-amqp writes: RabbitMQ reads both
        return readLongLong(what);
      case 'f':
        return Float.intBitsToFloat(readInt(what));
      case 'd':
        return Double.longBitsToDouble(readLongLong(what));
      case 'D':
        {
          int scale = readOctet(what);
          int unscaled = readInt(what);
          return BigDecimal.valueOf(unscaled, scale);
        }
      case 'S':
        {
          long len = readLong(what);
          needLength(len, what, "longstr");
          int n = (int) len;
          Object v =
              Utf8.isValid(buf, pos, pos + n)
                  ? decodeValidUtf8(pos, n)
                  : LongStrings.wrap(copyBytes(pos, n));
          pos += n;
          return v;
        }
      case 'A':
        return readArray(what, depth + 1);
      case 'T':
        return readUnsignedTimestamp(what, container, at);
      case 'F':
        return readTable(what, depth + 1);
      case 'V':
        return null;
      case 'x':
        {
          long len = readLong(what);
          needLength(len, what, "byte array");
          int n = (int) len;
          byte[] b = copyBytes(pos, n);
          pos += n;
          return b;
        }
      default:
        throw new ProtocolException(
            ReplyCode.SYNTAX_ERROR,
            what
                + ": "
                + container
                + ": unknown field type "
                + describeType(type)
                + " at offset "
                + at
                + keySuffix());
    }
  }

  private String keySuffix() {
    return key == null ? "" : " (key \"" + key + "\")";
  }

  static String describeType(int type) {
    String hex = String.format("0x%02x", type);
    return type >= 0x21 && type < 0x7F ? "'" + (char) type + "' (" + hex + ")" : hex;
  }
}
