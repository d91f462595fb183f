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
  ACTIVE,
  PAUSED
}
