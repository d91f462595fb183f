/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.transport.tls;

import dev.warren.client.HostnameVerification;
import dev.warren.client.TlsOptions;
import dev.warren.client.internal.config.HostNames;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@link TlsOptions} into Netty {@link SslHandler}s: one factory per {@link TlsOptions} (it
 * reads the certificate and key files once, in {@link #create(TlsOptions)}), one handler per
 * connection attempt ({@link #newHandler(ByteBufAllocator, String, int, Duration)}).
 *
 * <p>Uses the JDK's TLS provider through Netty's {@link SslContextBuilder#forClient()} (no
 * tcnative). Each handler's engine has endpoint identification {@code HTTPS} when hostname
 * verification is on, SNI set to the server name (unless it is an IP address or SNI is off) and the
 * given handshake timeout. Certificate rejections carry a one-line reason that {@link
 * TlsFailures#describe(Throwable)} returns.
 *
 * <p>Thread-safe: {@link #newHandler} may be called from any thread.
 */
public final class TlsHandlerFactory {
  private static final Logger LOG = LoggerFactory.getLogger(TlsHandlerFactory.class);

  private final TlsOptions options;
  private final SslContext context;

  private TlsHandlerFactory(TlsOptions options, SslContext context) {
    this.options = options;
    this.context = context;
  }

  /**
   * Builds the Netty SSL context for {@code options}, reading every file they name.
   *
   * @throws IllegalArgumentException when a file cannot be read or parsed, a password is wrong, or
   *     a protocol or cipher suite is not supported by the JDK; the message names the file, never a
   *     password
   */
  public static TlsHandlerFactory create(TlsOptions options) {
    Objects.requireNonNull(options, "options");
    return new TlsHandlerFactory(options, buildContext(options));
  }

  /**
   * A handler for one connection: {@code create(options).newHandler(allocator, host, port,
   * handshakeTimeout)}. Reads the files of {@code options} at each call, so rotated certificates
   * are picked up by the next connection.
   *
   * @throws IllegalArgumentException as {@link #create(TlsOptions)} does
   */
  public static SslHandler newHandler(
      TlsOptions options,
      String host,
      int port,
      ByteBufAllocator allocator,
      Duration handshakeTimeout) {
    return create(options).newHandler(allocator, host, port, handshakeTimeout);
  }

  /** The options this factory was built from. */
  public TlsOptions options() {
    return options;
  }

  /** The Netty SSL context (client mode, JDK provider). */
  public SslContext sslContext() {
    return context;
  }

  /**
   * The name sent as SNI and verified: {@link TlsOptions#serverName()} if set, else {@code host}.
   */
  public String serverNameFor(String host) {
    return options.serverName().orElse(host);
  }

  /**
   * A handler for one connection to {@code host}:{@code port}. Logs a WARN when certificates or
   * host names are not verified.
   *
   * @param host the host connected to (used for SNI and hostname verification unless {@link
   *     TlsOptions#serverName()} is set)
   * @param handshakeTimeout the TLS handshake's deadline (positive); Netty fails the handshake with
   *     {@code SslHandshakeTimeoutException} after it
   */
  public SslHandler newHandler(
      ByteBufAllocator allocator, String host, int port, Duration handshakeTimeout) {
    Objects.requireNonNull(allocator, "allocator");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("handshakeTimeout must be positive");
    }
    String peer = serverNameFor(host);
    SslHandler handler = context.newHandler(allocator, peer, port);
    SSLEngine engine = handler.engine();
    SSLParameters params = engine.getSSLParameters();
    boolean trustAll = options.trust() == TlsOptions.Trust.INSECURE_TRUST_ALL;
    boolean verifyHost =
        !trustAll && options.hostnameVerification() == HostnameVerification.ENABLED;
    params.setEndpointIdentificationAlgorithm(verifyHost ? "HTTPS" : null);
    if (options.serverNameIndication() && !HostNames.isIpAddress(peer)) {
      try {
        params.setServerNames(List.of(new SNIHostName(peer)));
      } catch (IllegalArgumentException e) {
        LOG.debug("not sending SNI for '{}': {}", peer, e.getMessage());
        params.setServerNames(List.of());
      }
    } else {
      params.setServerNames(List.of());
    }
    engine.setSSLParameters(params);
    handler.setHandshakeTimeoutMillis(Math.max(1, handshakeTimeout.toMillis()));
    if (trustAll) {
      LOG.warn(
          "TLS to {}:{} trusts every certificate (TlsOptions.insecureTrustAllForTesting): the"
              + " broker is not authenticated; never use this in production",
          host,
          port);
    } else if (!verifyHost) {
      LOG.warn(
          "TLS hostname verification is disabled for {}:{}: any certificate from a trusted CA is"
              + " accepted for this broker",
          host,
          port);
    }
    return handler;
  }

  private static SslContext buildContext(TlsOptions o) {
    String[] protocols = o.protocols().toArray(new String[0]);
    if (o.trust() == TlsOptions.Trust.SSL_CONTEXT) {
      return new JdkSslContext(
          o.sslContext().orElseThrow(),
          true,
          o.ciphers().isEmpty() ? null : o.ciphers(),
          IdentityCipherSuiteFilter.INSTANCE,
          null,
          ClientAuth.NONE,
          protocols,
          false);
    }
    // No endpoint identification in the context (Netty 4.2 defaults to "HTTPS"): newHandler sets
    // it on each engine, from the options' hostname verification.
    SslContextBuilder b =
        SslContextBuilder.forClient()
            .sslProvider(SslProvider.JDK)
            .protocols(protocols)
            .endpointIdentificationAlgorithm(null);
    if (!o.ciphers().isEmpty()) {
      b.ciphers(o.ciphers());
    }
    switch (o.trust()) {
      case INSECURE_TRUST_ALL -> b.trustManager(InsecureTrustManagerFactory.INSTANCE);
      case PEM_FILE -> {
        Path file = o.trustPemFile().orElseThrow();
        b.trustManager(diagnosing(trustFactory(pemTrustStore(file), "CA file " + file)));
      }
      case TRUST_STORE -> {
        Path file = o.trustStoreFile().orElseThrow();
        char[] password = o.trustStorePassword().orElse(null);
        try {
          KeyStore ks =
              loadStore(file, o.trustStoreFormat().orElseThrow(), password, "trust store");
          b.trustManager(diagnosing(trustFactory(ks, "trust store " + file)));
        } finally {
          clear(password);
        }
      }
      default -> b.trustManager(diagnosing(trustFactory(null, "the JDK's default trust store")));
    }
    switch (o.keyMaterial()) {
      case PEM_FILES -> {
        Path chain = o.certificateChainFile().orElseThrow();
        Path key = o.privateKeyFile().orElseThrow();
        requireReadable(chain, "client certificate chain");
        requireReadable(key, "client private key");
        char[] password = o.privateKeyPassword().orElse(null);
        try {
          b.keyManager(
              chain.toFile(), key.toFile(), password == null ? null : new String(password));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "TLS: cannot use the client certificate "
                  + chain
                  + " with the private key "
                  + key
                  + " (the key must be PKCS#8 PEM, '-----BEGIN PRIVATE KEY-----' or '-----BEGIN"
                  + " ENCRYPTED PRIVATE KEY-----', and the password right): "
                  + safeMessage(e),
              e);
        } finally {
          clear(password);
        }
      }
      case KEY_STORE -> {
        Path file = o.keyStoreFile().orElseThrow();
        char[] storePassword = o.keyStorePassword().orElseThrow();
        char[] keyPassword = o.keyPassword().orElse(null);
        try {
          KeyStore ks =
              loadStore(file, o.keyStoreFormat().orElseThrow(), storePassword, "key store");
          KeyManagerFactory kmf =
              KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
          kmf.init(ks, keyPassword != null ? keyPassword : storePassword);
          b.keyManager(kmf);
        } catch (GeneralSecurityException e) {
          throw new IllegalArgumentException(
              "TLS: cannot read the private key of key store "
                  + file
                  + " (wrong key password?): "
                  + safeMessage(e),
              e);
        } finally {
          clear(storePassword);
          clear(keyPassword);
        }
      }
      default -> {}
    }
    try {
      return b.build();
    } catch (javax.net.ssl.SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "TLS: cannot build the TLS context (protocols "
              + o.protocols()
              + (o.ciphers().isEmpty() ? "" : ", ciphers " + o.ciphers())
              + "): "
              + safeMessage(e),
          e);
    }
  }

  private static TrustManager diagnosing(TrustManagerFactory tmf) {
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509ExtendedTrustManager x) {
        return new DiagnosingTrustManager(x);
      }
    }
    throw new IllegalStateException("the JDK's TrustManagerFactory has no X509 trust manager");
  }

  private static TrustManagerFactory trustFactory(KeyStore store, String what) {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      return tmf;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "TLS: cannot use " + what + " for trust: " + safeMessage(e), e);
    }
  }

  private static KeyStore pemTrustStore(Path file) {
    requireReadable(file, "CA certificate file");
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new IllegalArgumentException(
            "TLS: the CA certificate file " + file + " contains no certificate");
      }
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        ks.setCertificateEntry("ca-" + i++, c);
      }
      return ks;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "TLS: cannot read the CA certificates of " + file + " (PEM expected): " + safeMessage(e),
          e);
    }
  }

  private static KeyStore loadStore(
      Path file, TlsOptions.KeyStoreFormat format, char[] password, String what) {
    requireReadable(file, what);
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore ks = KeyStore.getInstance(format.name());
      ks.load(in, password);
      return ks;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "TLS: cannot read the "
              + format
              + " "
              + what
              + " "
              + file
              + " (wrong format or password?): "
              + safeMessage(e),
          e);
    }
  }

  private static void requireReadable(Path file, String what) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(
          "TLS: the "
              + what
              + " "
              + file
              + (Files.exists(file) ? " is not readable" : " does not exist"));
    }
  }

  private static String safeMessage(Throwable e) {
    // JDK and Netty messages about stores and keys never contain passwords; keep them short.
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  private static void clear(char[] a) {
    if (a != null) {
      Arrays.fill(a, '\0');
    }
  }
}
