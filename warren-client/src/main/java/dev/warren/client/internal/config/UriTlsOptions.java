/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.config;

import static dev.warren.client.internal.config.UriValues.boolValue;
import static dev.warren.client.internal.config.UriValues.path;

import dev.warren.client.HostnameVerification;
import dev.warren.client.TlsOptions;
import java.util.Locale;
import java.util.Map;

/**
 * The TLS values of an AMQP URI applied to a {@link TlsOptions.Builder}: the {@code verify} key
 * (RabbitMQ's {@code verify_peer} / {@code verify_none}) and pika's {@code ssl_options} dictionary
 * (Python's {@code ssl} arguments: {@code ca_certs}, {@code cert_reqs}, {@code ssl_version}...).
 * The client certificate's files and password are handed back rather than applied, because the
 * URI's {@code certfile} and {@code keyfile} keys combine with them. Messages never show a
 * password.
 */
final class UriTlsOptions {
  private UriTlsOptions() {}

  /** What {@code ssl_options} says about the client certificate; null fields were not given. */
  static final class ClientCertificate {
    String certFile;
    String keyFile;
    char[] keyPassword;
  }

  /**
   * Applies the {@code ssl_options} dictionary {@code v} to {@code tls}.
   *
   * @throws IllegalArgumentException for a malformed dictionary, an unknown key or a bad value
   */
  static ClientCertificate applySslOptions(String v, TlsOptions.Builder tls) {
    Map<String, Object> map = LiteralParser.parseObject(v);
    ClientCertificate out = new ClientCertificate();
    for (Map.Entry<String, Object> e : map.entrySet()) {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      Object val = e.getValue();
      if (val == null) {
        continue; // Python's None: the default
      }
      switch (k) {
        case "ca_certs", "cafile", "cacertfile" -> tls.trustPem(path(k, string(k, val)));
        case "certfile" -> out.certFile = string(k, val);
        case "keyfile" -> out.keyFile = string(k, val);
        case "password", "keyfile_password" -> {
          if (!(val instanceof String s)) {
            throw new IllegalArgumentException("ssl_options " + k + " must be a string");
          }
          out.keyPassword = s.toCharArray();
        }
        case "server_hostname" -> tls.serverName(string(k, val));
        case "check_hostname" ->
            tls.hostnameVerification(
                boolValue(k, val) ? HostnameVerification.ENABLED : HostnameVerification.DISABLED);
        case "verify" -> verify(k, string(k, val), tls);
        case "cert_reqs" -> certReqs(k, val, tls);
        case "ciphers" -> tls.ciphers(string(k, val).split("[:,]"));
        case "ssl_version" -> sslVersion(k, string(k, val), tls);
        case "do_handshake_on_connect", "suppress_ragged_eofs" -> boolValue(k, val);
        default ->
            throw new IllegalArgumentException(
                "unknown ssl_options key '"
                    + e.getKey()
                    + "'; accepted: "
                    + String.join(", ", UriKeys.SSL_OPTION_KEYS));
      }
    }
    return out;
  }

  /** {@code verify_peer} (the default trust unless all was trusted) or {@code verify_none}. */
  static void verify(String key, String v, TlsOptions.Builder tls) {
    switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "verify_peer" -> verifyPeer(tls);
      case "verify_none" -> tls.insecureTrustAllForTesting();
      default ->
          throw new IllegalArgumentException("'" + v + "' must be verify_peer or verify_none");
    }
  }

  private static void verifyPeer(TlsOptions.Builder tls) {
    TlsOptions now = tls.build();
    if (now.trust() == TlsOptions.Trust.INSECURE_TRUST_ALL) {
      tls.systemTrust().hostnameVerification(HostnameVerification.ENABLED);
    }
  }

  private static String string(String key, Object v) {
    if (v instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException("ssl_options " + key + " must be a string, got " + v);
  }

  private static void certReqs(String key, Object v, TlsOptions.Builder tls) {
    String s = String.valueOf(v).toUpperCase(Locale.ROOT);
    switch (s) {
      case "CERT_NONE", "0", "SSL.CERT_NONE" -> tls.insecureTrustAllForTesting();
      case "CERT_OPTIONAL", "1", "SSL.CERT_OPTIONAL", "CERT_REQUIRED", "2", "SSL.CERT_REQUIRED" ->
          verifyPeer(tls);
      default ->
          throw new IllegalArgumentException(
              "ssl_options cert_reqs must be CERT_NONE, CERT_OPTIONAL or CERT_REQUIRED (0, 1, 2),"
                  + " got "
                  + v);
    }
  }

  private static void sslVersion(String key, String v, TlsOptions.Builder tls) {
    String s = v.toUpperCase(Locale.ROOT).replace("SSL.", "");
    switch (s) {
      case "PROTOCOL_TLS", "PROTOCOL_TLS_CLIENT", "PROTOCOL_SSLV23" ->
          tls.protocols(TlsOptions.DEFAULT_PROTOCOLS.toArray(new String[0]));
      case "PROTOCOL_TLSV1_2", "TLSV1.2" -> tls.protocols("TLSv1.2");
      case "PROTOCOL_TLSV1_3", "TLSV1.3" -> tls.protocols("TLSv1.3");
      case "PROTOCOL_TLSV1_1", "TLSV1.1" -> tls.protocols("TLSv1.1");
      case "PROTOCOL_TLSV1", "TLSV1" -> tls.protocols("TLSv1");
      default ->
          throw new IllegalArgumentException(
              "ssl_options ssl_version must be PROTOCOL_TLS, PROTOCOL_TLS_CLIENT,"
                  + " PROTOCOL_TLSv1_2, PROTOCOL_TLSv1_3 (or TLSv1.2, TLSv1.3), got "
                  + v);
    }
  }
}
