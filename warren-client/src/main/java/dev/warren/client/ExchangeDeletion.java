/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.util.Objects;

/**
 * exchange.delete: which exchange, and under which condition.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class ExchangeDeletion {
  private final String exchange;
  private final boolean ifUnused;
  private final boolean noWait;

  private ExchangeDeletion(String exchange, boolean ifUnused, boolean noWait) {
    this.exchange = Objects.requireNonNull(exchange, "exchange");
    this.ifUnused = ifUnused;
    this.noWait = noWait;
  }

  /**
   * {@return a deletion of this exchange, unconditional}
   *
   * @param exchange the exchange's name
   */
  public static ExchangeDeletion of(String exchange) {
    return new ExchangeDeletion(exchange, false, false);
  }

  /** {@return the exchange} */
  public String exchange() {
    return exchange;
  }

  /**
   * Delete only if it has no bindings (else 406 PRECONDITION_FAILED).
   *
   * @return a copy of this value with the change; this one is unchanged
   */
  public ExchangeDeletion ifUnused() {
    return new ExchangeDeletion(exchange, true, noWait);
  }

  /**
   * {@return whether ifUnused is set: delete only if it has no bindings (else 406
   * PRECONDITION_FAILED)}
   */
  public boolean isIfUnused() {
    return ifUnused;
  }

  /**
   * Do not wait for delete-ok.
   *
   * @return a copy of this value with the change; this one is unchanged
   */
  public ExchangeDeletion noWait() {
    return new ExchangeDeletion(exchange, ifUnused, true);
  }

  /** {@return whether noWait is set: do not wait for delete-ok} */
  public boolean isNoWait() {
    return noWait;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ExchangeDeletion other)) {
      return false;
    }
    return Objects.equals(exchange, other.exchange)
        && ifUnused == other.ifUnused
        && noWait == other.noWait;
  }

  @Override
  public int hashCode() {
    return Objects.hash(exchange, ifUnused, noWait);
  }

  @Override
  public String toString() {
    return "ExchangeDeletion["
        + "exchange="
        + exchange
        + ", "
        + "ifUnused="
        + ifUnused
        + ", "
        + "noWait="
        + noWait
        + "]";
  }
}
