/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.config;

import static dev.warren.client.internal.config.UriValues.bool;
import static dev.warren.client.internal.config.UriValues.clientProperties;
import static dev.warren.client.internal.config.UriValues.heartbeat;
import static dev.warren.client.internal.config.UriValues.integer;
import static dev.warren.client.internal.config.UriValues.isNone;
import static dev.warren.client.internal.config.UriValues.longInteger;
import static dev.warren.client.internal.config.UriValues.microseconds;
import static dev.warren.client.internal.config.UriValues.path;
import static dev.warren.client.internal.config.UriValues.seconds;

import dev.warren.client.ConnectionParameters;
import dev.warren.client.HeartbeatPolicy;
import dev.warren.client.InvalidUriException;
import dev.warren.client.PlainCredentials;
import dev.warren.client.SaslMechanism;
import dev.warren.client.SaslMechanisms;
import dev.warren.client.TcpOptions;
import dev.warren.client.TlsOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code amqp://} and {@code amqps://} URIs to a {@link ConnectionParameters.Builder}: the
 * RabbitMQ URI specification plus pika's {@code URLParameters} query keys. See {@link
 * ConnectionParameters.Builder#uri(String)} for the rules and {@code docs/connection-parameters.md}
 * for the reference.
 *
 * <p>This class owns the URI's structure (scheme, user information, host, port, vhost) and the
 * dispatch of each query key to the builder; the key tables are {@link UriKeys}, the values are
 * read by {@link UriValues}, and the {@code tcp_options} and {@code ssl_options} dictionaries by
 * {@link UriTcpOptions} and {@link UriTlsOptions}.
 *
 * <p>No exception message contains the URI's password: the URI is shown as {@code
 * scheme://***@host...} without its query, and values are shown only for keys that cannot hold a
 * secret.
 */
public final class AmqpUriParser {
  private static final Logger LOG = LoggerFactory.getLogger(AmqpUriParser.class);

  /** Every query key accepted, sorted. */
  public static final List<String> ACCEPTED_KEYS = UriKeys.ACCEPTED_KEYS;

  /** Keys of the {@code ssl_options} dictionary, sorted. */
  public static final List<String> SSL_OPTION_KEYS = UriKeys.SSL_OPTION_KEYS;

  /** Keys of the {@code tcp_options} dictionary (case-insensitive), sorted. */
  public static final List<String> TCP_OPTION_KEYS = UriKeys.TCP_OPTION_KEYS;

  private final String redacted;

  private AmqpUriParser(String redacted) {
    this.redacted = redacted;
  }

  /**
   * Applies {@code uri} to {@code target}, whose current values are {@code current}.
   *
   * @throws InvalidUriException on any error; {@code target} may then be partly modified (the
   *     public builder applies to a scratch copy)
   */
  public static void apply(
      String uri, ConnectionParameters.Builder target, ConnectionParameters current) {
    if (uri == null) {
      throw new NullPointerException("uri");
    }
    String text = uri.strip();
    new AmqpUriParser(redact(text)).parse(text, target, current);
  }

  /**
   * The URI for messages: {@code scheme://***@host:port/path} with everything before the last '@'
   * replaced and without query or fragment, which may hold secrets.
   */
  public static String redact(String uri) {
    int sep = uri.indexOf("://");
    if (sep < 0) {
      return "<not an amqp:// URI>";
    }
    String scheme = uri.substring(0, sep);
    String rest = uri.substring(sep + 3);
    int at = rest.lastIndexOf('@');
    String prefix = "";
    if (at >= 0) {
      prefix = "***@";
      rest = rest.substring(at + 1);
    }
    int cut = firstOf(rest, "?#");
    if (cut >= 0) {
      rest = rest.substring(0, cut);
    }
    return scheme + "://" + prefix + rest;
  }

  private void parse(String uri, ConnectionParameters.Builder b, ConnectionParameters current) {
    int sep = uri.indexOf("://");
    if (sep < 0) {
      throw fail("expected amqp://... or amqps://...");
    }
    String scheme = uri.substring(0, sep).toLowerCase(Locale.ROOT);
    boolean tls;
    if (scheme.equals("amqp")) {
      tls = false;
    } else if (scheme.equals("amqps")) {
      tls = true;
    } else {
      throw fail("the scheme must be amqp or amqps, got '" + uri.substring(0, sep) + "'");
    }
    String rest = uri.substring(sep + 3);
    if (rest.indexOf('#') >= 0) {
      throw fail(
          "a fragment ('#') is not allowed; percent-encode '#' in a user name, password or vhost"
              + " as %23");
    }
    String query = null;
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    String path = null;
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      path = rest.substring(slash);
      rest = rest.substring(0, slash);
    }
    String authority = rest;
    if (authority.indexOf('@') < 0 && suspectSplitPassword(path, query)) {
      throw fail(
          "found '@' after the host; if the password contains '/', '?' or '#', percent-encode"
              + " them as %2F, %3F and %23 (and '@' in a vhost as %40)");
    }

