/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a consumer starts reading a stream queue: the {@code x-stream-offset} argument of
 * basic.consume that {@link ConsumeSpec#streamOffset(StreamOffset)} sets. Each factory checks its
 * input at once, so an offset the broker would refuse never leaves the client.
 *
 * <pre>{@code
 * ch.basicQos(Qos.prefetch(100));
 * ch.basicConsume(ConsumeSpec.queue("events").streamOffset(StreamOffset.first()), d -> ...);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2
 */
public final class StreamOffset {
  /** What kind of position an offset names. */
  private enum Kind {
    FIRST,
    LAST,
    NEXT,
    OFFSET,
    TIMESTAMP,
    INTERVAL
  }

  private static final Pattern INTERVAL = Pattern.compile("[1-9][0-9]{0,9}[YMDhms]");
  private static final StreamOffset FIRST = new StreamOffset(Kind.FIRST, "first");
  private static final StreamOffset LAST = new StreamOffset(Kind.LAST, "last");
  private static final StreamOffset NEXT = new StreamOffset(Kind.NEXT, "next");

  private final Kind kind;
  private final Object value;

  private StreamOffset(Kind kind, Object value) {
    this.kind = kind;
    this.value = value;
  }

  /**
   * The first message still in the stream.
   *
   * @return the offset {@code "first"}
   */
  public static StreamOffset first() {
    return FIRST;
  }

  /**
   * The last chunk of messages written (so a few messages before the end, not only new ones).
   *
   * @return the offset {@code "last"}
   */
  public static StreamOffset last() {
    return LAST;
  }

  /**
   * Only messages published after the consumer subscribed; RabbitMQ's default.
   *
   * @return the offset {@code "next"}
   */
  public static StreamOffset next() {
    return NEXT;
  }

  /**
   * The message with this offset (the first is 0), or the first one still there when retention
   * removed it, or the next one published when it is beyond the end.
   *
   * @param offset the message's offset in the stream, 0 or more
   * @return the offset, sent as a long
   * @throws IllegalArgumentException if {@code offset} is negative
   */
  public static StreamOffset offset(long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException(
          "a stream offset is 0 or more, got " + offset + "; use first() for the start");
    }
    return new StreamOffset(Kind.OFFSET, offset);
  }

  /**
   * The first chunk of messages written at or after this instant (whole seconds; RabbitMQ's
   * granularity is the chunk, so a few earlier messages may come too).
   *
   * @param timestamp the instant to start at; a fraction of a second is dropped
   * @return the offset, sent as an AMQP timestamp
   * @throws NullPointerException if {@code timestamp} is null
   * @throws IllegalArgumentException if it is before 1970
   */
  public static StreamOffset timestamp(Instant timestamp) {
    Objects.requireNonNull(timestamp, "timestamp");
    if (timestamp.getEpochSecond() < 0) {
      throw new IllegalArgumentException(
          "a stream timestamp cannot be before 1970, got " + timestamp);
    }
    return new StreamOffset(Kind.TIMESTAMP, Instant.ofEpochSecond(timestamp.getEpochSecond()));
  }

  /**
   * Messages written within this interval before now, RabbitMQ's syntax: a positive number and one
   * unit of {@code Y} (years), {@code M} (months), {@code D} (days), {@code h}, {@code m}, {@code
   * s}, such as {@code "1h"} or {@code "30m"}.
   *
   * @param interval the interval: 1 to 10 digits without a leading zero, then one unit letter
   * @return the offset, sent as the string {@code interval}
   * @throws NullPointerException if {@code interval} is null
   * @throws IllegalArgumentException if it does not have that form
   */
  public static StreamOffset interval(String interval) {
    Objects.requireNonNull(interval, "interval");
    if (!INTERVAL.matcher(interval).matches()) {
      throw new IllegalArgumentException(
          "a stream interval is a positive number and one unit of Y, M, D, h, m or s (such as"
              + " \"1h\" or \"30m\"), got \""
              + interval
              + "\"");
    }
    return new StreamOffset(Kind.INTERVAL, interval);
  }

  /**
   * Messages written within this duration before now, sent in whole seconds ({@code "3600s"}).
   *
   * @param interval how far back to start, at least one second; a fraction of a second is dropped
   * @return the offset, sent as a string of seconds
   * @throws NullPointerException if {@code interval} is null
   * @throws IllegalArgumentException if it is shorter than one second, or longer than the
   *     9,999,999,999 seconds that the 10 digits of an interval can hold
   */
  public static StreamOffset interval(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.getSeconds() < 1) {
      throw new IllegalArgumentException(
          "a stream interval is at least one second, got " + interval);
    }
    return interval(interval.getSeconds() + "s");
  }

  /**
   * The value sent as {@code x-stream-offset}: a String ({@code "first"}, {@code "last"}, {@code
   * "next"} or an interval), a Long offset or an {@link Instant} (sent as an AMQP timestamp).
   *
   * @return the argument's value; never null
   */
  public Object argumentValue() {
    return value;
  }

  /**
   * The offset for an {@code x-stream-offset} argument value, as {@link #argumentValue()} gives it
   * (or an Integer offset, or a {@link java.util.Date}), checked like the factories.
   *
   * @throws IllegalArgumentException if the value is not one of those or is out of range
   */
  static StreamOffset fromArgument(Object value) {
    if (value instanceof String s) {
      return switch (s) {
        case "first" -> FIRST;
        case "last" -> LAST;
        case "next" -> NEXT;
        default -> interval(s);
      };
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      return offset(((Number) value).longValue());
    }
    if (value instanceof Instant t) {
      return timestamp(t);
    }
    if (value instanceof java.util.Date d) {
      return timestamp(d.toInstant());
    }
    throw new IllegalArgumentException(
        "x-stream-offset must be \"first\", \"last\", \"next\", an offset number, a timestamp or"
            + " an interval such as \"1h\", got "
            + (value == null ? "null" : value.getClass().getSimpleName() + " " + value)
            + "; use ConsumeSpec.streamOffset(StreamOffset...)");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StreamOffset other && kind == other.kind && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, value);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case FIRST, LAST, NEXT -> "StreamOffset[" + value + "]";
      case OFFSET -> "StreamOffset[offset " + value + "]";
      case TIMESTAMP -> "StreamOffset[timestamp " + value + "]";
      case INTERVAL -> "StreamOffset[interval " + value + "]";
    };
  }
}
