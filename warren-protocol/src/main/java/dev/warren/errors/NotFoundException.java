/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

/**
 * The broker closed the channel with 404 NOT_FOUND: the exchange, queue or consumer named in the
 * operation does not exist (py-amqp's NotFound).
 *
 * @since 0.1
 */
public class NotFoundException extends ChannelClosedException {
  private static final long serialVersionUID = 1L;

  /**
   * The exception for the broker's channel.close with 404 NOT_FOUND on channel {@code
   * channelNumber}; {@link ChannelClosedException#fromBroker} builds it from the close frame.
   *
   * @param channelNumber the number of the channel the broker closed
   * @param replyText the broker's reply text; null is read as empty
   * @param classId the class id of the method that caused the close, or 0
   * @param methodId the method id of the method that caused the close, or 0
   */
  public NotFoundException(int channelNumber, String replyText, int classId, int methodId) {
    super(channelNumber, ReplyCode.NOT_FOUND, replyText, classId, methodId, Initiator.BROKER);
  }
}
