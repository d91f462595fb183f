/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warren.errors.ConnectFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TLS: the TLS node presents {@code expired-server.pem} (CN/SAN localhost, issued by the trusted
 * "Warren Test CA", valid 2020-01-01 to 2021-01-01 only): a verified connection must fail and say
 * the certificate expired.
 */
@Timeout(30)
class TlsExpiredCertificateIT {
  @RegisterExtension static final TlsNode node = TlsNode.presenting("expired-server");

  @Test
  void anExpiredServerCertificateFailsSayingSo() {
    ConnectionParameters params =
        ConnectionParameters.builder()
            .host("localhost")
            .port(node.amqpsPort())
            .tls(TlsOptions.builder().trustPem(node.file("ca.pem")).build())
            .build();
    ConnectFailedException e =
        catchThrowableOfType(ConnectFailedException.class, () -> Connection.open(params));
    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .contains("amqps://localhost:" + node.amqpsPort() + "/%2F")
        .contains("TLS handshake failed: certificate expired on 2021-01-01")
        .contains("CN=localhost");
  }
}
