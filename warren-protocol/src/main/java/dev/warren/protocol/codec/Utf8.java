/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol.codec;

import java.nio.ByteBuffer;

/** UTF-8 helpers that neither allocate nor depend on the buffer's byte order. */
public final class Utf8 {
  private Utf8() {}

  /** Whether bytes [from, to) of {@code b} are well-formed UTF-8 (RFC 3629, as the JDK sees it). */
  public static boolean isValid(byte[] b, int from, int to) {
    return isValid(ByteBuffer.wrap(b), from, to);
  }

  /** Whether bytes [from, to) of {@code b} are well-formed UTF-8 (RFC 3629, as the JDK sees it). */
  static boolean isValid(ByteBuffer b, int from, int to) {
    int i = from;
    while (i < to) {
      int c = b.get(i) & 0xFF;
      if (c < 0x80) {
        i++;
      } else if (c < 0xC2) {
        return false;
      } else if (c < 0xE0) {
        if (i + 1 >= to || !cont(b.get(i + 1))) {
          return false;
        }
        i += 2;
      } else if (c < 0xF0) {
        if (i + 2 >= to) {
          return false;
        }
        int c1 = b.get(i + 1) & 0xFF;
        if (!cont((byte) c1)
            || !cont(b.get(i + 2))
            || (c == 0xE0 && c1 < 0xA0)
            || (c == 0xED && c1 > 0x9F)) {
          return false;
        }
        i += 3;
      } else if (c < 0xF5) {
        if (i + 3 >= to) {
          return false;
        }
        int c1 = b.get(i + 1) & 0xFF;
        if (!cont((byte) c1)
            || !cont(b.get(i + 2))
            || !cont(b.get(i + 3))
            || (c == 0xF0 && c1 < 0x90)
            || (c == 0xF4 && c1 > 0x8F)) {
          return false;
        }
        i += 4;
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean cont(byte b) {
    return (b & 0xC0) == 0x80;
  }

  /**
   * The length of {@code s} in UTF-8 as {@link String#getBytes} encodes it (an unpaired surrogate
   * becomes one byte, '?'), or {@code -1 - length} when every char is ASCII (so the caller can take
   * the fast path). Use {@link #length(int)} to get the length back from either.
   */
  static int encodedLengthOrAscii(String s) {
    int n = s.length();
    int i = 0;
    while (i < n && s.charAt(i) < 0x80) {
      i++;
    }
    if (i == n) {
      return -1 - n;
    }
    int len = i;
    while (i < n) {
      char c = s.charAt(i);
      if (c < 0x80) {
        len += 1;
      } else if (c < 0x800) {
        len += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        len += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        len += 1;
      } else {
        len += 3;
      }
      i++;
    }
    return len;
  }

  static int length(int encodedLengthOrAscii) {
    return encodedLengthOrAscii < 0 ? -1 - encodedLengthOrAscii : encodedLengthOrAscii;
  }

  /** Writes {@code s} in UTF-8, exactly as {@link String#getBytes} with UTF-8 would. */
  static void write(ByteOutput out, String s, int encodedLengthOrAscii) {
    int n = s.length();
    if (encodedLengthOrAscii < 0) {
      if (out instanceof HeapByteOutput h) {
        h.writeAscii(s, n);
      } else {
        for (int i = 0; i < n; i++) {
          out.writeByte(s.charAt(i));
        }
      }
      return;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out.writeByte(c);
      } else if (c < 0x800) {
        out.writeByte(0xC0 | (c >> 6));
        out.writeByte(0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out.writeByte(0xF0 | (cp >> 18));
        out.writeByte(0x80 | ((cp >> 12) & 0x3F));
        out.writeByte(0x80 | ((cp >> 6) & 0x3F));
        out.writeByte(0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        out.writeByte('?');
      } else {
        out.writeByte(0xE0 | (c >> 12));
        out.writeByte(0x80 | ((c >> 6) & 0x3F));
        out.writeByte(0x80 | (c & 0x3F));
      }
    }
  }
}
