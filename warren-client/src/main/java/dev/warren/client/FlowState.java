/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * channel.flow: whether the peer may send content on the channel.
 *
 * @since 0.1
 */
public enum FlowState {
  /** The peer may send content. */
  ACTIVE,
  /** The peer must not send content until the flow is active again. */
  PAUSED
}
