/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code key=value} pairs from the command line, with typed values: integers become Integer (Long
 * when they do not fit), decimals Double, {@code true}/{@code false} Boolean; anything else, or a
 * value in double quotes ({@code key="42"}), stays a String.
 */
public final class TypedValues {
  private TypedValues() {}

  /** Parses each {@code key=value}; later keys win. */
  public static Map<String, Object> parse(List<String> pairs, String what) {
    Map<String, Object> map = new LinkedHashMap<>();
    if (pairs == null) {
      return map;
    }
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw CliException.usage(
            what + " '" + pair + "' is not key=value (for example x-max-length=1000)");
      }
      map.put(pair.substring(0, eq).strip(), value(pair.substring(eq + 1)));
    }
    return map;
  }

  /** One typed value. */
  public static Object value(String raw) {
    String v = raw.strip();
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      return v.substring(1, v.length() - 1);
    }
    if (v.equals("true") || v.equals("false")) {
      return Boolean.valueOf(v);
    }
    if (v.matches("[-+]?\\d{1,19}")) {
      try {
        long l = Long.parseLong(v);
        return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (Object) (int) l : (Object) l;
      } catch (NumberFormatException e) {
        return raw;
      }
    }
    if (v.matches("[-+]?\\d+\\.\\d+([eE][-+]?\\d+)?")) {
      return Double.valueOf(v);
    }
    return raw;
  }
}
