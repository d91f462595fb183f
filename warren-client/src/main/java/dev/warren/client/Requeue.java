/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * What the broker does with a rejected or nacked message, or with unacknowledged messages on
 * basic.recover.
 *
 * @since 0.1
 */
public enum Requeue {
  /** Put it back in its queue, to be delivered again (marked redelivered). */
  REQUEUE,
  /** Drop it, or dead-letter it when the queue has a dead-letter exchange. */
  DISCARD;

  boolean requeue() {
    return this == REQUEUE;
  }
}
