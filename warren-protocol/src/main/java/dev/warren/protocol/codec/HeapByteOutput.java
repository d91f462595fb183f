/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A {@link ByteOutput} writing into a growable {@code byte[]} that starts at index 0.
 *
 * <p>Reuse one instance with {@link #reset()} to encode without allocating once it has grown to the
 * largest frame written. Not thread-safe.
 */
public final class HeapByteOutput implements ByteOutput {
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

  private byte[] buf;
  private int size;

  /** An output with a small initial capacity. */
  public HeapByteOutput() {
    this(256);
  }

  /** An output with room for {@code initialCapacity} bytes before it grows. */
  public HeapByteOutput(int initialCapacity) {
    if (initialCapacity < 0) {
      throw new IllegalArgumentException("initialCapacity is negative: " + initialCapacity);
    }
    buf = new byte[initialCapacity];
  }

  private void ensure(int extra) {
    int needed = size + extra;
    if (needed < 0 || needed > MAX_ARRAY) {
      throw new IllegalStateException("HeapByteOutput cannot grow beyond " + MAX_ARRAY + " bytes");
    }
    if (needed > buf.length) {
      int grown = (int) Math.min(MAX_ARRAY, Math.max((long) buf.length * 2, 64));
      buf = Arrays.copyOf(buf, Math.max(grown, needed));
    }
  }

  @Override
  public void writeByte(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  @Override
  public void writeShort(int s) {
    ensure(2);
    byte[] b = buf;
    int i = size;
    b[i] = (byte) (s >>> 8);
    b[i + 1] = (byte) s;
    size = i + 2;
  }

  @Override
  public void writeInt(int v) {
    ensure(4);
    putInt(size, v);
    size += 4;
  }

  @Override
  public void writeLong(long l) {
    ensure(8);
    putInt(size, (int) (l >>> 32));
    putInt(size + 4, (int) l);
    size += 8;
  }

  private void putInt(int i, int v) {
    byte[] b = buf;
    b[i] = (byte) (v >>> 24);
    b[i + 1] = (byte) (v >>> 16);
    b[i + 2] = (byte) (v >>> 8);
    b[i + 3] = (byte) v;
  }

  @Override
  public void writeBytes(byte[] src, int off, int len) {
    Objects.checkFromIndexSize(off, len, src.length);
    ensure(len);
    System.arraycopy(src, off, buf, size, len);
    size += len;
  }

  @Override
  public void writeBytes(ByteBuffer src) {
    int n = src.remaining();
    ensure(n);
    src.get(buf, size, n);
    size += n;
  }

  /** Writes the low 8 bits of each char of {@code s}; the caller knows they are all ASCII. */
  @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) is exactly what we need
  void writeAscii(String s, int len) {
    ensure(len);
    s.getBytes(0, len, buf, size);
    size += len;
  }

  @Override
  public int writerIndex() {
    return size;
  }

  @Override
  public void setInt(int index, int value) {
    Objects.checkFromIndexSize(index, 4, size);
    putInt(index, value);
  }

  @Override
  public void truncate(int index) {
    Objects.checkIndex(index, size + 1);
    size = index;
  }

  /** The number of bytes written since creation or the last {@link #reset()}. */
  public int size() {
    return size;
  }

  /** Forgets the bytes written, keeping the capacity. */
  public void reset() {
    size = 0;
  }

  /** A copy of the bytes written. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /**
   * A view (no copy) of the bytes written, from position 0 to limit {@link #size()}. The view is
   * valid until the next write or {@link #reset()}.
   */
  public ByteBuffer asByteBuffer() {
    return ByteBuffer.wrap(buf, 0, size).slice();
  }

  @Override
  public String toString() {
    return "HeapByteOutput[size=" + size + ", capacity=" + buf.length + "]";
  }
}
