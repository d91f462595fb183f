/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * How a connection comes back after a loss the application did not ask for (socket error, heartbeat
 * timeout, broker close with 320 CONNECTION_FORCED, broker restart): reconnect over the endpoint
 * list with exponential backoff and jitter, reopen the channels with the same numbers, restore qos,
 * confirm and tx modes, redeclare the recorded exchanges, queues and bindings, and re-subscribe
 * every consumer with the same callbacks and tags.
 *
 * <pre>{@code
 * RecoveryPolicy.builder()
 *     .backoff(Duration.ofMillis(100), Duration.ofSeconds(10))
 *     .giveUpAfter(Duration.ofMinutes(5))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. Defaults: on; first retry after 100 ms, doubling up to 10 s with
 * ±25 % jitter; never give up; operations made while recovering wait up to the RPC timeout; no
 * republishing; consumers cancelled by the broker are not re-subscribed; the first connect is not
 * retried beyond its connection attempts.
 *
 * @since 0.1
 */
public final class RecoveryPolicy {
  private static final RecoveryPolicy DEFAULT = builder().build();
  private static final RecoveryPolicy DISABLED = builder().disabled().build();

  /** What to do with a consumer the broker cancelled (its queue was deleted, say). */
  public enum BrokerCancelPolicy {
    /** Tell the consumer (handleCancel) and forget it. */
    FORGET,
    /**
     * Tell the consumer, then re-subscribe it, with the same callbacks and tag, once its queue
     * exists again (checked with a passive declare at each interval).
     */
    RESUBSCRIBE_WHEN_QUEUE_EXISTS
  }

  private final boolean enabled;
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final double jitter;
  private final int maxAttempts;
  private final Duration maxDuration;
  private final Duration operationWait;
  private final boolean retryFirstConnect;
  private final int republishMaxMessages;
  private final long republishMaxBytes;
  private final BrokerCancelPolicy brokerCancel;
  private final Duration resubscribeInterval;
  private final Predicate<Object> topologyFilter;

  private RecoveryPolicy(Builder b) {
    this.enabled = b.enabled;
    this.initialDelay = b.initialDelay;
    this.maxDelay = b.maxDelay;
    this.jitter = b.jitter;
    this.maxAttempts = b.maxAttempts;
    this.maxDuration = b.maxDuration;
    this.operationWait = b.operationWait;
    this.retryFirstConnect = b.retryFirstConnect;
    this.republishMaxMessages = b.republishMaxMessages;
    this.republishMaxBytes = b.republishMaxBytes;
    this.brokerCancel = b.brokerCancel;
    this.resubscribeInterval = b.resubscribeInterval;
    this.topologyFilter = b.topologyFilter;
  }

  /** {@return the defaults (see the class description)} */
  public static RecoveryPolicy defaults() {
    return DEFAULT;
  }

  /** {@return a policy of no recovery: a lost connection stays closed, as in pika and py-amqp} */
  public static RecoveryPolicy disabled() {
    return DISABLED;
  }

  /**
   * A builder starting from the defaults (recovery on). Not thread-safe.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether connections recover automatically.
   *
   * @return false for {@link #disabled()}
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * The delay before recovery attempt {@code attempt} (1-based): {@code initialDelay * 2^(n-1)},
   * capped at the maximum, then spread by the jitter using {@code random} in [0, 1).
   *
   * @param attempt the attempt's number, from 1
   * @param random a number in [0, 1) that spreads the delay
   * @return the delay, zero or more
   */
  public Duration delayBefore(int attempt, double random) {
    double base = initialDelay.toNanos() * Math.pow(2, Math.min(attempt - 1, 30));
    double capped = Math.min(base, maxDelay.toNanos());
    double spread = capped * (1 + jitter * (2 * random - 1));
    return Duration.ofNanos((long) Math.max(0, spread));
  }

  /** {@return the most recovery attempts before giving up; 0 for no limit} */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** {@return how long to keep trying before giving up; empty for no limit} */
  public Optional<Duration> maxDuration() {
    return Optional.ofNullable(maxDuration);
  }

  /**
   * How long an operation made while recovering waits for the recovery; empty means the RPC
   * timeout, {@link Duration#ZERO} fails fast.
   *
   * @return the wait, or empty for the RPC timeout
   */
  public Optional<Duration> operationWait() {
    return Optional.ofNullable(operationWait);
  }

  /**
   * {@return whether the first connect retries over this policy after its connection attempts fail}
   */
  public boolean retriesFirstConnect() {
    return retryFirstConnect;
  }

  /** {@return the most unconfirmed publishes kept for republishing after recovery; 0 = off} */
  public int republishMaxMessages() {
    return republishMaxMessages;
  }

  /** {@return the most bytes of unconfirmed publishes kept for republishing after recovery} */
  public long republishMaxBytes() {
    return republishMaxBytes;
  }

  /**
   * What happens to a consumer the broker cancels (its queue deleted, say).
   *
   * @return the policy; never null
   */
  public BrokerCancelPolicy brokerCancelPolicy() {
    return brokerCancel;
  }

  /** {@return how often a broker-cancelled consumer's queue is looked for} */
  public Duration resubscribeInterval() {
    return resubscribeInterval;
  }

  /**
   * Whether a recorded entity is recovered: the filter sees {@link ExchangeSpec}, {@link
   * QueueSpec}, {@link Binding} and {@link ConsumeSpec} values.
   *
   * @param entity a recorded spec
   * @return whether recovery declares it again
   */
  public boolean recovers(Object entity) {
    return topologyFilter.test(entity);
  }

  /**
   * Equal when every setting is; the topology filters must be the same object (a lambda has no
   * value equality).
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof RecoveryPolicy p
        && enabled == p.enabled
        && initialDelay.equals(p.initialDelay)
        && maxDelay.equals(p.maxDelay)
        && Double.compare(jitter, p.jitter) == 0
        && maxAttempts == p.maxAttempts
        && Objects.equals(maxDuration, p.maxDuration)
        && Objects.equals(operationWait, p.operationWait)
        && retryFirstConnect == p.retryFirstConnect
        && republishMaxMessages == p.republishMaxMessages
        && republishMaxBytes == p.republishMaxBytes
        && brokerCancel == p.brokerCancel
        && resubscribeInterval.equals(p.resubscribeInterval)
        && topologyFilter == p.topologyFilter;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        enabled,
        initialDelay,
        maxDelay,
        jitter,
        maxAttempts,
        maxDuration,
        operationWait,
        retryFirstConnect,
        republishMaxMessages,
        republishMaxBytes,
        brokerCancel,
        resubscribeInterval,
        System.identityHashCode(topologyFilter));
  }

  @Override
  public String toString() {
    return enabled
        ? "RecoveryPolicy[backoff "
            + initialDelay.toMillis()
            + "ms.."
            + maxDelay.toMillis()
            + "ms, maxAttempts="
            + (maxAttempts == 0 ? "unlimited" : maxAttempts)
            + ", maxDuration="
            + (maxDuration == null ? "unlimited" : maxDuration)
            + ", brokerCancel="
            + brokerCancel
            + "]"
        : "RecoveryPolicy[disabled]";
  }

  /** Builds a {@link RecoveryPolicy}. Not thread-safe. */
  public static final class Builder {
    private boolean enabled = true;
    private Duration initialDelay = Duration.ofMillis(100);
    private Duration maxDelay = Duration.ofSeconds(10);
    private double jitter = 0.25;
    private int maxAttempts;
    private Duration maxDuration;
    private Duration operationWait;
    private boolean retryFirstConnect;
    private int republishMaxMessages;
    private long republishMaxBytes;
    private BrokerCancelPolicy brokerCancel = BrokerCancelPolicy.FORGET;
    private Duration resubscribeInterval = Duration.ofSeconds(1);
    private Predicate<Object> topologyFilter = e -> true;

    private Builder() {}

    /**
     * Turns recovery off.
     *
     * @return this builder
     */
    public Builder disabled() {
      enabled = false;
      return this;
    }

    /**
     * Exponential backoff: the first retry after {@code initial}, doubling up to {@code max}.
     *
     * @param max the longest delay, at least {@code initial}
     * @param initial the delay before the first retry, zero or more
     * @return this builder
     * @throws IllegalArgumentException when {@code initial} is negative or above {@code max}
     */
    public Builder backoff(Duration initial, Duration max) {
      if (initial.isNegative() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            "backoff needs 0 <= initial <= max, got " + initial + " and " + max);
      }
      initialDelay = initial;
      maxDelay = max;
      return this;
    }

    /**
     * Spreads each delay by up to ± this fraction (0..1) so clients do not retry in step.
     *
     * @param fraction from 0 (no jitter) to 1
     * @return this builder
     */
    public Builder jitter(double fraction) {
      if (fraction < 0 || fraction > 1) {
        throw new IllegalArgumentException("jitter must be 0..1, got " + fraction);
      }
      jitter = fraction;
      return this;
    }

    /**
     * Gives up after this many attempts (at least 1).
     *
     * @param attempts the most attempts, 0 for no limit
     * @return this builder
     */
    public Builder giveUpAfter(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
      }
      maxAttempts = attempts;
      return this;
    }

    /**
     * Gives up after trying for this long.
     *
     * @param duration how long to keep trying
     * @return this builder
     */
    public Builder giveUpAfter(Duration duration) {
      maxDuration = Objects.requireNonNull(duration, "duration");
      return this;
    }

    /**
     * Never gives up (the default).
     *
     * @return this builder
     */
    public Builder neverGiveUp() {
      maxAttempts = 0;
      maxDuration = null;
      return this;
    }

    /**
     * How long operations made while recovering wait; {@link Duration#ZERO} fails fast.
     *
     * @param wait how long operations wait; {@link Duration#ZERO} fails them at once
     * @return this builder
     */
    public Builder operationWait(Duration wait) {
      operationWait = Objects.requireNonNull(wait, "wait");
      return this;
    }

    /**
     * Makes the first connect retry over this policy too.
     *
     * @return this builder
     */
    public Builder retryFirstConnect() {
      retryFirstConnect = true;
      return this;
    }

    /**
     * After recovery, republishes the publishes that were not confirmed at the loss, in their
     * order, before anything published later: the oldest ones, up to this many messages and bytes
     * in all, are kept; the others fail as usual with a {@code ConnectionLostException}. Their
     * futures complete on the new confirms. A republished message may be a duplicate (the broker
     * may have routed the first copy) and goes without the mandatory flag.
     *
     * @param maxBytes the most body bytes kept in all
     * @param maxMessages the most messages kept, 0 for none
     * @return this builder
     * @throws IllegalArgumentException when a bound is negative
     */
    public Builder republishUnconfirmed(int maxMessages, long maxBytes) {
      if (maxMessages < 0 || maxBytes < 0) {
        throw new IllegalArgumentException("bounds must not be negative");
      }
      republishMaxMessages = maxMessages;
      republishMaxBytes = maxBytes;
      return this;
    }

    /**
     * What to do with consumers the broker cancels.
     *
     * @param checkInterval how often to look for the queue of a consumer waiting to be
     *     re-subscribed
     * @param policy what to do
     * @return this builder
     */
    public Builder onBrokerCancel(BrokerCancelPolicy policy, Duration checkInterval) {
      brokerCancel = Objects.requireNonNull(policy, "policy");
      resubscribeInterval = Objects.requireNonNull(checkInterval, "checkInterval");
      return this;
    }

    /**
     * Recovers only the entities the filter accepts (see {@link RecoveryPolicy#recovers}).
     *
     * @param filter the filter
     * @return this builder
     */
    public Builder topologyFilter(Predicate<Object> filter) {
      topologyFilter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /**
     * The policy built so far.
     *
     * @return the policy
     */
    public RecoveryPolicy build() {
      return new RecoveryPolicy(this);
    }
  }
}
