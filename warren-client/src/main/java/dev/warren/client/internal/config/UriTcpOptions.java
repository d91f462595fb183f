/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.config;

import static dev.warren.client.internal.config.UriValues.boolValue;
import static dev.warren.client.internal.config.UriValues.number;

import dev.warren.client.TcpOptions;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code tcp_options} dictionary of an AMQP URI (pika's socket options: {@code TCP_KEEPIDLE},
 * {@code SO_RCVBUF}...; keys case-insensitive) applied over a {@link TcpOptions}.
 */
final class UriTcpOptions {
  private UriTcpOptions() {}

  /**
   * A builder holding {@code base} with the options of the dictionary {@code v} applied.
   *
   * @throws IllegalArgumentException for a malformed dictionary, an unknown key or a bad value
   */
  static TcpOptions.Builder apply(String v, TcpOptions base) {
    Map<String, Object> map = LiteralParser.parseObject(v);
    TcpOptions.Builder t = base.toBuilder();
    for (Map.Entry<String, Object> e : map.entrySet()) {
      String k = e.getKey().toUpperCase(Locale.ROOT);
      Object val = e.getValue();
      switch (k) {
        case "TCP_KEEPIDLE" -> t.keepIdle(Duration.ofSeconds(number(k, val, 1, 32767)));
        case "TCP_KEEPINTVL" -> t.keepInterval(Duration.ofSeconds(number(k, val, 1, 32767)));
        case "TCP_KEEPCNT" -> t.keepCount((int) number(k, val, 1, 127));
        case "TCP_USER_TIMEOUT" ->
            t.userTimeout(Duration.ofMillis(number(k, val, 0, Integer.MAX_VALUE)));
        case "TCP_NODELAY" -> t.noDelay(boolValue(k, val));
        case "SO_KEEPALIVE" -> t.keepAlive(boolValue(k, val));
        case "SO_SNDBUF" -> t.sendBufferSize((int) number(k, val, 1, Integer.MAX_VALUE));
        case "SO_RCVBUF" -> t.receiveBufferSize((int) number(k, val, 1, Integer.MAX_VALUE));
        default ->
            throw new IllegalArgumentException(
                "unknown tcp_options key '"
                    + e.getKey()
                    + "'; accepted: "
                    + String.join(", ", UriKeys.TCP_OPTION_KEYS));
      }
    }
    return t;
  }
}
