/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel;

import dev.warren.errors.AmqpException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.Initiator;

/** The exceptions that describe a channel closed on this side. */
final class ChannelClosures {
  private ChannelClosures() {}

  static ChannelClosedException byApplication(int channel, int replyCode, String replyText) {
    return new ChannelClosedException(channel, replyCode, replyText, 0, 0, Initiator.CLIENT);
  }

  /** The channel closed because its connection did (or recovery gave up). */
  static ChannelClosedException withConnection(int channel, AmqpException reason) {
    ChannelClosedException e =
        new ChannelClosedException(
            channel, reason.replyCode(), reason.getMessage(), 0, 0, Initiator.LIBRARY);
    e.initCause(reason);
    return e;
  }
}
