/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Validation shared by the spec records. */
final class Names {
  private Names() {}

  static void checkShortString(String what, String value) {
    if (value.length() > 85 && value.getBytes(StandardCharsets.UTF_8).length > 255) {
      throw new IllegalArgumentException(
          what
              + " is longer than 255 bytes in UTF-8, the limit of AMQP 0-9-1: "
              + value.substring(0, 40)
              + "...");
    }
  }

  static Map<String, Object> immutableArguments(Map<String, Object> arguments) {
    if (arguments == null || arguments.isEmpty()) {
      return Map.of();
    }
    // Map.copyOf would reject null values (AMQP 'V'), and would lose the order.
    return Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
  }
}
