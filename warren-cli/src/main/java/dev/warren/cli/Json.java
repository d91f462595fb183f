/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import dev.warren.protocol.FieldValue;
import dev.warren.protocol.LongString;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * A small JSON writer for the values warren prints: maps, lists, strings, numbers, booleans, null;
 * {@link Instant} as its ISO-8601 string, {@code byte[]} and non-UTF-8 {@link LongString} as base64
 * strings; unsigned field values ({@link FieldValue}) as their numbers.
 */
public final class Json {
  private Json() {}

  /** The JSON text of {@code value} on one line. */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder(128);
    write(sb, value);
    return sb.toString();
  }

  /** Appends the JSON text of {@code value}. */
  public static void write(StringBuilder sb, Object value) {
    if (value == null) {
      sb.append("null");
    } else if (value instanceof String s) {
      string(sb, s);
    } else if (value instanceof Boolean b) {
      sb.append(b.booleanValue());
    } else if (value instanceof Double d) {
      number(sb, d);
    } else if (value instanceof Float f) {
      number(sb, f.doubleValue());
    } else if (value instanceof BigDecimal d) {
      sb.append(d.toPlainString());
    } else if (value instanceof Number n) {
      sb.append(n.longValue());
    } else if (value instanceof FieldValue.UnsignedByte u) {
      sb.append(u.value());
    } else if (value instanceof FieldValue.UnsignedShort u) {
      sb.append(u.value());
    } else if (value instanceof FieldValue.UnsignedInt u) {
      sb.append(u.value());
    } else if (value instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        string(sb, String.valueOf(e.getKey()));
        sb.append(':');
        write(sb, e.getValue());
      }
      sb.append('}');
    } else if (value instanceof Collection<?> c) {
      sb.append('[');
      boolean first = true;
      for (Object o : c) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        write(sb, o);
      }
      sb.append(']');
    } else if (value instanceof Object[] arr) {
      write(sb, java.util.Arrays.asList(arr));
    } else if (value instanceof double[] arr) {
      sb.append('[');
      for (int i = 0; i < arr.length; i++) {
        if (i > 0) {
          sb.append(',');
        }
        number(sb, arr[i]);
      }
      sb.append(']');
    } else if (value instanceof byte[] bytes) {
      string(sb, Base64.getEncoder().encodeToString(bytes));
    } else if (value instanceof LongString ls) {
      string(sb, ls.isValidUtf8() ? ls.asString() : Base64.getEncoder().encodeToString(ls.bytes()));
    } else if (value instanceof Instant i) {
      string(sb, i.toString());
    } else {
      string(sb, value.toString());
    }
  }

  private static void number(StringBuilder sb, double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      sb.append("null");
    } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      sb.append((long) d);
    } else {
      sb.append(BigDecimal.valueOf(d).stripTrailingZeros().toPlainString());
    }
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else if (c == '<') {
            // Safe to embed in an HTML <script> element.
            sb.append("\\u003c");
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
