/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

/**
 * A frame or a message body is larger than the limit in force: the frame_max negotiated with the
 * broker for frames, or the configured maximum inbound body size for message bodies. It is refused
 * before any memory is allocated for it.
 *
 * @since 0.1
 */
public class FrameTooLargeException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  /** The announced size, in bytes. */
  private final long size;

  /** The limit in force, in bytes. */
  private final long limit;

  /**
   * A refused frame or body: reply code 501 FRAME_ERROR.
   *
   * @param what what was too large, such as "frame" or "message body"
   * @param size the size the peer announced, in bytes
   * @param limit the limit in force, in bytes
   */
  public FrameTooLargeException(String what, long size, long limit) {
    super(
        ReplyCode.FRAME_ERROR,
        what
            + " of "
            + size
            + " bytes is larger than the limit of "
            + limit
            + " bytes; refusing it before allocating. Raise the limit (frame_max or the"
            + " maximum body size) if such sizes are expected.");
    this.size = size;
    this.limit = limit;
  }

  /**
   * The size the peer announced.
   *
   * @return the size in bytes
   */
  public long size() {
    return size;
  }

  /**
   * The limit that was exceeded.
   *
   * @return the limit in bytes
   */
  public long limit() {
    return limit;
  }
}
