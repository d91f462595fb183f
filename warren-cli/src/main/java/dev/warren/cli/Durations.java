/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations such as {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h30m}, {@code 1.5s} or a
 * bare number of seconds ({@code 10}); ISO-8601 ({@code PT10S}) works too.
 */
public final class Durations implements ITypeConverter<Duration> {
  private static final Pattern PART =
      Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|µs|ns|s|m|h|d)", Pattern.CASE_INSENSITIVE);

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  /** Parses a duration; throws picocli's TypeConversionException with a readable message. */
  public static Duration parse(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.isEmpty()) {
      throw bad(value);
    }
    if (v.startsWith("pt") || v.startsWith("p")) {
      try {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      } catch (RuntimeException e) {
        throw bad(value);
      }
    }
    if (v.matches("\\d+(\\.\\d+)?")) {
      return nanos(Double.parseDouble(v) * 1e9, value);
    }
    Matcher m = PART.matcher(v);
    int at = 0;
    double nanos = 0;
    while (m.find()) {
      if (m.start() != at) {
        throw bad(value);
      }
      double n = Double.parseDouble(m.group(1));
      nanos +=
          switch (m.group(2)) {
            case "ns" -> n;
            case "us", "µs" -> n * 1e3;
            case "ms" -> n * 1e6;
            case "s" -> n * 1e9;
            case "m" -> n * 60e9;
            case "h" -> n * 3600e9;
            default -> n * 86400e9;
          };
      at = m.end();
    }
    if (at != v.length() || at == 0) {
      throw bad(value);
    }
    return nanos(nanos, value);
  }

  private static Duration nanos(double nanos, String value) {
    if (nanos > Long.MAX_VALUE / 2) {
      throw bad(value);
    }
    return Duration.ofNanos(Math.round(nanos));
  }

  private static TypeConversionException bad(String value) {
    return new TypeConversionException(
        "'" + value + "' is not a duration: write it like 10s, 500ms, 2m, 1h30m or 10 (seconds)");
  }

  /** A short human form: 1.5 s, 200 ms, 2 m 30 s. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return (ms % 1000 == 0
              ? String.valueOf(ms / 1000)
              : String.format(Locale.ROOT, "%.1f", ms / 1000.0))
          + " s";
    }
    return d.toMinutes() + " m " + d.toSecondsPart() + " s";
  }
}
