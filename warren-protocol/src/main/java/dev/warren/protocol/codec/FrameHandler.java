/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol.codec;

import dev.warren.protocol.BasicProperties;
import java.nio.ByteBuffer;

/**
 * Receives the frames a {@link FrameDecoder} decodes, in wire order, on the thread calling {@link
 * FrameDecoder#decode}. An exception thrown by a handler propagates out of {@code decode}; the
 * frame being handled has already been consumed.
 */
public interface FrameHandler {
  /** A method frame. {@code method} is never {@code null}. */
  void onMethod(int channel, Method method);

  /**
   * A content header frame. {@code properties} is never {@code null} ({@link BasicProperties#EMPTY}
   * when no flag is set); {@code bodySize} is at least 0.
   */
  void onContentHeader(int channel, int classId, long bodySize, BasicProperties properties);

  /**
   * A content body frame. {@code payload} is a view of the decoder's input (no copy): its bytes are
   * those between its position and its limit, and it is valid only during this call: copy what must
   * outlive it.
   */
  void onContentBody(int channel, ByteBuffer payload);

  /** A heartbeat frame ({@code channel} should be 0). */
  void onHeartbeat(int channel);
}
