/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.client.internal.config.AmqpUriParser;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UriParsingTest {
  private static final String SECRET = "s3cr3t-pw";

  private static PlainCredentials plain(ConnectionParameters p) {
    return (PlainCredentials) p.credentials().orElseThrow();
  }

  // ---- authority, path, defaults (RabbitMQ URI specification examples) ------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        // uri                                          | user  | password | host      | port  |
        // vhost
        "amqp://user:pass@host:10000/vhost               | user  | pass     | host      | 10000 | vhost",
        "amqp://user%61:%61pass@ho%61st:10000/v%2fhost  | usera | apass    | hoast     | 10000 | v/host",
        "amqp://                                          | guest | guest    | localhost | 5672  | /",
        "amqp://:@/                                       | ''    | ''       | localhost | 5672  | ''",
        "amqp://user@                                     | user  | guest    | localhost | 5672  | /",
        "amqp://user:pass@                                | user  | pass     | localhost | 5672  | /",
        "amqp://host                                      | guest | guest    | host      | 5672  | /",
        "amqp://:10000                                    | guest | guest    | localhost | 10000 | /",
        "amqp:///vhost                                    | guest | guest    | localhost | 5672  | vhost",
        "amqp://host/                                     | guest | guest    | host      | 5672  | ''",
        "amqp://host/%2f                                  | guest | guest    | host      | 5672  | /",
        "amqp://host/%2F                                  | guest | guest    | host      | 5672  | /",
        "amqp://[::1]                                     | guest | guest    | ::1       | 5672  | /",
        "amqp://[::1]:5673/v                              | guest | guest    | ::1       | 5673  | v",
        "amqp://[fe80::1%25eth0]:5673                     | guest | guest    | fe80::1%eth0 | 5673 | /",
        "amqps://host                                     | guest | guest    | host      | 5671  | /",
        "amqps://host:5999                                | guest | guest    | host      | 5999  | /",
        "AMQPS://host                                     | guest | guest    | host      | 5671  | /",
        "amqp://guest:guest@localhost:5672/%2F            | guest | guest    | localhost | 5672  | /",
        "amqp://us%40er:p%40ss%3A%2F@h/v%20h             | us@er | p@ss:/   | h         | 5672  | v h",
        "amqp://user:pa:ss@h                              | user  | pa:ss    | h         | 5672  | /",
        "amqp://host:                                     | guest | guest    | host      | 5672  | /",
        "amqp://caf%C3%A9:%E2%82%AC@h/%C3%A9t%C3%A9       | café  | €        | h         | 5672  | été",
        "amqp://h/vhost+with+plus                         | guest | guest    | h         | 5672  | vhost+with+plus",
      })
  void authorityAndPath(
      String uri, String user, String password, String host, int port, String vhost) {
    ConnectionParameters p = ConnectionParameters.fromUri(uri);
    assertThat(plain(p).username()).isEqualTo(user);
    assertThat(new String(plain(p).password())).isEqualTo(password);
    assertThat(p.host()).isEqualTo(host);
    assertThat(p.port()).isEqualTo(port);
    assertThat(p.virtualHost()).isEqualTo(vhost);
  }

  @Test
  void missingPathKeepsDefaultVhostButEmptyPathIsEmptyVhost() {
    assertThat(ConnectionParameters.fromUri("amqp://host").virtualHost()).isEqualTo("/");
    assertThat(ConnectionParameters.fromUri("amqp://host/").virtualHost()).isEmpty();
  }

  @Test
  void schemeSelectsTlsAndDefaultPort() {
    ConnectionParameters plain = ConnectionParameters.fromUri("amqp://h");
    assertThat(plain.tlsEnabled()).isFalse();
    assertThat(plain.port()).isEqualTo(5672);
    assertThat(plain.hasExplicitPort()).isFalse();

    ConnectionParameters tls = ConnectionParameters.fromUri("amqps://h");
    assertThat(tls.tls()).contains(TlsOptions.defaults());
    assertThat(tls.port()).isEqualTo(5671);
    assertThat(tls.endpoint()).isEqualTo("amqps://h:5671/%2F");
  }

  @Test
  void uriAppliesOverBuilderAndKeepsWhatItDoesNotState() {
    TlsOptions custom = TlsOptions.builder().trustPem(Path.of("/etc/ca.pem")).build();
    ConnectionParameters p =
        ConnectionParameters.builder()
            .virtualHost("kept")
            .credentials(PlainCredentials.of("app", SECRET))
            .channelMax(10)
            .tls(custom)
            .uri("amqps://app@rabbit1?heartbeat=5")
            .build();
    assertThat(p.virtualHost()).isEqualTo("kept");
    assertThat(new String(plain(p).password())).isEqualTo(SECRET);
    assertThat(p.channelMax()).isEqualTo(10);
    assertThat(p.tls()).contains(custom);
    assertThat(p.host()).isEqualTo("rabbit1");
    assertThat(p.heartbeat()).isEqualTo(HeartbeatPolicy.ofSeconds(5));

    ConnectionParameters off = p.toBuilder().uri("amqp://rabbit2").build();
    assertThat(off.tlsEnabled()).isFalse();
    assertThat(off.port()).isEqualTo(5672);
  }

  @Test
  void failedUriLeavesBuilderUnchanged() {
    ConnectionParameters.Builder b = ConnectionParameters.builder().host("before");
    assertThatThrownBy(() -> b.uri("amqp://after/vh?heartbeat=nope"))
        .isInstanceOf(InvalidUriException.class);
    ConnectionParameters p = b.build();
    assertThat(p.host()).isEqualTo("before");
    assertThat(p.virtualHost()).isEqualTo("/");
  }

  @Test
  void uriEqualsBuilderEquivalent() {
    ConnectionParameters fromUri =
        ConnectionParameters.fromUri("amqp://app:pw@rabbit1:5673/orders?heartbeat=30");
    ConnectionParameters built =
        ConnectionParameters.builder()
            .host("rabbit1")
            .port(5673)
            .virtualHost("orders")
            .credentials(PlainCredentials.of("app", "pw"))
            .heartbeat(Duration.ofSeconds(30))
            .build();
    assertThat(fromUri).isEqualTo(built);
    assertThat(fromUri.hashCode()).isEqualTo(built.hashCode());
  }

  // ---- query keys ------------------------------------------------------------------------------

  @Test
  void pikaKeys() {
    ConnectionParameters p =
        ConnectionParameters.fromUri(
            "amqp://h/?backpressure_detection=t&blocked_connection_timeout=12.5&channel_max=100"
                + "&connection_attempts=3&frame_max=8192&heartbeat=30&locale=pt_BR"
                + "&retry_delay=0.5&socket_timeout=0.25&stack_timeout=20");
    assertThat(p.blockedConnectionTimeout()).contains(Duration.ofMillis(12_500));
    assertThat(p.channelMax()).isEqualTo(100);
    assertThat(p.connectionAttempts()).isEqualTo(3);
    assertThat(p.frameMax()).isEqualTo(8192);
    assertThat(p.heartbeat()).isEqualTo(HeartbeatPolicy.ofSeconds(30));
    assertThat(p.locale()).isEqualTo("pt_BR");
    assertThat(p.retryDelay()).isEqualTo(Duration.ofMillis(500));
    assertThat(p.socketTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(p.stackTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(p.virtualHost()).isEmpty();
  }

  @Test
  void warrenKeys() {
    ConnectionParameters p =
        ConnectionParameters.fromUri(
            "amqp://h?connection_name=orders-api&rpc_timeout=5&max_inbound_body_size=1048576");
    assertThat(p.connectionName()).contains("orders-api");
    assertThat(p.rpcTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.maxInboundBodySize()).isEqualTo(1_048_576);
  }

  @Test
  void receiveCoalescingIsMicrosecondsAndSurvivesTcpOptionsInAnyOrder() {
    String tcp = "tcp_options=" + enc("{'SO_RCVBUF': 131072}");
    for (String uri :
        List.of(
            "amqp://h?receive_coalescing=250&" + tcp,
            "amqp://h?" + tcp + "&receive_coalescing=250")) {
      TcpOptions t = ConnectionParameters.fromUri(uri).tcpOptions();
      assertThat(t.receiveCoalescing()).as(uri).isEqualTo(Duration.ofNanos(250_000));
      assertThat(t.receiveBufferSize()).as(uri).hasValue(131072);
    }
    assertThat(
            ConnectionParameters.fromUri("amqp://h?receive_coalescing=0")
                .tcpOptions()
                .receiveCoalescing())
        .isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "None", "null", ""})
  void blockedConnectionTimeoutNone(String value) {
    ConnectionParameters p =
        ConnectionParameters.builder()
            .blockedConnectionTimeout(Duration.ofSeconds(3))
            .uri("amqp://h?blocked_connection_timeout=" + value)
            .build();
    assertThat(p.blockedConnectionTimeout()).isEmpty();
  }

  @Test
  void heartbeatZeroIsOffAndFloatsWithNoFractionAreAccepted() {
    assertThat(ConnectionParameters.fromUri("amqp://h?heartbeat=0").heartbeat().isOff()).isTrue();
    assertThat(ConnectionParameters.fromUri("amqp://h?heartbeat=60.0").heartbeat())
        .isEqualTo(HeartbeatPolicy.ofSeconds(60));
  }

  @Test
  void rabbitmqConnectionTimeoutIsMilliseconds() {
    assertThat(ConnectionParameters.fromUri("amqp://h?connection_timeout=2500").socketTimeout())
        .isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void authMechanismRepeatsAndCommaLists() {
    ConnectionParameters p =
        ConnectionParameters.fromUri("amqps://h?auth_mechanism=external&auth_mechanism=plain");
    assertThat(p.authMechanisms()).containsExactly(SaslMechanisms.EXTERNAL, SaslMechanisms.PLAIN);
    assertThat(
            ConnectionParameters.fromUri("amqp://h?auth_mechanism=AMQPLAIN,PLAIN").authMechanisms())
        .containsExactly(SaslMechanisms.AMQPLAIN, SaslMechanisms.PLAIN);
  }

  @Test
  void clientPropertiesPythonDictAndJson() {
    // As pika's urlencode({'client_properties': {...}}) writes it.
    ConnectionParameters p =
        ConnectionParameters.fromUri(
            "amqp://h?client_properties=%7B%27app%27%3A+%27billing%27%2C+%27n%27%3A+3%2C"
                + "+%27ok%27%3A+True%2C+%27x%27%3A+1.5%7D");
    assertThat(p.clientProperties())
        .containsExactly(
            Map.entry("app", "billing"),
            Map.entry("n", 3L),
            Map.entry("ok", true),
            Map.entry("x", new BigDecimal("1.5")));
    ConnectionParameters json =
        ConnectionParameters.fromUri(
            "amqp://h?client_properties=%7B%22capabilities%22%3A%7B%22x%22%3Atrue%7D%7D");
    assertThat(json.clientProperties()).containsEntry("capabilities", Map.of("x", true));
  }

  @Test
  void tcpOptions() {
    ConnectionParameters p =
        ConnectionParameters.fromUri(
            "amqp://h?tcp_options="
                + enc(
                    "{'TCP_KEEPIDLE': 60, 'TCP_KEEPINTVL': 10, 'TCP_KEEPCNT': 5,"
                        + " 'TCP_USER_TIMEOUT': 30000, 'TCP_NODELAY': 0, 'SO_SNDBUF': 65536,"
                        + " 'so_rcvbuf': 131072}"));
    TcpOptions t = p.tcpOptions();
    assertThat(t.keepAlive()).isTrue();
    assertThat(t.keepIdle()).contains(Duration.ofSeconds(60));
    assertThat(t.keepInterval()).contains(Duration.ofSeconds(10));
    assertThat(t.keepCount()).hasValue(5);
    assertThat(t.userTimeout()).contains(Duration.ofSeconds(30));
    assertThat(t.noDelay()).isFalse();
    assertThat(t.sendBufferSize()).hasValue(65536);
    assertThat(t.receiveBufferSize()).hasValue(131072);
  }

  @Test
  void rabbitmqTlsKeys() {
    ConnectionParameters p =
        ConnectionParameters.fromUri(
            "amqps://h?cacertfile=/etc/rmq/ca.pem&certfile=/etc/rmq/client.pem"
                + "&keyfile=/etc/rmq/client-key.pem&verify=verify_peer"
                + "&server_name_indication=broker.internal&fail_if_no_peer_cert=true");
    TlsOptions tls = p.tls().orElseThrow();
    assertThat(tls.trust()).isEqualTo(TlsOptions.Trust.PEM_FILE);
    assertThat(tls.trustPemFile()).contains(Path.of("/etc/rmq/ca.pem"));
    assertThat(tls.keyMaterial()).isEqualTo(TlsOptions.KeyMaterial.PEM_FILES);
    assertThat(tls.certificateChainFile()).contains(Path.of("/etc/rmq/client.pem"));
    assertThat(tls.privateKeyFile()).contains(Path.of("/etc/rmq/client-key.pem"));
    assertThat(tls.serverName()).contains("broker.internal");
    assertThat(tls.serverNameIndication()).isTrue();
    assertThat(tls.hostnameVerification()).isEqualTo(HostnameVerification.ENABLED);
  }

  @Test
  void verifyNoneAndSniDisable() {
    TlsOptions tls =
        ConnectionParameters.fromUri("amqps://h?verify=verify_none&server_name_indication=disable")
            .tls()
            .orElseThrow();
    assertThat(tls.trust()).isEqualTo(TlsOptions.Trust.INSECURE_TRUST_ALL);
    assertThat(tls.hostnameVerification()).isEqualTo(HostnameVerification.DISABLED);
    assertThat(tls.serverNameIndication()).isFalse();

    TlsOptions back =
        ConnectionParameters.builder()
            .tls(TlsOptions.insecureTrustAllForTesting())
            .uri("amqps://h?verify=verify_peer")
            .build()
            .tls()
            .orElseThrow();
    assertThat(back.trust()).isEqualTo(TlsOptions.Trust.SYSTEM);
    assertThat(back.hostnameVerification()).isEqualTo(HostnameVerification.ENABLED);
  }

  @Test
  void pikaSslOptionsDict() {
    // pika's documented example: urlencode({'ssl_options': {'certfile': ..., 'keyfile': ...}})
    ConnectionParameters p =
        ConnectionParameters.fromUri(
            "amqps://www-data:rabbit_pwd@rabbit1/web_messages?heartbeat=30&ssl_options=%7B%27keyfile"
                + "%27%3A+%27%2Fetc%2Fssl%2Fmykey.pem%27%2C%27certfile%27%3A+%27%2Fetc%2Fssl%2Fmycert."
                + "pem%27%7D");
    TlsOptions tls = p.tls().orElseThrow();
    assertThat(tls.certificateChainFile()).contains(Path.of("/etc/ssl/mycert.pem"));
    assertThat(tls.privateKeyFile()).contains(Path.of("/etc/ssl/mykey.pem"));
    assertThat(p.virtualHost()).isEqualTo("web_messages");

    TlsOptions all =
        ConnectionParameters.fromUri(
                "amqps://h?ssl_options="
                    + enc(
                        "{\"ca_certs\": \"/ca.pem\", \"certfile\": \"/c.pem\", \"keyfile\":"
                            + " \"/k.pem\", \"password\": \"key-pw\", \"server_hostname\":"
                            + " \"rabbit.example\", \"check_hostname\": false, \"cert_reqs\":"
                            + " \"CERT_REQUIRED\", \"ciphers\":"
                            + " \"TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384\","
                            + " \"ssl_version\": \"PROTOCOL_TLSv1_2\", \"suppress_ragged_eofs\":"
                            + " true}"))
            .tls()
            .orElseThrow();
    assertThat(all.trustPemFile()).contains(Path.of("/ca.pem"));
    assertThat(all.privateKeyPassword())
        .hasValueSatisfying(pw -> assertThat(pw).containsExactly("key-pw".toCharArray()));
    assertThat(all.serverName()).contains("rabbit.example");
    assertThat(all.hostnameVerification()).isEqualTo(HostnameVerification.DISABLED);
    assertThat(all.ciphers()).containsExactly("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384");
    assertThat(all.protocols()).containsExactly("TLSv1.2");

    TlsOptions none =
        ConnectionParameters.fromUri("amqps://h?ssl_options=" + enc("{'cert_reqs': 0}"))
            .tls()
            .orElseThrow();
    assertThat(none.trust()).isEqualTo(TlsOptions.Trust.INSECURE_TRUST_ALL);
  }

  // ---- errors ----------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://h                              | the scheme must be amqp or amqps, got 'http'",
        "localhost:5672                         | expected amqp://... or amqps://...",
        "amqp://h/a/b                           | the vhost must be a single path segment",
        "amqp://h:99999                         | port must be between 1 and 65535, got 99999",
        "amqp://h:0                             | port must be between 1 and 65535, got 0",
        "amqp://h:abc                           | port must be a number between 1 and 65535",
        "amqp://::1                             | an IPv6 address must be written in brackets",
        "amqp://[::1                            | lacks its closing ']'",
        "amqp://[::1]x                          | expected ':port' after the IPv6 address",
        "amqp://h/v%2                           | invalid percent-encoding in the vhost",
        "amqp://h/%C3                           | invalid UTF-8 after percent-decoding the vhost",
        "amqp://h#frag                          | a fragment ('#') is not allowed",
        "amqp://h?heartbeat=abc                 | query key 'heartbeat': 'abc' is not a number",
        "amqp://h?heartbeat=1.5                 | query key 'heartbeat': '1.5' must be a whole number of seconds from 0 (heartbeats off) to 65535",
        "amqp://h?heartbeat=70000               | to 65535",
        "amqp://h?channel_max=70000             | query key 'channel_max': '70000' must be a whole number from 0 to 65535",
        "amqp://h?frame_max=100                 | query key 'frame_max': '100' must be a whole number from 4096",
        "amqp://h?connection_attempts=0         | query key 'connection_attempts'",
        "amqp://h?retry_delay=-1                | query key 'retry_delay': '-1' must be a number of seconds, 0 or more",
        "amqp://h?socket_timeout=0              | query key 'socket_timeout': socketTimeout must be between 1 ms",
        "amqp://h?stack_timeout=x               | query key 'stack_timeout': 'x' is not a number",
        "amqp://h?heartbeat=1&heartbeat=2       | query key 'heartbeat' is given more than once",
        "amqp://h?auth_mechanism=gssapi         | unknown SASL mechanism 'gssapi'",
        "amqp://h?backpressure_detection=maybe  | 'maybe' is not a boolean",
        "amqp://h?cacertfile=/ca.pem            | query key 'cacertfile' is a TLS option: use an amqps:// URI",
        "amqps://h?certfile=/c.pem              | certfile and keyfile must be given together",
        "amqps://h?verify=sometimes             | 'sometimes' must be verify_peer or verify_none",
        "amqp://h?client_properties={'a':      | query key 'client_properties'",
        "amqp://h?client_properties=%7B%27a%27%3A+None%7D | client property 'a' is null",
        "amqp://h?tcp_options=%7B%27TCP_FOO%27%3A+1%7D | unknown tcp_options key 'TCP_FOO'; accepted: SO_KEEPALIVE",
        "amqps://h?ssl_options=%7B%27foo%27%3A+1%7D | unknown ssl_options key 'foo'; accepted: ca_certs",
        "amqp://h?locale=                       | query key 'locale': locale must not be empty",
        "amqp://h?receive_coalescing=10001      | query key 'receive_coalescing': '10001' must be a whole number of microseconds from 0 (read at once) to 10000",
        "amqp://h?receive_coalescing=-1         | microseconds",
      })
  void errorsNameTheProblem(String uri, String expected) {
    assertThatThrownBy(() -> ConnectionParameters.fromUri(uri))
        .isInstanceOf(InvalidUriException.class)
        .hasMessageStartingWith("invalid AMQP URI ")
        .hasMessageContaining(expected);
  }

  @Test
  void unknownKeyListsEveryAcceptedKey() {
    assertThatThrownBy(() -> ConnectionParameters.fromUri("amqp://h?hearbeat=30"))
        .isInstanceOf(InvalidUriException.class)
        .hasMessageContaining("unknown query key 'hearbeat'; accepted keys: ")
        .hasMessageContaining(String.join(", ", AmqpUriParser.ACCEPTED_KEYS));
    assertThat(AmqpUriParser.ACCEPTED_KEYS)
        .contains(
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
            "stack_timeout",
            "ssl_options",
            "tcp_options",
            "connection_timeout",
            "auth_mechanism",
            "cacertfile",
            "certfile",
            "keyfile",
            "verify",
            "server_name_indication",
            "fail_if_no_peer_cert");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "amqp://user:s3cr3t-pw@host/vh?heartbeat=abc",
        "amqp://user:s3cr3t-pw@host/vh?nosuchkey=1",
        "amqp://user:s3cr3t-pw@host/vh?frame_max=1",
        "amqp://user:s3cr3t-pw@host:99999/vh",
        "amqp://user:s3cr3t-pw@host:port/vh",
        "amqp://user:s3cr3t-pw@host/a/b",
        "amqp://user:s3cr3t-pw@[::1/vh",
        "amqp://user:s3cr3t-pw%ZZ@host",
        "amqp://user:s3cr3t-pw@host#x",
        "amqp://user:s3cr3t-pw@host?cacertfile=/x",
        "ftp://user:s3cr3t-pw@host",
        "user:s3cr3t-pw@host",
        "amqp://user:s3cr3t-pw/x@host/vh",
        "amqp://user:s3cr3t-pw?x@host/vh",
        "amqp://user:s3cr3t-pw#x@host/vh",
        "amqp://user:12345/s3cr3t-pw@host/vh",
        "amqps://user:pw@host?ssl_options=%7B%27password%27%3A+%27s3cr3t-pw%27%2C+%27bad%27%3A+1%7D",
        "amqps://user:pw@host?ssl_options=%7B%27password%27%3A+%27s3cr3t-pw%27",
        "amqps://user:pw@host?ssl_options=%7B%27password%27%3A+7%2C+%27x%27%3A+%27s3cr3t-pw%27%7D",
      })
  void errorMessagesNeverContainThePassword(String uri) {
    assertThatThrownBy(() -> ConnectionParameters.fromUri(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(
            e -> {
              for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
                assertThat(t.toString()).doesNotContain(SECRET);
              }
            });
  }

  @Test
  void redactedUriHidesUserInfoAndQuery() {
    assertThat(AmqpUriParser.redact("amqp://u:" + SECRET + "@h:1/v?ssl_options=x"))
        .isEqualTo("amqp://***@h:1/v");
    assertThat(AmqpUriParser.redact("amqp://h/v")).isEqualTo("amqp://h/v");
    assertThat(AmqpUriParser.redact("nope")).isEqualTo("<not an amqp:// URI>");
  }

  @Test
  void toStringOfUriParametersHidesPassword() {
    ConnectionParameters p = ConnectionParameters.fromUri("amqps://user:" + SECRET + "@h/v");
    assertThat(p.toString()).doesNotContain(SECRET).contains("username=user");
  }

  @Test
  void endpointListFromUrisAppliesOverBase() {
    ConnectionParameters base =
        ConnectionParameters.builder().connectionAttempts(2).virtualHost("shared").build();
    EndpointList list = EndpointList.fromUris(base, "amqp://a", "amqps://b:6000/other");
    assertThat(list.endpoints())
        .extracting(ConnectionParameters::endpoint)
        .containsExactly("amqp://a:5672/shared", "amqps://b:6000/other");
    assertThat(list.endpoints()).allMatch(p -> p.connectionAttempts() == 2);
    assertThat(EndpointList.fromUris("amqp://x").endpoints())
        .containsExactly(ConnectionParameters.fromUri("amqp://x"));
  }

  @Test
  void everyAcceptedKeyIsDocumented() throws java.io.IOException {
    List<String> keys = AmqpUriParser.ACCEPTED_KEYS;
    assertThat(keys).isSorted().doesNotHaveDuplicates();
    // The query-key table of the parameters guide names each key in backticks.
    String guide =
        java.nio.file.Files.readString(Path.of("..", "docs", "connection-parameters.md"));
    for (String key : keys) {
      assertThat(guide)
          .as("docs/connection-parameters.md row for " + key)
          .contains("`" + key + "`");
    }
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
