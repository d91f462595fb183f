/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How to publish one message.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class PublishOptions {
  private final Duration timeout;
  private final boolean mandatory;

  private PublishOptions(Duration timeout, boolean mandatory) {
    this.timeout = timeout;
    this.mandatory = mandatory;
  }

  /** Not mandatory, the connection's timeout. */
  public static final PublishOptions DEFAULT = new PublishOptions(null, false);

  /** {@return the defaults: not mandatory, the connection's timeout} */
  public static PublishOptions defaults() {
    return DEFAULT;
  }

  /**
   * {@return how long a publish may wait for room (write buffer, blocked connection) and, for a
   * confirmed publish, for the confirm; null means the RPC timeout of the connection}
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Ask the broker to return the message (basic.return) when no queue is bound for it, instead of
   * dropping it.
   *
   * @return a copy of this value with the change; this one is unchanged
   */
  public PublishOptions mandatory() {
    return new PublishOptions(timeout, true);
  }

  /**
   * {@return whether mandatory is set: ask the broker to return the message (basic.return) when no
   * queue is bound for it, instead of dropping it}
   */
  public boolean isMandatory() {
    return mandatory;
  }

  /**
   * The deadline of this publish.
   *
   * @param newTimeout the new timeout
   * @return a copy of this value with the change; this one is unchanged
   */
  public PublishOptions withTimeout(Duration newTimeout) {
    return new PublishOptions(newTimeout, mandatory);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PublishOptions other)) {
      return false;
    }
    return Objects.equals(timeout, other.timeout) && mandatory == other.mandatory;
  }

  @Override
  public int hashCode() {
    return Objects.hash(timeout, mandatory);
  }

  @Override
  public String toString() {
    return "PublishOptions[" + "timeout=" + timeout + ", " + "mandatory=" + mandatory + "]";
  }
}
