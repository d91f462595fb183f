/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol.codec;

import dev.warren.errors.ProtocolException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.FieldValue;
import dev.warren.protocol.LongString;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * AMQP field tables ({@code table} arguments, message headers) as {@code Map<String, Object>}.
 *
 * <p>Warren follows RabbitMQ's field type letters (the "Qpid/Rabbit" column of RabbitMQ's AMQP
 * 0-9-1 errata), which differ from the 0-9-1 specification's for {@code s} and {@code l}, and also
 * reads the spec's {@code U} and {@code L}. docs/field-tables.md has the same tables with what
 * RabbitMQ, pika and py-amqp do.
 *
 * <h2>Reading</h2>
 *
 * <p>These 19 letters are accepted; any other fails to decode with a {@link ProtocolException}
 * ({@code SYNTAX_ERROR}) naming the letter, its offset and the key.
 *
 * <table>
 *   <caption>Decoding: type letter to Java type</caption>
 *   <tr><th>letter</th><th>AMQP type</th><th>decoded as</th></tr>
 *   <tr><td>t</td><td>boolean (any non-zero octet is true)</td><td>Boolean</td></tr>
 *   <tr><td>b</td><td>signed 8-bit</td><td>Byte</td></tr>
 *   <tr><td>B</td><td>unsigned 8-bit</td><td>{@link FieldValue.UnsignedByte}</td></tr>
 *   <tr><td>s</td><td>signed 16-bit (RabbitMQ's letter; a short string in the spec)</td>
 *       <td>Short</td></tr>
 *   <tr><td>U</td><td>signed 16-bit (the spec's letter)</td><td>Short</td></tr>
 *   <tr><td>u</td><td>unsigned 16-bit</td><td>{@link FieldValue.UnsignedShort}</td></tr>
 *   <tr><td>I</td><td>signed 32-bit</td><td>Integer</td></tr>
 *   <tr><td>i</td><td>unsigned 32-bit</td><td>{@link FieldValue.UnsignedInt}</td></tr>
 *   <tr><td>l</td><td>signed 64-bit (RabbitMQ's letter; unsigned 64-bit in the spec)</td>
 *       <td>Long</td></tr>
 *   <tr><td>L</td><td>signed 64-bit (the spec's letter, written by py-amqp)</td><td>Long</td></tr>
 *   <tr><td>f</td><td>32-bit float</td><td>Float</td></tr>
 *   <tr><td>d</td><td>64-bit float</td><td>Double</td></tr>
 *   <tr><td>D</td><td>decimal: scale octet, signed 32-bit unscaled value</td>
 *       <td>BigDecimal</td></tr>
 *   <tr><td>S</td><td>long string</td><td>String when the bytes are valid UTF-8, otherwise
 *       {@link LongString} (the exact bytes)</td></tr>
 *   <tr><td>A</td><td>array</td><td>List&lt;Object&gt; (immutable)</td></tr>
 *   <tr><td>T</td><td>timestamp: unsigned 64-bit seconds since the epoch</td><td>Instant; a value
 *       of 2<sup>63</sup> or more fails with a ProtocolException naming the key and the letter,
 *       one beyond {@link Instant#MAX} gives the last whole second of Instant.MAX</td></tr>
 *   <tr><td>F</td><td>nested table</td><td>Map&lt;String, Object&gt; (immutable)</td></tr>
 *   <tr><td>V</td><td>void</td><td>null</td></tr>
 *   <tr><td>x</td><td>byte array (RabbitMQ's extension)</td><td>byte[]</td></tr>
 * </table>
 *
 * <h2>Writing</h2>
 *
 * <p>The letter follows from the Java type of the value; values of any other type fail to encode
 * with an {@link IllegalArgumentException} naming the key and the type. {@code U} and {@code L} are
 * never written ({@code s} and {@code l} are what RabbitMQ and amqp-client write, and RabbitMQ does
 * not read {@code U}).
 *
 * <table>
 *   <caption>Encoding: Java type to type letter</caption>
 *   <tr><th>Java type</th><th>letter</th></tr>
 *   <tr><td>Boolean</td><td>t</td></tr>
 *   <tr><td>Byte</td><td>b</td></tr>
 *   <tr><td>Short</td><td>s</td></tr>
 *   <tr><td>Integer</td><td>I</td></tr>
 *   <tr><td>Long</td><td>l</td></tr>
 *   <tr><td>{@link FieldValue#unsignedByte UnsignedByte}, {@link FieldValue#unsignedShort
 *       UnsignedShort}, {@link FieldValue#unsignedInt UnsignedInt}</td><td>B, u, i</td></tr>
 *   <tr><td>Float</td><td>f</td></tr>
 *   <tr><td>Double</td><td>d</td></tr>
 *   <tr><td>BigDecimal with scale 0..255 and an unscaled value that fits an int</td><td>D</td></tr>
 *   <tr><td>String (its UTF-8), LongString (its bytes)</td><td>S</td></tr>
 *   <tr><td>List, Object[]</td><td>A</td></tr>
 *   <tr><td>Instant, java.util.Date: whole seconds (fractions are dropped), not before 1970</td>
 *       <td>T</td></tr>
 *   <tr><td>Map with String keys</td><td>F</td></tr>
 *   <tr><td>null</td><td>V</td></tr>
 *   <tr><td>byte[]</td><td>x</td></tr>
 * </table>
 *
 * <p>So every decoded value encodes back to the letter and bytes it came from, except: {@code U}
 * and {@code L} are written back as {@code s} and {@code l} (the same number), a {@code t} octet
 * other than 0 or 1 as 1, and a timestamp beyond Instant.MAX as Instant.MAX's last second. An
 * Instant or Date before 1970 fails to encode (an {@link IllegalArgumentException} naming the key),
 * since the unsigned readers of {@code T} (RabbitMQ, pika, py-amqp, Warren) would see
 * 2<sup>64</sup> minus a few seconds.
 *
 * <h2>Keys</h2>
 *
 * <p>Keys are shortstrs: at most 255 bytes when encoded. Decoding is lenient and lossless, as
 * RabbitMQ relays whatever bytes a publisher sent: well-formed UTF-8 decodes exactly (with no extra
 * work for ASCII), and each byte of a sequence that is not well-formed UTF-8 becomes the unpaired
 * surrogate U+DC00 + byte (U+DC80..U+DCFF, one char per byte, as Python's {@code surrogateescape}
 * does), without an error. Encoding writes such a char back as its byte, so a key encodes back to
 * the bytes it came from, in as many bytes, and two keys that differ only in their bad bytes stay
 * two keys. The same holds for every shortstr the decoder reads (exchange and queue names, routing
 * keys, consumer tags, the string properties of {@link BasicProperties}); {@link
 * dev.warren.protocol.ShortStrings} gives an application the bytes of such a string and builds one
 * from bytes. A {@code String} value is written as a long string ({@code S}) in plain UTF-8, each
 * unpaired surrogate as '?'; long strings that are not UTF-8 decode as {@link LongString}.
 *
 * <h2>Limits and behaviour</h2>
 *
 * <p>Tables and arrays may nest at most {@link #MAX_DEPTH} levels (the outermost table counts as
 * one). Deeper input fails to decode with a {@link ProtocolException}; a deeper (or cyclic) value
 * fails to encode with an {@link IllegalArgumentException}.
 *
 * <p>Decoded tables are immutable, keep the order of the wire, and are never {@code null} (an empty
 * table decodes as an empty map); when a key repeats, the last value wins. Encoding accepts {@code
 * null} as the empty table. This class is stateless and thread-safe.
 */
public final class FieldTables {
  /** The deepest nesting of tables and arrays accepted, counting the outermost table as 1. */
  public static final int MAX_DEPTH = 64;

  private FieldTables() {}

  /**
   * An immutable, insertion-ordered deep copy of {@code table}, checked to be encodable: nested
   * maps and lists are copied too, {@code Object[]} becomes an immutable List, {@code Date} becomes
   * an Instant and {@code byte[]} is cloned. {@code null} gives the empty map. A table that is
   * already such a copy (any table Warren decoded or copied) is returned as is.
   *
   * @throws IllegalArgumentException when a key is not a String or is longer than 255 bytes in
   *     UTF-8, a value's type is not one of those above, or nesting is deeper than {@link
   *     #MAX_DEPTH}
   */
  public static Map<String, Object> copyOf(Map<String, ?> table) {
    if (table == null || table.isEmpty()) {
      return Map.of();
    }
    if (table instanceof FrozenTable t) {
      return t;
    }
    return copyTable(table, 1);
  }

  private static Map<String, Object> copyTable(Map<?, ?> table, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "field tables and arrays nested deeper than " + MAX_DEPTH + " (or a cyclic table)");
    }
    if (table.isEmpty()) {
      return Map.of();
    }
    if (table instanceof FrozenTable t) {
      return t;
    }
    int size = table.size();
    String[] keys = new String[size];
    Object[] values = new Object[size];
    int n = 0;
    for (Map.Entry<?, ?> e : table.entrySet()) {
      Object k = e.getKey();
      if (!(k instanceof String key)) {
        throw new IllegalArgumentException(
            "field table key is " + (k == null ? "null" : "a " + k.getClass().getName()));
      }
      int len = Utf8.length(Utf8.encodedLengthOrAscii(key));
      if (len > 255) {
        throw new IllegalArgumentException(
            "field table key \""
                + key.substring(0, Math.min(32, key.length()))
                + "...\" is "
                + len
                + " bytes in UTF-8, more than the 255 allowed");
      }
      if (n == keys.length) {
        // the map grew while being copied
        keys = Arrays.copyOf(keys, n * 2 + 1);
        values = Arrays.copyOf(values, n * 2 + 1);
      }
      keys[n] = key;
      values[n] = copyValue(e.getValue(), key, depth);
      n++;
    }
    return new FrozenTable(keys, values, n);
  }

  private static List<Object> copyList(Iterable<?> list, String key, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "field tables and arrays nested deeper than " + MAX_DEPTH + " (or a cyclic array)");
    }
    ArrayList<Object> copy = new ArrayList<>();
    for (Object v : list) {
      copy.add(copyValue(v, key, depth));
    }
    return copy.isEmpty() ? List.of() : Collections.unmodifiableList(copy);
  }

  private static Object copyValue(Object v, String key, int depth) {
    if (v == null
        || v instanceof String
        || v instanceof LongString
        || v instanceof Integer
        || v instanceof Long
        || v instanceof Boolean
        || v instanceof Byte
        || v instanceof Short
        || v instanceof Float
        || v instanceof Double
        || v instanceof FieldValue) {
      return v;
    }
    if (v instanceof Instant t) {
      WireWriter.checkTimestamp(t.getEpochSecond(), v, "field table", key);
      return t;
    }
    if (v instanceof BigDecimal d) {
      WireWriter.checkDecimal(d, "field table", key);
      return d;
    }
    if (v instanceof Map<?, ?> m) {
      return copyTable(m, depth + 1);
    }
    if (v instanceof List<?> l) {
      return copyList(l, key, depth + 1);
    }
    if (v instanceof Object[] a) {
      return copyList(Arrays.asList(a), key, depth + 1);
    }
    if (v instanceof byte[] b) {
      return b.clone();
    }
    if (v instanceof Date d) {
      long seconds = Math.floorDiv(d.getTime(), 1000L);
      WireWriter.checkTimestamp(seconds, v, "field table", key);
      return Instant.ofEpochSecond(seconds);
    }
    throw WireWriter.unsupported("field table", key, v);
  }

  /**
   * Decodes one field table (its 4-byte length, then its entries) at the position of {@code in},
   * advancing the position past it. The table must lie between position and limit.
   *
   * @throws ProtocolException when the bytes are not a well-formed table; the message names the
   *     problem and its offset from the position at entry
   */
  public static Map<String, Object> decode(ByteBuffer in) {
    WireReader r = new WireReader();
    r.reset(in, in.position(), in.limit(), "buffer");
    Map<String, Object> t = r.readTable("field table", 1);
    in.position(r.position());
    return t;
  }

  /**
   * Encodes {@code table} (its 4-byte length, then its entries) to {@code out}; {@code null} is the
   * empty table.
   *
   * @throws IllegalArgumentException when a key or value cannot be encoded (see the class comment);
   *     bytes of the partial table may have been written
   */
  public static void encode(ByteOutput out, Map<String, ?> table) {
    WireWriter.writeTable(out, table, "field table", 1);
  }
}
