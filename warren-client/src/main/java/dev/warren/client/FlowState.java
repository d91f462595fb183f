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
