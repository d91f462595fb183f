package dev.warren.errors;

/**
 * Who closed a channel or a connection.
 *
 * @since 0.1
 */
public enum Initiator {
  /** The application asked for the close. */
  CLIENT,
  /** The broker sent channel.close or connection.close. */
  BROKER,
  /**
   * Neither side closed it in the protocol: the transport failed (socket error, heartbeat timeout)
   * or Warren closed it because the peer broke the protocol.
   */
  LIBRARY
}
