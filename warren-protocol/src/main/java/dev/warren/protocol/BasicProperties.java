/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol;

import dev.warren.protocol.codec.FieldTables;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The properties of a message (AMQP class {@code basic}'s content header).
 *
 * <p>Every component is nullable: {@code null} means the property is absent (its flag bit is
 * clear). On the wire the flags are, from bit 15 down: content-type (15), content-encoding (14),
 * headers (13), delivery-mode (12), priority (11), correlation-id (10), reply-to (9), expiration
 * (8), message-id (7), timestamp (6), type (5), user-id (4), app-id (3), cluster-id (2).
 *
 * <p>Immutable and thread-safe: {@code headers} is copied into an immutable map, each value checked
 * to be one a field table can hold (an empty map is a present, empty table, distinct from {@code
 * null}). String properties are shortstrs: at most 255 bytes in UTF-8, checked when encoded ({@link
 * IllegalArgumentException} naming the property). {@code deliveryMode} and {@code priority} are
 * octets (0..255, checked here); the timestamp has a resolution of one second on the wire.
 *
 * <p>Decoding a string property that is not well-formed UTF-8 does not fail and loses nothing: each
 * byte of an ill-formed sequence becomes the char U+DC00 + byte, which Warren writes back as that
 * byte, as in a field-table key ({@link ShortStrings} has the details and gives the bytes; see also
 * docs/field-tables.md). The timestamp property is read and written as signed 64-bit seconds, as
 * amqp-client does (so an Instant before 1970 survives a round trip between Warren clients, and a
 * value of 2<sup>63</sup> or more reads as one before 1970); a field-table timestamp ({@code T}) is
 * unsigned instead.
 *
 * @param contentType MIME content type, such as {@code application/json}
 * @param contentEncoding MIME content encoding, such as {@code gzip}
 * @param headers application headers (the value types are in docs/field-tables.md; see also {@link
 *     FieldValue} and {@link LongString})
 * @param deliveryMode 1 = transient, 2 = persistent
 * @param priority message priority, 0..9 in practice
 * @param correlationId application correlation identifier
 * @param replyTo address to reply to
 * @param expiration per-message TTL in milliseconds, as a decimal string
 * @param messageId application message identifier
 * @param timestamp message timestamp (seconds)
 * @param type message type name
 * @param userId creating user id, checked by RabbitMQ against the connection's user
 * @param appId creating application id
 * @param clusterId deprecated by RabbitMQ, kept for completeness
 */
public record BasicProperties(
    String contentType,
    String contentEncoding,
    Map<String, Object> headers,
    Integer deliveryMode,
    Integer priority,
    String correlationId,
    String replyTo,
    String expiration,
    String messageId,
    Instant timestamp,
    String type,
    String userId,
    String appId,
    String clusterId) {

  /** No properties at all. */
  public static final BasicProperties EMPTY =
      new BasicProperties(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null);

  /**
   * Checks the octets and freezes the headers.
   *
   * @param contentType MIME content type, or null
   * @param contentEncoding MIME content encoding, or null
   * @param headers application headers, copied into an immutable table; null for none
   * @param deliveryMode 1 transient, 2 persistent, or null
   * @param priority message priority (0..255), or null
   * @param correlationId correlation identifier, or null
   * @param replyTo address to reply to, or null
   * @param expiration per-message TTL in milliseconds as a decimal string, or null
   * @param messageId message identifier, or null
   * @param timestamp message timestamp, or null
   * @param type message type name, or null
   * @param userId creating user id, or null
   * @param appId creating application id, or null
   * @param clusterId cluster id, or null
   * @throws IllegalArgumentException if {@code deliveryMode} or {@code priority} is outside 0..255,
   *     or a header value is one a field table cannot hold
   */
  public BasicProperties {
    checkOctet(deliveryMode, "deliveryMode");
    checkOctet(priority, "priority");
    if (headers != null) {
      headers = FieldTables.copyOf(headers);
    }
  }

  private static void checkOctet(Integer v, String name) {
    if (v != null && (v < 0 || v > 255)) {
      throw new IllegalArgumentException(name + " must be in 0..255, was " + v);
    }
  }

  /**
   * Whether no property is present.
   *
   * @return true when every property is null
   */
  public boolean isEmpty() {
    return flags() == 0;
  }

  /**
   * The property flags word as it goes on the wire (bit 15 = content-type ... bit 2).
   *
   * @return the 16-bit flags word
   */
  public int flags() {
    int f = 0;
    if (contentType != null) {
      f |= 1 << 15;
    }
    if (contentEncoding != null) {
      f |= 1 << 14;
    }
    if (headers != null) {
      f |= 1 << 13;
    }
    if (deliveryMode != null) {
      f |= 1 << 12;
    }
    if (priority != null) {
      f |= 1 << 11;
    }
    if (correlationId != null) {
      f |= 1 << 10;
    }
    if (replyTo != null) {
      f |= 1 << 9;
    }
    if (expiration != null) {
      f |= 1 << 8;
    }
    if (messageId != null) {
      f |= 1 << 7;
    }
    if (timestamp != null) {
      f |= 1 << 6;
    }
    if (type != null) {
      f |= 1 << 5;
    }
    if (userId != null) {
      f |= 1 << 4;
    }
    if (appId != null) {
      f |= 1 << 3;
    }
    if (clusterId != null) {
      f |= 1 << 2;
    }
    return f;
  }

  /**
   * Whether delivery mode is 2 (persistent).
   *
   * @return true when delivery-mode is 2
   */
  public boolean isPersistent() {
    return deliveryMode != null && deliveryMode == 2;
  }

  /**
   * A builder with no property set.
   *
   * @return a new builder; never null
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder preset with these properties.
   *
   * @return a new builder holding these properties; never null
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.contentType = contentType;
    b.contentEncoding = contentEncoding;
    b.headers = headers;
    b.deliveryMode = deliveryMode;
    b.priority = priority;
    b.correlationId = correlationId;
    b.replyTo = replyTo;
    b.expiration = expiration;
    b.messageId = messageId;
    b.timestamp = timestamp;
    b.type = type;
    b.userId = userId;
    b.appId = appId;
    b.clusterId = clusterId;
    return b;
  }

  /**
   * A copy with {@code headers} replaced.
   *
   * @param headers the new headers; null for none
   * @return a new instance
   * @throws IllegalArgumentException if a header value is one a field table cannot hold
   */
  public BasicProperties withHeaders(Map<String, ?> headers) {
    return toBuilder().headers(headers).build();
  }

  /**
   * A copy with {@code deliveryMode} replaced.
   *
   * @param deliveryMode the new delivery mode (1 or 2), or null
   * @return a new instance
   * @throws IllegalArgumentException if it is outside 0..255
   */
  public BasicProperties withDeliveryMode(Integer deliveryMode) {
    return toBuilder().deliveryMode(deliveryMode).build();
  }

  /**
   * A mutable builder of {@link BasicProperties}; every setter accepts {@code null} (absent). Not
   * thread-safe.
   */
  public static final class Builder {
    private String contentType;
    private String contentEncoding;
    private Map<String, ?> headers;
    private Integer deliveryMode;
    private Integer priority;
    private String correlationId;
    private String replyTo;
    private String expiration;
    private String messageId;
    private Instant timestamp;
    private String type;
    private String userId;
    private String appId;
    private String clusterId;

    private Builder() {}

    /**
     * Sets content-type.
     *
     * @param v the value; null for absent
     * @return this builder
     */
    public Builder contentType(String v) {
      contentType = v;
      return this;
    }

    /**
     * Sets content-encoding.
     *
     * @param v the value; null for absent
     * @return this builder
     */
    public Builder contentEncoding(String v) {
      contentEncoding = v;
      return this;
    }

    /**
     * Sets the headers table (copied when {@link #build()} runs).
     *
     * @param v the headers; null for none
     * @return this builder
     */
    public Builder headers(Map<String, ?> v) {
      headers = v;
      return this;
    }

    /**
     * Adds one header, keeping those already set.
     *
     * @param key the header name
     * @param value its value (a type a field table can hold, checked by {@link #build()})
     * @return this builder
     */
    public Builder header(String key, Object value) {
      LinkedHashMap<String, Object> m = new LinkedHashMap<>();
      if (headers != null) {
        m.putAll(headers);
      }
      m.put(key, value);
      headers = m;
      return this;
    }

    /**
     * Sets delivery-mode (1 transient, 2 persistent).
     *
     * @param v the value; null for absent
     * @return this builder
     */
    public Builder deliveryMode(Integer v) {
      deliveryMode = v;
      return this;
    }

    /**
     * Sets delivery-mode to 2 (persistent).
     *
     * @return this builder
     */
    public Builder persistent() {
      deliveryMode = 2;
      return this;
    }

    /**
     * Sets priority.
     *
     * @param v the value; null for absent
     * @return this builder
     */
    public Builder priority(Integer v) {
      priority = v;
      return this;
    }

    /**
     * Sets correlation-id.
     *
     * @param v the value; null for absent
     * @return this builder
     */
    public Builder correlationId(String v) {
      correlationId = v;
      return this;
    }

    /**
     * Sets reply-to.
     *
     * @param v the value; null for absent
     * @return this builder
     */
    public Builder replyTo(String v) {
      replyTo = v;
      return this;
    }

    /**
     * Sets expiration (milliseconds, as a decimal string).
     *
     * @param v the value; null for absent
     * @return this builder
     */
    public Builder expiration(String v) {
      expiration = v;
      return this;
    }

    /**
     * Sets message-id.
     *
     * @param v the value; null for absent
     * @return this builder
     */
    public Builder messageId(String v) {
      messageId = v;
      return this;
    }

    /**
     * Sets timestamp (sent with a resolution of one second).
     *
     * @param v the value; null for absent
     * @return this builder
     */
    public Builder timestamp(Instant v) {
      timestamp = v;
      return this;
    }

    /**
     * Sets type.
     *
     * @param v the value; null for absent
     * @return this builder
     */
    public Builder type(String v) {
      type = v;
      return this;
    }

    /**
     * Sets user-id.
     *
     * @param v the value; null for absent
     * @return this builder
     */
    public Builder userId(String v) {
      userId = v;
      return this;
    }

    /**
     * Sets app-id.
     *
     * @param v the value; null for absent
     * @return this builder
     */
    public Builder appId(String v) {
      appId = v;
      return this;
    }

    /**
     * Sets cluster-id.
     *
     * @param v the value; null for absent
     * @return this builder
     */
    public Builder clusterId(String v) {
      clusterId = v;
      return this;
    }

    /**
     * The properties set so far.
     *
     * @throws IllegalArgumentException when an octet is out of range or a header cannot be encoded
     * @return the properties; never null
     */
    public BasicProperties build() {
      BasicProperties p =
          new BasicProperties(
              contentType,
              contentEncoding,
              headers == null ? null : FieldTables.copyOf(headers),
              deliveryMode,
              priority,
              correlationId,
              replyTo,
              expiration,
              messageId,
              timestamp,
              type,
              userId,
              appId,
              clusterId);
      return p.isEmpty() ? EMPTY : p;
    }
  }
}
