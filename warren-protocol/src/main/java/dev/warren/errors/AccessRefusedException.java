/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

/**
 * The broker closed the channel with 403 ACCESS_REFUSED: the user may not do this to this resource,
 * or the queue is exclusive to another connection (py-amqp's AccessRefused).
 *
 * @since 0.1
 */
public class AccessRefusedException extends ChannelClosedException {
  private static final long serialVersionUID = 1L;

  /**
   * The exception for the broker's channel.close with 403 ACCESS_REFUSED on channel {@code
   * channelNumber}; {@link ChannelClosedException#fromBroker} builds it from the close frame.
   *
   * @param channelNumber the number of the channel the broker closed
   * @param replyText the broker's reply text; null is read as empty
   * @param classId the class id of the method that caused the close, or 0
   * @param methodId the method id of the method that caused the close, or 0
   */
  public AccessRefusedException(int channelNumber, String replyText, int classId, int methodId) {
    super(channelNumber, ReplyCode.ACCESS_REFUSED, replyText, classId, methodId, Initiator.BROKER);
  }
}
