/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

/**
 * The broker refused responsibility for a published message with basic.nack (pika's {@code
 * NackError}): an internal error in the queue, or a queue length limit with reject-publish.
 *
 * @since 0.1
 */
public class NackedException extends AmqpException {
  private static final long serialVersionUID = 1L;

  /** The nacked publish's sequence number. */
  private final long sequenceNumber;

  /**
   * A nacked publish, with a message that says it may be republished.
   *
   * @param sequenceNumber the publish sequence number of the nacked message
   */
  public NackedException(long sequenceNumber) {
    this(
        sequenceNumber,
        "the broker nacked the message with publish sequence number "
            + sequenceNumber
            + "; it was not stored and may be republished");
  }

  /**
   * A nacked publish with a message of the caller's.
   *
   * @param sequenceNumber the publish sequence number of the nacked message
   * @param message what happened and what to do
   */
  public NackedException(long sequenceNumber, String message) {
    super(NO_REPLY_CODE, message);
    this.sequenceNumber = sequenceNumber;
  }

  /**
   * The publish sequence number of the nacked message.
   *
   * @return the sequence number, from 1 (see {@code Channel.nextPublishSeqNo()})
   */
  public long sequenceNumber() {
    return sequenceNumber;
  }
}
