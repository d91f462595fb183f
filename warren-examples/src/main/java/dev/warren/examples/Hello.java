/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.examples;

import dev.warren.client.Connection;
import dev.warren.client.ServerCapabilities;
import java.util.Map;

/**
 * Connects to the broker at {@code AMQP_URL} (default: the local broker as guest) and prints what
 * it announced: product, version, capabilities, and the limits both sides agreed on.
 *
 * <pre>{@code
 * AMQP_URL=amqp://guest:guest@localhost:5672/%2F java dev.warren.examples.Hello
 * }</pre>
 */
public final class Hello {
  private Hello() {}

  public static void main(String[] args) {
    try (Connection conn = Connection.open(Examples.url())) {
      Map<String, Object> server = conn.serverProperties();
      System.out.println("Connected to " + server.get("product") + " " + server.get("version"));
      System.out.println("  platform:    " + server.get("platform"));
      System.out.println("  cluster:     " + server.get("cluster_name"));
      ServerCapabilities caps = conn.serverCapabilities();
      System.out.println("  capabilities:");
      System.out.println("    publisher_confirms          " + caps.publisherConfirms());
      System.out.println("    exchange_exchange_bindings  " + caps.exchangeExchangeBindings());
      System.out.println("    basic.nack                  " + caps.basicNack());
      System.out.println("    consumer_cancel_notify      " + caps.consumerCancelNotify());
      System.out.println("    connection.blocked          " + caps.connectionBlocked());
      System.out.println("    authentication_failure_close " + caps.authenticationFailureClose());
      System.out.println("    per_consumer_qos            " + caps.perConsumerQos());
      System.out.println("    direct_reply_to             " + caps.directReplyTo());
      System.out.println(
          "  negotiated:  channel_max "
              + conn.channelMax()
              + ", frame_max "
              + conn.frameMax()
              + ", heartbeat "
              + conn.heartbeat().toSeconds()
              + " s");
    }
  }
}
