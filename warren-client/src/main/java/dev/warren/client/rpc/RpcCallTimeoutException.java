/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.rpc;

import dev.warren.errors.RpcTimeoutException;
import java.time.Duration;

/**
 * An {@link RpcClient} call got no reply within its timeout. It names the call: its correlation id,
 * exchange and routing key. A reply that arrives later is dropped (logged at debug).
 *
 * @since 0.2
 */
public class RpcCallTimeoutException extends RpcTimeoutException {
  private static final long serialVersionUID = 1L;

  /** The call's correlation id. */
  private final String correlationId;

  /** The exchange the request was published to. */
  private final String exchange;

  /** The routing key the request was published with. */
  private final String routingKey;

  /** The call's timeout. */
  private final Duration timeout;

  /**
   * A call that got no reply within {@code timeout}.
   *
   * @param correlationId the call's correlation id
   * @param exchange the exchange the request was published to
   * @param routingKey its routing key
   * @param timeout the call's timeout
   */
  public RpcCallTimeoutException(
      String correlationId, String exchange, String routingKey, Duration timeout) {
    super("RPC call " + correlationId, timeout);
    this.correlationId = correlationId;
    this.exchange = exchange;
    this.routingKey = routingKey;
    this.timeout = timeout;
  }

  @Override
  public String getMessage() {
    return "no reply to RPC call "
        + correlationId
        + " (exchange '"
        + exchange
        + "', routing key '"
        + routingKey
        + "') within "
        + timeout.toMillis()
        + " ms; check that a server consumes the requests and answers to reply_to with the"
        + " correlation id, or raise the timeout";
  }

  /** {@return the call's correlation id} */
  public String correlationId() {
    return correlationId;
  }

  /** {@return the exchange the request was published to} */
  public String exchange() {
    return exchange;
  }

  /** {@return the routing key the request was published with} */
  public String routingKey() {
    return routingKey;
  }

  /** {@return the call's timeout} */
  public Duration timeout() {
    return timeout;
  }
}
