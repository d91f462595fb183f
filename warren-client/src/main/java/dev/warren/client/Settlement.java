/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * How the application settled a delivery, as a {@link ClientObserver} hears it.
 *
 * @since 0.1
 */
public enum Settlement {
  /** basic.ack. */
  ACK,
  /** basic.nack. */
  NACK,
  /** basic.reject. */
  REJECT
}
