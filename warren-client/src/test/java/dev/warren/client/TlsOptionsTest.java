/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class TlsOptionsTest {
  private static final String SECRET = "s3cr3t-pw";

  @Test
  void defaults() {
    TlsOptions t = TlsOptions.defaults();
    assertThat(t.trust()).isEqualTo(TlsOptions.Trust.SYSTEM);
    assertThat(t.keyMaterial()).isEqualTo(TlsOptions.KeyMaterial.NONE);
    assertThat(t.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(t.ciphers()).isEmpty();
    assertThat(t.serverName()).isEmpty();
    assertThat(t.serverNameIndication()).isTrue();
    assertThat(t.hostnameVerification()).isEqualTo(HostnameVerification.ENABLED);
    assertThat(t.sslContext()).isEmpty();
    assertThat(t).isEqualTo(TlsOptions.builder().build());
  }

  @Test
  void insecureTrustAllTurnsHostnameVerificationOff() {
    TlsOptions t = TlsOptions.insecureTrustAllForTesting();
    assertThat(t.trust()).isEqualTo(TlsOptions.Trust.INSECURE_TRUST_ALL);
    assertThat(t.hostnameVerification()).isEqualTo(HostnameVerification.DISABLED);
    TlsOptions withKey = t.toBuilder().keyPem(Path.of("/c.pem"), Path.of("/k.pem")).build();
    assertThat(withKey.trust()).isEqualTo(TlsOptions.Trust.INSECURE_TRUST_ALL);
    assertThat(withKey.keyMaterial()).isEqualTo(TlsOptions.KeyMaterial.PEM_FILES);
  }

  @Test
  void trustAndKeySourcesReplaceEachOther() throws Exception {
    TlsOptions t =
        TlsOptions.builder()
            .trustPem(Path.of("/ca.pem"))
            .trustStore(Path.of("/t.jks"), TlsOptions.KeyStoreFormat.JKS, "tpw".toCharArray())
            .keyPem(Path.of("/c.pem"), Path.of("/k.pem"), "kpw".toCharArray())
            .keyStore(
                Path.of("/k.p12"),
                TlsOptions.KeyStoreFormat.PKCS12,
                "spw".toCharArray(),
                "kpw2".toCharArray())
            .build();
    assertThat(t.trust()).isEqualTo(TlsOptions.Trust.TRUST_STORE);
    assertThat(t.trustPemFile()).isEmpty();
    assertThat(t.trustStoreFile()).contains(Path.of("/t.jks"));
    assertThat(t.trustStoreFormat()).contains(TlsOptions.KeyStoreFormat.JKS);
    assertThat(t.trustStorePassword().orElseThrow()).containsExactly('t', 'p', 'w');
    assertThat(t.keyMaterial()).isEqualTo(TlsOptions.KeyMaterial.KEY_STORE);
    assertThat(t.certificateChainFile()).isEmpty();
    assertThat(t.privateKeyPassword()).isEmpty();
    assertThat(t.keyStoreFile()).contains(Path.of("/k.p12"));
    assertThat(t.keyStorePassword().orElseThrow()).containsExactly('s', 'p', 'w');
    assertThat(t.keyPassword().orElseThrow()).containsExactly('k', 'p', 'w', '2');

    SSLContext ctx = SSLContext.getDefault();
    TlsOptions c = t.toBuilder().sslContext(ctx).build();
    assertThat(c.trust()).isEqualTo(TlsOptions.Trust.SSL_CONTEXT);
    assertThat(c.keyMaterial()).isEqualTo(TlsOptions.KeyMaterial.SSL_CONTEXT);
    assertThat(c.sslContext()).contains(ctx);
    assertThat(c.keyStoreFile()).isEmpty();
    TlsOptions back = c.toBuilder().trustPem(Path.of("/ca.pem")).build();
    assertThat(back.sslContext()).isEmpty();
    assertThat(back.trust()).isEqualTo(TlsOptions.Trust.PEM_FILE);
    assertThat(back.keyMaterial()).isEqualTo(TlsOptions.KeyMaterial.NONE);
    assertThat(back.toBuilder().noClientCertificate().systemTrust().build())
        .isEqualTo(TlsOptions.defaults());
  }

  @Test
  void passwordsAreCopiedAndNeverShown() {
    char[] pw = SECRET.toCharArray();
    TlsOptions t =
        TlsOptions.builder()
            .trustStore(Path.of("/t.p12"), TlsOptions.KeyStoreFormat.PKCS12, pw)
            .keyPem(Path.of("/c.pem"), Path.of("/k.pem"), pw)
            .build();
    pw[0] = 'X';
    assertThat(new String(t.trustStorePassword().orElseThrow())).isEqualTo(SECRET);
    t.trustStorePassword().orElseThrow()[0] = 'Y';
    assertThat(new String(t.trustStorePassword().orElseThrow())).isEqualTo(SECRET);
    assertThat(t.toString())
        .doesNotContain(SECRET)
        .contains("password=<redacted>")
        .contains("/t.p12")
        .contains("/k.pem");
    TlsOptions ks =
        TlsOptions.builder()
            .keyStore(Path.of("/k.jks"), TlsOptions.KeyStoreFormat.JKS, SECRET.toCharArray())
            .build();
    assertThat(ks.toString()).doesNotContain(SECRET);
  }

  @Test
  void protocolsCiphersServerName() {
    TlsOptions t =
        TlsOptions.builder()
            .protocols("TLSv1.2")
            .ciphers("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
            .serverName("rabbit.example")
            .noServerNameIndication()
            .hostnameVerification(HostnameVerification.DISABLED)
            .build();
    assertThat(t.protocols()).containsExactly("TLSv1.2");
    assertThat(t.ciphers()).containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    assertThat(t.serverName()).contains("rabbit.example");
    assertThat(t.serverNameIndication()).isFalse();
    assertThat(t.toBuilder().serverNameIndication().serverName(null).build().serverName())
        .isEmpty();
    assertThat(t.toString())
        .contains(
            "protocols=[TLSv1.2]",
            "serverName=rabbit.example",
            "sni=off",
            "hostnameVerification=DISABLED");
  }

  @Test
  void validation() {
    TlsOptions.Builder b = TlsOptions.builder();
    assertThatThrownBy(() -> b.protocols()).hasMessage("protocols must not be empty");
    assertThatThrownBy(() -> b.protocols("SSLv3"))
        .hasMessage("unknown TLS protocol 'SSLv3'; accepted: TLSv1.3, TLSv1.2, TLSv1.1, TLSv1");
    assertThatThrownBy(() -> b.ciphers(" ")).hasMessage("cipher suite names must not be blank");
    assertThatThrownBy(() -> b.serverName("a b")).hasMessageContaining("serverName must be");
    assertThatThrownBy(() -> b.hostnameVerification(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.keyStore(Path.of("/k"), TlsOptions.KeyStoreFormat.JKS, null))
        .isInstanceOf(NullPointerException.class);
  }
}
