package dev.warren.client;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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

  private static final Set<String> KNOWN_PROTOCOLS =
      Set.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");

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

  private final Trust trust;
  private final KeyMaterial keyMaterial;
  private final SSLContext sslContext;
  private final Path trustPemFile;
  private final Path trustStoreFile;
  private final KeyStoreFormat trustStoreFormat;
  private final char[] trustStorePassword;
  private final Path certificateChainFile;
  private final Path privateKeyFile;
  private final char[] privateKeyPassword;
  private final Path keyStoreFile;
  private final KeyStoreFormat keyStoreFormat;
  private final char[] keyStorePassword;
  private final char[] keyPassword;
  private final List<String> protocols;
  private final List<String> ciphers;
  private final String serverName;
  private final boolean serverNameIndication;
  private final HostnameVerification hostnameVerification;

  private TlsOptions(Builder b) {
    this.trust = b.trust;
    this.keyMaterial = b.keyMaterial;
    this.sslContext = b.sslContext;
    this.trustPemFile = b.trustPemFile;
    this.trustStoreFile = b.trustStoreFile;
    this.trustStoreFormat = b.trustStoreFormat;
    this.trustStorePassword = copy(b.trustStorePassword);
    this.certificateChainFile = b.certificateChainFile;
    this.privateKeyFile = b.privateKeyFile;
    this.privateKeyPassword = copy(b.privateKeyPassword);
    this.keyStoreFile = b.keyStoreFile;
    this.keyStoreFormat = b.keyStoreFormat;
    this.keyStorePassword = copy(b.keyStorePassword);
    this.keyPassword = copy(b.keyPassword);
    this.protocols = b.protocols;
    this.ciphers = b.ciphers;
    this.serverName = b.serverName;
    this.serverNameIndication = b.serverNameIndication;
    this.hostnameVerification = b.hostnameVerification;
  }

  /** TLS with the JDK's trusted CAs, no client certificate, hostname verification on. */
  public static TlsOptions defaults() {
    return builder().build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * TLS that trusts every certificate and checks no host name: encryption without authentication,
   * for tests against throw-away brokers only. Every connection built with it logs a WARN. To add a
   * client certificate, use {@code insecureTrustAllForTesting().toBuilder()}.
   */
  public static TlsOptions insecureTrustAllForTesting() {
    return builder().insecureTrustAllForTesting().build();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.trust = trust;
    b.keyMaterial = keyMaterial;
    b.sslContext = sslContext;
    b.trustPemFile = trustPemFile;
    b.trustStoreFile = trustStoreFile;
    b.trustStoreFormat = trustStoreFormat;
    b.trustStorePassword = copy(trustStorePassword);
    b.certificateChainFile = certificateChainFile;
    b.privateKeyFile = privateKeyFile;
    b.privateKeyPassword = copy(privateKeyPassword);
    b.keyStoreFile = keyStoreFile;
    b.keyStoreFormat = keyStoreFormat;
    b.keyStorePassword = copy(keyStorePassword);
    b.keyPassword = copy(keyPassword);
    b.protocols = protocols;
    b.ciphers = ciphers;
    b.serverName = serverName;
    b.serverNameIndication = serverNameIndication;
    b.hostnameVerification = hostnameVerification;
    return b;
  }

  /** Where trust comes from. Default {@link Trust#SYSTEM}. */
  public Trust trust() {
    return trust;
  }

  /** Where the client certificate comes from. Default {@link KeyMaterial#NONE}. */
  public KeyMaterial keyMaterial() {
    return keyMaterial;
  }

  /** The ready SSL context, when {@link Builder#sslContext(SSLContext)} was used. */
  public Optional<SSLContext> sslContext() {
    return Optional.ofNullable(sslContext);
  }

  /** The PEM file of trusted CA certificates, for {@link Trust#PEM_FILE}. */
  public Optional<Path> trustPemFile() {
    return Optional.ofNullable(trustPemFile);
  }

  /** The trust store file, for {@link Trust#TRUST_STORE}. */
  public Optional<Path> trustStoreFile() {
    return Optional.ofNullable(trustStoreFile);
  }

  /** The trust store's format, for {@link Trust#TRUST_STORE}. */
  public Optional<KeyStoreFormat> trustStoreFormat() {
    return Optional.ofNullable(trustStoreFormat);
  }

  /** A copy of the trust store's password; empty when none was given. */
  public Optional<char[]> trustStorePassword() {
    return Optional.ofNullable(copy(trustStorePassword));
  }

  /** The client certificate chain (PEM), for {@link KeyMaterial#PEM_FILES}. */
  public Optional<Path> certificateChainFile() {
    return Optional.ofNullable(certificateChainFile);
  }

  /** The client private key (PKCS#8 PEM), for {@link KeyMaterial#PEM_FILES}. */
  public Optional<Path> privateKeyFile() {
    return Optional.ofNullable(privateKeyFile);
  }

  /** A copy of the password of an encrypted PEM private key; empty when it is not encrypted. */
  public Optional<char[]> privateKeyPassword() {
    return Optional.ofNullable(copy(privateKeyPassword));
  }

  /** The key store file, for {@link KeyMaterial#KEY_STORE}. */
  public Optional<Path> keyStoreFile() {
    return Optional.ofNullable(keyStoreFile);
  }

  /** The key store's format, for {@link KeyMaterial#KEY_STORE}. */
  public Optional<KeyStoreFormat> keyStoreFormat() {
    return Optional.ofNullable(keyStoreFormat);
  }

  /** A copy of the key store's password, for {@link KeyMaterial#KEY_STORE}. */
  public Optional<char[]> keyStorePassword() {
    return Optional.ofNullable(copy(keyStorePassword));
  }

  /** A copy of the private key's password in the key store; empty means the store's password. */
  public Optional<char[]> keyPassword() {
    return Optional.ofNullable(copy(keyPassword));
  }

  /** The enabled protocols. Default {@code [TLSv1.3, TLSv1.2]}. */
  public List<String> protocols() {
    return protocols;
  }

  /** The enabled cipher suites (Java/IANA names); empty (the default) for the JDK's defaults. */
  public List<String> ciphers() {
    return ciphers;
  }

  /**
   * The name sent as SNI and checked against the certificate, instead of the connection's host
   * (Python's {@code server_hostname}, RabbitMQ's {@code server_name_indication}). Default: empty,
   * meaning the connection's host.
   */
  public Optional<String> serverName() {
    return Optional.ofNullable(serverName);
  }

  /**
   * Whether the SNI extension is sent (it never is for an IP address). Default true; {@link
   * Builder#noServerNameIndication()} turns it off (RabbitMQ's {@code
   * server_name_indication=disable}). Hostname verification is not affected.
   */
  public boolean serverNameIndication() {
    return serverNameIndication;
  }

  /** Whether the certificate must name the host. Default {@link HostnameVerification#ENABLED}. */
  public HostnameVerification hostnameVerification() {
    return hostnameVerification;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TlsOptions t
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

  /** Shows files, formats and switches; passwords only as {@code <redacted>}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("TlsOptions{trust=").append(trust);
    switch (trust) {
      case PEM_FILE -> sb.append(" ").append(trustPemFile);
      case TRUST_STORE -> {
        sb.append(" ").append(trustStoreFormat).append(" ").append(trustStoreFile);
        if (trustStorePassword != null) {
          sb.append(" password=<redacted>");
        }
      }
      default -> {}
    }
    sb.append(", keyMaterial=").append(keyMaterial);
    switch (keyMaterial) {
      case PEM_FILES -> {
        sb.append(" ").append(certificateChainFile).append(" ").append(privateKeyFile);
        if (privateKeyPassword != null) {
          sb.append(" password=<redacted>");
        }
      }
      case KEY_STORE -> {
        sb.append(" ").append(keyStoreFormat).append(" ").append(keyStoreFile);
        sb.append(" password=<redacted>");
      }
      default -> {}
    }
    sb.append(", protocols=").append(protocols);
    if (!ciphers.isEmpty()) {
      sb.append(", ciphers=").append(ciphers);
    }
    if (serverName != null) {
      sb.append(", serverName=").append(serverName);
    }
    if (!serverNameIndication) {
      sb.append(", sni=off");
    }
    sb.append(", hostnameVerification=").append(hostnameVerification);
    return sb.append('}').toString();
  }

  private static char[] copy(char[] a) {
    return a == null ? null : a.clone();
  }

  /**
   * Builds {@link TlsOptions}. Setters validate their arguments and throw {@link
   * IllegalArgumentException} (or {@link NullPointerException} for a required null). Passwords are
   * copied: the caller may clear its arrays afterwards. Not thread-safe.
   */
  public static final class Builder {
    private Trust trust = Trust.SYSTEM;
    private KeyMaterial keyMaterial = KeyMaterial.NONE;
    private SSLContext sslContext;
    private Path trustPemFile;
    private Path trustStoreFile;
    private KeyStoreFormat trustStoreFormat;
    private char[] trustStorePassword;
    private Path certificateChainFile;
    private Path privateKeyFile;
    private char[] privateKeyPassword;
    private Path keyStoreFile;
    private KeyStoreFormat keyStoreFormat;
    private char[] keyStorePassword;
    private char[] keyPassword;
    private List<String> protocols = DEFAULT_PROTOCOLS;
    private List<String> ciphers = List.of();
    private String serverName;
    private boolean serverNameIndication = true;
    private HostnameVerification hostnameVerification = HostnameVerification.ENABLED;

    private Builder() {}

    /**
     * Use a ready SSL context for trust and the client certificate (pika's {@code
     * SSLOptions(context)}). Protocols, ciphers, SNI and hostname verification of these options
     * still apply. Replaces any trust or key setting made before.
     */
    public Builder sslContext(SSLContext context) {
      this.sslContext = Objects.requireNonNull(context, "sslContext");
      clearTrust();
      clearKeys();
      this.trust = Trust.SSL_CONTEXT;
      this.keyMaterial = KeyMaterial.SSL_CONTEXT;
      return this;
    }

    /** Trust the JDK's default CAs ({@code cacerts}). The default. */
    public Builder systemTrust() {
      dropContext();
      clearTrust();
      this.trust = Trust.SYSTEM;
      return this;
    }

    /** Trust the CA certificates in a PEM file (RabbitMQ's {@code cacertfile}). */
    public Builder trustPem(Path caCertificates) {
      Objects.requireNonNull(caCertificates, "caCertificates");
      dropContext();
      clearTrust();
      this.trust = Trust.PEM_FILE;
      this.trustPemFile = caCertificates;
      return this;
    }

    /**
     * Trust the certificates of a PKCS#12 or JKS trust store.
     *
     * @param password the store's password, or null when it has none
     */
    public Builder trustStore(Path file, KeyStoreFormat format, char[] password) {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(format, "format");
      dropContext();
      clearTrust();
      this.trust = Trust.TRUST_STORE;
      this.trustStoreFile = file;
      this.trustStoreFormat = format;
      this.trustStorePassword = copy(password);
      return this;
    }

    /**
     * Trust every certificate and turn hostname verification off: for tests only. Logged as a WARN
     * at each connection.
     */
    public Builder insecureTrustAllForTesting() {
      dropContext();
      clearTrust();
      this.trust = Trust.INSECURE_TRUST_ALL;
      this.hostnameVerification = HostnameVerification.DISABLED;
      return this;
    }

    /**
     * Present the client certificate chain of a PEM file with its unencrypted PKCS#8 PEM private
     * key ({@code -----BEGIN PRIVATE KEY-----}); RabbitMQ's {@code certfile} and {@code keyfile}.
     */
    public Builder keyPem(Path certificateChain, Path privateKey) {
      return keyPem(certificateChain, privateKey, null);
    }

    /**
     * Present the client certificate chain of a PEM file with its PKCS#8 PEM private key, encrypted
     * with {@code keyPassword} ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----}), or unencrypted when
     * {@code keyPassword} is null.
     */
    public Builder keyPem(Path certificateChain, Path privateKey, char[] keyPassword) {
      Objects.requireNonNull(certificateChain, "certificateChain");
      Objects.requireNonNull(privateKey, "privateKey");
      dropContext();
      clearKeys();
      this.keyMaterial = KeyMaterial.PEM_FILES;
      this.certificateChainFile = certificateChain;
      this.privateKeyFile = privateKey;
      this.privateKeyPassword = copy(keyPassword);
      return this;
    }

    /** Present the client certificate of a PKCS#12 or JKS key store whose key has its password. */
    public Builder keyStore(Path file, KeyStoreFormat format, char[] storePassword) {
      return keyStore(file, format, storePassword, null);
    }

    /**
     * Present the client certificate of a PKCS#12 or JKS key store.
     *
     * @param keyPassword the private key's password, or null when it is {@code storePassword}
     */
    public Builder keyStore(
        Path file, KeyStoreFormat format, char[] storePassword, char[] keyPassword) {
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
      return this;
    }

    /** Present no client certificate. The default. */
    public Builder noClientCertificate() {
      dropContext();
      clearKeys();
      return this;
    }

    /**
     * The protocols to enable, in any order; default TLSv1.3 and TLSv1.2.
     *
     * @throws IllegalArgumentException when empty or when a name is not one of TLSv1.3, TLSv1.2,
     *     TLSv1.1, TLSv1
     */
    public Builder protocols(String... protocols) {
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
      return this;
    }

    /** The cipher suites to enable (Java/IANA names); none given means the JDK's defaults. */
    public Builder ciphers(String... ciphers) {
      Objects.requireNonNull(ciphers, "ciphers");
      for (String c : ciphers) {
        Objects.requireNonNull(c, "cipher");
        if (c.isBlank()) {
          throw new IllegalArgumentException("cipher suite names must not be blank");
        }
      }
      this.ciphers = List.copyOf(Arrays.asList(ciphers));
      return this;
    }

    /**
     * The name to send as SNI and to verify the certificate against, instead of the connection's
     * host; null restores the default (the host).
     *
     * @throws IllegalArgumentException when empty or containing whitespace
     */
    public Builder serverName(String serverName) {
      if (serverName != null
          && (serverName.isEmpty() || serverName.chars().anyMatch(c -> c <= ' '))) {
        throw new IllegalArgumentException(
            "serverName must be a host name without whitespace, got '" + serverName + "'");
      }
      this.serverName = serverName;
      return this;
    }

    /** Do not send the SNI extension. Hostname verification still applies. */
    public Builder noServerNameIndication() {
      this.serverNameIndication = false;
      return this;
    }

    /** Send the SNI extension (the default, except for IP addresses). */
    public Builder serverNameIndication() {
      this.serverNameIndication = true;
      return this;
    }

    /**
     * Whether the certificate must name the host. Default {@link HostnameVerification#ENABLED};
     * {@link HostnameVerification#DISABLED} is logged as a WARN at each connection.
     */
    public Builder hostnameVerification(HostnameVerification verification) {
      this.hostnameVerification = Objects.requireNonNull(verification, "hostnameVerification");
      return this;
    }

    /** The options. */
    public TlsOptions build() {
      return new TlsOptions(this);
    }

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
  }
}
