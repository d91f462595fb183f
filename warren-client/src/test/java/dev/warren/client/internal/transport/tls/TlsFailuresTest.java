/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class TlsFailuresTest {
  private static SSLHandshakeException handshake(String message, Throwable cause) {
    SSLHandshakeException e = new SSLHandshakeException(message);
    e.initCause(cause);
    return e;
  }

  @Test
  void diagnosedReasonWins() {
    Throwable t =
        handshake(
            "PKIX path building failed", new DiagnosedCertificateException("my reason", null));
    assertThat(TlsFailures.describe(t)).isEqualTo("my reason");
  }

  @Test
  void jdkExceptionsWithoutDiagnosis() {
    assertThat(
            TlsFailures.describe(
                handshake(
                    "x",
                    new java.security.cert.CertPathBuilderException(
                        "unable to find valid certification path to requested target"))))
        .isEqualTo("certificate not trusted (unknown CA)");
    assertThat(
            TlsFailures.describe(
                handshake("x", new CertificateExpiredException("NotAfter: Fri Jan 01 2021"))))
        .isEqualTo("certificate expired on Fri Jan 01 2021");
    assertThat(
            TlsFailures.describe(
                handshake("No subject alternative DNS name matching example.com found.", null)))
        .isEqualTo(
            "hostname mismatch: No subject alternative DNS name matching example.com found.");
  }

  @Test
  void transportLevelFailures() {
    assertThat(
            TlsFailures.describe(
                new SslHandshakeTimeoutException("handshake timed out after 10000ms")))
        .isEqualTo("TLS handshake timed out (handshake timed out after 10000ms)");
    assertThat(TlsFailures.describe(new NotSslRecordException("not an SSL/TLS record")))
        .startsWith("the peer did not answer with TLS");
    assertThat(TlsFailures.describe(new SSLException("Unsupported or unrecognized SSL message")))
        .startsWith("the peer did not answer with TLS");
    assertThat(
            TlsFailures.describe(
                new SSLHandshakeException("Received fatal alert: certificate_required")))
        .isEqualTo(
            "the broker rejected the TLS handshake with alert 'certificate_required': it requires"
                + " a client certificate (TlsOptions keyPem/keyStore)");
    assertThat(
            TlsFailures.describe(
                new SSLHandshakeException("Received fatal alert: bad_certificate")))
        .endsWith(": it did not accept the client certificate");
    assertThat(TlsFailures.describe(new SSLHandshakeException("No appropriate protocol (x)")))
        .startsWith("no TLS protocol version in common with the broker");
    assertThat(TlsFailures.describe(new ClosedChannelException()))
        .isEqualTo("the broker closed the connection during the TLS handshake");
    assertThat(TlsFailures.describe(new SSLException("something else")))
        .isEqualTo("TLS failure: SSLException: something else");
    assertThat(TlsFailures.describe(new IllegalStateException()))
        .isEqualTo("TLS failure: IllegalStateException");
  }

  @Test
  void causeCyclesTerminate() {
    Exception a = new Exception("a");
    Exception b = new Exception("b", a);
    a.initCause(b);
    assertThat(TlsFailures.describe(a)).isEqualTo("TLS failure: Exception: a");
  }
}
