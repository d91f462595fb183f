/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

/**
 * The broker refused to open the virtual host: it does not exist, or the user has no permission on
 * it (connection.close 530 NOT_ALLOWED or 402 INVALID_PATH during connection.open).
 *
 * @since 0.1
 */
public class VirtualHostAccessException extends ConnectionClosedException {
  private static final long serialVersionUID = 1L;

  /** The virtual host asked for. */
  private final String virtualHost;

  /**
   * A refused connection.open; initiator {@link Initiator#BROKER}. Automatic recovery does not
   * reconnect after it.
   *
   * @param replyCode the broker's reply code (530 or 402)
   * @param replyText the broker's reply text; null is read as empty
   * @param virtualHost the virtual host that was asked for
   */
  public VirtualHostAccessException(int replyCode, String replyText, String virtualHost) {
    super(
        replyCode,
        replyText,
        Initiator.BROKER,
        "cannot open virtual host '"
            + virtualHost
            + "': it does not exist or the user has no permission on it ("
            + ReplyCode.describe(replyCode, replyText)
            + "); create it with 'rabbitmqctl add_vhost' or grant access with"
            + " 'rabbitmqctl set_permissions'",
        null);
    this.virtualHost = virtualHost;
  }

  /**
   * The virtual host that could not be opened.
   *
   * @return the virtual host's name
   */
  public String virtualHost() {
    return virtualHost;
  }
}
