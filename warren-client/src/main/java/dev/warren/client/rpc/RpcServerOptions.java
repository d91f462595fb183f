/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.rpc;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link RpcServer} consumes and answers: its prefetch and whether it waits for the broker
 * to confirm each reply before acking the request. Immutable and thread-safe.
 *
 * @since 0.2
 */
public final class RpcServerOptions {
  private static final RpcServerOptions DEFAULTS = new RpcServerOptions(100, null);

  private final int prefetch;
  private final Duration confirmTimeout;

  private RpcServerOptions(int prefetch, Duration confirmTimeout) {
    this.prefetch = prefetch;
    this.confirmTimeout = confirmTimeout;
  }

  /**
   * Prefetch 100, replies not confirmed: each request is acked once its reply is written.
   *
   * @return the default options
   */
  public static RpcServerOptions defaults() {
    return DEFAULTS;
  }

  /**
   * How many requests the broker sends before they are acked (basic.qos, per consumer).
   *
   * @param count the prefetch count, from 1 to 65535
   * @return a copy of these options with the change; these are unchanged
   * @throws IllegalArgumentException if {@code count} is not between 1 and 65535
   */
  public RpcServerOptions prefetch(int count) {
    if (count < 1 || count > 65535) {
      throw new IllegalArgumentException("a prefetch is between 1 and 65535, got " + count);
    }
    return new RpcServerOptions(count, confirmTimeout);
  }

  /**
   * Puts the server's channel in confirm mode and acks each request only once the broker confirmed
   * its reply, waiting at most {@code timeout}; a reply that is nacked or not confirmed in time
   * leaves the request unacked (redelivered when the channel goes).
   *
   * @param timeout how long to wait for each reply's confirm; positive
   * @return a copy of these options with the change; these are unchanged
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if it is not positive
   */
  public RpcServerOptions confirmReplies(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("a confirm timeout is positive, got " + timeout);
    }
    return new RpcServerOptions(prefetch, timeout);
  }

  /** {@return the prefetch count} */
  public int prefetch() {
    return prefetch;
  }

  /** {@return whether replies are confirmed before the request is acked} */
  public boolean isConfirmReplies() {
    return confirmTimeout != null;
  }

  /** {@return how long to wait for a reply's confirm; null when replies are not confirmed} */
  public Duration confirmTimeout() {
    return confirmTimeout;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RpcServerOptions other
        && prefetch == other.prefetch
        && Objects.equals(confirmTimeout, other.confirmTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(prefetch, confirmTimeout);
  }

  @Override
  public String toString() {
    return "RpcServerOptions[prefetch="
        + prefetch
        + (confirmTimeout == null ? "" : ", confirmReplies=" + confirmTimeout.toMillis() + " ms")
        + "]";
  }
}
