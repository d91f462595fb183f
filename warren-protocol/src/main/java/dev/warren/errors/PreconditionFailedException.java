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
