/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * Hears mandatory messages the broker could not route (basic.return).
 *
 * <p><b>Threading:</b> runs on the channel's dispatcher, never on the I/O thread; a return is heard
 * before the confirm of the same message.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ReturnListener {
  /**
   * A mandatory message came back unroutable. An exception thrown here is logged.
   *
   * @param message the message with the broker's reply code (312 NO_ROUTE) and text; never null
   */
  void handleReturn(ReturnedMessage message);
}
