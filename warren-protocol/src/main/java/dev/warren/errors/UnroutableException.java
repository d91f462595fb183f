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

  /** The basic.return's reply text. */
  private final String replyText;

  /** The exchange published to. */
  private final String exchange;

  /** The routing key published with. */
  private final String routingKey;

  /** The message's properties (not serialized). */
  private final transient BasicProperties properties;

  /** The message's body. */
  private final byte[] body;

  /**
   * A returned mandatory message.
   *
   * @param replyCode the basic.return's reply code (312 NO_ROUTE)
   * @param replyText the basic.return's reply text
   * @param exchange the exchange the message was published to
   * @param routingKey the message's routing key
   * @param properties the message's properties
   * @param body the message's body; kept, not copied
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

  /**
   * The basic.return's reply text.
   *
   * @return the text, such as {@code NO_ROUTE}
   */
  public String replyText() {
    return replyText;
  }

  /**
   * The exchange the message was published to.
   *
   * @return the exchange name ("" for the default exchange)
   */
  public String exchange() {
    return exchange;
  }

  /**
   * The routing key the message was published with.
   *
   * @return the routing key
   */
  public String routingKey() {
    return routingKey;
  }

  /**
   * The returned message's properties.
   *
   * @return the properties; null after deserialization
   */
  public BasicProperties properties() {
    return properties;
  }

  /**
   * The returned message's body.
   *
   * @return the array itself, not a copy
   */
  public byte[] body() {
    return body;
  }
}
