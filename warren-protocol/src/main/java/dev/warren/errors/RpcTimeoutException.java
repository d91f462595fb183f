/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

import java.time.Duration;

/**
 * A blocking call's deadline passed before the broker answered. The message names the method waited
 * for. The channel's state is unknown afterwards; closing it is the safe choice.
 *
 * @since 0.1
 */
public class RpcTimeoutException extends AmqpException {
  private static final long serialVersionUID = 1L;

  /** What was waited for. */
  private final String method;

  /**
   * A deadline that passed while waiting for {@code method}.
   *
   * @param method what was waited for, such as {@code queue.declare-ok}
   * @param timeout the deadline that passed
   */
  public RpcTimeoutException(String method, Duration timeout) {
    super(
        NO_REPLY_CODE,
        "timed out after "
            + timeout.toMillis()
            + " ms waiting for the reply to "
            + method
            + "; raise the RPC timeout or check that the broker is responsive");
    this.method = method;
  }

  /**
   * What was waited for.
   *
   * @return the protocol name of the reply or event waited for, such as {@code queue.declare-ok}
   */
  public String method() {
    return method;
  }
}
