/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol.codec;

import dev.warren.protocol.FieldValue;
import dev.warren.protocol.LongString;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * Writes AMQP primitive types to a {@link ByteOutput}. Stateless; strings are encoded without
 * allocating. Values that cannot be encoded throw {@link IllegalArgumentException} naming the
 * field.
 */
final class WireWriter {
  private WireWriter() {}

  static void writeShortstr(ByteOutput out, String s, String what) {
    if (s == null) {
      out.writeByte(0);
      return;
    }
    int enc = Utf8.encodedLengthOrAscii(s);
    int len = Utf8.length(enc);
    if (len > 255) {
      throw new IllegalArgumentException(
          what + ": shortstr is " + len + " bytes in UTF-8, more than the 255 allowed");
    }
    out.writeByte(len);
    Utf8.writeShortstr(out, s, enc); // escaped bytes (see Utf8) written back as they were
  }

  static void writeLongstr(ByteOutput out, LongString s) {
    if (s == null) {
      out.writeInt(0);
      return;
    }
    byte[] b = LongStrings.array(s);
    out.writeInt(b.length);
    out.writeBytes(b, 0, b.length);
  }

  static void writeLongstr(ByteOutput out, String s) {
    int enc = Utf8.encodedLengthOrAscii(s);
    out.writeInt(Utf8.length(enc));
    Utf8.write(out, s, enc);
  }

  static void writeTimestamp(ByteOutput out, Instant t) {
    out.writeLong(t.getEpochSecond());
  }

  /** Writes a field table (length, then entries); {@code null} is written as an empty table. */
  static void writeTable(ByteOutput out, Map<String, ?> table, String what, int depth) {
    if (table == null || table.isEmpty()) {
      out.writeInt(0);
      return;
    }
    if (depth > FieldTables.MAX_DEPTH) {
      throw new IllegalArgumentException(
          what + ": field tables and arrays nested deeper than " + FieldTables.MAX_DEPTH);
    }
    int lengthAt = out.writerIndex();
    out.writeInt(0);
    if (table instanceof FrozenTable t) {
      // the common case (every table in a record or BasicProperties): no iterator, no entries
      for (int i = 0, n = t.size(); i < n; i++) {
        String key = t.keyAt(i);
        writeShortstr(out, key, what);
        writeFieldValue(out, t.valueAt(i), what, key, depth);
      }
      out.setInt(lengthAt, out.writerIndex() - lengthAt - 4);
      return;
    }
    for (Map.Entry<String, ?> e : table.entrySet()) {
      Object k = e.getKey();
      if (!(k instanceof String key)) {
        throw new IllegalArgumentException(
            what + ": field table key is " + (k == null ? "null" : "a " + k.getClass().getName()));
      }
      writeShortstr(out, key, what);
      writeFieldValue(out, e.getValue(), what, key, depth);
    }
    out.setInt(lengthAt, out.writerIndex() - lengthAt - 4);
  }

  private static void writeArray(
      ByteOutput out, List<?> values, String what, String key, int depth) {
    if (depth > FieldTables.MAX_DEPTH) {
      throw new IllegalArgumentException(
          what + ": field tables and arrays nested deeper than " + FieldTables.MAX_DEPTH);
    }
    int lengthAt = out.writerIndex();
    out.writeInt(0);
    if (values instanceof RandomAccess) {
      for (int i = 0, n = values.size(); i < n; i++) {
        writeFieldValue(out, values.get(i), what, key, depth);
      }
    } else {
      for (Object v : values) {
        writeFieldValue(out, v, what, key, depth);
      }
    }
    out.setInt(lengthAt, out.writerIndex() - lengthAt - 4);
  }

