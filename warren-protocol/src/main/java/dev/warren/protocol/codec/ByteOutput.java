/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol.codec;

import java.nio.ByteBuffer;

/**
 * A sink of big-endian bytes that frames are encoded into, with random access to bytes already
 * written so that lengths can be back-patched.
 *
 * <p>{@link HeapByteOutput} writes into a growable array; the client adapts Netty's {@code ByteBuf}
 * to this interface so that frames are written straight into the channel's buffer. Indexes are
 * absolute positions in the sink, as returned by {@link #writerIndex()}.
 *
 * <p>Implementations need not be thread-safe.
 */
public interface ByteOutput {
  /** Writes the low 8 bits of {@code b}. */
  void writeByte(int b);

  /** Writes the low 16 bits of {@code s}, big-endian. */
  void writeShort(int s);

  /** Writes {@code i}, big-endian. */
  void writeInt(int i);

  /** Writes {@code l}, big-endian. */
  void writeLong(long l);

  /** Writes {@code len} bytes of {@code src} from {@code off}. */
  void writeBytes(byte[] src, int off, int len);

  /** Writes all of {@code src}. */
  default void writeBytes(byte[] src) {
    writeBytes(src, 0, src.length);
  }

  /**
   * Writes the remaining bytes of {@code src}, advancing its position to its limit. The default
   * implementation writes array-backed buffers in one call and others byte by byte.
   */
  default void writeBytes(ByteBuffer src) {
    int n = src.remaining();
    if (src.hasArray()) {
      writeBytes(src.array(), src.arrayOffset() + src.position(), n);
      src.position(src.limit());
    } else {
      for (int i = 0; i < n; i++) {
        writeByte(src.get());
      }
    }
  }

  /** The index the next byte will be written at. */
  int writerIndex();

  /** Overwrites the 4 bytes at {@code index} (already written) with {@code value}, big-endian. */
  void setInt(int index, int value);

  /**
   * Drops every byte written at or after {@code index}, a value {@link #writerIndex()} returned
   * earlier: how a caller discards a frame whose encoding failed half-way (see {@link
   * FrameEncoder}).
   */
  void truncate(int index);
}
