/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.engine;

/** The life of a channel, as the engine sees it. */
public enum ChannelState {
  /** channel.open sent; waiting for open-ok. */
  OPENING,
  /** Open for business. */
  OPEN,
  /** channel.close sent; waiting for close-ok. Incoming frames are discarded meanwhile. */
  CLOSING,
  /** Closed; its number may be reused. */
  CLOSED
}
