/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.util.UUID;

/** Where the integration tests find the real broker (scripts/broker makes sure one runs). */
final class Broker {
  private Broker() {}

  static String url() {
    String url = System.getenv("AMQP_URL");
    return url == null || url.isBlank() ? "amqp://guest:guest@localhost:5672/%2F" : url;
  }

  static ConnectionParameters parameters() {
    return ConnectionParameters.fromUri(url());
  }

  static Connection connect() {
    return Connection.open(parameters());
  }

  /** A queue or exchange name no other test uses. */
  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
