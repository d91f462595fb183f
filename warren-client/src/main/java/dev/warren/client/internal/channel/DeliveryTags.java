/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel;

/**
 * The delivery tags of one channel across recoveries. The broker numbers a channel's deliveries
 * from 1 on every new channel; the application sees tags that keep increasing for the channel's
 * whole life (raw + offset), so a tag from before a recovery is recognised, never sent to the new
 * channel (where it would mean another delivery, or close the channel with 406). Used on the I/O
 * thread only.
 */
final class DeliveryTags {
  /** {@link #rawTag} for a tag of a channel before its last recovery. */
  static final long STALE = -1;

  private long offset; // the application sees raw + offset
  private long highest; // the highest tag handed to the application

  /** The channel is suspended for recovery: every tag seen so far is now stale. */
  void suspend() {
    offset = highest;
  }

  /** The tag the application sees for a tag of the current channel. */
  long userTag(long rawTag) {
    long tag = rawTag + offset;
    if (tag > highest) {
      highest = tag;
    }
    return tag;
  }

  /**
   * The current channel's tag for the application's {@code tag}: 0 stays 0 for "everything
   * outstanding" ({@code multiple}); {@link #STALE} when it belongs to the channel before a
   * recovery (the broker already requeued that delivery).
   */
  long rawTag(long tag, boolean multiple) {
    if (multiple && tag == 0) {
      return 0;
    }
    long raw = tag - offset;
    return raw <= 0 ? STALE : raw;
  }
}
