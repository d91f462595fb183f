/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

/**
 * The transport failed under an open connection (socket reset, end of stream, TLS failure) without
 * a connection.close from either side. For a publish, {@link #mayHaveReachedBroker()} says whether
 * the message was already written to the socket and so may have been routed.
 *
 * @since 0.1
 */
public class ConnectionLostException extends ConnectionClosedException {
  private static final long serialVersionUID = 1L;

  /** Whether the operation was written before the loss. */
  private final boolean mayHaveReachedBroker;

  /**
   * A lost transport, for no operation in particular ({@link #mayHaveReachedBroker()} false).
   *
   * @param message what was lost and why
   * @param cause the transport's failure, or null
   */
  public ConnectionLostException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * A lost transport: reply code 320 CONNECTION_FORCED, initiator {@link Initiator#LIBRARY}.
   *
   * @param message what was lost and why
   * @param cause the transport's failure, or null
   * @param mayHaveReachedBroker whether the operation's frames had been written to the socket
   */
  public ConnectionLostException(String message, Throwable cause, boolean mayHaveReachedBroker) {
    super(ReplyCode.CONNECTION_FORCED, "", Initiator.LIBRARY, message, cause);
    this.mayHaveReachedBroker = mayHaveReachedBroker;
  }

  /**
   * Whether the operation's frames had been handed to the socket before the loss, so the broker may
   * have acted on them (a publish may have been routed and may later be delivered).
   *
   * @return true when the broker may have received the operation, false when it was not sent
   */
  public boolean mayHaveReachedBroker() {
    return mayHaveReachedBroker;
  }

  /**
   * A copy of this exception for one operation, saying whether it may have reached the broker.
   *
   * @param written whether that operation had been written to the socket
   * @return a new exception with the same cause and a message that says it
   */
  public ConnectionLostException forOperation(boolean written) {
    return new ConnectionLostException(
        getMessage()
            + (written
                ? " (the operation was written to the socket and may have reached the broker)"
                : " (the operation was not sent)"),
        getCause(),
        written);
  }
}
