/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.engine;

import dev.warren.errors.ChannelClosedException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.method.BasicDeliver;
import dev.warren.protocol.method.BasicReturn;

/**
 * What a channel tells its owner, on the engine's thread. Implementations hand anything that may
 * take time to another thread.
 */
public interface ChannelListener {
  /** A message for one of the channel's consumers. The body array belongs to the receiver. */
  void onDelivery(BasicDeliver deliver, BasicProperties properties, byte[] body);

  /** A mandatory message the broker could not route. */
  void onReturn(BasicReturn returned, BasicProperties properties, byte[] body);

  /** basic.ack of publishes in confirm mode. */
  void onAck(long deliveryTag, boolean multiple);

  /** basic.nack of publishes in confirm mode. */
  void onNack(long deliveryTag, boolean multiple);

  /** The broker cancelled a consumer (consumer cancel notification: the queue was deleted...). */
  void onCancelledByBroker(String consumerTag);

  /** The broker asked to pause (false) or resume (true) the flow of content (channel.flow). */
  void onFlow(boolean active);

  /**
   * The channel closed, for whatever reason; called once, after every pending RPC of the channel
   * has failed.
   */
  void onClosed(ChannelClosedException cause);
}
