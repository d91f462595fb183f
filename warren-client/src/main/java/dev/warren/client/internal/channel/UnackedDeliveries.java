/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel;

import java.util.Arrays;

/**
 * The deliveries of the current channel that wait for the application's ack, nack or reject, for
 * {@link dev.warren.client.Connection#health()}: their broker tags in a ring, oldest first (the
 * broker's tags grow), settled ones marked 0. A delivery or a single settlement is O(1) (O(log n)
 * to find a tag out of order); a {@code multiple} one drops from the head.
 *
 * <p>Written on the I/O thread only; {@link #count()} may be read from any thread.
 */
final class UnackedDeliveries {
  private long[] tags = new long[16];
  private int head; // index of the oldest entry
  private int size; // entries between head and tail, settled ones included
  private volatile int count; // entries not settled; lazily published by the I/O thread

  /** A delivery with broker tag {@code raw} waits for its settlement. */
  void delivered(long raw) {
    if (size == tags.length) {
      long[] bigger = new long[tags.length * 2];
      for (int i = 0; i < size; i++) {
        bigger[i] = tags[(head + i) & (tags.length - 1)];
      }
      tags = bigger;
      head = 0;
    }
    tags[(head + size) & (tags.length - 1)] = raw;
    size++;
    COUNT.setRelease(this, count + 1);
  }

  /** The application settled {@code raw} (and, with {@code multiple}, every earlier one). */
  void settled(long raw, boolean multiple) {
    int n = count;
    int mask = tags.length - 1;
    if (multiple) {
      long upTo = raw == 0 ? Long.MAX_VALUE : raw;
      while (size > 0 && tags[head] <= upTo) {
        if (tags[head] != 0) {
          n--;
        }
        head = (head + 1) & mask;
        size--;
      }
    } else {
      int i = find(raw);
      if (i >= 0) {
        tags[(head + i) & mask] = 0;
        n--;
      }
    }
    while (size > 0 && tags[head] == 0) {
      head = (head + 1) & mask;
      size--;
    }
    COUNT.setRelease(this, n);
  }

  /** Position (from the head) of {@code raw}, or -1: binary search over the growing tags. */
  private int find(long raw) {
    int mask = tags.length - 1;
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int probe = mid;
      // Settled entries (0) keep no order: step right to the next live one.
      while (probe <= hi && tags[(head + probe) & mask] == 0) {
        probe++;
      }
      if (probe > hi) {
        hi = mid - 1;
        continue;
      }
      long t = tags[(head + probe) & mask];
      if (t == raw) {
        return probe;
      } else if (t < raw) {
        lo = probe + 1;
      } else {
        hi = mid - 1;
      }
    }
    return -1;
  }

  /** The channel was lost: the broker requeued everything unacked. */
  void clear() {
    Arrays.fill(tags, 0);
    head = 0;
    size = 0;
    COUNT.setRelease(this, 0);
  }

  /** Deliveries not yet settled (any thread). */
  int count() {
    return count;
  }

  private static final java.lang.invoke.VarHandle COUNT;

  static {
    try {
      COUNT =
          java.lang.invoke.MethodHandles.lookup()
              .findVarHandle(UnackedDeliveries.class, "count", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
