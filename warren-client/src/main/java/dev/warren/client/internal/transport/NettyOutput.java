/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.transport;

import dev.warren.protocol.codec.ByteOutput;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.channel.ChannelProgressivePromise;
import java.nio.ByteBuffer;

/**
 * Where the engine writes its frames: straight into pooled Netty buffers, handed to the channel in
 * chunks of about {@link #CHUNK} bytes and flushed once per batch of work, so many queued publishes
 * go out in few system calls. Used by the I/O thread only.
 */
public final class NettyOutput implements ByteOutput {
  static final int CHUNK = 64 * 1024;

  private final ByteBufAllocator alloc;
  private ChannelHandlerContext ctx;
  private ByteBuf buf;
  private long written;
  // Chunks handed to the channel by writeIfLarge that no flush has pushed to the socket yet.
  private boolean unflushed;
  // How far the socket is known to have taken the stream (see sent()).
  private long sent;
  private long flushed;
  private boolean progressExact = true;

  public NettyOutput(ByteBufAllocator alloc) {
    this.alloc = alloc;
  }

  /**
   * Whether handlers between this output and the socket (TLS) hide write progress: then {@link
   * #sent()} counts every flushed byte as possibly sent.
   */
  public void progressHidden() {
    progressExact = false;
  }

  public void attach(ChannelHandlerContext context) {
    this.ctx = context;
  }

  private ByteBuf buf(int needed) {
    ByteBuf b = buf;
    if (b == null) {
      b = buf = alloc.ioBuffer(Math.max(needed, 4096));
    }
    return b;
  }

  @Override
  public void writeByte(int value) {
    buf(1).writeByte(value);
  }

  @Override
  public void writeShort(int value) {
    buf(2).writeShort(value);
  }

  @Override
  public void writeInt(int value) {
    buf(4).writeInt(value);
  }

  @Override
  public void writeLong(long value) {
    buf(8).writeLong(value);
  }

  @Override
  public void writeBytes(byte[] src, int offset, int length) {
    buf(length).writeBytes(src, offset, length);
  }

  @Override
  public void writeBytes(ByteBuffer src) {
    buf(src.remaining()).writeBytes(src);
  }

  @Override
  public int writerIndex() {
    return buf(0).writerIndex();
  }

  @Override
  public void setInt(int index, int value) {
    buf.setInt(index, value);
  }

  @Override
  public void truncate(int index) {
    // Chunks are handed over only between operations, so the frame being dropped is all in buf.
    buf(0).writerIndex(index);
  }

  /** Whether bytes wait to be handed to the channel, or handed to it but not yet flushed. */
  public boolean hasPending() {
    return unflushed || (buf != null && buf.isReadable());
  }

  /**
   * Hands a full chunk to the channel without flushing, so the next frames go to a fresh buffer.
   * Called between operations, never in the middle of a frame.
   */
  public void writeIfLarge() {
    if (buf != null && buf.readableBytes() >= CHUNK) {
      handOver();
    }
  }

  /** Hands everything to the channel and flushes. */
  public void flush() {
    if (buf != null && buf.isReadable()) {
      handOver();
    }
    if (ctx != null) {
      ctx.flush();
    }
    flushed = written;
    unflushed = false;
  }

  private void handOver() {
    ByteBuf b = buf;
    buf = null;
    long start = written;
    int length = b.readableBytes();
    written += length;
    if (ctx == null) {
      b.release();
      return;
    }
    // A progressive promise hears partial writes too, so sent() knows which frames the socket took.
    ChannelProgressivePromise promise = ctx.newProgressivePromise();
    promise.addListener(
        new ChannelProgressiveFutureListener() {
          @Override
          public void operationProgressed(ChannelProgressiveFuture f, long progress, long total) {
            advance(start + progress);
          }

          @Override
          public void operationComplete(ChannelProgressiveFuture f) {
            if (f.isSuccess()) {
              advance(start + length);
            }
          }
        });
    ctx.write(b, promise);
    unflushed = true;
  }

  private void advance(long position) {
    if (position > sent) {
      sent = position;
    }
  }

  /** Bytes handed to the channel so far. */
  public long written() {
    return written;
  }

  /** Every byte the engine produced so far, handed over or not: where the next frame starts. */
  public long position() {
    return written + (buf == null ? 0 : buf.readableBytes());
  }

  /**
   * An upper bound of the bytes that may have left through the socket: on plain TCP exactly those
   * the socket accepted; behind TLS every flushed byte. A frame ending at or before it may have
   * reached the peer; one ending after it did not (once the transport is dropped without flushing).
   */
  public long sent() {
    return progressExact ? sent : Math.max(sent, flushed);
  }

  /** Drops what was not handed to the channel yet (the connection is being dropped). */
  public void release() {
    if (buf != null) {
      buf.release();
      buf = null;
    }
  }
}
