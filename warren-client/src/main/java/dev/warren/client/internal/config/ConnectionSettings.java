/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.config;

import dev.warren.client.ClientResources;
import dev.warren.client.ConnectionParameters;
import dev.warren.client.Credentials;
import dev.warren.client.CredentialsProvider;
import dev.warren.client.HeartbeatPolicy;
import dev.warren.client.PlainCredentials;
import dev.warren.client.RecoveryPolicy;
import dev.warren.client.SaslMechanism;
import dev.warren.client.TcpOptions;
import dev.warren.client.TlsOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The values of a {@link ConnectionParameters} and of its {@link ConnectionParameters.Builder},
 * with the rule each one obeys: every setter validates and normalises its argument as the builder
 * method of the same name documents (same exception, same message) and changes nothing when it
 * throws. The getters return what is stored (null where the parameters return an empty {@code
 * Optional}).
 *
 * <p>A builder owns one instance and changes it; a {@link ConnectionParameters} owns a {@link
 * #copy()} that nothing changes after it is built, which is what makes it immutable. {@link
 * #equals(Object)} and {@link #hashCode()} compare the values, as {@link ConnectionParameters}'s
 * own do. Not thread-safe.
 */
public final class ConnectionSettings {
  private static final Duration MAX_SOCKET_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

  private String host = ConnectionParameters.DEFAULT_HOST;
  private Integer port; // null: the default of the scheme (5672, or 5671 with TLS)
  private String virtualHost = ConnectionParameters.DEFAULT_VIRTUAL_HOST;
  private CredentialsProvider credentialsProvider =
      new FixedCredentialsProvider(PlainCredentials.guest());
  private int channelMax = ConnectionParameters.DEFAULT_CHANNEL_MAX;
  private int frameMax = ConnectionParameters.DEFAULT_FRAME_MAX;
  private HeartbeatPolicy heartbeat = HeartbeatPolicy.brokerDefault();
  private TlsOptions tls;
  private int connectionAttempts = ConnectionParameters.DEFAULT_CONNECTION_ATTEMPTS;
  private Duration retryDelay = ConnectionParameters.DEFAULT_RETRY_DELAY;
  private Duration socketTimeout = ConnectionParameters.DEFAULT_SOCKET_TIMEOUT;
  private Duration stackTimeout = ConnectionParameters.DEFAULT_STACK_TIMEOUT;
  private String locale = ConnectionParameters.DEFAULT_LOCALE;
  private Duration blockedConnectionTimeout;
  private Map<String, Object> clientProperties = Map.of();
  private TcpOptions tcpOptions = TcpOptions.defaults();
  private Duration rpcTimeout = ConnectionParameters.DEFAULT_RPC_TIMEOUT;
  private long maxInboundBodySize = ConnectionParameters.DEFAULT_MAX_INBOUND_BODY_SIZE;
  private String connectionName;
  private dev.warren.client.ConfirmOptions confirmEveryPublish;
  private int asyncPublishBudgetMessages =
      ConnectionParameters.DEFAULT_ASYNC_PUBLISH_BUDGET_MESSAGES;
  private long asyncPublishBudgetBytes = ConnectionParameters.DEFAULT_ASYNC_PUBLISH_BUDGET_BYTES;
  private List<SaslMechanism> authMechanisms = List.of();
  private RecoveryPolicy recovery = RecoveryPolicy.defaults();
  private List<dev.warren.client.ClientObserver> observers = List.of();
  private ClientResources resources; // null: the shared default

  /** Every default. */
  public ConnectionSettings() {}

  /** A copy: every value is immutable, so a field-by-field copy is a deep one. */
  public ConnectionSettings copy() {
    ConnectionSettings c = new ConnectionSettings();
    c.host = host;
    c.port = port;
    c.virtualHost = virtualHost;
    c.credentialsProvider = credentialsProvider;
    c.channelMax = channelMax;
    c.frameMax = frameMax;
    c.heartbeat = heartbeat;
    c.tls = tls;
    c.connectionAttempts = connectionAttempts;
    c.retryDelay = retryDelay;
    c.socketTimeout = socketTimeout;
    c.stackTimeout = stackTimeout;
    c.locale = locale;
    c.blockedConnectionTimeout = blockedConnectionTimeout;
    c.clientProperties = clientProperties;
    c.tcpOptions = tcpOptions;
    c.rpcTimeout = rpcTimeout;
    c.maxInboundBodySize = maxInboundBodySize;
    c.connectionName = connectionName;
    c.confirmEveryPublish = confirmEveryPublish;
    c.asyncPublishBudgetMessages = asyncPublishBudgetMessages;
    c.asyncPublishBudgetBytes = asyncPublishBudgetBytes;
    c.authMechanisms = authMechanisms;
    c.recovery = recovery;
    c.observers = observers;
    c.resources = resources;
    return c;
  }

  // ---- getters ------------------------------------------------------------------------------

  public String host() {
    return host;
  }

  /** The port set, else the scheme's: 5671 with TLS, 5672 without. */
  public int port() {
    if (port != null) {
      return port;
    }
    return tls != null ? ConnectionParameters.DEFAULT_TLS_PORT : ConnectionParameters.DEFAULT_PORT;
  }

  public boolean hasExplicitPort() {
    return port != null;
  }

  public String virtualHost() {
    return virtualHost;
  }

  /** The fixed credentials, or null when a {@link CredentialsProvider} of the caller's was set. */
  public Credentials fixedCredentials() {
    return credentialsProvider instanceof FixedCredentialsProvider fixed
        ? fixed.credentials()
        : null;
  }

  public CredentialsProvider credentialsProvider() {
    return credentialsProvider;
  }

  public int channelMax() {
    return channelMax;
  }

  public int frameMax() {
    return frameMax;
  }

  public HeartbeatPolicy heartbeat() {
    return heartbeat;
  }

  /** The TLS options; null for plain TCP. */
  public TlsOptions tls() {
    return tls;
  }

  public int connectionAttempts() {
    return connectionAttempts;
  }

  public Duration retryDelay() {
    return retryDelay;
  }

  public Duration socketTimeout() {
    return socketTimeout;
  }

  public Duration stackTimeout() {
    return stackTimeout;
  }

  public String locale() {
    return locale;
  }

  /** The blocked-connection timeout; null for none. */
  public Duration blockedConnectionTimeout() {
    return blockedConnectionTimeout;
  }

  /** The client properties: unmodifiable, in the order given. */
  public Map<String, Object> clientProperties() {
    return clientProperties;
  }

  public TcpOptions tcpOptions() {
    return tcpOptions;
  }

  public Duration rpcTimeout() {
    return rpcTimeout;
  }

  public long maxInboundBodySize() {
    return maxInboundBodySize;
  }

  /** The confirm mode every application channel gets; null for none. */
  public dev.warren.client.ConfirmOptions confirmEveryPublish() {
    return confirmEveryPublish;
  }

  public void confirmEveryPublish(dev.warren.client.ConfirmOptions options) {
    this.confirmEveryPublish = options;
  }

  public int asyncPublishBudgetMessages() {
    return asyncPublishBudgetMessages;
  }

  public long asyncPublishBudgetBytes() {
    return asyncPublishBudgetBytes;
  }

  /** The connection's name; null for none. */
  public String connectionName() {
    return connectionName;
  }

  /** The SASL mechanisms configured: unmodifiable, empty for the credentials' defaults. */
  public List<SaslMechanism> authMechanisms() {
    return authMechanisms;
  }

  public RecoveryPolicy recovery() {
    return recovery;
  }

  /** The application's resources; null for the shared default. */
  public ClientResources resources() {
    return resources;
  }

  // ---- setters: each validates as the builder method of the same name documents ------------

  public void host(String host) {
    this.host = HostNames.checkHost(host);
  }

  public void port(int port) {
    this.port = Checks.intInRange("port", port, 1, 65535);
  }

  /** Forgets the port set: the scheme's applies. */
  public void defaultPort() {
    this.port = null;
  }

  /**
   * Host and optional port ({@code "h"}, {@code "h:5673"}, {@code "[::1]:5673"}, {@code "::1"}).
   */
  public void address(String hostAndPort) {
    Objects.requireNonNull(hostAndPort, "address");
    String[] parts = HostNames.splitHostPort(hostAndPort);
    String h = HostNames.checkHost(parts[0]);
    Integer p = null;
    if (parts[1] != null) {
      p = Checks.intInRange("port", HostNames.parsePort(parts[1]), 1, 65535);
    }
    this.host = h;
    this.port = p;
  }

  public void virtualHost(String virtualHost) {
    Objects.requireNonNull(virtualHost, "virtualHost");
    int bytes = virtualHost.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > 255) {
      throw new IllegalArgumentException(
          "virtualHost must be at most 255 UTF-8 bytes long, got " + bytes);
    }
    this.virtualHost = virtualHost;
  }

  public void credentials(Credentials credentials) {
    this.credentialsProvider = new FixedCredentialsProvider(credentials);
  }

  public void credentialsProvider(CredentialsProvider provider) {
    this.credentialsProvider = Objects.requireNonNull(provider, "credentialsProvider");
  }

  public void channelMax(int channelMax) {
    this.channelMax = Checks.intInRange("channelMax", channelMax, 0, 65535);
  }

  public void frameMax(int frameMax) {
    this.frameMax =
        Checks.intInRange(
            "frameMax", frameMax, ConnectionParameters.MIN_FRAME_MAX, Integer.MAX_VALUE);
  }

  public void heartbeat(HeartbeatPolicy heartbeat) {
    this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
  }

  /** The TLS options; null for plain TCP. */
  public void tls(TlsOptions tls) {
    this.tls = tls;
  }

  public void connectionAttempts(int attempts) {
    this.connectionAttempts =
        Checks.intInRange("connectionAttempts", attempts, 1, Integer.MAX_VALUE);
  }

  public void retryDelay(Duration delay) {
    this.retryDelay = Checks.nonNegative("retryDelay", delay);
  }

  public void socketTimeout(Duration timeout) {
    this.socketTimeout =
        Checks.inRange("socketTimeout", timeout, Duration.ofMillis(1), MAX_SOCKET_TIMEOUT);
  }

  public void stackTimeout(Duration timeout) {
    this.stackTimeout = Checks.positive("stackTimeout", timeout);
  }

  public void locale(String locale) {
    this.locale = Checks.nonEmpty("locale", locale);
  }

  /** The blocked-connection timeout, positive; null for none. */
  public void blockedConnectionTimeout(Duration timeout) {
    this.blockedConnectionTimeout =
        timeout == null ? null : Checks.positive("blockedConnectionTimeout", timeout);
  }

  /** Replaces the client properties with a checked, unmodifiable copy of {@code properties}. */
  public void clientProperties(Map<String, ?> properties) {
    this.clientProperties = ClientPropertyValues.copy(properties);
  }

  /** Adds or replaces one client property, checking the whole map again. */
  public void clientProperty(String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>(clientProperties);
    m.put(Objects.requireNonNull(key, "key"), value);
    this.clientProperties = ClientPropertyValues.copy(m);
  }

  public void tcpOptions(TcpOptions options) {
    this.tcpOptions = Objects.requireNonNull(options, "tcpOptions");
  }

  public void rpcTimeout(Duration timeout) {
    this.rpcTimeout = Checks.positive("rpcTimeout", timeout);
  }

  public void maxInboundBodySize(long bytes) {
    this.maxInboundBodySize =
        Checks.longInRange(
            "maxInboundBodySize", bytes, 1, ConnectionParameters.MAX_INBOUND_BODY_SIZE_LIMIT);
  }

  public void asyncPublishBudget(int maxMessages, long maxBytes) {
    this.asyncPublishBudgetMessages =
        Checks.intInRange("asyncPublishBudget maxMessages", maxMessages, 1, Integer.MAX_VALUE);
    this.asyncPublishBudgetBytes =
        Checks.longInRange("asyncPublishBudget maxBytes", maxBytes, 1, Long.MAX_VALUE);
  }

  /** The connection's name, not blank; null for none. */
  public void connectionName(String name) {
    if (name != null && name.isBlank()) {
      throw new IllegalArgumentException("connectionName must not be blank");
    }
    this.connectionName = name;
  }

  /** The mechanisms, in order of preference, no name twice (case-insensitive); empty: default. */
  public void authMechanisms(List<? extends SaslMechanism> mechanisms) {
    Objects.requireNonNull(mechanisms, "authMechanisms");
    Set<String> names = new HashSet<>();
    for (SaslMechanism m : mechanisms) {
      Objects.requireNonNull(m, "authMechanism");
      if (!names.add(m.name().toUpperCase(Locale.ROOT))) {
        throw new IllegalArgumentException("authMechanisms lists " + m.name() + " twice");
      }
    }
    this.authMechanisms = Collections.unmodifiableList(new ArrayList<>(mechanisms));
  }

  public void recovery(RecoveryPolicy policy) {
    this.recovery = Objects.requireNonNull(policy, "policy");
  }

  /** The observers, in the order they were added; empty when none. */
  public List<dev.warren.client.ClientObserver> observers() {
    return observers;
  }

  public void addObserver(dev.warren.client.ClientObserver observer) {
    Objects.requireNonNull(observer, "observer");
    List<dev.warren.client.ClientObserver> all = new ArrayList<>(observers);
    all.add(observer);
    this.observers = List.copyOf(all);
  }

  public void resources(ClientResources resources) {
    this.resources = Objects.requireNonNull(resources, "resources");
  }

  // ---- equality -----------------------------------------------------------------------------

  /** Whether every value is equal; an explicit port never equals the scheme's default. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectionSettings p
        && host.equals(p.host)
        && Objects.equals(port, p.port)
        && virtualHost.equals(p.virtualHost)
        && credentialsProvider.equals(p.credentialsProvider)
        && channelMax == p.channelMax
        && frameMax == p.frameMax
        && heartbeat.equals(p.heartbeat)
        && Objects.equals(tls, p.tls)
        && connectionAttempts == p.connectionAttempts
        && retryDelay.equals(p.retryDelay)
        && socketTimeout.equals(p.socketTimeout)
        && stackTimeout.equals(p.stackTimeout)
        && locale.equals(p.locale)
        && Objects.equals(blockedConnectionTimeout, p.blockedConnectionTimeout)
        && clientProperties.equals(p.clientProperties)
        && tcpOptions.equals(p.tcpOptions)
        && rpcTimeout.equals(p.rpcTimeout)
        && maxInboundBodySize == p.maxInboundBodySize
        && Objects.equals(connectionName, p.connectionName)
        && Objects.equals(confirmEveryPublish, p.confirmEveryPublish)
        && asyncPublishBudgetMessages == p.asyncPublishBudgetMessages
        && asyncPublishBudgetBytes == p.asyncPublishBudgetBytes
        && authMechanisms.equals(p.authMechanisms)
        && recovery.equals(p.recovery)
        && observers.equals(p.observers)
        && resources == p.resources;
  }

  /** A hash of the address, virtual host, tuning and TLS: the values most likely to differ. */
  @Override
  public int hashCode() {
    return Objects.hash(host, port, virtualHost, channelMax, frameMax, heartbeat, tls);
  }
}
