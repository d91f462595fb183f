/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.transport.tls;

import java.security.cert.CertificateException;

/**
 * A rejection of the broker's certificate, with a one-line reason worked out while the certificate
 * chain and the expected host name were at hand ({@link #reason()}). The JDK reports it as the
 * cause of the {@code SSLHandshakeException}; {@link TlsFailures#describe(Throwable)} finds it
 * there.
 */
public final class DiagnosedCertificateException extends CertificateException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  DiagnosedCertificateException(String reason, Throwable cause) {
    super(reason, cause);
    this.reason = reason;
  }

  /** The reason, such as {@code certificate not trusted (unknown CA): ...}. */
  public String reason() {
    return reason;
  }
}
