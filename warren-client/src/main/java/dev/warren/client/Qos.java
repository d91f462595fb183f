/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * basic.qos: how many unacknowledged deliveries (and bytes) the broker may have outstanding.
 *
 * <pre>{@code
 * ch.basicQos(Qos.prefetch(100));
 * ch.basicQos(Qos.prefetch(500).global());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Qos {
  private final int prefetchCount;
  private final long prefetchSize;
  private final boolean global;

  private Qos(int prefetchCount, long prefetchSize, boolean global) {
    if (prefetchCount < 0 || prefetchCount > 65535) {
      throw new IllegalArgumentException("prefetch count must be 0..65535, was " + prefetchCount);
    }
    if (prefetchSize < 0 || prefetchSize > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("prefetch size must be 0..2^32-1, was " + prefetchSize);
    }
    this.prefetchCount = prefetchCount;
    this.prefetchSize = prefetchSize;
    this.global = global;
  }

  /**
   * {@return a qos of per-consumer prefetch of {@code count} unacknowledged messages (0 =
   * unlimited)}
   *
   * @param count the most unacknowledged messages, 0 to 65535 (0: unlimited)
   */
  public static Qos prefetch(int count) {
    return new Qos(count, 0, false);
  }

  /** {@return a qos of no limit} */
  public static Qos unlimited() {
    return new Qos(0, 0, false);
  }

  /**
   * The same limit, shared by the whole channel (RabbitMQ's global qos).
   *
   * @return a copy of this value with the change; this one is unchanged
   */
  public Qos global() {
    return new Qos(prefetchCount, prefetchSize, true);
  }

  /**
   * A limit on unacknowledged body bytes as well (0 = unlimited; RabbitMQ supports only 0).
   *
   * @param bytes the most unacknowledged body bytes (0: unlimited; RabbitMQ supports only 0)
   * @return a copy of this value with the change; this one is unchanged
   */
  public Qos prefetchSize(long bytes) {
    return new Qos(prefetchCount, bytes, global);
  }

  /** {@return the number of unacknowledged messages allowed; 0 = unlimited} */
  public int prefetchCount() {
    return prefetchCount;
  }

  /** {@return the number of unacknowledged body bytes allowed; 0 = unlimited} */
  public long prefetchSize() {
    return prefetchSize;
  }

  /** {@return whether the limit is shared by the channel rather than applied per consumer} */
  public boolean isGlobal() {
    return global;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Qos q
        && q.prefetchCount == prefetchCount
        && q.prefetchSize == prefetchSize
        && q.global == global;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(prefetchSize) * 31 + prefetchCount * 2 + (global ? 1 : 0);
  }

  @Override
  public String toString() {
    return "Qos[prefetchCount="
        + prefetchCount
        + ", prefetchSize="
        + prefetchSize
        + ", global="
        + global
        + "]";
  }
}
