package dev.warren.client.internal.channel;

/** A channel's life as the application sees it. */
public enum ChannelStatus {
  OPEN,
  /** Its connection is recovering; operations wait for the channel to be reopened. */
  RECOVERING,
  CLOSED
}
