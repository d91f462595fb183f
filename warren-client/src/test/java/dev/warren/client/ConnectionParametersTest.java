/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionParametersTest {
  private static final String SECRET = "s3cr3t-pw";

  @Test
  void defaults() {
    ConnectionParameters p = ConnectionParameters.defaults();
    assertThat(p.host()).isEqualTo("localhost");
    assertThat(p.port()).isEqualTo(5672);
    assertThat(p.hasExplicitPort()).isFalse();
    assertThat(p.virtualHost()).isEqualTo("/");
    assertThat(p.credentials()).contains(PlainCredentials.guest());
    assertThat(p.credentialsProvider().get()).isEqualTo(PlainCredentials.of("guest", "guest"));
    assertThat(p.channelMax()).isEqualTo(2047);
    assertThat(p.frameMax()).isEqualTo(131072);
    assertThat(p.heartbeat()).isEqualTo(HeartbeatPolicy.brokerDefault());
    assertThat(p.tls()).isEmpty();
    assertThat(p.tlsEnabled()).isFalse();
    assertThat(p.connectionAttempts()).isEqualTo(1);
    assertThat(p.retryDelay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.socketTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.stackTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(p.locale()).isEqualTo("en_US");
    assertThat(p.blockedConnectionTimeout()).isEmpty();
    assertThat(p.clientProperties()).isEmpty();
    assertThat(p.tcpOptions()).isEqualTo(TcpOptions.defaults());
    assertThat(p.rpcTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.maxInboundBodySize()).isEqualTo(64L * 1024 * 1024);
    assertThat(p.connectionName()).isEmpty();
    assertThat(p.authMechanisms()).isEmpty();
    assertThat(p.authMechanismsFor(PlainCredentials.guest()))
        .containsExactly(SaslMechanisms.PLAIN, SaslMechanisms.AMQPLAIN);
    assertThat(p.authMechanismsFor(new ExternalCredentials()))
        .containsExactly(SaslMechanisms.EXTERNAL);
    assertThat(p.endpoint()).isEqualTo("amqp://localhost:5672/%2F");
  }

  @Test
  void tlsChangesTheDefaultPortOnlyWhenNoneWasSet() {
    assertThat(ConnectionParameters.builder().tls(TlsOptions.defaults()).build().port())
        .isEqualTo(5671);
    assertThat(ConnectionParameters.builder().port(6000).tls(TlsOptions.defaults()).build().port())
        .isEqualTo(6000);
    ConnectionParameters back =
        ConnectionParameters.builder().port(6000).defaultPort().tls(TlsOptions.defaults()).build();
    assertThat(back.port()).isEqualTo(5671);
  }

  @Test
  void everySetterIsReadBack() {
    CredentialsProvider provider = () -> PlainCredentials.of("rotating", "x");
    TcpOptions tcp = TcpOptions.builder().keepIdle(Duration.ofSeconds(30)).build();
    ConnectionParameters p =
        ConnectionParameters.builder()
            .host("rabbit1")
            .port(5673)
            .virtualHost("orders")
            .credentialsProvider(provider)
            .channelMax(0)
            .frameMax(4096)
            .heartbeat(HeartbeatPolicy.off())
            .tls(TlsOptions.defaults())
            .connectionAttempts(5)
            .retryDelay(Duration.ZERO)
            .socketTimeout(Duration.ofMillis(500))
            .stackTimeout(Duration.ofSeconds(3))
            .locale("de_DE")
            .blockedConnectionTimeout(Duration.ofMinutes(1))
            .clientProperty("app", "billing")
            .tcpOptions(tcp)
            .rpcTimeout(Duration.ofSeconds(7))
            .maxInboundBodySize(1024)
            .connectionName("billing-1")
            .authMechanisms(SaslMechanisms.AMQPLAIN)
            .build();
    assertThat(p.host()).isEqualTo("rabbit1");
    assertThat(p.port()).isEqualTo(5673);
    assertThat(p.virtualHost()).isEqualTo("orders");
    assertThat(p.credentials()).isEmpty();
    assertThat(p.credentialsProvider()).isSameAs(provider);
    assertThat(p.channelMax()).isZero();
    assertThat(p.frameMax()).isEqualTo(4096);
    assertThat(p.heartbeat().isOff()).isTrue();
    assertThat(p.tls()).contains(TlsOptions.defaults());
    assertThat(p.connectionAttempts()).isEqualTo(5);
    assertThat(p.retryDelay()).isZero();
    assertThat(p.socketTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(p.stackTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(p.locale()).isEqualTo("de_DE");
    assertThat(p.blockedConnectionTimeout()).contains(Duration.ofMinutes(1));
    assertThat(p.clientProperties()).containsExactly(Map.entry("app", "billing"));
    assertThat(p.tcpOptions()).isEqualTo(tcp);
    assertThat(p.rpcTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(p.maxInboundBodySize()).isEqualTo(1024);
    assertThat(p.connectionName()).contains("billing-1");
    assertThat(p.authMechanisms()).containsExactly(SaslMechanisms.AMQPLAIN);
    assertThat(p.authMechanismsFor(PlainCredentials.guest()))
        .containsExactly(SaslMechanisms.AMQPLAIN);

    ConnectionParameters copy = p.toBuilder().build();
    assertThat(copy).isEqualTo(p);
    assertThat(p.toBuilder().host("other").build().host()).isEqualTo("other");
    assertThat(p.host()).isEqualTo("rabbit1");
  }

  @Test
  void credentialsProviderIsCalledEachTime() {
    AtomicInteger calls = new AtomicInteger();
    ConnectionParameters p =
        ConnectionParameters.builder()
            .credentialsProvider(() -> PlainCredentials.of("u", "pw-" + calls.incrementAndGet()))
            .build();
    assertThat(new String(((PlainCredentials) p.credentialsProvider().get()).password()))
        .isEqualTo("pw-1");
    assertThat(new String(((PlainCredentials) p.credentialsProvider().get()).password()))
        .isEqualTo("pw-2");
  }

  @Test
  void hostsAndAddresses() {
    assertThat(ConnectionParameters.builder().host("[::1]").build().host()).isEqualTo("::1");
    assertThat(ConnectionParameters.builder().host("::1").build().endpoint())
        .isEqualTo("amqp://[::1]:5672/%2F");
    ConnectionParameters a = ConnectionParameters.builder().address("rabbit1:5673").build();
    assertThat(a.host()).isEqualTo("rabbit1");
    assertThat(a.port()).isEqualTo(5673);
    ConnectionParameters v6 = ConnectionParameters.builder().address("[::1]:5674").build();
    assertThat(v6.host()).isEqualTo("::1");
    assertThat(v6.port()).isEqualTo(5674);
    ConnectionParameters bare = ConnectionParameters.builder().port(1).address("fe80::2").build();
    assertThat(bare.host()).isEqualTo("fe80::2");
    assertThat(bare.hasExplicitPort()).isFalse();
    assertThat(ConnectionParameters.builder().virtualHost("a/b").build().endpoint())
        .isEqualTo("amqp://localhost:5672/a%2Fb");
  }

  @Test
  void validationNamesTheParameterAndTheRange() {
    ConnectionParameters.Builder b = ConnectionParameters.builder();
    assertThatThrownBy(() -> b.port(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be between 1 and 65535, got 0");
    assertThatThrownBy(() -> b.port(65536))
        .hasMessageContaining("port must be between 1 and 65535");
    assertThatThrownBy(() -> b.channelMax(-1))
        .hasMessage("channelMax must be between 0 and 65535, got -1");
    assertThatThrownBy(() -> b.channelMax(65536)).hasMessageContaining("channelMax");
    assertThatThrownBy(() -> b.frameMax(4095))
        .hasMessage("frameMax must be between 4096 and 2147483647, got 4095");
    assertThatThrownBy(() -> b.connectionAttempts(0))
        .hasMessageContaining("connectionAttempts must be between 1 and");
    assertThatThrownBy(() -> b.retryDelay(Duration.ofSeconds(-1)))
        .hasMessageContaining("retryDelay must be between 0 s and");
    assertThatThrownBy(() -> b.socketTimeout(Duration.ZERO))
        .hasMessage("socketTimeout must be between 1 ms and 2147483.647 s, got 0 s");
    assertThatThrownBy(() -> b.stackTimeout(Duration.ZERO))
        .hasMessageContaining("stackTimeout must be between 1 ns and");
    assertThatThrownBy(() -> b.rpcTimeout(Duration.ofMillis(-5)))
        .hasMessageContaining("rpcTimeout must be between");
    assertThatThrownBy(() -> b.blockedConnectionTimeout(Duration.ZERO))
        .hasMessageContaining("blockedConnectionTimeout must be between");
    assertThatThrownBy(() -> b.maxInboundBodySize(0))
        .hasMessage("maxInboundBodySize must be between 1 and 2147483639, got 0");
    assertThatThrownBy(() -> b.locale("")).hasMessage("locale must not be empty");
    assertThatThrownBy(() -> b.connectionName(" ")).hasMessage("connectionName must not be blank");
    assertThatThrownBy(() -> b.host("")).hasMessage("host must not be empty");
    assertThatThrownBy(() -> b.host("a b")).hasMessageContaining("host must be a host name");
    assertThatThrownBy(() -> b.host("rabbit:5672"))
        .hasMessageContaining("contains ':' but is not an IPv6 address");
    assertThatThrownBy(() -> b.virtualHost("x".repeat(256)))
        .hasMessageContaining("virtualHost must be at most 255 UTF-8 bytes");
    assertThatThrownBy(() -> b.heartbeat(Duration.ofMillis(1500)))
        .hasMessageContaining(
            "heartbeat must be a whole number of seconds between 0 s and 65535 s");
    assertThatThrownBy(() -> b.authMechanisms(SaslMechanisms.PLAIN, SaslMechanisms.PLAIN))
        .hasMessage("authMechanisms lists PLAIN twice");
    assertThatThrownBy(() -> b.clientProperty("k", new Object()))
        .hasMessageContaining("clientProperties.k has unsupported type java.lang.Object");
    assertThatThrownBy(() -> b.clientProperty("k", null))
        .hasMessage("clientProperties.k must not be null");
    assertThatThrownBy(() -> b.credentials(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.address("h:x")).hasMessageContaining("port must be a number");
  }

  @Test
  void clientPropertiesAreDeepCopiesAndImmutable() {
    Map<String, Object> caps = new LinkedHashMap<>();
    caps.put("authentication_failure_close", true);
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("capabilities", caps);
    props.put("list", List.of(1, "two"));
    ConnectionParameters p = ConnectionParameters.builder().clientProperties(props).build();
    caps.put("later", false);
    props.put("later", 1);
    assertThat(p.clientProperties()).containsOnlyKeys("capabilities", "list");
    assertThat(p.clientProperties().get("capabilities"))
        .isEqualTo(Map.of("authentication_failure_close", true));
    assertThatThrownBy(() -> p.clientProperties().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toStringNeverShowsThePassword() {
    ConnectionParameters p =
        ConnectionParameters.builder()
            .credentials(PlainCredentials.of("app", SECRET))
            .tls(
                TlsOptions.builder()
                    .keyStore(
                        java.nio.file.Path.of("/k.p12"),
                        TlsOptions.KeyStoreFormat.PKCS12,
                        SECRET.toCharArray())
                    .build())
            .build();
    assertThat(p.toString())
        .doesNotContain(SECRET)
        .contains("username=app")
        .contains("password=<redacted>")
        .contains("host=localhost");
    assertThat(p.credentialsProvider().toString()).doesNotContain(SECRET);
  }
}
