package dev.warren.protocol;

import dev.warren.errors.ProtocolException;
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
 * <p>Warren reads and writes the field types that RabbitMQ uses (its errata to AMQP 0-9-1, not the
 * spec's original letters). Decoding maps each letter to one Java type; encoding picks the letter
 * from the Java type of the value:
 *
 * <table>
 *   <caption>Field value types</caption>
 *   <tr><th>letter</th><th>AMQP type</th><th>decoded as</th><th>encoded from</th></tr>
 *   <tr><td>t</td><td>boolean</td><td>Boolean</td><td>Boolean</td></tr>
 *   <tr><td>b</td><td>signed 8-bit</td><td>Byte</td><td>Byte</td></tr>
 *   <tr><td>B</td><td>unsigned 8-bit</td><td>Short (0..255)</td><td>never (Short gives s)</td></tr>
 *   <tr><td>s</td><td>signed 16-bit</td><td>Short</td><td>Short</td></tr>
 *   <tr><td>u</td><td>unsigned 16-bit</td><td>Integer (0..65535)</td><td>never (Integer gives
 *       I)</td></tr>
 *   <tr><td>I</td><td>signed 32-bit</td><td>Integer</td><td>Integer</td></tr>
 *   <tr><td>i</td><td>unsigned 32-bit</td><td>Long (0..2<sup>32</sup>-1)</td><td>never (Long
 *       gives l)</td></tr>
 *   <tr><td>l</td><td>signed 64-bit</td><td>Long</td><td>Long</td></tr>
 *   <tr><td>f</td><td>float</td><td>Float</td><td>Float</td></tr>
 *   <tr><td>d</td><td>double</td><td>Double</td><td>Double</td></tr>
 *   <tr><td>D</td><td>decimal (scale octet, signed 32-bit value)</td><td>BigDecimal</td>
 *       <td>BigDecimal with scale 0..255 and an unscaled value that fits an int</td></tr>
 *   <tr><td>S</td><td>long string</td><td>String when the bytes are valid UTF-8, otherwise
 *       {@link LongString}</td><td>String (UTF-8) or LongString (its bytes)</td></tr>
 *   <tr><td>A</td><td>array</td><td>List&lt;Object&gt; (immutable)</td><td>List or Object[]</td></tr>
 *   <tr><td>T</td><td>timestamp (seconds)</td><td>Instant</td><td>Instant or java.util.Date
 *       (fractions of a second are dropped)</td></tr>
 *   <tr><td>F</td><td>nested table</td><td>Map&lt;String, Object&gt; (immutable)</td><td>Map
 *       with String keys</td></tr>
 *   <tr><td>V</td><td>void</td><td>null</td><td>null</td></tr>
 *   <tr><td>x</td><td>byte array</td><td>byte[]</td><td>byte[]</td></tr>
 * </table>
 *
 * <p>So a long string that is not UTF-8 survives a round trip byte for byte (as a LongString),
 * while text is handed out as String. The unsigned letters B, u and i are read but never written: a
 * value decoded from them is re-encoded with the signed letter of its Java type (s, I, l), which
 * holds the same number. A timestamp beyond {@link Instant}'s range decodes as {@link Instant#MIN}
 * or the last whole second of {@link Instant#MAX}, rather than failing.
 *
 * <p>Tables and arrays may nest at most {@link #MAX_DEPTH} levels (the outermost table counts as
 * one). Deeper input fails to decode with a {@link ProtocolException}; a deeper (or cyclic) value
 * fails to encode with an {@link IllegalArgumentException}.
 *
 * <p>Decoded tables are immutable, keep the order of the wire, and are never {@code null} (an empty
 * table decodes as an empty map); when a key repeats, the last value wins. Encoding accepts {@code
 * null} as the empty table. Values of any other Java type fail to encode with an {@link
 * IllegalArgumentException} naming the key and the type. This class is stateless and thread-safe.
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
        || v instanceof Instant) {
      return v;
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
      return Instant.ofEpochSecond(Math.floorDiv(d.getTime(), 1000L));
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
