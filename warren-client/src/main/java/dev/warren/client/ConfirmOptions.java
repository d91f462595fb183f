/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * How a channel runs in confirm mode ({@code confirm.select}): whether publishing waits while too
 * many publishes are unconfirmed.
 *
 * <pre>{@code
 * ch.confirmSelect(ConfirmOptions.window(1_000)); // blocking publishes wait beyond 1,000
 * ch.confirmSelect(ConfirmOptions.unbounded());   // same as confirmSelect()
 * }</pre>
 *
 * <p>With a window, a <em>blocking</em> publish ({@link Channel#basicPublish}, {@link
 * Channel#publishConfirmed}) waits while {@code maxUnconfirmed} publishes of the channel are handed
 * over but not yet acked or nacked, at most its timeout ({@link PublishOptions#timeout()}, else the
 * connection's RPC timeout), then throws {@link dev.warren.errors.BackpressureTimeoutException}
 * with gate {@code CONFIRM_WINDOW}. The window is released on the I/O thread as confirms arrive,
 * before confirm listeners run, so a publisher waiting for room is woken directly. When the window
 * is full it waits until a quarter of the window is free again, so a fast publisher is woken once
 * per batch of confirms, not once per confirm. Asynchronous publishes ({@link AsyncChannel}) never
 * wait: they count against the window (a blocking publish waits for them too) but are not held back
 * by it.
 *
 * <p>This is the third gate of the one backpressure model (with the socket's write buffer and the
 * broker's connection.blocked): a publish waits for whichever is shut, with one deadline.
 *
 * @param maxUnconfirmed the most publishes unconfirmed at once before blocking publishes wait; 0 =
 *     no limit
 * @since 0.1
 */
public record ConfirmOptions(int maxUnconfirmed) {
  private static final ConfirmOptions UNBOUNDED = new ConfirmOptions(0);

  /**
   * Checks the components.
   *
   * @param maxUnconfirmed the most publishes unconfirmed at once before blocking publishes wait; 0
   *     = no limit
   * @throws IllegalArgumentException if {@code maxUnconfirmed} is negative
   */
  public ConfirmOptions {
    if (maxUnconfirmed < 0) {
      throw new IllegalArgumentException(
          "the confirm window must be 0 (no limit) or more, was " + maxUnconfirmed);
    }
  }

  /** {@return options for confirm mode with no window: publishing never waits for confirms} */
  public static ConfirmOptions unbounded() {
    return UNBOUNDED;
  }

  /**
   * Confirm mode in which blocking publishes wait while {@code maxUnconfirmed} are unconfirmed.
   *
   * @param maxUnconfirmed the most publishes unconfirmed at once, 1 or more
   * @return the options
   * @throws IllegalArgumentException if {@code maxUnconfirmed} is less than 1
   */
  public static ConfirmOptions window(int maxUnconfirmed) {
    if (maxUnconfirmed < 1) {
      throw new IllegalArgumentException(
          "a confirm window holds at least 1 publish, was " + maxUnconfirmed);
    }
    return new ConfirmOptions(maxUnconfirmed);
  }

  /** {@return whether publishing waits for confirms ({@code maxUnconfirmed > 0})} */
  public boolean bounded() {
    return maxUnconfirmed > 0;
  }
}
