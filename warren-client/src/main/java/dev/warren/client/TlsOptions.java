/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import dev.warren.client.internal.config.TlsOptionsText;
import dev.warren.client.internal.config.TlsSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * TLS settings of a connection (pika's {@code SSLOptions}, py-amqp's {@code ssl}, the TLS keys of
 * RabbitMQ URIs). A connection uses TLS when its {@link ConnectionParameters#tls()} is present.
 *
 * <p>Where trust comes from ({@link #trust()}), default {@link Trust#SYSTEM} (the JDK's {@code
 * cacerts}):
 *
 * <ul>
 *   <li>{@link Builder#trustPem(Path)}: a PEM file of one or more CA certificates (RabbitMQ's
 *       {@code cacertfile}, Python's {@code cafile}/{@code ca_certs});
 *   <li>{@link Builder#trustStore(Path, KeyStoreFormat, char[])}: a PKCS#12 or JKS trust store;
 *   <li>{@link Builder#sslContext(SSLContext)}: a ready {@link SSLContext}, which then also
 *       provides the client certificate, if any;
 *   <li>{@link #insecureTrustAllForTesting()}: any certificate. Never in production.
 * </ul>
 *
 * <p>The client certificate ({@link #keyMaterial()}), default none: {@link Builder#keyPem(Path,
 * Path)} (a PEM certificate chain and a PKCS#8 PEM private key, optionally encrypted), or {@link
 * Builder#keyStore(Path, KeyStoreFormat, char[])} (PKCS#12 or JKS).
 *
 * <p>Other defaults: protocols TLSv1.3 and TLSv1.2; the JDK's cipher suites; SNI and hostname
 * verification against the connection's host, unless it is an IP address (then no SNI, and the
 * certificate must name the IP address); {@link HostnameVerification#ENABLED}.
 *
 * <p>Files are read when a connection is built, not here, so a rotated certificate is picked up by
 * the next connection; an unreadable file fails that connection with {@link
 * IllegalArgumentException} naming the file.
 *
 * <p>Immutable and thread-safe. Passwords are kept as private copies and never appear in {@link
 * #toString()}, logs or exception messages.
 *
 * @since 0.1
 */
public final class TlsOptions {
  /** The protocols enabled by default: TLSv1.3 and TLSv1.2. */
  public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /** Where the certificates that the broker's certificate must chain to come from. */
  public enum Trust {
    /** The JDK's default trust store ({@code cacerts}). The default. */
    SYSTEM,
    /** The CA certificates of {@link TlsOptions#trustPemFile()}. */
    PEM_FILE,
    /** The trust store {@link TlsOptions#trustStoreFile()}. */
    TRUST_STORE,
    /** The {@link TlsOptions#sslContext()} given. */
    SSL_CONTEXT,
    /** Every certificate is trusted: {@link TlsOptions#insecureTrustAllForTesting()}. */
    INSECURE_TRUST_ALL
  }

  /** Where the client certificate and its private key come from. */
  public enum KeyMaterial {
    /** No client certificate. The default. */
    NONE,
    /** {@link TlsOptions#certificateChainFile()} and {@link TlsOptions#privateKeyFile()}. */
    PEM_FILES,
    /** The key store {@link TlsOptions#keyStoreFile()}. */
    KEY_STORE,
    /** The {@link TlsOptions#sslContext()} given. */
    SSL_CONTEXT
  }

  /** The format of a key store or trust store file. */
  public enum KeyStoreFormat {
    /** PKCS#12 ({@code .p12}, {@code .pfx}): the JDK's default format. */
    PKCS12,
    /** Java's legacy JKS format. */
    JKS
  }

  /** The values; a copy of the builder's that nothing changes. */
  private final TlsSettings settings;

  private TlsOptions(Builder b) {
    this.settings = b.settings.copy();
  }

  /**
   * {@return options for TLS with the JDK's trusted CAs, no client certificate, hostname
   * verification on}
   */
  public static TlsOptions defaults() {
    return builder().build();
  }

  /**
   * A builder starting from {@link #defaults()}.
   *
   * @return this builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * TLS that trusts every certificate and checks no host name: encryption without authentication,
   * for tests against throw-away brokers only. Every connection built with it logs a WARN. To add a
   * client certificate, use {@code insecureTrustAllForTesting().toBuilder()}.
   *
   * @return the options
   */
  public static TlsOptions insecureTrustAllForTesting() {
    return builder().insecureTrustAllForTesting().build();
  }

  /**
   * A builder starting from these options.
   *
   * @return this builder
   */
  public Builder toBuilder() {
    return new Builder(settings.copy());
  }

  /** {@return where trust comes from} Default {@link Trust#SYSTEM}. */
  public Trust trust() {
    return settings.trust();
  }

  /** {@return where the client certificate comes from} Default {@link KeyMaterial#NONE}. */
  public KeyMaterial keyMaterial() {
    return settings.keyMaterial();
  }

  /** {@return the ready SSL context, when {@link Builder#sslContext(SSLContext)} was used} */
  public Optional<SSLContext> sslContext() {
    return Optional.ofNullable(settings.sslContext());
  }

  /** {@return the PEM file of trusted CA certificates, for {@link Trust#PEM_FILE}} */
  public Optional<Path> trustPemFile() {
    return Optional.ofNullable(settings.trustPemFile());
  }

  /** {@return the trust store file, for {@link Trust#TRUST_STORE}} */
  public Optional<Path> trustStoreFile() {
    return Optional.ofNullable(settings.trustStoreFile());
  }

  /** {@return the trust store's format, for {@link Trust#TRUST_STORE}} */
  public Optional<KeyStoreFormat> trustStoreFormat() {
    return Optional.ofNullable(settings.trustStoreFormat());
  }

  /** {@return a copy of the trust store's password; empty when none was given} */
  public Optional<char[]> trustStorePassword() {
    return Optional.ofNullable(settings.trustStorePassword());
  }

  /** {@return the client certificate chain (PEM), for {@link KeyMaterial#PEM_FILES}} */
  public Optional<Path> certificateChainFile() {
    return Optional.ofNullable(settings.certificateChainFile());
  }

  /** {@return the client private key (PKCS#8 PEM), for {@link KeyMaterial#PEM_FILES}} */
  public Optional<Path> privateKeyFile() {
    return Optional.ofNullable(settings.privateKeyFile());
  }

  /**
   * {@return a copy of the password of an encrypted PEM private key; empty when it is not
   * encrypted}
   */
  public Optional<char[]> privateKeyPassword() {
    return Optional.ofNullable(settings.privateKeyPassword());
  }

  /** {@return the key store file, for {@link KeyMaterial#KEY_STORE}} */
  public Optional<Path> keyStoreFile() {
    return Optional.ofNullable(settings.keyStoreFile());
  }

  /** {@return the key store's format, for {@link KeyMaterial#KEY_STORE}} */
  public Optional<KeyStoreFormat> keyStoreFormat() {
    return Optional.ofNullable(settings.keyStoreFormat());
  }

  /** {@return a copy of the key store's password, for {@link KeyMaterial#KEY_STORE}} */
  public Optional<char[]> keyStorePassword() {
    return Optional.ofNullable(settings.keyStorePassword());
  }

  /**
   * {@return a copy of the private key's password in the key store; empty means the store's
   * password}
   */
  public Optional<char[]> keyPassword() {
    return Optional.ofNullable(settings.keyPassword());
  }

  /** {@return the enabled protocols} Default {@code [TLSv1.3, TLSv1.2]}. */
  public List<String> protocols() {
    return settings.protocols();
  }

  /**
   * {@return the enabled cipher suites (Java/IANA names); empty (the default) for the JDK's
   * defaults}
   */
  public List<String> ciphers() {
    return settings.ciphers();
  }

  /**
   * The name sent as SNI and checked against the certificate, instead of the connection's host
   * (Python's {@code server_hostname}, RabbitMQ's {@code server_name_indication}). Default: empty,
   * meaning the connection's host.
   *
   * @return the name, or empty for the connection's host
   */
  public Optional<String> serverName() {
    return Optional.ofNullable(settings.serverName());
  }

  /**
   * Whether the SNI extension is sent (it never is for an IP address). Default true; {@link
   * Builder#noServerNameIndication()} turns it off (RabbitMQ's {@code
   * server_name_indication=disable}). Hostname verification is not affected.
   *
   * @return whether SNI is sent
   */
  public boolean serverNameIndication() {
    return settings.serverNameIndication();
  }

  /**
   * {@return whether the certificate must name the host} Default {@link
   * HostnameVerification#ENABLED}.
   */
  public HostnameVerification hostnameVerification() {
    return settings.hostnameVerification();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TlsOptions t && settings.equals(t.settings);
  }

  @Override
  public int hashCode() {
    return settings.hashCode();
  }

  /** Shows files, formats and switches; passwords only as {@code <redacted>}. */
  @Override
  public String toString() {
    return TlsOptionsText.describe(settings);
  }

  /**
   * Builds {@link TlsOptions}. Setters validate their arguments and throw {@link
   * IllegalArgumentException} (or {@link NullPointerException} for a required null). Passwords are
   * copied: the caller may clear its arrays afterwards. Not thread-safe.
   */
  public static final class Builder {
    private final TlsSettings settings;

    private Builder() {
      this(new TlsSettings());
    }

    private Builder(TlsSettings settings) {
      this.settings = settings;
    }

    /**
     * Use a ready SSL context for trust and the client certificate (pika's {@code
     * SSLOptions(context)}). Protocols, ciphers, SNI and hostname verification of these options
     * still apply. Replaces any trust or key setting made before.
     *
     * @param context the context
     * @return this builder
     */
    public Builder sslContext(SSLContext context) {
      settings.sslContext(context);
      return this;
    }

    /**
     * Trust the JDK's default CAs ({@code cacerts}). The default.
     *
     * @return this builder
     */
    public Builder systemTrust() {
      settings.systemTrust();
      return this;
    }

    /**
     * Trust the CA certificates in a PEM file (RabbitMQ's {@code cacertfile}).
     *
     * @param caCertificates a PEM file of trusted CA certificates
     * @return this builder
     */
    public Builder trustPem(Path caCertificates) {
      settings.trustPem(caCertificates);
      return this;
    }

    /**
     * Trust the certificates of a PKCS#12 or JKS trust store.
     *
     * @param format its format
     * @param file the store file
     * @param password the store's password, or null when it has none
     * @return this builder
     */
    public Builder trustStore(Path file, KeyStoreFormat format, char[] password) {
      settings.trustStore(file, format, password);
      return this;
    }

    /**
     * Trust every certificate and turn hostname verification off: for tests only. Logged as a WARN
     * at each connection.
     *
     * @return this builder
     */
    public Builder insecureTrustAllForTesting() {
      settings.insecureTrustAll();
      return this;
    }

    /**
     * Present the client certificate chain of a PEM file with its unencrypted PKCS#8 PEM private
     * key ({@code -----BEGIN PRIVATE KEY-----}); RabbitMQ's {@code certfile} and {@code keyfile}.
     *
     * @param privateKey the PEM file of its private key
     * @param certificateChain the PEM file of the client certificate chain
     * @return this builder
     */
    public Builder keyPem(Path certificateChain, Path privateKey) {
      return keyPem(certificateChain, privateKey, null);
    }

    /**
     * Present the client certificate chain of a PEM file with its PKCS#8 PEM private key, encrypted
     * with {@code keyPassword} ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----}), or unencrypted when
     * {@code keyPassword} is null.
     *
     * @param keyPassword the key's password; null when it is not encrypted
     * @param privateKey the PEM file of its private key
     * @param certificateChain the PEM file of the client certificate chain
     * @return this builder
     */
    public Builder keyPem(Path certificateChain, Path privateKey, char[] keyPassword) {
      settings.keyPem(certificateChain, privateKey, keyPassword);
      return this;
    }

    /**
     * Present the client certificate of a PKCS#12 or JKS key store whose key has its password.
     *
     * @param storePassword the store's password (also the key's)
     * @param format its format
     * @param file the store file
     * @return this builder
     */
    public Builder keyStore(Path file, KeyStoreFormat format, char[] storePassword) {
      return keyStore(file, format, storePassword, null);
    }

    /**
     * Present the client certificate of a PKCS#12 or JKS key store.
     *
     * @param storePassword the store's password
     * @param format its format
     * @param file the store file
     * @param keyPassword the private key's password, or null when it is {@code storePassword}
     * @return this builder
     */
    public Builder keyStore(
        Path file, KeyStoreFormat format, char[] storePassword, char[] keyPassword) {
      settings.keyStore(file, format, storePassword, keyPassword);
      return this;
    }

    /**
     * Present no client certificate. The default.
     *
     * @return this builder
     */
    public Builder noClientCertificate() {
      settings.noClientCertificate();
      return this;
    }

    /**
     * The protocols to enable, in any order; default TLSv1.3 and TLSv1.2.
     *
     * @param protocols the protocols, such as "TLSv1.3"
     * @return this builder
     * @throws IllegalArgumentException when empty or when a name is not one of TLSv1.3, TLSv1.2,
     *     TLSv1.1, TLSv1
     */
    public Builder protocols(String... protocols) {
      settings.protocols(protocols);
      return this;
    }

    /**
     * The cipher suites to enable (Java/IANA names); none given means the JDK's defaults.
     *
     * @param ciphers the cipher suites
     * @return this builder
     */
    public Builder ciphers(String... ciphers) {
      settings.ciphers(ciphers);
      return this;
    }

    /**
     * The name to send as SNI and to verify the certificate against, instead of the connection's
     * host; null restores the default (the host).
     *
     * @param serverName the name to verify and send
     * @return this builder
     * @throws IllegalArgumentException when empty or containing whitespace
     */
    public Builder serverName(String serverName) {
      settings.serverName(serverName);
      return this;
    }

    /**
     * Do not send the SNI extension. Hostname verification still applies.
     *
     * @return this builder
     */
    public Builder noServerNameIndication() {
      settings.serverNameIndication(false);
      return this;
    }

    /**
     * Send the SNI extension (the default, except for IP addresses).
     *
     * @return this builder
     */
    public Builder serverNameIndication() {
      settings.serverNameIndication(true);
      return this;
    }

    /**
     * Whether the certificate must name the host. Default {@link HostnameVerification#ENABLED};
     * {@link HostnameVerification#DISABLED} is logged as a WARN at each connection.
     *
     * @param verification whether the certificate must name the host
     * @return this builder
     */
    public Builder hostnameVerification(HostnameVerification verification) {
      settings.hostnameVerification(verification);
      return this;
    }

    /**
     * The options.
     *
     * @return a copy of this value with the change; this one is unchanged
     */
    public TlsOptions build() {
      return new TlsOptions(this);
    }
  }
}
