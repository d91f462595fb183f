/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * Validation helpers shared by the configuration types: every failure is an {@link
 * IllegalArgumentException} whose message names the parameter and the accepted range. Messages
 * never contain secrets: callers pass only non-secret values.
 */
public final class Checks {
  /** The longest duration Warren accepts anywhere: what fits in a {@code long} of nanoseconds. */
  public static final Duration MAX_DURATION = Duration.ofNanos(Long.MAX_VALUE);

  private Checks() {}

  /** Returns {@code value} when it is within {@code [min, max]}, else throws. */
  public static int intInRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  /** Returns {@code value} when it is within {@code [min, max]}, else throws. */
  public static long longInRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  /** Returns {@code value} when it is not null and strictly positive, else throws. */
  public static Duration positive(String name, Duration value) {
    return inRange(name, value, Duration.ofNanos(1), MAX_DURATION);
  }

  /** Returns {@code value} when it is not null and zero or more, else throws. */
  public static Duration nonNegative(String name, Duration value) {
    return inRange(name, value, Duration.ZERO, MAX_DURATION);
  }

  /** Returns {@code value} when it is not null and within {@code [min, max]}, else throws. */
  public static Duration inRange(String name, Duration value, Duration min, Duration max) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          name
              + " must be between "
              + format(min)
              + " and "
              + format(max)
              + ", got "
              + format(value));
    }
    return value;
  }

  /** Returns {@code value} when it is a whole number of seconds within the range, else throws. */
  public static Duration wholeSeconds(
      String name, Duration value, long minSeconds, long maxSeconds) {
    Objects.requireNonNull(value, name);
    if (value.getNano() != 0
        || value.getSeconds() < minSeconds
        || value.getSeconds() > maxSeconds) {
      throw new IllegalArgumentException(
          name
              + " must be a whole number of seconds between "
              + minSeconds
              + " s and "
              + maxSeconds
              + " s, got "
              + format(value));
    }
    return value;
  }

  /** Returns {@code value} when it is neither null nor empty, else throws. */
  public static String nonEmpty(String name, String value) {
    Objects.requireNonNull(value, name);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return value;
  }

  /**
   * A human-readable duration: {@code "2 s"}, {@code "250 ms"}, {@code "1.5 s"}, {@code "3 µs"}.
   */
  public static String format(Duration d) {
    if (d == null) {
      return "none";
    }
    if (d.equals(MAX_DURATION)) {
      return "292 years";
    }
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    if (d.getNano() == 0) {
      return d.getSeconds() + " s";
    }
    if (d.getSeconds() == 0 && d.getNano() % 1_000_000 == 0) {
      return d.getNano() / 1_000_000 + " ms";
    }
    if (d.getSeconds() == 0 && d.getNano() < 1_000_000 && d.getNano() % 1_000 == 0) {
      return d.getNano() / 1_000 + " µs";
    }
    if (d.getSeconds() == 0 && d.getNano() < 1_000) {
      return d.getNano() + " ns";
    }
    BigDecimal seconds =
        BigDecimal.valueOf(d.getSeconds())
            .add(BigDecimal.valueOf(d.getNano(), 9))
            .stripTrailingZeros();
    return seconds.toPlainString() + " s";
  }
}
