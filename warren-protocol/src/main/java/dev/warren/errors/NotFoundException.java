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

  public NotFoundException(int channelNumber, String replyText, int classId, int methodId) {
    super(channelNumber, ReplyCode.NOT_FOUND, replyText, classId, methodId, Initiator.BROKER);
  }
}
