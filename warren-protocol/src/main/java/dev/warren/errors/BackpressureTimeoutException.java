/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

import java.time.Duration;

/**
 * A publish waited for room to go out longer than its deadline. {@link #waitedFor()} says which of
 * the four backpressure gates held it. An asynchronous publish that finds the connection's budget
 * of unwritten asynchronous publishes full fails with it at once ({@link #budgetFull}), naming the
 * gate that keeps the budget full.
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
    CONFIRM_WINDOW,
    /** The broker paused the channel with channel.flow(active=false). */
    FLOW
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
    this(waitedFor, describe(waitedFor, timeout));
  }

  private BackpressureTimeoutException(Gate waitedFor, String message) {
    super(NO_REPLY_CODE, message);
    this.waitedFor = waitedFor;
  }

  /**
   * An asynchronous publish refused at once because the connection already holds {@code
   * maxMessages} asynchronous publishes or {@code maxBytes} bytes of their bodies not yet written,
   * while they wait at {@code gate}.
   *
   * @param gate the gate the held publishes wait at; never null
   * @param maxMessages the budget's message limit
   * @param maxBytes the budget's byte limit
   * @return the exception, not thrown
   * @since 0.1
   */
  public static BackpressureTimeoutException budgetFull(Gate gate, int maxMessages, long maxBytes) {
    return new BackpressureTimeoutException(
        gate,
        "asynchronous publish refused: the connection already holds its budget of unwritten"
            + " asynchronous publishes ("
            + maxMessages
            + " messages, "
            + maxBytes
            + " bytes) while they wait for "
            + what(gate)
            + "; publish more once earlier futures complete, or raise"
            + " ConnectionParameters.Builder.asyncPublishBudget");
  }

  private static String describe(Gate gate, Duration timeout) {
    return "publish timed out after " + timeout.toMillis() + " ms waiting for " + what(gate);
  }

  private static String what(Gate gate) {
    return switch (gate) {
      case WRITE_BUFFER -> "room in the socket's write buffer";
      case BLOCKED_CONNECTION -> "the broker to unblock the connection (memory or disk alarm)";
      case CONFIRM_WINDOW -> "room in the channel's window of unconfirmed publishes";
      case FLOW -> "the broker to resume the channel (channel.flow)";
    };
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
