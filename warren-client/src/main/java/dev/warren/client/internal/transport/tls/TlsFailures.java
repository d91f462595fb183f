/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.transport.tls;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPath;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * One-line, human reasons for TLS failures, so that a failed {@code amqps://} connection says what
 * to fix:
 *
 * <ul>
 *   <li>{@code certificate not trusted (unknown CA): ...}
 *   <li>{@code certificate expired on 2024-01-02T00:00:00Z: CN=broker}
 *   <li>{@code hostname mismatch: certificate for [broker.example, 10.0.0.1] does not match
 *       'localhost'}
 *   <li>{@code the broker rejected the TLS handshake with alert 'certificate_required' ...}
 *   <li>{@code the peer did not answer with TLS: ...}
 * </ul>
 */
public final class TlsFailures {
  private TlsFailures() {}

  /**
   * The reason for {@code failure}, looking through its causes; for a failure that is not about
   * TLS, {@code "TLS failure: <type>: <message>"}.
   */
  public static String describe(Throwable failure) {
    List<Throwable> chain = causes(failure);
    for (Throwable t : chain) {
      if (t instanceof DiagnosedCertificateException d) {
        return d.reason();
      }
    }
    for (Throwable t : chain) {
      String certificate = certificateReason(t, null);
      if (certificate != null) {
        return certificate;
      }
    }
    for (Throwable t : chain) {
      String message = t.getMessage() == null ? "" : t.getMessage();
      if (message.contains("No subject alternative") || message.contains("No name matching")) {
        return "hostname mismatch: " + message;
      }
    }
    for (Throwable t : chain) {
      if (t instanceof SslHandshakeTimeoutException) {
        return "TLS handshake timed out (" + t.getMessage() + ")";
      }
      if (t instanceof NotSslRecordException
          || String.valueOf(t.getMessage()).contains("Unsupported or unrecognized SSL message")) {
        return "the peer did not answer with TLS: is this a plain AMQP port (5672) rather than a"
            + " TLS one (5671)?";
      }
    }
    for (Throwable t : chain) {
      String message = t.getMessage() == null ? "" : t.getMessage();
      int alert = message.indexOf("Received fatal alert: ");
      if (alert >= 0) {
        String name = message.substring(alert + "Received fatal alert: ".length()).trim();
        return "the broker rejected the TLS handshake with alert '" + name + "'" + alertHint(name);
      }
      if (message.contains("No appropriate protocol")) {
        return "no TLS protocol version in common with the broker (" + message + ")";
      }
    }
    for (Throwable t : chain) {
      if (t instanceof ClosedChannelException
          || String.valueOf(t.getMessage()).contains("Connection reset")) {
        return "the broker closed the connection during the TLS handshake";
      }
    }
    Throwable root = failure;
    for (Throwable t : chain) {
      if (t instanceof SSLException) {
        root = t;
        break;
      }
    }
    return "TLS failure: "
        + root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }

  /** The reason a trust manager rejected {@code chain} for {@code host} (which may be null). */
  static String reasonForRejectedCertificate(
      Exception rejection, X509Certificate[] chain, String host) {
    for (Throwable t : causes(rejection)) {
      String reason = certificateReason(t, chain);
      if (reason != null) {
        return reason;
      }
    }
    String message = rejection.getMessage() == null ? "" : rejection.getMessage();
    if (message.contains("No subject alternative") || message.contains("No name matching")) {
      List<String> names = chain == null || chain.length == 0 ? List.of() : names(chain[0]);
      return "hostname mismatch: certificate for "
          + names
          + " does not match '"
          + (host == null ? extractHost(message) : host)
          + "'";
    }
    return "certificate rejected: " + message;
  }

  private static String certificateReason(Throwable t, X509Certificate[] chain) {
    if (t instanceof CertPathValidatorException v) {
      X509Certificate cert = certAt(v.getCertPath(), v.getIndex(), chain);
      if (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
        return expired(cert != null ? cert : firstExpired(chain), t);
      }
      if (v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
        return notYetValid(cert, t);
      }
      if (v.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
        return "certificate revoked" + (cert == null ? "" : ": " + subject(cert));
      }
      if (v.getReason() == java.security.cert.PKIXReason.NO_TRUST_ANCHOR) {
        return unknownCa(chain);
      }
    }
    if (t instanceof CertificateExpiredException) {
      X509Certificate cert = firstExpired(chain);
      return expired(cert, t);
    }
    if (t instanceof CertificateNotYetValidException) {
      return notYetValid(null, t);
    }
    if (t instanceof CertPathBuilderException) {
      return unknownCa(chain);
    }
    return null;
  }

  private static String unknownCa(X509Certificate[] chain) {
    if (chain == null || chain.length == 0) {
      return "certificate not trusted (unknown CA)";
    }
    X509Certificate last = chain[chain.length - 1];
    return "certificate not trusted (unknown CA): '"
        + subject(chain[0])
        + "' was issued by '"
        + last.getIssuerX500Principal().getName()
        + "', which is not in the trust store";
  }

  private static String expired(X509Certificate cert, Throwable t) {
    if (cert != null) {
      return "certificate expired on " + cert.getNotAfter().toInstant() + ": " + subject(cert);
    }
    String m = String.valueOf(t.getMessage());
    return "certificate expired on " + m.replace("NotAfter: ", "");
  }

  private static String notYetValid(X509Certificate cert, Throwable t) {
    if (cert != null) {
      return "certificate not valid before "
          + cert.getNotBefore().toInstant()
          + ": "
          + subject(cert);
    }
    return "certificate not yet valid: " + t.getMessage();
  }

  private static X509Certificate certAt(CertPath path, int index, X509Certificate[] chain) {
    if (path != null && index >= 0 && index < path.getCertificates().size()) {
      if (path.getCertificates().get(index) instanceof X509Certificate c) {
        return c;
      }
    }
    return null;
  }

  private static X509Certificate firstExpired(X509Certificate[] chain) {
    if (chain == null) {
      return null;
    }
    Instant now = Instant.now();
    for (X509Certificate c : chain) {
      if (c.getNotAfter().toInstant().isBefore(now)) {
        return c;
      }
    }
    return null;
  }

  private static String subject(X509Certificate c) {
    return c.getSubjectX500Principal().getName();
  }

  /** The DNS and IP names of a certificate's subjectAltName, else its CN. */
  static List<String> names(X509Certificate cert) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          Object type = san.get(0);
          if ((Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type))
              && san.get(1) instanceof String s) {
            names.add(s);
          }
        }
      }
    } catch (CertificateParsingException e) {
      // fall back to the CN
    }
    if (names.isEmpty()) {
      String dn = cert.getSubjectX500Principal().getName();
      for (String part : dn.split(",")) {
        if (part.trim().startsWith("CN=")) {
          names.add(part.trim().substring(3));
        }
      }
    }
    return names;
  }

  private static String extractHost(String message) {
    // "No subject alternative DNS name matching HOST found." / "No name matching HOST found"
    String[] words = message.split(" ");
    for (int i = 0; i < words.length - 1; i++) {
      if (words[i].equals("matching")) {
        return words[i + 1];
      }
    }
    return "?";
  }

  private static String alertHint(String alert) {
    switch (alert) {
      case "certificate_required":
        return ": it requires a client certificate (TlsOptions keyPem/keyStore)";
      case "bad_certificate":
      case "unknown_ca":
      case "certificate_unknown":
      case "access_denied":
        return ": it did not accept the client certificate";
      case "certificate_expired":
        return ": the client certificate has expired";
      case "handshake_failure":
        return ": no cipher suite in common, or a client certificate is required";
      case "protocol_version":
        return ": no TLS protocol version in common";
      default:
        return "";
    }
  }

  private static List<Throwable> causes(Throwable t) {
    List<Throwable> list = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable c = t; c != null && seen.add(c) && list.size() < 32; c = c.getCause()) {
      list.add(c);
      for (Throwable s : c.getSuppressed()) {
        if (s instanceof SSLHandshakeException && seen.add(s)) {
          list.add(s);
        }
      }
    }
    return list;
  }
}
