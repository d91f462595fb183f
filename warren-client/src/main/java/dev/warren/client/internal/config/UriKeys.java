/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.config;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The key tables of AMQP URIs: the query keys {@link AmqpUriParser} accepts, the keys of the {@code
 * ssl_options} and {@code tcp_options} dictionaries, which query keys are TLS options, and what a
 * key may look like to be shown in an error message. {@code docs/connection-parameters.md}
 * documents every entry; UriParsingTest checks that it does.
 */
final class UriKeys {
  /** Every query key accepted, sorted. */
  static final List<String> ACCEPTED_KEYS =
      List.copyOf(
          new TreeSet<>(
              Arrays.asList(
                  // pika URLParameters
                  "backpressure_detection",
                  "blocked_connection_timeout",
                  "channel_max",
                  "client_properties",
                  "connection_attempts",
                  "frame_max",
                  "heartbeat",
                  "locale",
                  "retry_delay",
                  "socket_timeout",
                  "ssl_options",
                  "stack_timeout",
                  "tcp_options",
                  // RabbitMQ URI query parameters
                  "auth_mechanism",
                  "cacertfile",
                  "certfile",
                  "connection_timeout",
                  "fail_if_no_peer_cert",
                  "keyfile",
                  "server_name_indication",
                  "verify",
                  // Warren
                  "connection_name",
                  "max_inbound_body_size",
                  "receive_coalescing",
                  "rpc_timeout")));

  /** Keys of the {@code ssl_options} dictionary, sorted. */
  static final List<String> SSL_OPTION_KEYS =
      List.of(
          "ca_certs",
          "cacertfile",
          "cafile",
          "cert_reqs",
          "certfile",
          "check_hostname",
          "ciphers",
          "do_handshake_on_connect",
          "keyfile",
          "keyfile_password",
          "password",
          "server_hostname",
          "ssl_version",
          "suppress_ragged_eofs",
          "verify");

  /** Keys of the {@code tcp_options} dictionary (case-insensitive), sorted. */
  static final List<String> TCP_OPTION_KEYS =
      List.of(
          "SO_KEEPALIVE",
          "SO_RCVBUF",
          "SO_SNDBUF",
          "TCP_KEEPCNT",
          "TCP_KEEPIDLE",
          "TCP_KEEPINTVL",
          "TCP_NODELAY",
          "TCP_USER_TIMEOUT");

  /** The query keys that are TLS options, accepted in {@code amqps://} URIs only. */
  static final Set<String> TLS_KEYS =
      Set.of(
          "cacertfile",
          "certfile",
          "keyfile",
          "verify",
          "server_name_indication",
          "fail_if_no_peer_cert",
          "ssl_options");

  /**
   * What an unknown key must look like to be shown in an error message: anything else may be a
   * piece of a secret (a password with an unencoded '&amp;' or '=').
   */
  static final Pattern KEY_SHAPE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private UriKeys() {}
}
