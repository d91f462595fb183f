/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

import java.time.Duration;

/**
 * A publish waited for room to go out longer than its deadline. {@link #waitedFor()} says which of
 * the three backpressure gates held it.
 *
 * @since 0.1
 */
public class BackpressureTimeoutException extends AmqpException {
  private static final long serialVersionUID = 1L;

  /** What a publish can wait for. */
  public enum Gate {
    /** The socket's write buffer was full: the network or the broker reads slower than we write. */
    WRITE_BUFFER,
    /** The broker blocked the connection (connection.blocked: memory or disk alarm). */
    BLOCKED_CONNECTION,
    /** The channel's window of unconfirmed publishes was full. */
    CONFIRM_WINDOW
  }

  /** The gate that held the publish. */
  private final Gate waitedFor;

  /**
   * A publish that waited at {@code waitedFor} for longer than {@code timeout}.
   *
   * @param waitedFor the gate that held the publish; never null
   * @param timeout the deadline that passed; never null
   */
  public BackpressureTimeoutException(Gate waitedFor, Duration timeout) {
    super(NO_REPLY_CODE, describe(waitedFor, timeout));
    this.waitedFor = waitedFor;
  }

  private static String describe(Gate gate, Duration timeout) {
    String what =
        switch (gate) {
          case WRITE_BUFFER -> "room in the socket's write buffer";
          case BLOCKED_CONNECTION -> "the broker to unblock the connection (memory or disk alarm)";
          case CONFIRM_WINDOW -> "room in the channel's window of unconfirmed publishes";
        };
    return "publish timed out after " + timeout.toMillis() + " ms waiting for " + what;
  }

  /**
   * The gate the publish was waiting for when its deadline passed.
   *
   * @return the gate; never null
   */
  public Gate waitedFor() {
    return waitedFor;
  }
}