  private static void writeFieldValue(
      ByteOutput out, Object v, String what, String key, int depth) {
    if (v == null) {
      out.writeByte('V');
    } else if (v instanceof String s) {
      out.writeByte('S');
      writeLongstr(out, s);
    } else if (v instanceof LongString s) {
      out.writeByte('S');
      writeLongstr(out, s);
    } else if (v instanceof Integer i) {
      out.writeByte('I');
      out.writeInt(i);
    } else if (v instanceof Long l) {
      out.writeByte('l');
      out.writeLong(l);
    } else if (v instanceof Boolean b) {
      out.writeByte('t');
      out.writeByte(b ? 1 : 0);
    } else if (v instanceof Map<?, ?> m) {
      out.writeByte('F');
      @SuppressWarnings("unchecked")
      Map<String, ?> t = (Map<String, ?>) m;
      writeTable(out, t, what, depth + 1);
    } else if (v instanceof List<?> l) {
      out.writeByte('A');
      writeArray(out, l, what, key, depth + 1);
    } else if (v instanceof Object[] a) {
      out.writeByte('A');
      writeArray(out, Arrays.asList(a), what, key, depth + 1);
    } else if (v instanceof byte[] b) {
      out.writeByte('x');
      out.writeInt(b.length);
      out.writeBytes(b, 0, b.length);
    } else if (v instanceof Byte b) {
      out.writeByte('b');
      out.writeByte(b);
    } else if (v instanceof Short s) {
      out.writeByte('s');
      out.writeShort(s);
    } else if (v instanceof Float f) {
      out.writeByte('f');
      out.writeInt(Float.floatToRawIntBits(f));
    } else if (v instanceof Double d) {
      out.writeByte('d');
      out.writeLong(Double.doubleToRawLongBits(d));
    } else if (v instanceof BigDecimal d) {
      checkDecimal(d, what, key);
      out.writeByte('D');
      out.writeByte(d.scale());
      out.writeInt(d.unscaledValue().intValue());
    } else if (v instanceof Instant t) {
      out.writeByte('T');
      out.writeLong(checkTimestamp(t.getEpochSecond(), v, what, key));
    } else if (v instanceof Date d) {
      out.writeByte('T');
      out.writeLong(checkTimestamp(Math.floorDiv(d.getTime(), 1000L), v, what, key));
    } else if (v instanceof FieldValue f) {
      writeUnsigned(out, f);
    } else {
      throw unsupported(what, key, v);
    }
  }

  private static void writeUnsigned(ByteOutput out, FieldValue f) {
    if (f instanceof FieldValue.UnsignedByte b) {
      out.writeByte('B');
      out.writeByte(b.value());
    } else if (f instanceof FieldValue.UnsignedShort s) {
      out.writeByte('u');
      out.writeShort(s.value());
    } else {
      out.writeByte('i');
      out.writeInt((int) ((FieldValue.UnsignedInt) f).value());
    }
  }

  /**
   * A field-table timestamp's seconds, refused when negative: 'T' is unsigned (RabbitMQ, pika and
   * py-amqp read it so, and Warren's decoder rejects what would come back as 2^63 or more).
   */
  static long checkTimestamp(long seconds, Object v, String what, String key) {
    if (seconds < 0) {
      throw new IllegalArgumentException(
          what
              + ": field \""
              + key
              + "\": timestamp "
              + (v instanceof Date d ? d.toInstant() : v)
              + " is before 1970-01-01T00:00:00Z; a field-table timestamp ('T') is unsigned"
              + " seconds since the epoch");
    }
    return seconds;
  }

  static void checkDecimal(BigDecimal d, String what, String key) {
    if (d.scale() < 0 || d.scale() > 255 || d.unscaledValue().bitLength() > 31) {
      throw new IllegalArgumentException(
          what
              + ": field \""
              + key
              + "\": BigDecimal "
              + d
              + " does not fit AMQP's decimal (scale 0..255, unscaled value a signed 32-bit int)");
    }
  }

  static IllegalArgumentException unsupported(String what, String key, Object v) {
    return new IllegalArgumentException(
        what
            + ": field \""
            + key
            + "\" has a value of type "
            + v.getClass().getName()
            + ", which no AMQP field type represents (see FieldTables for the supported types)");
  }
}
