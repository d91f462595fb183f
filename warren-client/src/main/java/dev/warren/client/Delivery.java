/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import dev.warren.protocol.BasicProperties;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A message delivered to a consumer (basic.deliver) or fetched with basic.get.
 *
 * @param consumerTag the consumer it was delivered to; empty for basic.get
 * @param deliveryTag the tag to acknowledge it with, valid on the channel it came from
 * @param redelivered whether it was delivered before and not acknowledged
 * @param exchange the exchange it was published to (empty for the default exchange)
 * @param routingKey the routing key it was published with
 * @param properties its properties; never null
 * @param body its body (the array itself: do not modify it if others may read it)
 * @since 0.1
 */
public record Delivery(
    String consumerTag,
    long deliveryTag,
    boolean redelivered,
    String exchange,
    String routingKey,
    BasicProperties properties,
    byte[] body) {

  /**
   * The body as text, decoded with the content_encoding property when it names a charset, else
   * UTF-8 (py-amqp's {@code auto_decode}). An unknown encoding decodes as UTF-8.
   *
   * @return the decoded body; never null
   */
  public String bodyAsString() {
    return new String(body, charsetOf(properties.contentEncoding()));
  }

  /**
   * How many times a quorum queue delivered this message before (its {@code x-delivery-count}
   * header): 0 on the first delivery, which carries no such header, and on queues that do not count
   * (classic queues, streams). A header that is not a whole number counts as 0.
   *
   * @return the {@code x-delivery-count} header's value; 0 when it is absent or not a whole number
   */
  public long deliveryCount() {
    return headerLong("x-delivery-count").orElse(0);
  }

  /**
   * The message's offset in the stream it was read from (the {@code x-stream-offset} header that
   * RabbitMQ adds to stream deliveries); empty for a message that did not come from a stream.
   *
   * @return the {@code x-stream-offset} header's value; empty when it is absent or not a whole
   *     number
   */
  public java.util.OptionalLong streamOffset() {
    return headerLong("x-stream-offset");
  }

  private java.util.OptionalLong headerLong(String name) {
    java.util.Map<String, Object> headers = properties.headers();
    Object value = headers == null ? null : headers.get(name);
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return java.util.OptionalLong.of(((Number) value).longValue());
    }
    if (value instanceof dev.warren.protocol.FieldValue.UnsignedByte u) {
      return java.util.OptionalLong.of(u.value());
    }
    if (value instanceof dev.warren.protocol.FieldValue.UnsignedShort u) {
      return java.util.OptionalLong.of(u.value());
    }
    if (value instanceof dev.warren.protocol.FieldValue.UnsignedInt u) {
      return java.util.OptionalLong.of(u.value());
    }
    return java.util.OptionalLong.empty();
  }

  static Charset charsetOf(String encoding) {
    if (encoding == null || encoding.isEmpty()) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(encoding);
    } catch (RuntimeException e) {
      return StandardCharsets.UTF_8;
    }
  }

  @Override
  public String toString() {
    return "Delivery[consumerTag="
        + consumerTag
        + ", deliveryTag="
        + deliveryTag
        + ", redelivered="
        + redelivered
        + ", exchange="
        + exchange
        + ", routingKey="
        + routingKey
        + ", properties="
        + properties
        + ", body="
        + body.length
        + " bytes]";
  }
}
