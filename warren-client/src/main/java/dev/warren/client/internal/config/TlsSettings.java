/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.config;

import dev.warren.client.HostnameVerification;
import dev.warren.client.TlsOptions;
import dev.warren.client.TlsOptions.KeyMaterial;
import dev.warren.client.TlsOptions.KeyStoreFormat;
import dev.warren.client.TlsOptions.Trust;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * The values of a {@link TlsOptions} and of its {@link TlsOptions.Builder}, with the builder's
 * rules: where trust comes from and where the client certificate comes from are each one choice, so
 * choosing one forgets the previous one (and a ready {@link SSLContext} is both choices at once);
 * protocols, cipher suites and the server name are validated as the builder documents.
 *
 * <p>A builder owns one instance and changes it; a {@link TlsOptions} owns a {@link #copy()} that
 * nothing changes after it is built. Passwords are private copies: {@link #copy()} and every
 * password getter clone them, so a caller's array can be cleared and a returned one changed without
 * effect. {@link #equals(Object)} and {@link #hashCode()} compare the values (passwords by
 * content), as {@link TlsOptions}'s own do; {@link TlsOptionsText} shows them. Not thread-safe.
 */
public final class TlsSettings {
  private static final Set<String> KNOWN_PROTOCOLS =
      Set.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");

  // Package-private for TlsOptionsText, which reads passwords only to say whether there is one.
  Trust trust = Trust.SYSTEM;
  KeyMaterial keyMaterial = KeyMaterial.NONE;
  SSLContext sslContext;
  Path trustPemFile;
  Path trustStoreFile;
  KeyStoreFormat trustStoreFormat;
  char[] trustStorePassword;
  Path certificateChainFile;
  Path privateKeyFile;
  char[] privateKeyPassword;
  Path keyStoreFile;
  KeyStoreFormat keyStoreFormat;
  char[] keyStorePassword;
  char[] keyPassword;
  List<String> protocols = TlsOptions.DEFAULT_PROTOCOLS;
  List<String> ciphers = List.of();
  String serverName;
  boolean serverNameIndication = true;
  HostnameVerification hostnameVerification = HostnameVerification.ENABLED;

  /** Every default: system trust, no client certificate, hostname verification on. */
  public TlsSettings() {}

  /** A copy with its own copies of the passwords. */
  public TlsSettings copy() {
    TlsSettings c = new TlsSettings();
    c.trust = trust;
    c.keyMaterial = keyMaterial;
    c.sslContext = sslContext;
    c.trustPemFile = trustPemFile;
    c.trustStoreFile = trustStoreFile;
    c.trustStoreFormat = trustStoreFormat;
    c.trustStorePassword = copy(trustStorePassword);
    c.certificateChainFile = certificateChainFile;
    c.privateKeyFile = privateKeyFile;
    c.privateKeyPassword = copy(privateKeyPassword);
    c.keyStoreFile = keyStoreFile;
    c.keyStoreFormat = keyStoreFormat;
    c.keyStorePassword = copy(keyStorePassword);
    c.keyPassword = copy(keyPassword);
    c.protocols = protocols;
    c.ciphers = ciphers;
    c.serverName = serverName;
    c.serverNameIndication = serverNameIndication;
    c.hostnameVerification = hostnameVerification;
    return c;
  }

  // ---- getters (null where TlsOptions returns an empty Optional; passwords are copies) -------

  public Trust trust() {
    return trust;
  }

  public KeyMaterial keyMaterial() {
    return keyMaterial;
  }

  public SSLContext sslContext() {
    return sslContext;
  }

  public Path trustPemFile() {
    return trustPemFile;
  }

  public Path trustStoreFile() {
    return trustStoreFile;
  }

  public KeyStoreFormat trustStoreFormat() {
    return trustStoreFormat;
  }

  public char[] trustStorePassword() {
    return copy(trustStorePassword);
  }

  public Path certificateChainFile() {
    return certificateChainFile;
  }

  public Path privateKeyFile() {
    return privateKeyFile;
  }

  public char[] privateKeyPassword() {
    return copy(privateKeyPassword);
  }

  public Path keyStoreFile() {
    return keyStoreFile;
  }

  public KeyStoreFormat keyStoreFormat() {
    return keyStoreFormat;
  }

  public char[] keyStorePassword() {
    return copy(keyStorePassword);
  }

  public char[] keyPassword() {
    return copy(keyPassword);
  }

  public List<String> protocols() {
    return protocols;
  }

  public List<String> ciphers() {
    return ciphers;
  }

  public String serverName() {
    return serverName;
  }

  public boolean serverNameIndication() {
    return serverNameIndication;
  }

  public HostnameVerification hostnameVerification() {
    return hostnameVerification;
  }

  // ---- trust and client certificate: each choice replaces the previous one ----------------

  /** Trust and client certificate both from {@code context}. */
  public void sslContext(SSLContext context) {
    this.sslContext = Objects.requireNonNull(context, "sslContext");
    clearTrust();
    clearKeys();
    this.trust = Trust.SSL_CONTEXT;
    this.keyMaterial = KeyMaterial.SSL_CONTEXT;
  }

  public void systemTrust() {
    dropContext();
    clearTrust();
    this.trust = Trust.SYSTEM;
  }

  public void trustPem(Path caCertificates) {
    Objects.requireNonNull(caCertificates, "caCertificates");
    dropContext();
    clearTrust();
    this.trust = Trust.PEM_FILE;
    this.trustPemFile = caCertificates;
  }

  /** A trust store; {@code password} (copied) may be null. */
  public void trustStore(Path file, KeyStoreFormat format, char[] password) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(format, "format");
    dropContext();
    clearTrust();
    this.trust = Trust.TRUST_STORE;
    this.trustStoreFile = file;
    this.trustStoreFormat = format;
    this.trustStorePassword = copy(password);
  }

  /** Trust everything, and turn hostname verification off. */
  public void insecureTrustAll() {
    dropContext();
    clearTrust();
    this.trust = Trust.INSECURE_TRUST_ALL;
    this.hostnameVerification = HostnameVerification.DISABLED;
  }

  /** A PEM chain and PKCS#8 key; {@code keyPassword} (copied) null when it is not encrypted. */
  public void keyPem(Path certificateChain, Path privateKey, char[] keyPassword) {
    Objects.requireNonNull(certificateChain, "certificateChain");
    Objects.requireNonNull(privateKey, "privateKey");
    dropContext();
    clearKeys();
    this.keyMaterial = KeyMaterial.PEM_FILES;
    this.certificateChainFile = certificateChain;
    this.privateKeyFile = privateKey;
    this.privateKeyPassword = copy(keyPassword);
  }

  /** A key store; {@code keyPassword} (copied) null when it is {@code storePassword}. */
  public void keyStore(Path file, KeyStoreFormat format, char[] storePassword, char[] keyPassword) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(storePassword, "storePassword");
    dropContext();
    clearKeys();
    this.keyMaterial = KeyMaterial.KEY_STORE;
    this.keyStoreFile = file;
    this.keyStoreFormat = format;
    this.keyStorePassword = copy(storePassword);
    this.keyPassword = copy(keyPassword);
  }

  public void noClientCertificate() {
    dropContext();
    clearKeys();
  }

  /** A ready context provides both trust and keys: choosing either one drops it. */
  private void dropContext() {
    if (sslContext != null) {
      sslContext = null;
      trust = Trust.SYSTEM;
      keyMaterial = KeyMaterial.NONE;
    }
  }

  private void clearTrust() {
    trust = Trust.SYSTEM;
    trustPemFile = null;
    trustStoreFile = null;
    trustStoreFormat = null;
    trustStorePassword = null;
  }

  private void clearKeys() {
    keyMaterial = KeyMaterial.NONE;
    certificateChainFile = null;
    privateKeyFile = null;
    privateKeyPassword = null;
    keyStoreFile = null;
    keyStoreFormat = null;
    keyStorePassword = null;
    keyPassword = null;
  }

  // ---- the handshake ------------------------------------------------------------------------

  /** Not empty, each one of TLSv1.3, TLSv1.2, TLSv1.1, TLSv1. */
  public void protocols(String... protocols) {
    Objects.requireNonNull(protocols, "protocols");
    if (protocols.length == 0) {
      throw new IllegalArgumentException("protocols must not be empty");
    }
    for (String p : protocols) {
      Objects.requireNonNull(p, "protocol");
      if (!KNOWN_PROTOCOLS.contains(p)) {
        throw new IllegalArgumentException(
            "unknown TLS protocol '" + p + "'; accepted: TLSv1.3, TLSv1.2, TLSv1.1, TLSv1");
      }
    }
    this.protocols = List.copyOf(Arrays.asList(protocols));
  }

  /** Cipher suite names, none blank; none at all for the JDK's defaults. */
  public void ciphers(String... ciphers) {
    Objects.requireNonNull(ciphers, "ciphers");
    for (String c : ciphers) {
      Objects.requireNonNull(c, "cipher");
      if (c.isBlank()) {
        throw new IllegalArgumentException("cipher suite names must not be blank");
      }
    }
    this.ciphers = List.copyOf(Arrays.asList(ciphers));
  }

  /** A host name without whitespace; null for the connection's host. */
  public void serverName(String serverName) {
    if (serverName != null
        && (serverName.isEmpty() || serverName.chars().anyMatch(c -> c <= ' '))) {
      throw new IllegalArgumentException(
          "serverName must be a host name without whitespace, got '" + serverName + "'");
    }
    this.serverName = serverName;
  }

  public void serverNameIndication(boolean on) {
    this.serverNameIndication = on;
  }

  public void hostnameVerification(HostnameVerification verification) {
    this.hostnameVerification = Objects.requireNonNull(verification, "hostnameVerification");
  }

  // ---- equality -----------------------------------------------------------------------------

  /** Whether every value is equal, passwords by content and the SSL context by identity. */
  @Override
  public boolean equals(Object o) {
    return o instanceof TlsSettings t
        && trust == t.trust
        && keyMaterial == t.keyMaterial
        && Objects.equals(sslContext, t.sslContext)
        && Objects.equals(trustPemFile, t.trustPemFile)
        && Objects.equals(trustStoreFile, t.trustStoreFile)
        && trustStoreFormat == t.trustStoreFormat
        && Arrays.equals(trustStorePassword, t.trustStorePassword)
        && Objects.equals(certificateChainFile, t.certificateChainFile)
        && Objects.equals(privateKeyFile, t.privateKeyFile)
        && Arrays.equals(privateKeyPassword, t.privateKeyPassword)
        && Objects.equals(keyStoreFile, t.keyStoreFile)
        && keyStoreFormat == t.keyStoreFormat
        && Arrays.equals(keyStorePassword, t.keyStorePassword)
        && Arrays.equals(keyPassword, t.keyPassword)
        && protocols.equals(t.protocols)
        && ciphers.equals(t.ciphers)
        && Objects.equals(serverName, t.serverName)
        && serverNameIndication == t.serverNameIndication
        && hostnameVerification == t.hostnameVerification;
  }

  /** A hash of the choices and files; never of a password. */
  @Override
  public int hashCode() {
    return Objects.hash(
        trust,
        keyMaterial,
        trustPemFile,
        trustStoreFile,
        certificateChainFile,
        privateKeyFile,
        keyStoreFile,
        protocols,
        serverName,
        hostnameVerification);
  }

  private static char[] copy(char[] a) {
    return a == null ? null : a.clone();
  }
}
