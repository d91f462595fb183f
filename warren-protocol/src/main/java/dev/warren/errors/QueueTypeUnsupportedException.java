/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

/**
 * A quorum or stream queue does not support what was asked: an exclusive, auto-delete or
 * non-durable quorum queue, global qos on a channel consuming from a quorum queue, auto-ack or
 * basic.get on a stream, an argument the queue type refuses. The message says which feature, for
 * which queue type, and what to do instead.
 *
 * <p>Warren throws it before sending anything when the request itself shows the problem (then
 * {@link #replyCode()} is {@link #NO_REPLY_CODE}, {@link #getCause()} is null and nothing changed
 * on the channel), and otherwise in place of the broker's refusal (406 PRECONDITION_FAILED closes
 * the channel, 540 NOT_IMPLEMENTED the connection), whose exception is then the {@linkplain
 * #getCause() cause} and whose code is the {@link #replyCode()}.
 *
 * @since 0.2
 */
public class QueueTypeUnsupportedException extends AmqpException {
  private static final long serialVersionUID = 1L;

  /** The queue type that refused. */
  private final String queueType;

  /** What the queue type does not support. */
  private final String feature;

  /**
   * A refusal of what a queue type does not support.
   *
   * @param replyCode the broker's reply code, or {@link #NO_REPLY_CODE} when refused before sending
   * @param queueType the queue type, such as {@code "quorum"} or {@code "stream"}
   * @param feature what the queue type does not support, such as {@code "exclusive queues"}
   * @param advice what to do instead, one sentence
   * @param cause the broker's refusal, or null
   */
  public QueueTypeUnsupportedException(
      int replyCode, String queueType, String feature, String advice, AmqpException cause) {
    super(replyCode, describe(queueType, feature, advice, cause), cause);
    this.queueType = queueType;
    this.feature = feature;
  }

  private static String describe(
      String queueType, String feature, String advice, AmqpException cause) {
    return queueType
        + " queues do not support "
        + feature
        + "; "
        + advice
        + (cause == null
            ? " (refused by Warren before sending)"
            : " (the broker refused it: " + cause.getMessage() + ")");
  }

  /** {@return the queue type that refused, such as {@code "quorum"} or {@code "stream"}} */
  public String queueType() {
    return queueType;
  }

  /** {@return what the queue type does not support, such as {@code "exclusive queues"}} */
  public String feature() {
    return feature;
  }
}
