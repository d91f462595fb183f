/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import dev.warren.errors.AmqpReplyCode;
import dev.warren.protocol.BasicProperties;

/**
 * A mandatory message the broker could not route, returned with basic.return.
 *
 * @param replyCode why, usually 312 NO_ROUTE
 * @param replyText the broker's explanation
 * @param exchange the exchange it was published to
 * @param routingKey its routing key
 * @param properties its properties
 * @param body its body
 * @since 0.1
 */
public record ReturnedMessage(
    int replyCode,
    String replyText,
    String exchange,
    String routingKey,
    BasicProperties properties,
    byte[] body) {

  /**
   * The reply code as a type: {@link AmqpReplyCode#NO_ROUTE}, {@link AmqpReplyCode#NO_CONSUMERS} or
   * {@link AmqpReplyCode#CONTENT_TOO_LARGE}; {@link AmqpReplyCode#UNKNOWN} for a number the
   * specification does not define.
   *
   * @return never null
   * @since 0.1
   */
  public AmqpReplyCode code() {
    return AmqpReplyCode.of(replyCode);
  }

  /** {@return the body as text, decoded like {@link Delivery#bodyAsString()}} */
  public String bodyAsString() {
    return new String(body, Delivery.charsetOf(properties.contentEncoding()));
  }
}
