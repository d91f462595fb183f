/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.transport.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Delegates every check to the JDK's trust manager and, when it rejects the broker's certificate,
 * rethrows with a reason that names the certificate, the date or the host at fault (see {@link
 * TlsFailures}). The delegate still performs hostname verification (endpoint identification), so
 * security is unchanged.
 */
final class DiagnosingTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager delegate;

  DiagnosingTrustManager(X509ExtendedTrustManager delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    try {
      delegate.checkServerTrusted(chain, authType, engine);
    } catch (CertificateException e) {
      throw diagnose(e, chain, engine == null ? null : engine.getPeerHost());
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    try {
      delegate.checkServerTrusted(chain, authType, socket);
    } catch (CertificateException e) {
      String host =
          socket == null || socket.getInetAddress() == null
              ? null
              : socket.getInetAddress().getHostName();
      throw diagnose(e, chain, host);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    try {
      delegate.checkServerTrusted(chain, authType);
    } catch (CertificateException e) {
      throw diagnose(e, chain, null);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }

  private static CertificateException diagnose(
      CertificateException e, X509Certificate[] chain, String host) {
    if (e instanceof DiagnosedCertificateException) {
      return e;
    }
    String reason = TlsFailures.reasonForRejectedCertificate(e, chain, host);
    // Keep the JDK's exception as the cause: the TLS alert sent to the broker is chosen from it.
    return new DiagnosedCertificateException(reason, e.getCause() != null ? e.getCause() : e);
  }
}
