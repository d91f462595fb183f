/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

/**
 * The broker closed the channel with 405 RESOURCE_LOCKED: the queue is exclusive to another
 * connection or has an exclusive consumer (py-amqp's ResourceLocked).
 *
 * @since 0.1
 */
public class ResourceLockedException extends ChannelClosedException {
  private static final long serialVersionUID = 1L;

  /**
   * The exception for the broker's channel.close with 405 RESOURCE_LOCKED on channel {@code
   * channelNumber}; {@link ChannelClosedException#fromBroker} builds it from the close frame.
   *
   * @param channelNumber the number of the channel the broker closed
   * @param replyText the broker's reply text; null is read as empty
   * @param classId the class id of the method that caused the close, or 0
   * @param methodId the method id of the method that caused the close, or 0
   */
  public ResourceLockedException(int channelNumber, String replyText, int classId, int methodId) {
    super(channelNumber, ReplyCode.RESOURCE_LOCKED, replyText, classId, methodId, Initiator.BROKER);
  }
}
