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

  public ResourceLockedException(int channelNumber, String replyText, int classId, int methodId) {
    super(channelNumber, ReplyCode.RESOURCE_LOCKED, replyText, classId, methodId, Initiator.BROKER);
  }
}
