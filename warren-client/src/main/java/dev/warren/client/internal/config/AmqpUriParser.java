package dev.warren.client.internal.config;

import dev.warren.client.ConnectionParameters;
import dev.warren.client.HeartbeatPolicy;
import dev.warren.client.HostnameVerification;
import dev.warren.client.InvalidUriException;
import dev.warren.client.PlainCredentials;
import dev.warren.client.SaslMechanism;
import dev.warren.client.SaslMechanisms;
import dev.warren.client.TcpOptions;
import dev.warren.client.TlsOptions;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code amqp://} and {@code amqps://} URIs to a {@link ConnectionParameters.Builder}: the
 * RabbitMQ URI specification plus pika's {@code URLParameters} query keys. See {@link
 * ConnectionParameters.Builder#uri(String)} for the rules and {@code docs/connection-parameters.md}
 * for the reference.
 *
 * <p>No exception message contains the URI's password: the URI is shown as {@code
 * scheme://***@host...} without its query, and values are shown only for keys that cannot hold a
 * secret.
 */
public final class AmqpUriParser {
  private static final Logger LOG = LoggerFactory.getLogger(AmqpUriParser.class);

  /** Every query key accepted, sorted. */
  public static final List<String> ACCEPTED_KEYS =
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
  public static final List<String> SSL_OPTION_KEYS =
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
  public static final List<String> TCP_OPTION_KEYS =
      List.of(
          "SO_KEEPALIVE",
          "SO_RCVBUF",
          "SO_SNDBUF",
          "TCP_KEEPCNT",
          "TCP_KEEPIDLE",
          "TCP_KEEPINTVL",
          "TCP_NODELAY",
          "TCP_USER_TIMEOUT");

  private static final Set<String> TLS_KEYS =
      Set.of(
          "cacertfile",
          "certfile",
          "keyfile",
          "verify",
          "server_name_indication",
          "fail_if_no_peer_cert",
          "ssl_options");

  private static final Pattern KEY_SHAPE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

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
            KEY_SHAPE.matcher(key).matches()
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
        if (TLS_KEYS.contains(key)) {
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
          case "tcp_options" -> tcp = tcpOptions(v, b.build().tcpOptions());
          case "cacertfile" -> tlsBuilder.trustPem(path(key, v));
          case "certfile" -> certFile = v;
          case "keyfile" -> keyFile = v;
          case "verify" -> verify(key, v, tlsBuilder);
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
            SslDict ssl = sslOptions(v, tlsBuilder);
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

  // ---- values -------------------------------------------------------------------------------

  private static Duration heartbeat(String key, String v) {
    BigDecimal n = decimal(key, v);
    if (n.signum() < 0 || n.compareTo(BigDecimal.valueOf(65535)) > 0 || !isIntegral(n)) {
      throw new IllegalArgumentException(
          "'" + v + "' must be a whole number of seconds from 0 (heartbeats off) to 65535");
    }
    return Duration.ofSeconds(n.longValueExact());
  }

  private static Duration microseconds(String key, String v) {
    long max = TcpOptions.MAX_RECEIVE_COALESCING.toNanos() / 1000;
    try {
      return Duration.ofNanos(1000 * longInteger(key, v, 0, max));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + v + "' must be a whole number of microseconds from 0 (read at once) to " + max, e);
    }
  }

  private static int integer(String key, String v, int min, int max) {
    return (int) longInteger(key, v, min, max);
  }

  private static long longInteger(String key, String v, long min, long max) {
    BigDecimal n = decimal(key, v);
    if (!isIntegral(n)
        || n.compareTo(BigDecimal.valueOf(min)) < 0
        || n.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new IllegalArgumentException(
          "'" + v + "' must be a whole number from " + min + " to " + max);
    }
    return n.longValueExact();
  }

  private static Duration seconds(String key, String v) {
    BigDecimal n = decimal(key, v);
    if (n.signum() < 0) {
      throw new IllegalArgumentException("'" + v + "' must be a number of seconds, 0 or more");
    }
    BigDecimal nanos = n.movePointRight(9).setScale(0, RoundingMode.HALF_UP);
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("'" + v + "' seconds is too long");
    }
    return Duration.ofNanos(nanos.longValueExact());
  }

  private static BigDecimal decimal(String key, String v) {
    String t = v.trim();
    try {
      if (t.isEmpty() || !t.matches("[+-]?[0-9]*\\.?[0-9]*([eE][+-]?[0-9]+)?")) {
        throw new NumberFormatException();
      }
      return new BigDecimal(t.startsWith("+") ? t.substring(1) : t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + v + "' is not a number");
    }
  }

  private static boolean isIntegral(BigDecimal n) {
    return n.signum() == 0 || n.stripTrailingZeros().scale() <= 0;
  }

  private static boolean isNone(String v) {
    return v.equalsIgnoreCase("none") || v.equalsIgnoreCase("null") || v.isEmpty();
  }

  private static boolean bool(String key, String v) {
    switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "t", "true", "1", "yes", "y", "on":
        return true;
      case "f", "false", "0", "no", "n", "off":
        return false;
      default:
        throw new IllegalArgumentException(
            "'" + v + "' is not a boolean (true/false, t/f, 1/0, yes/no, on/off)");
    }
  }

  private static boolean boolValue(String key, Object v) {
    if (v instanceof Boolean bo) {
      return bo;
    }
    if (v instanceof Long l && (l == 0 || l == 1)) {
      return l == 1;
    }
    if (v instanceof String s) {
      return bool(key, s);
    }
    throw new IllegalArgumentException(key + " must be a boolean, got " + v);
  }

  private static Path path(String key, String v) {
    if (v.isBlank()) {
      throw new IllegalArgumentException(key + " must be a file path, got an empty value");
    }
    try {
      return Path.of(v);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(key + ": '" + v + "' is not a valid path");
    }
  }

  private static void verify(String key, String v, TlsOptions.Builder tls) {
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

  private static Map<String, Object> clientProperties(String v) {
    Map<String, Object> map = LiteralParser.parseObject(v);
    for (Map.Entry<String, Object> e : map.entrySet()) {
      if (e.getValue() == null) {
        throw new IllegalArgumentException(
            "client property '" + e.getKey() + "' is null; null values are not supported");
      }
    }
    return map;
  }

  private static TcpOptions.Builder tcpOptions(String v, TcpOptions base) {
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
                    + String.join(", ", TCP_OPTION_KEYS));
      }
    }
    return t;
  }

  private static long number(String key, Object v, long min, long max) {
    if (v instanceof Long l && l >= min && l <= max) {
      return l;
    }
    if (v instanceof String s) {
      return longInteger(key, s, min, max);
    }
    throw new IllegalArgumentException(
        key + " must be a whole number from " + min + " to " + max + ", got " + v);
  }

  private static final class SslDict {
    String certFile;
    String keyFile;
    char[] keyPassword;
  }

  private static SslDict sslOptions(String v, TlsOptions.Builder tls) {
    Map<String, Object> map = LiteralParser.parseObject(v);
    SslDict out = new SslDict();
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
                    + String.join(", ", SSL_OPTION_KEYS));
      }
    }
    return out;
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
