/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import dev.warren.client.internal.config.AmqpUriParser;
import dev.warren.client.internal.config.ConnectionParametersText;
import dev.warren.client.internal.config.ConnectionSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to open one connection to one broker: address, virtual host, credentials, TLS,
 * protocol tuning and timeouts (pika's {@code ConnectionParameters} and {@code URLParameters};
 * py-amqp's {@code Connection} arguments).
 *
 * <pre>{@code
 * ConnectionParameters params = ConnectionParameters.builder()
 *     .host("rabbit1")
 *     .virtualHost("orders")
 *     .credentials(PlainCredentials.of("app", secret))
 *     .heartbeat(HeartbeatPolicy.ofSeconds(30))
 *     .build();
 * ConnectionParameters same = ConnectionParameters.fromUri(
 *     "amqp://app:secret@rabbit1/orders?heartbeat=30");
 * }</pre>
 *
 * <p>Each accessor states its default; {@code docs/connection-parameters.md} lists them all, with
 * the URI keys and the pika and py-amqp names.
 *
 * <p>Immutable and thread-safe; {@link #toString()} never shows a password. Build with {@link
 * #builder()}, {@link #fromUri(String)} or {@link #toBuilder()}.
 *
 * @since 0.1
 */
public final class ConnectionParameters {
  /** Default host: {@value}. */
  public static final String DEFAULT_HOST = "localhost";

  /** Default port without TLS: {@value}. */
  public static final int DEFAULT_PORT = 5672;

  /** Default port with TLS: {@value}. */
  public static final int DEFAULT_TLS_PORT = 5671;

  /** Default virtual host: {@value}. */
  public static final String DEFAULT_VIRTUAL_HOST = "/";

  /** Default channel_max: {@value}, RabbitMQ's own default. */
  public static final int DEFAULT_CHANNEL_MAX = 2047;

  /** Default frame_max in bytes: {@value}, RabbitMQ's own default. */
  public static final int DEFAULT_FRAME_MAX = 131072;

  /** The smallest frame_max AMQP 0-9-1 allows: {@value} bytes. */
  public static final int MIN_FRAME_MAX = 4096;

  /** Default number of connection attempts: {@value}. */
  public static final int DEFAULT_CONNECTION_ATTEMPTS = 1;

  /** Default pause between connection attempts: 2 s, as pika. */
  public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(2);

  /** Default TCP connect timeout: 10 s, as pika. */
  public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(10);

  /** Default timeout of the whole TCP + TLS + AMQP opening: 15 s, as pika. */
  public static final Duration DEFAULT_STACK_TIMEOUT = Duration.ofSeconds(15);

  /** Default locale: {@value}. */
  public static final String DEFAULT_LOCALE = "en_US";

  /** Default deadline of each blocking call: 30 s. */
  public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(30);

  /** Default largest inbound message body: 64 MiB. */
  public static final long DEFAULT_MAX_INBOUND_BODY_SIZE = 64L * 1024 * 1024;

  /** The largest inbound body limit: the largest Java array, 2147483639 bytes. */
  public static final long MAX_INBOUND_BODY_SIZE_LIMIT = Integer.MAX_VALUE - 8;

  /** The values; a copy of the builder's that nothing changes. */
  /** Default message limit of the asynchronous publish budget: {@value}. */
  public static final int DEFAULT_ASYNC_PUBLISH_BUDGET_MESSAGES = 100_000;

  /** Default byte limit of the asynchronous publish budget: 64 MiB. */
  public static final long DEFAULT_ASYNC_PUBLISH_BUDGET_BYTES = 64L * 1024 * 1024;

  private final ConnectionSettings settings;

  private ConnectionParameters(Builder b) {
    this.settings = b.settings.copy();
  }

  /**
   * A builder with every default. Not thread-safe.
   *
   * @return this builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the defaults: guest/guest on localhost:5672, virtual host "/"} */
  public static ConnectionParameters defaults() {
    return builder().build();
  }

  /**
   * Parameters from an {@code amqp://} or {@code amqps://} URI over the defaults; see {@link
   * Builder#uri(String)} for the syntax and every query key.
   *
   * @param uri the URI
   * @return the parameters
   * @throws InvalidUriException when the URI is malformed, has an unknown query key or a value out
   *     of range; the message never contains the password
   */
  public static ConnectionParameters fromUri(String uri) {
    return builder().uri(uri).build();
  }

  /**
   * A builder holding these parameters.
   *
   * @return this builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** {@return the broker's host name or IP address (IPv6 without brackets)} Default "localhost". */
  public String host() {
    return settings.host();
  }

  /** {@return the broker's port: the one set, else 5671 with TLS and 5672 without} */
  public int port() {
    return settings.port();
  }

  /** {@return whether a port was set explicitly (else {@link #port()} follows the TLS setting)} */
  public boolean hasExplicitPort() {
    return settings.hasExplicitPort();
  }

  /**
   * {@return the virtual host; default "/"} May be empty (an {@code amqp://host/} URI means "").
   */
  public String virtualHost() {
    return settings.virtualHost();
  }

  /**
   * The fixed credentials, when they were set with {@link Builder#credentials(Credentials)} (or by
   * default: guest/guest); empty when a {@link CredentialsProvider} was set.
   *
   * @return the fixed credentials, or empty
   */
  public Optional<Credentials> credentials() {
    return Optional.ofNullable(settings.fixedCredentials());
  }

  /** {@return the provider the connection calls at each attempt; never null} */
  public CredentialsProvider credentialsProvider() {
    return settings.credentialsProvider();
  }

  /**
   * The channel_max the client proposes in {@code connection.tune-ok}: 1 to 65535, or 0 for "no
   * limit of the client's own" (the broker's limit applies). Default 2047.
   *
   * @return the proposed channel_max, 0 to 65535
   */
  public int channelMax() {
    return settings.channelMax();
  }

  /** {@return the largest frame the client accepts, in bytes: 4096 or more} Default 131072. */
  public int frameMax() {
    return settings.frameMax();
  }

  /**
   * {@return how the heartbeat timeout is negotiated} Default {@link
   * HeartbeatPolicy#brokerDefault()}.
   */
  public HeartbeatPolicy heartbeat() {
    return settings.heartbeat();
  }

  /** {@return the TLS settings; empty (the default) for plain TCP} */
  public Optional<TlsOptions> tls() {
    return Optional.ofNullable(settings.tls());
  }

  /** {@return whether the connection uses TLS} Default false. */
  public boolean tlsEnabled() {
    return settings.tls() != null;
  }

  /**
   * How many times to try this endpoint before giving up (each try is a full TCP + TLS + AMQP
   * opening). Default 1. See {@link EndpointList#plan()}.
   *
   * @return the number of attempts, 1 or more
   */
  public int connectionAttempts() {
    return settings.connectionAttempts();
  }

  /** {@return the pause before each retry of this endpoint} Default 2 s. */
  public Duration retryDelay() {
    return settings.retryDelay();
  }

  /** {@return the TCP connect timeout} Default 10 s. */
  public Duration socketTimeout() {
    return settings.socketTimeout();
  }

  /**
   * The timeout of the whole opening: TCP connect, TLS handshake and AMQP handshake up to {@code
   * connection.open-ok}. Default 15 s. Should be longer than {@link #socketTimeout()}.
   *
   * @return the timeout of the whole opening
   */
  public Duration stackTimeout() {
    return settings.stackTimeout();
  }

  /** {@return the locale sent in {@code connection.start-ok}} Default "en_US". */
  public String locale() {
    return settings.locale();
  }

  /**
   * How long the broker may keep the connection blocked ({@code connection.blocked}, resource
   * alarms) before the client tears it down; empty (the default) for no limit.
   *
   * @return the limit, or empty for none
   */
  public Optional<Duration> blockedConnectionTimeout() {
    return Optional.ofNullable(settings.blockedConnectionTimeout());
  }

  /**
   * Client properties that the connection merges over its own ({@code product}, {@code version},
   * {@code capabilities}...) in {@code connection.start-ok}; an unmodifiable, order-preserving map.
   * Default empty.
   *
   * @return the properties; never null
   */
  public Map<String, Object> clientProperties() {
    return settings.clientProperties();
  }

  /** {@return the TCP socket options} Default {@link TcpOptions#defaults()}. */
  public TcpOptions tcpOptions() {
    return settings.tcpOptions();
  }

  /**
   * {@return the deadline of every blocking call and of every asynchronous call's future} Default
   * 30 s.
   */
  public Duration rpcTimeout() {
    return settings.rpcTimeout();
  }

  /**
   * The largest inbound message body accepted, in bytes; a larger delivery closes its channel with
   * 311 CONTENT_TOO_LARGE (cause: {@link dev.warren.errors.FrameTooLargeException}) before any
   * memory is allocated for it, and the connection lives on. Default 64 MiB.
   *
   * @return the limit in bytes
   */
  public long maxInboundBodySize() {
    return settings.maxInboundBodySize();
  }

  /**
   * How many asynchronous publishes ({@link AsyncChannel#basicPublish}, {@link
   * AsyncChannel#publishConfirmed}) the connection holds at most before they are written: a publish
   * that finds {@link #asyncPublishBudgetMessages()} publishes or {@link
   * #asyncPublishBudgetBytes()} bytes of bodies held fails at once with {@link
   * dev.warren.errors.BackpressureTimeoutException} naming the gate they wait at. Default {@value
   * #DEFAULT_ASYNC_PUBLISH_BUDGET_MESSAGES}.
   *
   * @return the message limit of the asynchronous publish budget
   */
  public int asyncPublishBudgetMessages() {
    return settings.asyncPublishBudgetMessages();
  }

  /**
   * Whether every publish on this connection is confirmed (py-amqp's {@code confirm_publish=True}),
   * and with which confirm options; empty (the default) when confirm mode is left to each channel.
   * See {@link Builder#confirmEveryPublish}.
   *
   * @return the confirm options every channel gets, or empty
   */
  public Optional<ConfirmOptions> confirmEveryPublish() {
    return Optional.ofNullable(settings.confirmEveryPublish());
  }

  /**
   * The byte limit of the asynchronous publish budget (bodies); default 64 MiB.
   *
   * @return the byte limit of the asynchronous publish budget
   */
  public long asyncPublishBudgetBytes() {
    return settings.asyncPublishBudgetBytes();
  }

  /**
   * {@return the {@code connection_name} client property, shown by the management UI} Default none.
   */
  public Optional<String> connectionName() {
    return Optional.ofNullable(settings.connectionName());
  }

  /**
   * The SASL mechanisms configured, in order of preference; empty (the default) means {@link
   * SaslMechanisms#defaultsFor(Credentials) the defaults for the credentials}. The connection calls
   * {@link #authMechanismsFor(Credentials)}.
   *
   * @return the configured mechanisms (unmodifiable); empty for the defaults
   */
  public List<SaslMechanism> authMechanisms() {
    return settings.authMechanisms();
  }

  /**
   * The mechanisms to offer for an attempt made with {@code credentials}: those configured, else
   * {@code [PLAIN, AMQPLAIN]} for {@link PlainCredentials} and {@code [EXTERNAL]} for {@link
   * ExternalCredentials}.
   *
   * @param credentials the credentials of the attempt
   * @return the mechanisms to offer, in order of preference; never empty
   */
  public List<SaslMechanism> authMechanismsFor(Credentials credentials) {
    List<SaslMechanism> configured = settings.authMechanisms();
    return configured.isEmpty() ? SaslMechanisms.defaultsFor(credentials) : configured;
  }

  /**
   * How the connection recovers from a loss nobody asked for; default on ({@link
   * RecoveryPolicy#defaults()}).
   *
   * @return the recovery policy; never null
   */
  public RecoveryPolicy recovery() {
    return settings.recovery();
  }

  /**
   * The threads this connection runs on: the resources given to {@link
   * Builder#resources(ClientResources)}, or empty for the process-wide default (see {@link
   * ClientResources}).
   *
   * @return the resources, or empty for the process-wide default
   */
  public Optional<ClientResources> resources() {
    return Optional.ofNullable(settings.resources());
  }

  /**
   * The observers registered with {@link Builder#observer(ClientObserver)}, in that order.
   *
   * @return an unmodifiable list, empty (the default) when none
   */
  public List<ClientObserver> observers() {
    return settings.observers();
  }

  /**
   * {@return this endpoint as a URI without credentials or query: {@code amqps://rabbit1:5671/%2F}}
   */
  public String endpoint() {
    return ConnectionParametersText.endpoint(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectionParameters p && settings.equals(p.settings);
  }

  @Override
  public int hashCode() {
    return settings.hashCode();
  }

  /** Every parameter; credentials as {@code PlainCredentials[username=x, password=<redacted>]}. */
  @Override
  public String toString() {
    return ConnectionParametersText.describe(this);
  }

  /**
   * Builds {@link ConnectionParameters}. Every setter validates its argument at once and throws
   * {@link IllegalArgumentException} naming the parameter and its accepted range (or {@link
   * NullPointerException} for a null where none is allowed). Not thread-safe.
   */
  public static final class Builder {
    private ConnectionSettings settings;

    private Builder() {
      this.settings = new ConnectionSettings();
    }

    private Builder(ConnectionParameters p) {
      this.settings = p.settings.copy();
    }

    /**
     * How the connection recovers from losses: {@link RecoveryPolicy#defaults()} (on) unless
     * changed; {@link RecoveryPolicy#disabled()} for pika's behaviour.
     *
     * @param policy the recovery policy
     * @return this builder
     */
    public Builder recovery(RecoveryPolicy policy) {
      settings.recovery(policy);
      return this;
    }

    /**
     * Adds an observer of the connections opened with these parameters: metrics, traces (see {@link
     * ClientObserver} and docs/observability.md). Observers are called in the order they were
     * added; one may watch many connections. None by default, which costs nothing.
     *
     * @param observer the observer; not null
     * @return this builder
     * @throws NullPointerException when {@code observer} is null
     */
    public Builder observer(ClientObserver observer) {
      settings.addObserver(observer);
      return this;
    }

    /**
     * The threads the connection runs on: its I/O thread comes from {@code resources}, and its
     * callbacks run on their callback executor. Without this setting the connection uses the
     * process-wide default resources, created when the first connection needs them and released
     * when the last one closes. Connections built from parameters with the same resources share
     * them; closing the connection never closes the resources.
     *
     * @param resources the threads to run on; the connection never closes them
     * @return this builder
     * @throws NullPointerException when {@code resources} is null
     */
    public Builder resources(ClientResources resources) {
      settings.resources(resources);
      return this;
    }

    /**
     * The broker's host name or IP address; an IPv6 address may be given with or without brackets
     * ({@code "[::1]"} or {@code "::1"}). Default "localhost".
     *
     * @param host the host name or address
     * @return this builder
     * @throws IllegalArgumentException when empty or containing whitespace, {@code /}, {@code ?},
     *     {@code #} or {@code @}
     */
    public Builder host(String host) {
      settings.host(host);
      return this;
    }

    /**
     * The broker's port, 1 to 65535. Default: 5672, or 5671 with TLS.
     *
     * @param port the port, 1 to 65535
     * @return this builder
     * @throws IllegalArgumentException when out of range
     */
    public Builder port(int port) {
      settings.port(port);
      return this;
    }

    /**
     * Forget an explicit port: 5672, or 5671 with TLS.
     *
     * @return this builder
     */
    public Builder defaultPort() {
      settings.defaultPort();
      return this;
    }

    /**
     * Host and optional port in one string, as py-amqp's {@code host}: {@code "rabbit1"}, {@code
     * "rabbit1:5673"}, {@code "[::1]:5673"}, {@code "::1"}. Without a port, the port is reset to
     * the default.
     *
     * @param hostAndPort the host and port
     * @return this builder
     * @throws IllegalArgumentException when the host or the port is invalid
     */
    public Builder address(String hostAndPort) {
      settings.address(hostAndPort);
      return this;
    }

    /**
     * The virtual host; default "/". The empty string is a valid name (RabbitMQ URIs ending in
     * {@code /} select it).
     *
     * @param virtualHost the virtual host
     * @return this builder
     * @throws IllegalArgumentException when longer than 255 UTF-8 bytes
     */
    public Builder virtualHost(String virtualHost) {
      settings.virtualHost(virtualHost);
      return this;
    }

    /**
     * Fixed credentials for every attempt. Default {@link PlainCredentials#guest()}, which RabbitMQ
     * accepts from localhost only.
     *
     * @param credentials the credentials
     * @return this builder
     */
    public Builder credentials(Credentials credentials) {
      settings.credentials(credentials);
      return this;
    }

    /**
     * A provider called at each connection attempt, for secrets that change.
     *
     * @param provider called at each attempt for the credentials
     * @return this builder
     */
    public Builder credentialsProvider(CredentialsProvider provider) {
      settings.credentialsProvider(provider);
      return this;
    }

    /**
     * The largest channel number the client will use: 1 to 65535, or 0 for no limit of the client's
     * own (the broker's applies). Default 2047.
     *
     * @param channelMax 0 to 65535
     * @return this builder
     * @throws IllegalArgumentException when outside 0..65535
     */
    public Builder channelMax(int channelMax) {
      settings.channelMax(channelMax);
      return this;
    }

    /**
     * The largest frame the client accepts, in bytes, from 4096 to 2147483647. Default 131072. The
     * smaller of this and the broker's value is used.
     *
     * @param frameMax the largest frame in bytes, 4096 or more
     * @return this builder
     * @throws IllegalArgumentException when below 4096
     */
    public Builder frameMax(int frameMax) {
      settings.frameMax(frameMax);
      return this;
    }

    /**
     * How to negotiate the heartbeat. Default {@link HeartbeatPolicy#brokerDefault()}.
     *
     * @param heartbeat the heartbeat policy
     * @return this builder
     */
    public Builder heartbeat(HeartbeatPolicy heartbeat) {
      settings.heartbeat(heartbeat);
      return this;
    }

    /**
     * Ask for a heartbeat timeout: {@code heartbeat(HeartbeatPolicy.of(timeout))}; {@code ZERO}
     * turns heartbeats off.
     *
     * @param timeout the timeout to ask for, whole seconds from 0 to 65535
     * @return this builder
     * @throws IllegalArgumentException when not a whole number of seconds in 0..65535
     */
    public Builder heartbeat(Duration timeout) {
      return heartbeat(HeartbeatPolicy.of(timeout));
    }

    /**
     * TLS settings; null (the default) for plain TCP.
     *
     * @param tls the TLS settings; null for plain TCP
     * @return this builder
     */
    public Builder tls(TlsOptions tls) {
      settings.tls(tls);
      return this;
    }

    /**
     * How many times to try this endpoint, 1 or more. Default 1.
     *
     * @param attempts 1 or more
     * @return this builder
     * @throws IllegalArgumentException when below 1
     */
    public Builder connectionAttempts(int attempts) {
      settings.connectionAttempts(attempts);
      return this;
    }

    /**
     * The pause before each retry, zero or more. Default 2 s.
     *
     * @param delay zero or more
     * @return this builder
     * @throws IllegalArgumentException when negative
     */
    public Builder retryDelay(Duration delay) {
      settings.retryDelay(delay);
      return this;
    }

    /**
     * The TCP connect timeout, from 1 ms to 2147483647 ms. Default 10 s.
     *
     * @param timeout the TCP connect timeout
     * @return this builder
     * @throws IllegalArgumentException when outside that range
     */
    public Builder socketTimeout(Duration timeout) {
      settings.socketTimeout(timeout);
      return this;
    }

    /**
     * The timeout of the whole TCP + TLS + AMQP opening, positive. Default 15 s.
     *
     * @param timeout the timeout of the whole opening
     * @return this builder
     * @throws IllegalArgumentException when zero or negative
     */
    public Builder stackTimeout(Duration timeout) {
      settings.stackTimeout(timeout);
      return this;
    }

    /**
     * The locale sent to the broker, such as "en_US". Default "en_US".
     *
     * @param locale the locale, such as "en_US"
     * @return this builder
     * @throws IllegalArgumentException when empty
     */
    public Builder locale(String locale) {
      settings.locale(locale);
      return this;
    }

    /**
     * How long the connection may stay blocked by the broker before it is torn down; null (the
     * default) for no limit.
     *
     * @param timeout the longest blocked time; null for no limit
     * @return this builder
     * @throws IllegalArgumentException when zero or negative
     */
    public Builder blockedConnectionTimeout(Duration timeout) {
      settings.blockedConnectionTimeout(timeout);
      return this;
    }

    /**
     * Client properties merged over the library's own; replaces any set before. Values: String,
     * Boolean, Byte, Short, Integer, Long, Float, Double, BigDecimal, Instant, and Map/List of
     * these.
     *
     * @param properties the properties; copied
     * @return this builder
     * @throws IllegalArgumentException for a null or unsupported value or an invalid key
     */
    public Builder clientProperties(Map<String, ?> properties) {
      settings.clientProperties(properties);
      return this;
    }

    /**
     * Adds (or replaces) one client property; see {@link #clientProperties(Map)}.
     *
     * @param value its value (see {@link #clientProperties(Map)} for the types)
     * @param key the property's name
     * @return this builder
     */
    public Builder clientProperty(String key, Object value) {
      settings.clientProperty(key, value);
      return this;
    }

    /**
     * The TCP socket options. Default {@link TcpOptions#defaults()}.
     *
     * @param options the socket options
     * @return this builder
     */
    public Builder tcpOptions(TcpOptions options) {
      settings.tcpOptions(options);
      return this;
    }

    /**
     * The deadline of each blocking call, positive. Default 30 s.
     *
     * @param timeout the RPC timeout, positive
     * @return this builder
     * @throws IllegalArgumentException when zero or negative
     */
    public Builder rpcTimeout(Duration timeout) {
      settings.rpcTimeout(timeout);
      return this;
    }

    /**
     * The largest inbound message body accepted, from 1 to 2147483639 bytes. Default 64 MiB.
     *
     * @param bytes the limit in bytes
     * @return this builder
     * @throws IllegalArgumentException when outside that range
     */
    public Builder maxInboundBodySize(long bytes) {
      settings.maxInboundBodySize(bytes);
      return this;
    }

    /**
     * Confirms every publish on this connection (py-amqp's {@code confirm_publish=True}): each
     * channel the application opens is put in confirm mode with {@code options} before {@code
     * openChannel} returns it (recovery restores it), and {@link Channel#basicPublish} then waits
     * for the broker's confirm as {@link Channel#publishConfirmed} does, throwing {@link
     * dev.warren.errors.NackedException} or {@link dev.warren.errors.UnroutableException}; {@link
     * AsyncChannel#basicPublish}'s future completes at the confirm. Null (the default) leaves
     * confirm mode to each channel.
     *
     * @param options the confirm window each channel gets ({@link ConfirmOptions#unbounded()} for
     *     none), or null to turn it off
     * @return this builder
     */
    public Builder confirmEveryPublish(ConfirmOptions options) {
      settings.confirmEveryPublish(options);
      return this;
    }

    /**
     * Bounds the asynchronous publishes the connection holds before they are written (waiting at a
     * gate or queued for the I/O thread), shared by its channels: at most {@code maxMessages}
     * publishes and {@code maxBytes} bytes of their bodies. An asynchronous publish past either
     * limit fails at once with {@link dev.warren.errors.BackpressureTimeoutException} naming the
     * gate the held ones wait at; a held one that waits longer than its publish timeout fails the
     * same way. Blocking publishes are not counted: they hold their thread instead. Defaults
     * 100,000 messages and 64 MiB.
     *
     * @param maxMessages the most asynchronous publishes held at once
     * @param maxBytes the most bytes of bodies held at once
     * @return this builder
     * @throws IllegalArgumentException when either limit is below 1
     */
    public Builder asyncPublishBudget(int maxMessages, long maxBytes) {
      settings.asyncPublishBudget(maxMessages, maxBytes);
      return this;
    }

    /**
     * A name for the connection, shown by the RabbitMQ management UI; null (the default) for none.
     *
     * @param name the name shown by the management UI; null for none
     * @return this builder
     * @throws IllegalArgumentException when blank
     */
    public Builder connectionName(String name) {
      settings.connectionName(name);
      return this;
    }

    /**
     * The SASL mechanisms to offer, in order of preference (py-amqp's {@code authentication} /
     * {@code login_method}); none restores the default, which depends on the credentials.
     *
     * @param mechanisms the mechanisms, in order of preference; none for the defaults
     * @return this builder
     * @throws IllegalArgumentException when two mechanisms have the same name
     */
    public Builder authMechanisms(SaslMechanism... mechanisms) {
      Objects.requireNonNull(mechanisms, "authMechanisms");
      return authMechanisms(Arrays.asList(mechanisms));
    }

    /**
     * See {@link #authMechanisms(SaslMechanism...)}.
     *
     * @param mechanisms the mechanisms, in order of preference; empty for the defaults
     * @return this builder
     */
    public Builder authMechanisms(List<? extends SaslMechanism> mechanisms) {
      settings.authMechanisms(mechanisms);
      return this;
    }

    /**
     * Applies an {@code amqp://} or {@code amqps://} URI (RabbitMQ's URI specification, pika's
     * {@code URLParameters}) over this builder: what the URI states replaces the builder's value,
     * the rest is kept. On error the builder is unchanged.
     *
     * <p>Syntax: {@code amqp[s]://[user[:password]@][host][:port][/vhost][?key=value&...]}. User,
     * password, host and vhost are percent-decoded (UTF-8): {@code %2F} is "/". IPv6 addresses are
     * written in brackets ({@code amqp://[::1]:5672}). Without a port the port follows the scheme
     * (5672 / 5671). Without a path the virtual host is kept (default "/"); an empty path ({@code
     * amqp://host/}) is the empty virtual host "", as the RabbitMQ specification says; a vhost
     * containing an unencoded "/" is an error, and so is an unencoded "@" after the host (it
     * usually betrays a password with an unencoded '/', '?' or '#': percent-encode them). Query
     * values are form-decoded ('+' is a space). A user without a password keeps the current
     * password (default "guest"). {@code amqps} turns TLS on (keeping TLS options already set),
     * {@code amqp} turns it off.
     *
     * <p>Query keys are pika's and RabbitMQ's ({@code heartbeat}, {@code channel_max}, {@code
     * ssl_options} ...) plus Warren's own; durations are seconds (fractions allowed), except {@code
     * connection_timeout}, which is milliseconds as in RabbitMQ. {@code
     * docs/connection-parameters.md} lists every key with its values.
     *
     * @param uri the URI
     * @return this builder
     * @throws InvalidUriException when the URI is malformed, has an unknown key or a bad value; the
     *     message names the key and value (and lists the accepted keys), never the password
     */
    public Builder uri(String uri) {
      Builder scratch = new Builder(build());
      AmqpUriParser.apply(uri, scratch, build());
      settings = scratch.settings;
      return this;
    }

    /**
     * The parameters.
     *
     * @return a copy of this value with the change; this one is unchanged
     */
    public ConnectionParameters build() {
      return new ConnectionParameters(this);
    }
  }
}
