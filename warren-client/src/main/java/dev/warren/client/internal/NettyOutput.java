package dev.warren.client.internal;

import dev.warren.protocol.ByteOutput;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import java.nio.ByteBuffer;

/**
 * Where the engine writes its frames: straight into pooled Netty buffers, handed to the channel in
 * chunks of about {@link #CHUNK} bytes and flushed once per batch of work, so many queued publishes
 * go out in few system calls. Used by the I/O thread only.
 */
final class NettyOutput implements ByteOutput {
  static final int CHUNK = 64 * 1024;

  private final ByteBufAllocator alloc;
  private ChannelHandlerContext ctx;
  private ByteBuf buf;
  private long written;

  NettyOutput(ByteBufAllocator alloc) {
    this.alloc = alloc;
  }

  void attach(ChannelHandlerContext context) {
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

  /** Whether bytes wait to be handed to the channel. */
  boolean hasPending() {
    return buf != null && buf.isReadable();
  }

  /**
   * Hands a full chunk to the channel without flushing, so the next frames go to a fresh buffer.
   * Called between operations, never in the middle of a frame.
   */
  void writeIfLarge() {
    if (buf != null && buf.readableBytes() >= CHUNK) {
      handOver();
    }
  }

  /** Hands everything to the channel and flushes. */
  void flush() {
    if (buf != null && buf.isReadable()) {
      handOver();
    }
    if (ctx != null) {
      ctx.flush();
    }
  }

  private void handOver() {
    ByteBuf b = buf;
    buf = null;
    written += b.readableBytes();
    if (ctx == null) {
      b.release();
      return;
    }
    ctx.write(b, ctx.voidPromise());
  }

  /** Bytes handed to the channel so far. */
  long written() {
    return written;
  }

  void release() {
    if (buf != null) {
      buf.release();
      buf = null;
    }
  }
}
