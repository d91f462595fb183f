/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

/**
 * Every channel number up to the negotiated channel_max is in use (pika's {@code NoFreeChannels}).
 * Close channels that are no longer needed, or share channels.
 *
 * @since 0.1
 */
public class NoFreeChannelsException extends AmqpException {
  private static final long serialVersionUID = 1L;

  /**
   * Refuses a channel because all numbers are taken.
   *
   * @param channelMax the negotiated channel_max
   */
  public NoFreeChannelsException(int channelMax) {
    super(
        NO_REPLY_CODE,
        "all " + channelMax + " channel numbers (the negotiated channel_max) are in use");
  }
}
