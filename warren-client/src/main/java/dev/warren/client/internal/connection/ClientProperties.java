/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.connection;

import dev.warren.client.ConnectionParameters;
import dev.warren.client.internal.config.ClientPropertyValues;
import java.util.LinkedHashMap;
import java.util.Map;

/** The client-properties table of connection.start-ok: Warren's defaults, then the user's. */
final class ClientProperties {
  private ClientProperties() {}

  static final String VERSION = versionOf();

  static Map<String, Object> forConnection(ConnectionParameters p) {
    Map<String, Object> capabilities = new LinkedHashMap<>();
    capabilities.put("publisher_confirms", true);
    capabilities.put("exchange_exchange_bindings", true);
    capabilities.put("basic.nack", true);
    capabilities.put("consumer_cancel_notify", true);
    capabilities.put("connection.blocked", true);
    capabilities.put("authentication_failure_close", true);
    capabilities.put("per_consumer_qos", true);
    capabilities.put("direct_reply_to", true);
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("product", "Warren");
    defaults.put("version", VERSION);
    defaults.put(
        "platform",
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")");
    defaults.put("information", "Warren, an AMQP 0-9-1 client for Java");
    defaults.put("copyright", "The Warren authors");
    defaults.put("capabilities", capabilities);
    p.connectionName().ifPresent(name -> defaults.put("connection_name", name));
    return ClientPropertyValues.merge(defaults, p.clientProperties());
  }

  private static String versionOf() {
    String v = ClientProperties.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }
}
