/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

/**
 * Who closed a channel or a connection.
 *
 * @since 0.1
 */
public enum Initiator {
  /** The application asked for the close. */
  CLIENT,
  /** The broker sent channel.close or connection.close. */
  BROKER,
  /**
   * Warren closed it: the transport failed (socket error, heartbeat timeout), the peer broke the
   * protocol or a limit, or (for a channel) its connection closed.
   */
  LIBRARY
}
