/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * Who acknowledges a fetched message.
 *
 * @since 0.1
 */
public enum AckMode {
  /** The application acknowledges with basic.ack / nack / reject. */
  MANUAL,
  /** The broker considers the message acknowledged once sent (no-ack). */
  AUTO
}
