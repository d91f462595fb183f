/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warren.errors.ConnectFailedException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TLS: the TLS node presents {@code wronghost-server.pem} (CN/SAN DNS:not-localhost.example only,
 * issued by the trusted "Warren Test CA") and the client connects to "localhost": the certificate
 * is trusted but does not name the host.
 */
@Timeout(30)
class TlsHostnameMismatchIT {
  @RegisterExtension static final TlsNode node = TlsNode.presenting("wronghost-server");

  private ConnectionParameters.Builder params(TlsOptions tls) {
    return ConnectionParameters.builder().host("localhost").port(node.amqpsPort()).tls(tls);
  }

  @Test
  void aCertificateForAnotherHostFailsSayingSo() {
    TlsOptions tls = TlsOptions.builder().trustPem(node.file("ca.pem")).build();
    ConnectFailedException e =
        catchThrowableOfType(
            ConnectFailedException.class, () -> Connection.open(params(tls).build()));
    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .contains("amqps://localhost:" + node.amqpsPort() + "/%2F")
        .contains(
            "TLS handshake failed: hostname mismatch: certificate for [not-localhost.example]"
                + " does not match 'localhost'");
  }

  @Test
  void theHostNameIsVerifiedWithAReadySslContextToo() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(node.file("truststore.p12"))) {
      trust.load(in, "changeit".toCharArray());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    TlsOptions tls = TlsOptions.builder().sslContext(context).build();
    ConnectFailedException e =
        catchThrowableOfType(
            ConnectFailedException.class, () -> Connection.open(params(tls).build()));
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("TLS handshake failed: hostname mismatch");
  }

  @Test
  void turningHostnameVerificationOffIsLoggedAsAWarningAndThenConnects() {
    TlsOptions tls =
        TlsOptions.builder()
            .trustPem(node.file("ca.pem"))
            .hostnameVerification(HostnameVerification.DISABLED)
            .build();
    String name = Broker.unique("warren-it-nohostcheck");
    try (LogCapture log = LogCapture.start();
        Connection conn = Connection.open(params(tls).connectionName(name).build())) {
      assertThat(conn.isOpen()).isTrue();
      assertThat(node.connectionInfo(name, "ssl")).startsWith("true\t");
      assertThat(log.text())
          .containsPattern(
              "WARN .*TLS hostname verification is disabled for localhost:" + node.amqpsPort());
    }
  }

  @Test
  void theCaIsStillCheckedWhenHostnameVerificationIsOff() {
    // Off means "any name", not "any certificate": an untrusted CA still fails.
    TlsOptions tls =
        TlsOptions.builder()
            .trustPem(node.file("other-ca.pem"))
            .hostnameVerification(HostnameVerification.DISABLED)
            .build();
    ConnectFailedException e =
        catchThrowableOfType(
            ConnectFailedException.class, () -> Connection.open(params(tls).build()));
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("certificate not trusted");
  }
}