    // Authority: [user[:password]@]host[:port]
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      applyUserInfo(authority.substring(0, at), b, current);
      authority = authority.substring(at + 1);
    }
    applyHostPort(authority, b);

    if (tls) {
      b.tls(current.tls().orElse(TlsOptions.defaults()));
    } else {
      b.tls(null);
    }

    if (path != null) {
      String vhost = path.substring(1);
      if (vhost.indexOf('/') >= 0) {
        throw fail(
            "the vhost must be a single path segment: percent-encode '/' in it as %2F (path '"
                + path
                + "')");
      }
      try {
        b.virtualHost(HostNames.percentDecode(vhost, "the vhost", false));
      } catch (IllegalArgumentException e) {
        throw fail(e.getMessage(), e);
      }
    }

    if (query != null) {
      applyQuery(query, tls, b, current);
    }
  }

  private static boolean suspectSplitPassword(String path, String query) {
    if (path != null && path.indexOf('@') >= 0) {
      return true;
    }
    if (query != null) {
      int at = query.indexOf('@');
      if (at >= 0) {
        String head = query.substring(0, at);
        return head.indexOf('=') < 0 && head.indexOf('&') < 0;
      }
    }
    return false;
  }

  private void applyUserInfo(
      String userInfo, ConnectionParameters.Builder b, ConnectionParameters current) {
    int colon = userInfo.indexOf(':');
    String rawUser = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
    String user;
    char[] password;
    try {
      user = HostNames.percentDecode(rawUser, "the user name", false);
      if (colon >= 0) {
        password =
            HostNames.percentDecode(userInfo.substring(colon + 1), "the password", false)
                .toCharArray();
      } else if (current.credentials().orElse(null) instanceof PlainCredentials plain) {
        password = plain.password();
      } else {
        password = "guest".toCharArray();
      }
    } catch (IllegalArgumentException e) {
      throw fail(e.getMessage(), e);
    }
    try {
      b.credentials(PlainCredentials.of(user, password));
    } catch (IllegalArgumentException e) {
      throw fail(e.getMessage(), e);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private void applyHostPort(String hostPort, ConnectionParameters.Builder b) {
    if (hostPort.indexOf(',') >= 0) {
      throw fail(
          "it names several hosts ("
              + hostPort
              + "), but one ConnectionParameters is one endpoint; open the list with"
              + " Connection.open(uri) or EndpointList.fromUri(uri)");
    }
    String rawHost;
    String rawPort = null;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        throw fail("the IPv6 address lacks its closing ']'");
      }
      rawHost = hostPort.substring(0, close + 1);
      String after = hostPort.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw fail("expected ':port' after the IPv6 address " + rawHost);
        }
        rawPort = after.substring(1);
      }
    } else {
      int colon = hostPort.indexOf(':');
      if (colon >= 0 && hostPort.indexOf(':', colon + 1) >= 0) {
        throw fail("an IPv6 address must be written in brackets, as in amqp://[::1]:5672");
      }
      rawHost = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
      rawPort = colon >= 0 ? hostPort.substring(colon + 1) : null;
    }
    try {
      if (!rawHost.isEmpty()) {
        b.host(HostNames.percentDecode(rawHost, "the host", false));
      }
      if (rawPort == null || rawPort.isEmpty()) {
        b.defaultPort();
      } else {
        b.port(HostNames.parsePort(rawPort));
      }
    } catch (IllegalArgumentException e) {
      throw fail(e.getMessage(), e);
    }
  }

  private void applyQuery(
      String query, boolean tls, ConnectionParameters.Builder b, ConnectionParameters current) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (String pair : query.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String rawKey = eq >= 0 ? pair.substring(0, eq) : pair;
      String rawValue = eq >= 0 ? pair.substring(eq + 1) : "";
      String key;
      String value;
      try {
        key = HostNames.percentDecode(rawKey, "a query key", true);
        value = HostNames.percentDecode(rawValue, "the value of a query key", true);
      } catch (IllegalArgumentException e) {
        throw fail(e.getMessage(), e);
      }
      String normalized = key.toLowerCase(Locale.ROOT);
      if (!ACCEPTED_KEYS.contains(normalized)) {
        String shown =
            UriKeys.KEY_SHAPE.matcher(key).matches()
                ? "'" + key + "'"
                : "(not shown: it has characters no key has; percent-encode '&', '=' and '+' in"
                    + " values)";
        throw fail(
            "unknown query key " + shown + "; accepted keys: " + String.join(", ", ACCEPTED_KEYS));
      }
      List<String> values = params.computeIfAbsent(normalized, k -> new ArrayList<>());
      if (!values.isEmpty() && !normalized.equals("auth_mechanism")) {
        throw fail("query key '" + normalized + "' is given more than once");
      }
      values.add(value);
    }
    if (!tls) {
      for (String key : params.keySet()) {
        if (UriKeys.TLS_KEYS.contains(key)) {
          throw fail("query key '" + key + "' is a TLS option: use an amqps:// URI");
        }
      }
    }
    TlsOptions.Builder tlsBuilder =
        tls ? b.build().tls().orElse(TlsOptions.defaults()).toBuilder() : null;
    TcpOptions.Builder tcp = null;
    String certFile = null;
    String keyFile = null;
    char[] keyPassword = null;
    Duration coalescing = null;
    for (Map.Entry<String, List<String>> e : params.entrySet()) {
      String key = e.getKey();
      String v = e.getValue().get(0);
      try {
        switch (key) {
          case "heartbeat" -> b.heartbeat(HeartbeatPolicy.of(heartbeat(key, v)));
          case "channel_max" -> b.channelMax(integer(key, v, 0, 65535));
          case "frame_max" ->
              b.frameMax(integer(key, v, ConnectionParameters.MIN_FRAME_MAX, Integer.MAX_VALUE));
          case "connection_attempts" -> b.connectionAttempts(integer(key, v, 1, Integer.MAX_VALUE));
          case "retry_delay" -> b.retryDelay(seconds(key, v));
          case "socket_timeout" -> b.socketTimeout(seconds(key, v));
          case "stack_timeout" -> b.stackTimeout(seconds(key, v));
          case "rpc_timeout" -> b.rpcTimeout(seconds(key, v));
          case "receive_coalescing" -> coalescing = microseconds(key, v);
          case "blocked_connection_timeout" ->
              b.blockedConnectionTimeout(isNone(v) ? null : seconds(key, v));
          case "connection_timeout" ->
              b.socketTimeout(Duration.ofMillis(integer(key, v, 1, Integer.MAX_VALUE)));
          case "locale" -> b.locale(v);
          case "connection_name" -> b.connectionName(v);
          case "max_inbound_body_size" ->
              b.maxInboundBodySize(
                  longInteger(key, v, 1, ConnectionParameters.MAX_INBOUND_BODY_SIZE_LIMIT));
          case "client_properties" -> b.clientProperties(clientProperties(v));
          case "backpressure_detection" -> {
            bool(key, v);
            LOG.debug(
                "ignoring the URI key backpressure_detection: obsolete since pika 1.0;"
                    + " Warren reports connection.blocked to listeners and honours"
                    + " blocked_connection_timeout");
          }
          case "auth_mechanism" -> {
            List<SaslMechanism> mechanisms = new ArrayList<>();
            for (String one : e.getValue()) {
              for (String name : one.split(",")) {
                if (!name.isBlank()) {
                  mechanisms.add(SaslMechanisms.byName(name.trim()));
                }
              }
            }
            b.authMechanisms(mechanisms);
          }
          case "tcp_options" -> tcp = UriTcpOptions.apply(v, b.build().tcpOptions());
          case "cacertfile" -> tlsBuilder.trustPem(path(key, v));
          case "certfile" -> certFile = v;
          case "keyfile" -> keyFile = v;
          case "verify" -> UriTlsOptions.verify(key, v, tlsBuilder);
          case "server_name_indication" -> {
            if (v.equalsIgnoreCase("disable")) {
              tlsBuilder.noServerNameIndication();
            } else {
              tlsBuilder.serverName(v).serverNameIndication();
            }
          }
          case "fail_if_no_peer_cert" -> {
            bool(key, v);
            LOG.debug(
                "ignoring the URI key fail_if_no_peer_cert: it is a server setting; the client"
                    + " always requires the broker's certificate");
          }
          case "ssl_options" -> {
            UriTlsOptions.ClientCertificate ssl = UriTlsOptions.applySslOptions(v, tlsBuilder);
            if (ssl.certFile != null) {
              certFile = ssl.certFile;
            }
            if (ssl.keyFile != null) {
              keyFile = ssl.keyFile;
            }
            if (ssl.keyPassword != null) {
              keyPassword = ssl.keyPassword;
            }
          }
          default -> throw new IllegalStateException("unhandled key " + key);
        }
      } catch (InvalidUriException ex) {
        throw ex;
      } catch (IllegalArgumentException ex) {
        throw fail("query key '" + key + "': " + ex.getMessage(), ex);
      }
    }
    if (coalescing != null) {
      // After the loop: tcp_options, wherever it stands in the query, starts from the defaults.
      if (tcp == null) {
        tcp = b.build().tcpOptions().toBuilder();
      }
      tcp.receiveCoalescing(coalescing);
    }
    if (tcp != null) {
      b.tcpOptions(tcp.build());
    }
    if (tlsBuilder != null) {
      if ((certFile == null) != (keyFile == null)) {
        throw fail(
            "certfile and keyfile must be given together (client certificate chain and its"
                + " PKCS#8 private key, PEM)");
      }
      if (certFile != null) {
        tlsBuilder.keyPem(path("certfile", certFile), path("keyfile", keyFile), keyPassword);
      }
      if (keyPassword != null) {
        Arrays.fill(keyPassword, '\0');
      }
      b.tls(tlsBuilder.build());
    }
  }

  // ---- errors -------------------------------------------------------------------------------

  private InvalidUriException fail(String problem) {
    return new InvalidUriException("invalid AMQP URI " + redacted + ": " + problem);
  }

  private InvalidUriException fail(String problem, Throwable cause) {
    return new InvalidUriException("invalid AMQP URI " + redacted + ": " + problem, cause);
  }

  private static int firstOf(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
