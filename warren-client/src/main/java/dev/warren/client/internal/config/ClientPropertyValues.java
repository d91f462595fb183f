/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.config;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Copies client-properties maps deeply into unmodifiable maps and lists, checking that every value
 * has a field-table type, and merges them over the connection's defaults.
 */
public final class ClientPropertyValues {
  /** The value types accepted, as listed in messages. */
  public static final String ACCEPTED_TYPES =
      "String, Boolean, Byte, Short, Integer, Long, Float, Double, BigDecimal, Instant,"
          + " Map<String, ?> and List<?> of these";

  private ClientPropertyValues() {}

  /**
   * A deep, unmodifiable, order-preserving copy of {@code properties}.
   *
   * @throws IllegalArgumentException when a key is empty or longer than 255 UTF-8 bytes, or a value
   *     is null or of another type than {@link #ACCEPTED_TYPES}
   */
  public static Map<String, Object> copy(Map<String, ?> properties) {
    Objects.requireNonNull(properties, "clientProperties");
    return copyMap("clientProperties", properties);
  }

  /**
   * The properties sent in {@code connection.start-ok}: {@code defaults}, then {@code overrides}
   * over them; a {@code capabilities} table in both is merged key by key (the override's flags
   * win), so that a user's extra capability does not remove the library's. The result is
   * unmodifiable and keeps the defaults' order.
   */
  public static Map<String, Object> merge(Map<String, ?> defaults, Map<String, ?> overrides) {
    Map<String, Object> result = new LinkedHashMap<>(defaults);
    for (Map.Entry<String, ?> e : overrides.entrySet()) {
      Object old = result.get(e.getKey());
      if ("capabilities".equals(e.getKey())
          && old instanceof Map<?, ?> oldMap
          && e.getValue() instanceof Map<?, ?> newMap) {
        Map<Object, Object> caps = new LinkedHashMap<>(oldMap);
        caps.putAll(newMap);
        result.put(e.getKey(), Collections.unmodifiableMap(caps));
      } else {
        result.put(e.getKey(), e.getValue());
      }
    }
    return Collections.unmodifiableMap(result);
  }

  private static Map<String, Object> copyMap(String where, Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException(where + " keys must be strings, got " + e.getKey());
      }
      if (key.isEmpty() || key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
        throw new IllegalArgumentException(
            where + " keys must be 1 to 255 UTF-8 bytes long, got '" + key + "'");
      }
      copy.put(key, copyValue(where + "." + key, e.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static Object copyValue(String where, Object v) {
    if (v == null) {
      throw new IllegalArgumentException(where + " must not be null");
    }
    if (v instanceof String
        || v instanceof Boolean
        || v instanceof Byte
        || v instanceof Short
        || v instanceof Integer
        || v instanceof Long
        || v instanceof Float
        || v instanceof Double
        || v instanceof BigDecimal
        || v instanceof Instant) {
      return v;
    }
    if (v instanceof Map<?, ?> m) {
      return copyMap(where, m);
    }
    if (v instanceof List<?> l) {
      List<Object> copy = new ArrayList<>(l.size());
      for (int i = 0; i < l.size(); i++) {
        copy.add(copyValue(where + "[" + i + "]", l.get(i)));
      }
      return Collections.unmodifiableList(copy);
    }
    throw new IllegalArgumentException(
        where
            + " has unsupported type "
            + v.getClass().getName()
            + "; accepted: "
            + ACCEPTED_TYPES);
  }
}
