/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * How a publish ended, as a {@link PublishObservation} hears it.
 *
 * @since 0.1
 */
public enum PublishOutcome {
  /** Written to the connection on a channel that is not in confirm mode: nothing more will come. */
  SENT,
  /** The broker acked it (confirm mode). */
  CONFIRMED,
  /** The broker nacked it (confirm mode). */
  NACKED,
  /** A mandatory publish the broker could not route: it came back as a basic.return. */
  RETURNED,
  /**
   * It failed: the channel or connection closed before it was written or confirmed, the confirm
   * timed out, or the recovery it waited for did not end in time.
   */
  FAILED
}
