/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import dev.warren.client.internal.config.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Socket options of the connection's TCP socket (pika's {@code tcp_options}, py-amqp's {@code
 * socket_settings}).
 *
 * <table>
 *   <caption>Options and defaults</caption>
 *   <tr><th>option</th><th>default</th><th>socket option</th></tr>
 *   <tr><td>{@link #noDelay()}</td><td>true (Nagle's algorithm off)</td><td>TCP_NODELAY</td></tr>
 *   <tr><td>{@link #keepAlive()}</td><td>false (AMQP heartbeats detect dead peers)</td>
 *       <td>SO_KEEPALIVE</td></tr>
 *   <tr><td>{@link #keepIdle()}</td><td>the OS's (Linux: 7200 s)</td><td>TCP_KEEPIDLE</td></tr>
 *   <tr><td>{@link #keepInterval()}</td><td>the OS's (Linux: 75 s)</td><td>TCP_KEEPINTVL</td></tr>
 *   <tr><td>{@link #keepCount()}</td><td>the OS's (Linux: 9)</td><td>TCP_KEEPCNT</td></tr>
 *   <tr><td>{@link #userTimeout()}</td><td>the OS's (off)</td><td>TCP_USER_TIMEOUT</td></tr>
 *   <tr><td>{@link #sendBufferSize()}</td><td>the OS's</td><td>SO_SNDBUF</td></tr>
 *   <tr><td>{@link #receiveBufferSize()}</td><td>the OS's</td><td>SO_RCVBUF</td></tr>
 *   <tr><td>{@link #receiveCoalescing()}</td><td>100 µs</td><td>— (how Warren schedules its
 *       reads)</td></tr>
 * </table>
 *
 * <p>{@code keepIdle}, {@code keepInterval}, {@code keepCount} and {@code userTimeout} are Linux
 * options: they apply when the connection uses Netty's native epoll transport (the default on Linux
 * when available) and are ignored, with a debug log, on the NIO transport. Setting any of the three
 * {@code keep*} options turns {@link #keepAlive()} on.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class TcpOptions {
  /** Default {@link #receiveCoalescing()}: 100 µs. */
  public static final Duration DEFAULT_RECEIVE_COALESCING = Duration.ofNanos(100_000);

  /** Largest {@link #receiveCoalescing()}: 10 ms. */
  public static final Duration MAX_RECEIVE_COALESCING = Duration.ofMillis(10);

  private static final TcpOptions DEFAULTS = new Builder().build();

  private final boolean noDelay;
  private final boolean keepAlive;
  private final Duration keepIdle;
  private final Duration keepInterval;
  private final Integer keepCount;
  private final Duration userTimeout;
  private final Integer sendBufferSize;
  private final Integer receiveBufferSize;
  private final Duration receiveCoalescing;

  private TcpOptions(Builder b) {
    this.noDelay = b.noDelay;
    this.keepAlive = b.keepAlive;
    this.keepIdle = b.keepIdle;
    this.keepInterval = b.keepInterval;
    this.keepCount = b.keepCount;
    this.userTimeout = b.userTimeout;
    this.sendBufferSize = b.sendBufferSize;
    this.receiveBufferSize = b.receiveBufferSize;
    this.receiveCoalescing = b.receiveCoalescing;
  }

  /** {@return options with TCP_NODELAY on, everything else as the operating system sets it} */
  public static TcpOptions defaults() {
    return DEFAULTS;
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
   * A builder starting from these options.
   *
   * @return this builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.noDelay = noDelay;
    b.keepAlive = keepAlive;
    b.keepIdle = keepIdle;
    b.keepInterval = keepInterval;
    b.keepCount = keepCount;
    b.userTimeout = userTimeout;
    b.sendBufferSize = sendBufferSize;
    b.receiveBufferSize = receiveBufferSize;
    b.receiveCoalescing = receiveCoalescing;
    return b;
  }

  /** {@return whether TCP_NODELAY is set (Nagle's algorithm off)} Default true. */
  public boolean noDelay() {
    return noDelay;
  }

  /** {@return whether SO_KEEPALIVE is set} Default false. */
  public boolean keepAlive() {
    return keepAlive;
  }

  /**
   * {@return TCP_KEEPIDLE: idle time before the first keep-alive probe; empty for the OS default}
   */
  public Optional<Duration> keepIdle() {
    return Optional.ofNullable(keepIdle);
  }

  /** {@return TCP_KEEPINTVL: time between keep-alive probes; empty for the OS default} */
  public Optional<Duration> keepInterval() {
    return Optional.ofNullable(keepInterval);
  }

  /**
   * {@return TCP_KEEPCNT: unanswered probes before the connection is dropped; empty for the OS
   * default}
   */
  public OptionalInt keepCount() {
    return keepCount == null ? OptionalInt.empty() : OptionalInt.of(keepCount);
  }

  /**
   * {@return TCP_USER_TIMEOUT: how long sent data may stay unacknowledged before the connection is
   * dropped; empty for the OS default}
   */
  public Optional<Duration> userTimeout() {
    return Optional.ofNullable(userTimeout);
  }

  /** {@return SO_SNDBUF in bytes; empty for the OS default} */
  public OptionalInt sendBufferSize() {
    return sendBufferSize == null ? OptionalInt.empty() : OptionalInt.of(sendBufferSize);
  }

  /** {@return SO_RCVBUF in bytes; empty for the OS default} */
  public OptionalInt receiveBufferSize() {
    return receiveBufferSize == null ? OptionalInt.empty() : OptionalInt.of(receiveBufferSize);
  }

  /**
   * How long a busy connection waits between socket reads so that each read takes several frames;
   * {@link Duration#ZERO} reads as soon as data arrives. Default {@link
   * #DEFAULT_RECEIVE_COALESCING}.
   *
   * <p>Not a socket option: Warren's own read scheduling, as network cards moderate interrupts. A
   * connection pauses reading only when data arrived again within half of this window after its
   * previous read (at the default, reads closer than 50 µs: a rate above 20,000 reads a second), so
   * request/response traffic and moderate-rate consumers read at once. A busy connection then reads
   * at most once per window: each read costs a wake-up of the I/O thread and, with the default
   * {@link CallbackThread#DISPATCHER}, of a callback thread, which on small machines costs more CPU
   * than the deliveries it carries. The price is at most one window of added latency for a busy
   * connection's frames. Set it to zero for the lowest latency at high message rates.
   *
   * @return the window; {@link Duration#ZERO} when off
   */
  public Duration receiveCoalescing() {
    return receiveCoalescing;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TcpOptions t
        && noDelay == t.noDelay
        && keepAlive == t.keepAlive
        && Objects.equals(keepIdle, t.keepIdle)
        && Objects.equals(keepInterval, t.keepInterval)
        && Objects.equals(keepCount, t.keepCount)
        && Objects.equals(userTimeout, t.userTimeout)
        && Objects.equals(sendBufferSize, t.sendBufferSize)
        && Objects.equals(receiveBufferSize, t.receiveBufferSize)
        && receiveCoalescing.equals(t.receiveCoalescing);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        noDelay,
        keepAlive,
        keepIdle,
        keepInterval,
        keepCount,
        userTimeout,
        sendBufferSize,
        receiveBufferSize,
        receiveCoalescing);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("TcpOptions{noDelay=").append(noDelay);
    sb.append(", keepAlive=").append(keepAlive);
    if (keepIdle != null) {
      sb.append(", keepIdle=").append(Checks.format(keepIdle));
    }
    if (keepInterval != null) {
      sb.append(", keepInterval=").append(Checks.format(keepInterval));
    }
    if (keepCount != null) {
      sb.append(", keepCount=").append(keepCount);
    }
    if (userTimeout != null) {
      sb.append(", userTimeout=").append(Checks.format(userTimeout));
    }
    if (sendBufferSize != null) {
      sb.append(", sendBufferSize=").append(sendBufferSize);
    }
    if (receiveBufferSize != null) {
      sb.append(", receiveBufferSize=").append(receiveBufferSize);
    }
    if (!receiveCoalescing.equals(DEFAULT_RECEIVE_COALESCING)) {
      sb.append(", receiveCoalescing=").append(Checks.format(receiveCoalescing));
    }
    return sb.append('}').toString();
  }

  /**
   * Builds {@link TcpOptions}. Each setter validates its argument and throws {@link
   * IllegalArgumentException} naming the option and its accepted range. Not thread-safe.
   */
  public static final class Builder {
    private boolean noDelay = true;
    private boolean keepAlive;
    private Duration keepIdle;
    private Duration keepInterval;
    private Integer keepCount;
    private Duration userTimeout;
    private Integer sendBufferSize;
    private Integer receiveBufferSize;
    private Duration receiveCoalescing = DEFAULT_RECEIVE_COALESCING;

    private Builder() {}

    /**
     * Sets TCP_NODELAY: {@code true} (the default) sends small frames at once.
     *
     * @param enabled whether it is enabled
     * @return this builder
     */
    public Builder noDelay(boolean enabled) {
      this.noDelay = enabled;
      return this;
    }

    /**
     * Sets SO_KEEPALIVE. Default false.
     *
     * @param enabled whether it is enabled
     * @return this builder
     */
    public Builder keepAlive(boolean enabled) {
      this.keepAlive = enabled;
      return this;
    }

    /**
     * TCP_KEEPIDLE, whole seconds from 1 to 32767; null for the OS default. Turns keep-alive on.
     *
     * @param idle the idle time; null for the OS default
     * @return this builder
     */
    public Builder keepIdle(Duration idle) {
      this.keepIdle = idle == null ? null : Checks.wholeSeconds("keepIdle", idle, 1, 32767);
      keepAlive |= idle != null;
      return this;
    }

    /**
     * TCP_KEEPINTVL, whole seconds from 1 to 32767; null for the OS default. Turns keep-alive on.
     *
     * @param interval the interval; null for the OS default
     * @return this builder
     */
    public Builder keepInterval(Duration interval) {
      this.keepInterval =
          interval == null ? null : Checks.wholeSeconds("keepInterval", interval, 1, 32767);
      keepAlive |= interval != null;
      return this;
    }

    /**
     * TCP_KEEPCNT, from 1 to 127. Turns keep-alive on.
     *
     * @param count the number of probes, 1 to 127
     * @return this builder
     */
    public Builder keepCount(int count) {
      this.keepCount = Checks.intInRange("keepCount", count, 1, 127);
      keepAlive = true;
      return this;
    }

    /**
     * TCP_USER_TIMEOUT, from 0 ms (the OS default) to 2147483647 ms; null for the OS default.
     * Sub-millisecond parts are dropped.
     *
     * @param timeout the timeout; null for the OS default
     * @return this builder
     */
    public Builder userTimeout(Duration timeout) {
      this.userTimeout =
          timeout == null
              ? null
              : Checks.inRange(
                  "userTimeout", timeout, Duration.ZERO, Duration.ofMillis(Integer.MAX_VALUE));
      return this;
    }

    /**
     * SO_SNDBUF in bytes, from 1 to 2147483647.
     *
     * @param bytes the size in bytes, 1 or more
     * @return this builder
     */
    public Builder sendBufferSize(int bytes) {
      this.sendBufferSize = Checks.intInRange("sendBufferSize", bytes, 1, Integer.MAX_VALUE);
      return this;
    }

    /**
     * SO_RCVBUF in bytes, from 1 to 2147483647.
     *
     * @param bytes the size in bytes, 1 or more
     * @return this builder
     */
    public Builder receiveBufferSize(int bytes) {
      this.receiveBufferSize = Checks.intInRange("receiveBufferSize", bytes, 1, Integer.MAX_VALUE);
      return this;
    }

    /**
     * How long a busy connection waits between reads ({@link TcpOptions#receiveCoalescing()}), from
     * zero (read at once) to {@link #MAX_RECEIVE_COALESCING}.
     *
     * @param window the window; {@link Duration#ZERO} turns it off
     * @return this builder
     */
    public Builder receiveCoalescing(Duration window) {
      this.receiveCoalescing =
          Checks.inRange("receiveCoalescing", window, Duration.ZERO, MAX_RECEIVE_COALESCING);
      return this;
    }

    /**
     * The options.
     *
     * @return a copy of this value with the change; this one is unchanged
     * @throws IllegalArgumentException when keep-alive was turned off after a {@code keep*} option
     *     was set
     */
    public TcpOptions build() {
      if (!keepAlive && (keepIdle != null || keepInterval != null || keepCount != null)) {
        throw new IllegalArgumentException(
            "keepIdle, keepInterval and keepCount need keepAlive(true)");
      }
      return new TcpOptions(this);
    }
  }
}
