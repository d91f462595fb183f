/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel;

import dev.warren.client.Channel;

/**
 * Where a channel is in its life, as the application sees it: the one client-side state of a
 * channel, mapping one to one to {@link Channel.State}. The engine keeps its own {@link
 * dev.warren.engine.ChannelState} per channel number and session (opening, open, closing on the
 * wire); a phase outlives sessions: a channel stays RECOVERING while its connection is replaced
 * under it, and the engine's channel of the new session is another one.
 *
 * <p>Transitions: OPEN → RECOVERING → OPEN (a recovery); OPEN or RECOVERING → CLOSING (the
 * application's close started); any → CLOSED (for good). Written on the I/O thread, except CLOSING,
 * which the closing thread sets.
 */
public enum ChannelPhase {
  OPEN(Channel.State.OPEN),
  /** Its connection (or the channel alone) is being recovered; operations wait. */
  RECOVERING(Channel.State.RECOVERING),
  /** The application's close started. */
  CLOSING(Channel.State.CLOSING),
  CLOSED(Channel.State.CLOSED);

  private final Channel.State state;

  ChannelPhase(Channel.State state) {
    this.state = state;
  }

  /** The public state this phase is. */
  public Channel.State state() {
    return state;
  }
}
