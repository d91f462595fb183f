/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 helpers that do not depend on the buffer's byte order, and the lossless decoding and
 * encoding of short strings.
 *
 * <p>Short strings (shortstrs) are decoded and encoded losslessly, as Python's {@code
 * surrogateescape} error handler (PEP 383) does: well-formed UTF-8 decodes as usual, and each byte
 * of a sequence that is not well-formed becomes the lone low surrogate {@code U+DC00 + byte} (bytes
 * 0x80..0xFF give U+DC80..U+DCFF, one char per byte). Encoding a short string writes such an
 * unpaired surrogate back as its byte, so the bytes come back exactly. Long strings do not escape:
 * their invalid bytes are kept in a {@link dev.warren.protocol.LongString} instead.
 */
public final class Utf8 {
  private Utf8() {}

  /** What the JDK's decoder puts in place of a malformed sequence. */
  private static final char REPLACEMENT = '\uFFFD';

  /** The first and last char that stand for an escaped byte (0x80..0xFF). */
  private static final char FIRST_ESCAPE = '\uDC80';

  private static final char LAST_ESCAPE = '\uDCFF';

  /** Whether bytes [from, to) of {@code b} are well-formed UTF-8 (RFC 3629, as the JDK sees it). */
  public static boolean isValid(byte[] b, int from, int to) {
    return isValid(ByteBuffer.wrap(b), from, to);
  }

  /** Whether bytes [from, to) of {@code b} are well-formed UTF-8 (RFC 3629, as the JDK sees it). */
  static boolean isValid(ByteBuffer b, int from, int to) {
    int i = from;
    while (i < to) {
      int n = sequenceLength(b, i, to);
      if (n == 0) {
        return false;
      }
      i += n;
    }
    return true;
  }

  /**
   * The length (1 to 4) of the well-formed UTF-8 sequence that starts at {@code i} and ends before
   * {@code to}, or 0 when none does (a continuation byte, C0, C1 or F5..FF, a truncated sequence,
   * an overlong form, a surrogate or a code point beyond U+10FFFF).
   */
  private static int sequenceLength(ByteBuffer b, int i, int to) {
    int c = b.get(i) & 0xFF;
    if (c < 0x80) {
      return 1;
    } else if (c < 0xC2) {
      return 0;
    } else if (c < 0xE0) {
      return i + 1 < to && cont(b.get(i + 1)) ? 2 : 0;
    } else if (c < 0xF0) {
      if (i + 2 >= to) {
        return 0;
      }
      int c1 = b.get(i + 1) & 0xFF;
      if (!cont((byte) c1)
          || !cont(b.get(i + 2))
          || (c == 0xE0 && c1 < 0xA0)
          || (c == 0xED && c1 > 0x9F)) {
        return 0;
      }
      return 3;
    } else if (c < 0xF5) {
      if (i + 3 >= to) {
        return 0;
      }
      int c1 = b.get(i + 1) & 0xFF;
      if (!cont((byte) c1)
          || !cont(b.get(i + 2))
          || !cont(b.get(i + 3))
          || (c == 0xF0 && c1 < 0x90)
          || (c == 0xF4 && c1 > 0x8F)) {
        return 0;
      }
      return 4;
    } else {
      return 0;
    }
  }

  private static boolean cont(byte b) {
    return (b & 0xC0) == 0x80;
  }

  /**
   * Bytes [off, off + len) of {@code b} decoded as a short string: as {@code new String(b, off,
   * len, UTF_8)} when they are well-formed UTF-8, otherwise with each byte of every ill-formed
   * sequence as the char {@code U+DC00 + byte} (see the class comment).
   */
  public static String decodeShortstr(byte[] b, int off, int len) {
    return lossless(new String(b, off, len, StandardCharsets.UTF_8), b, off, len);
  }

  /**
   * {@code decoded}, which the JDK decoded from bytes [off, off + len) of {@code b}, or, when those
   * bytes are not well-formed UTF-8, their lossless decoding instead. Costs nothing more than a
   * look for U+FFFD in {@code decoded} (which takes constant time when it is Latin-1, as ASCII is):
   * the JDK replaces every malformed sequence with U+FFFD, so without one the bytes were valid.
   */
  static String lossless(String decoded, byte[] b, int off, int len) {
    if (decoded.indexOf(REPLACEMENT) < 0 || isValid(b, off, off + len)) {
      return decoded;
    }
    return decodeEscaping(b, off, off + len);
  }

  /** Bytes [from, to) of {@code b} decoded with each byte of an ill-formed sequence escaped. */
  private static String decodeEscaping(byte[] b, int from, int to) {
    ByteBuffer bb = ByteBuffer.wrap(b);
    StringBuilder s = new StringBuilder(to - from);
    int i = from;
    while (i < to) {
      int c = b[i] & 0xFF;
      int n = sequenceLength(bb, i, to);
      switch (n) {
        case 1 -> s.append((char) c);
        case 2 -> s.append((char) (((c & 0x1F) << 6) | (b[i + 1] & 0x3F)));
        case 3 ->
            s.append((char) (((c & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F)));
        case 4 ->
            s.appendCodePoint(
                ((c & 0x07) << 18)
                    | ((b[i + 1] & 0x3F) << 12)
                    | ((b[i + 2] & 0x3F) << 6)
                    | (b[i + 3] & 0x3F));
        default -> {
          // no well-formed sequence starts here: this byte alone (0x80..0xFF) is escaped, and
          // decoding resumes at the next one (so each byte of an ill-formed sequence is one char)
          s.append((char) (0xDC00 | c));
          n = 1;
        }
      }
      i += n;
    }
    return s.toString();
  }

  /**
   * Whether {@code s} holds an escaped byte: a char in U+DC80..U+DCFF that is not the second half
   * of a surrogate pair.
   */
  public static boolean hasEscapedBytes(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        }
      } else if (c >= FIRST_ESCAPE && c <= LAST_ESCAPE) {
        return true;
      }
    }
    return false;
  }

  /** The bytes {@link #writeShortstr} writes for {@code s}: a new array. */
  public static byte[] shortstrBytes(String s) {
    int enc = encodedLengthOrAscii(s);
    HeapByteOutput out = new HeapByteOutput(length(enc));
    writeShortstr(out, s, enc);
    return out.toByteArray();
  }

  /**
   * The length of {@code s} in UTF-8 as {@link String#getBytes} encodes it (an unpaired surrogate
   * becomes one byte, '?'), or {@code -1 - length} when every char is ASCII (so the caller can take
   * the fast path). Use {@link #length(int)} to get the length back from either. The same length
   * holds for {@link #writeShortstr}, which writes an escaped byte (one byte too) instead of '?'.
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
    write(out, s, encodedLengthOrAscii, false);
  }

  /**
   * Writes {@code s} as a short string's bytes (without the length octet): as {@link #write}, but
   * an unpaired surrogate in U+DC80..U+DCFF is the byte it escapes ({@code c - 0xDC00}); other
   * unpaired surrogates are still '?'.
   */
  static void writeShortstr(ByteOutput out, String s, int encodedLengthOrAscii) {
    write(out, s, encodedLengthOrAscii, true);
  }

  private static void write(ByteOutput out, String s, int encodedLengthOrAscii, boolean escapes) {
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
        out.writeByte(escapes && c >= FIRST_ESCAPE && c <= LAST_ESCAPE ? c - 0xDC00 : '?');
      } else {
        out.writeByte(0xE0 | (c >> 12));
        out.writeByte(0x80 | ((c >> 6) & 0x3F));
        out.writeByte(0x80 | (c & 0x3F));
      }
    }
  }
}
