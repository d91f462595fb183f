/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol;

import dev.warren.protocol.codec.Utf8;
import java.util.Objects;

/**
 * The exact bytes of AMQP short strings, including those that are not UTF-8.
 *
 * <p>Short strings are table keys, exchange and queue names, routing keys, consumer tags and the
 * string properties of {@link BasicProperties} (content type, message id and so on). RabbitMQ
 * relays the properties, header keys and routing key of a message as the publisher sent them, bytes
 * that are not UTF-8 included; it does check the names and keys of exchange.declare, queue.declare,
 * queue.bind and basic.consume, and closes the connection with 501 FRAME_ERROR when one is not
 * UTF-8. Warren decodes them without losing any byte, as Python's {@code surrogateescape} error
 * handler does (PEP 383):
 *
 * <ul>
 *   <li>well-formed UTF-8 decodes as usual, exactly as {@code new String(bytes, UTF_8)};
 *   <li>each byte of a sequence that is not well-formed UTF-8 (a stray continuation byte, a
 *       truncated or overlong sequence, an encoded surrogate, a byte C0, C1 or F5..FF) becomes one
 *       char, the unpaired low surrogate {@code U+DC00 + byte} (bytes 0x80..0xFF give
 *       U+DC80..U+DCFF). So the bytes {@code 61 ff 62} decode as the three chars 'a', U+DCFF, 'b',
 *       and {@code e2 82 63} (a truncated sequence, then 'c') as U+DCE2, U+DC82, 'c'.
 * </ul>
 *
 * <p>When Warren writes a short string, an unpaired surrogate in U+DC80..U+DCFF is written as the
 * one byte it stands for ({@code c - 0xDC00}); any other unpaired surrogate is written as {@code
 * '?'}, as {@link String#getBytes(java.nio.charset.Charset)} does; everything else as UTF-8. A
 * string Warren decoded is therefore written back as exactly the bytes it came from, with the same
 * length (at most 255 bytes), and two strings that differ only in such bytes stay different: {@code
 * ShortStrings.toBytes(properties.contentType())} gives the bytes the publisher sent, and
 * republishing the message with those properties and its routing key (or reusing a header key)
 * sends them unchanged.
 *
 * <p>Such a string prints oddly (an unpaired surrogate is not text) and is not equal to one that
 * holds U+FFFD. Only short strings escape: a {@code String} written as a long string (a value in a
 * field table) is written as its UTF-8 with {@code '?'} for every unpaired surrogate; use {@code
 * LongString.of(ShortStrings.toBytes(s))} to write the bytes of such a string as a header value.
 * Long strings that are not UTF-8 decode as {@link LongString}, which keeps their bytes.
 *
 * <p>All methods are static and thread-safe.
 */
public final class ShortStrings {
  private ShortStrings() {}

  /**
   * The bytes Warren writes for {@code s} as a short string (without the length octet): its UTF-8,
   * except that each unpaired surrogate in U+DC80..U+DCFF is the byte it stands for and any other
   * unpaired surrogate is {@code '?'}. For a string Warren decoded, these are the bytes it came
   * from. (Escapes that Warren's decoder would not have produced, such as U+DCC3 followed by
   * U+DCA9, are written as their bytes too, here {@code c3 a9}, which then decode as U+00E9.) The
   * length is not checked here: Warren refuses to write a short string longer than 255 bytes
   * ({@link IllegalArgumentException}).
   *
   * @param s the string
   * @return a new array with the bytes
   * @throws NullPointerException if {@code s} is null
   */
  public static byte[] toBytes(String s) {
    Objects.requireNonNull(s, "s");
    return Utf8.shortstrBytes(s);
  }

  /**
   * Whether {@code s} holds escaped bytes: an unpaired surrogate in U+DC80..U+DCFF, which Warren
   * writes as one byte 0x80..0xFF. True for a string Warren decoded from bytes that are not
   * well-formed UTF-8 (and for one {@link #fromBytes(byte[])} made of such bytes); false for one
   * decoded from well-formed UTF-8, even when it holds U+FFFD.
   *
   * @param s the string
   * @return true when {@code s} holds at least one escaped byte
   * @throws NullPointerException if {@code s} is null
   */
  public static boolean hasRawBytes(String s) {
    Objects.requireNonNull(s, "s");
    return Utf8.hasEscapedBytes(s);
  }

  /**
   * {@code bytes} decoded as Warren decodes a short string: as UTF-8 when they are well-formed,
   * otherwise with each byte of every ill-formed sequence as the char {@code U+DC00 + byte}. Use it
   * to build a routing key, property or header key whose bytes are not UTF-8 (say the routing key a
   * legacy application publishes with): {@code toBytes(fromBytes(bytes))} equals {@code bytes}.
   * RabbitMQ refuses such a name or binding key (see above). The length is not checked here: a
   * short string holds at most 255 bytes.
   *
   * @param bytes the bytes; not modified
   * @return the string
   * @throws NullPointerException if {@code bytes} is null
   */
  public static String fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return Utf8.decodeShortstr(bytes, 0, bytes.length);
  }
}
