/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.config;

import dev.warren.client.TcpOptions;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The values of AMQP URI query keys and of their dictionaries: numbers (decimal, exponent and
 * leading '+' allowed, whole where a count is expected), durations in seconds or microseconds,
 * Python-style booleans, {@code None}, file paths and the {@code client_properties} dictionary.
 * Every failure is an {@link IllegalArgumentException} that shows the value; callers only pass
 * values of keys that cannot hold a secret, and {@link AmqpUriParser} prefixes the key.
 */
final class UriValues {
  private UriValues() {}

  /** A heartbeat timeout: a whole number of seconds from 0 (off) to 65535. */
  static Duration heartbeat(String key, String v) {
    BigDecimal n = decimal(key, v);
    if (n.signum() < 0 || n.compareTo(BigDecimal.valueOf(65535)) > 0 || !isIntegral(n)) {
      throw new IllegalArgumentException(
          "'" + v + "' must be a whole number of seconds from 0 (heartbeats off) to 65535");
    }
    return Duration.ofSeconds(n.longValueExact());
  }

  /** A whole number of microseconds up to {@link TcpOptions#MAX_RECEIVE_COALESCING}. */
  static Duration microseconds(String key, String v) {
    long max = TcpOptions.MAX_RECEIVE_COALESCING.toNanos() / 1000;
    try {
      return Duration.ofNanos(1000 * longInteger(key, v, 0, max));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + v + "' must be a whole number of microseconds from 0 (read at once) to " + max, e);
    }
  }

  /** A whole number within {@code [min, max]}. */
  static int integer(String key, String v, int min, int max) {
    return (int) longInteger(key, v, min, max);
  }

  /** A whole number within {@code [min, max]}. */
  static long longInteger(String key, String v, long min, long max) {
    BigDecimal n = decimal(key, v);
    if (!isIntegral(n)
        || n.compareTo(BigDecimal.valueOf(min)) < 0
        || n.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new IllegalArgumentException(
          "'" + v + "' must be a whole number from " + min + " to " + max);
    }
    return n.longValueExact();
  }

  /** A number of seconds, 0 or more, fractions allowed (rounded to the nanosecond). */
  static Duration seconds(String key, String v) {
    BigDecimal n = decimal(key, v);
    if (n.signum() < 0) {
      throw new IllegalArgumentException("'" + v + "' must be a number of seconds, 0 or more");
    }
    BigDecimal nanos = n.movePointRight(9).setScale(0, RoundingMode.HALF_UP);
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("'" + v + "' seconds is too long");
    }
    return Duration.ofNanos(nanos.longValueExact());
  }

  private static BigDecimal decimal(String key, String v) {
    String t = v.trim();
    try {
      if (t.isEmpty() || !t.matches("[+-]?[0-9]*\\.?[0-9]*([eE][+-]?[0-9]+)?")) {
        throw new NumberFormatException();
      }
      return new BigDecimal(t.startsWith("+") ? t.substring(1) : t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + v + "' is not a number");
    }
  }

  private static boolean isIntegral(BigDecimal n) {
    return n.signum() == 0 || n.stripTrailingZeros().scale() <= 0;
  }

  /** Whether {@code v} means "no value": {@code none}, {@code null} or empty. */
  static boolean isNone(String v) {
    return v.equalsIgnoreCase("none") || v.equalsIgnoreCase("null") || v.isEmpty();
  }

  /** A boolean written as Python, pika and RabbitMQ do: true/false, t/f, 1/0, yes/no, on/off. */
  static boolean bool(String key, String v) {
    switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "t", "true", "1", "yes", "y", "on":
        return true;
      case "f", "false", "0", "no", "n", "off":
        return false;
      default:
        throw new IllegalArgumentException(
            "'" + v + "' is not a boolean (true/false, t/f, 1/0, yes/no, on/off)");
    }
  }

  /** A boolean of a dictionary: a literal boolean, 0 or 1, or a string {@link #bool} accepts. */
  static boolean boolValue(String key, Object v) {
    if (v instanceof Boolean bo) {
      return bo;
    }
    if (v instanceof Long l && (l == 0 || l == 1)) {
      return l == 1;
    }
    if (v instanceof String s) {
      return bool(key, s);
    }
    throw new IllegalArgumentException(key + " must be a boolean, got " + v);
  }

  /** A whole number of a dictionary within {@code [min, max]}: a literal number or a string. */
  static long number(String key, Object v, long min, long max) {
    if (v instanceof Long l && l >= min && l <= max) {
      return l;
    }
    if (v instanceof String s) {
      return longInteger(key, s, min, max);
    }
    throw new IllegalArgumentException(
        key + " must be a whole number from " + min + " to " + max + ", got " + v);
  }

  /** A file path, not blank. The file is not read here. */
  static Path path(String key, String v) {
    if (v.isBlank()) {
      throw new IllegalArgumentException(key + " must be a file path, got an empty value");
    }
    try {
      return Path.of(v);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(key + ": '" + v + "' is not a valid path");
    }
  }

  /** The {@code client_properties} dictionary, which may not hold {@code None}. */
  static Map<String, Object> clientProperties(String v) {
    Map<String, Object> map = LiteralParser.parseObject(v);
    for (Map.Entry<String, Object> e : map.entrySet()) {
      if (e.getValue() == null) {
        throw new IllegalArgumentException(
            "client property '" + e.getKey() + "' is null; null values are not supported");
      }
    }
    return map;
  }
}
