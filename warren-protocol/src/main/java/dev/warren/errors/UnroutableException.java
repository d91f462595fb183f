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

  /**
   * A returned message.
   *
   * @param replyCode the basic.return's reply code: 312 NO_ROUTE, 313 NO_CONSUMERS or 311
   *     CONTENT_TOO_LARGE ({@link #code()} types it)
   * @param replyText the broker's reply text
   * @param exchange the exchange it was published to
   * @param routingKey its routing key
   * @param properties its properties
   * @param body its body (kept, not copied)
   */
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
            + ReplyCode.describe(replyCode, replyText)
            + "; "
            + why(replyCode));
    this.replyText = replyText;
    this.exchange = exchange;
    this.routingKey = routingKey;
    this.properties = properties;
    this.body = body;
  }

  private static String why(int replyCode) {
    return switch (replyCode) {
      case ReplyCode.NO_ROUTE -> "no queue is bound for it";
      case ReplyCode.NO_CONSUMERS -> "no consumer could take it at once";
      case ReplyCode.CONTENT_TOO_LARGE -> "it is larger than the broker accepts at the moment";
      default -> "the broker did not say why";
    };
  }

  /** The broker's reply text, such as {@code "NO_ROUTE"}. */
  public String replyText() {
    return replyText;
  }

  /** The exchange the message was published to. */
  public String exchange() {
    return exchange;
  }

  /** The message's routing key. */
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
