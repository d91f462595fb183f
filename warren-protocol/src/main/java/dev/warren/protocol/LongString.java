/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol;

import dev.warren.protocol.codec.LongStrings;
import dev.warren.protocol.codec.Utf8;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An AMQP {@code longstr}: an immutable sequence of up to 2<sup>32</sup>-1 bytes (in practice
 * bounded by the frame size), usually but not necessarily UTF-8 text.
 *
 * <p>Equality and hash code are by content. {@link #toString()} is {@link #asString()}, which
 * decodes leniently (malformed UTF-8 becomes U+FFFD); use {@link #bytes()} when the exact bytes
 * matter and {@link #isValidUtf8()} to tell whether they are text.
 *
 * <p>Instances are immutable and safe to share between threads. No method accepts or returns {@code
 * null}.
 */
public final class LongString {
  /** The empty long string. */
  public static final LongString EMPTY = new LongString(new byte[0]);

  // The codec's access without copies: it owns the arrays it decodes and writes the backing array.
  static {
    LongStrings.install(
        new LongStrings.Access() {
          @Override
          public LongString wrap(byte[] bytes) {
            return bytes.length == 0 ? EMPTY : new LongString(bytes);
          }

          @Override
          public byte[] array(LongString s) {
            return s.bytes;
          }
        });
  }

  private final byte[] bytes;
  private int hash;

  private LongString(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * The UTF-8 encoding of {@code text}.
   *
   * @param text the text; never null
   * @return the long string
   */
  public static LongString of(String text) {
    Objects.requireNonNull(text, "text");
    return text.isEmpty() ? EMPTY : new LongString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A copy of {@code bytes}: later changes to the array do not affect the long string.
   *
   * @param bytes the bytes; never null
   * @return the long string
   */
  public static LongString of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return bytes.length == 0 ? EMPTY : new LongString(bytes.clone());
  }

  /**
   * A copy of the bytes.
   *
   * @return a new array
   */
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * A read-only view of the bytes, without copying.
   *
   * @return a read-only buffer over the bytes
   */
  public ByteBuffer asByteBuffer() {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  /**
   * The number of bytes.
   *
   * @return the length in bytes
   */
  public int length() {
    return bytes.length;
  }

  /**
   * The bytes decoded as UTF-8; malformed sequences become U+FFFD.
   *
   * @return the decoded text; never null
   */
  public String asString() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * Whether the bytes are well-formed UTF-8 (so {@link #asString()} is lossless).
   *
   * @return true when the bytes decode without replacement
   */
  public boolean isValidUtf8() {
    return Utf8.isValid(bytes, 0, bytes.length);
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof LongString other && Arrays.equals(bytes, other.bytes));
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(bytes);
      hash = h;
    }
    return h;
  }

  /** Same as {@link #asString()}. */
  @Override
  public String toString() {
    return asString();
  }
}
