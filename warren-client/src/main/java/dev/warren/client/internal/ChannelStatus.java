package dev.warren.client.internal;

/** A channel's life as the application sees it. */
enum ChannelStatus {
  OPEN,
  /** Its connection is recovering; operations wait for the channel to be reopened. */
  RECOVERING,
  CLOSED
}
