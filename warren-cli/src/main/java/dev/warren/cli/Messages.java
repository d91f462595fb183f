/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import dev.warren.client.Delivery;
import dev.warren.protocol.BasicProperties;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How deliveries are shown: as text (get), as a body line (consume) or as a JSON line. */
public final class Messages {
  private Messages() {}

  /** The present properties, by their AMQP names with underscores, in the spec's order. */
  public static Map<String, Object> properties(BasicProperties p) {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "content_type", p.contentType());
    put(m, "content_encoding", p.contentEncoding());
    put(m, "headers", p.headers());
    put(m, "delivery_mode", p.deliveryMode());
    put(m, "priority", p.priority());
    put(m, "correlation_id", p.correlationId());
    put(m, "reply_to", p.replyTo());
    put(m, "expiration", p.expiration());
    put(m, "message_id", p.messageId());
    put(m, "timestamp", p.timestamp() == null ? null : p.timestamp().getEpochSecond());
    put(m, "type", p.type());
    put(m, "user_id", p.userId());
    put(m, "app_id", p.appId());
    put(m, "cluster_id", p.clusterId());
    return m;
  }

  private static void put(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  /**
   * One JSON object: envelope, properties and body (text when it is UTF-8, else base64, said by
   * {@code body_encoding}).
   *
   * @param messageCount messages left in the queue (basic.get), or null
   */
  public static String json(Delivery d, Long messageCount) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (!d.consumerTag().isEmpty()) {
      m.put("consumer_tag", d.consumerTag());
    }
    m.put("delivery_tag", d.deliveryTag());
    m.put("redelivered", d.redelivered());
    m.put("exchange", d.exchange());
    m.put("routing_key", d.routingKey());
    if (messageCount != null) {
      m.put("message_count", messageCount);
    }
    m.put("properties", properties(d.properties()));
    m.put("body_size", d.body().length);
    String text = utf8(d.body());
    if (text != null) {
      m.put("body_encoding", "utf-8");
      m.put("body", text);
    } else {
      m.put("body_encoding", "base64");
      m.put("body", Base64.getEncoder().encodeToString(d.body()));
    }
    return Json.write(m);
  }

  /**
   * A readable block: a title line, one {@code name: value} line per present property, a blank
   * line, the body (or a note when it is binary).
   */
  public static String text(Delivery d, int index, Long messageCount) {
    StringBuilder sb = new StringBuilder();
    sb.append("--- message ")
        .append(index)
        .append(": exchange '")
        .append(d.exchange())
        .append("', routing key '")
        .append(d.routingKey())
        .append("'");
    if (d.redelivered()) {
      sb.append(", redelivered");
    }
    if (messageCount != null) {
      sb.append(", ").append(messageCount).append(" left in the queue");
    }
    sb.append('\n');
    for (Map.Entry<String, Object> e : properties(d.properties()).entrySet()) {
      String name = e.getKey().replace('_', '-');
      if (e.getValue() instanceof Map<?, ?> headers) {
        for (Map.Entry<?, ?> h : headers.entrySet()) {
          sb.append("header: ").append(h.getKey()).append('=').append(show(h.getValue()));
          sb.append('\n');
        }
        if (headers.isEmpty()) {
          sb.append("headers: (empty table)\n");
        }
      } else if (e.getKey().equals("timestamp")) {
        long secs = (Long) e.getValue();
        sb.append("timestamp: ")
            .append(secs)
            .append(" (")
            .append(Instant.ofEpochSecond(secs))
            .append(")\n");
      } else {
        sb.append(name).append(": ").append(e.getValue()).append('\n');
      }
    }
    sb.append("body: ").append(d.body().length).append(" bytes\n\n");
    String body = utf8(d.body());
    if (body != null) {
      sb.append(body);
      if (!body.endsWith("\n")) {
        sb.append('\n');
      }
    } else {
      sb.append("(binary; base64) ")
          .append(Base64.getEncoder().encodeToString(d.body()))
          .append('\n');
    }
    return sb.toString();
  }

  /** A header value as typed on the command line: strings bare, the rest in JSON. */
  static String show(Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Map<?, ?> || v instanceof List<?>) {
      return Json.write(v);
    }
    return Json.write(v).replaceAll("^\"|\"$", "");
  }

  /** The body as a string if it is valid UTF-8, else null. */
  public static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
