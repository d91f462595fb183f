/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

import dev.warren.protocol.BasicProperties;

/**
 * A mandatory publish could not be routed to any queue and the broker returned it with basic.return
 * (pika's {@code UnroutableError}). The returned message is available here.
 *
 * @since 0.1
 */
public class UnroutableException extends AmqpException {
  private static final long serialVersionUID = 1L;

  private final String replyText;
  private final String exchange;
  private final String routingKey;
  private final transient BasicProperties properties;
  private final byte[] body;

  public UnroutableException(
      int replyCode,
      String replyText,
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body) {
    super(
        replyCode,
        "message to exchange '"
            + exchange
            + "' with routing key '"
            + routingKey
            + "' was returned by the broker: "
            + replyCode
            + " "
            + replyText
            + "; no queue is bound for it");
    this.replyText = replyText;
    this.exchange = exchange;
    this.routingKey = routingKey;
    this.properties = properties;
    this.body = body;
  }

  public String replyText() {
    return replyText;
  }

  public String exchange() {
    return exchange;
  }

  public String routingKey() {
    return routingKey;
  }

  /** The returned message's properties; may be null after deserialization. */
  public BasicProperties properties() {
    return properties;
  }

  /** The returned message's body (the array itself, not a copy). */
  public byte[] body() {
    return body;
  }
}
