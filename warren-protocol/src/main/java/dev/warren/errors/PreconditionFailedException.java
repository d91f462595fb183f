/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

/**
 * The broker closed the channel with 406 PRECONDITION_FAILED: a redeclaration with other
 * properties, an unknown delivery tag, an if-unused or if-empty delete that does not hold
 * (py-amqp's PreconditionFailed).
 *
 * @since 0.1
 */
public class PreconditionFailedException extends ChannelClosedException {
  private static final long serialVersionUID = 1L;

  /**
   * The exception for the broker's channel.close with 406 PRECONDITION_FAILED on channel {@code
   * channelNumber}; {@link ChannelClosedException#fromBroker} builds it from the close frame.
   *
   * @param channelNumber the number of the channel the broker closed
   * @param replyText the broker's reply text; null is read as empty
   * @param classId the class id of the method that caused the close, or 0
   * @param methodId the method id of the method that caused the close, or 0
   */
  public PreconditionFailedException(
      int channelNumber, String replyText, int classId, int methodId) {
    super(
        channelNumber,
        ReplyCode.PRECONDITION_FAILED,
        replyText,
        classId,
        methodId,
        Initiator.BROKER);
  }
}
