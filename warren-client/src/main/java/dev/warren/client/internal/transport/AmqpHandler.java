/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.transport;

import dev.warren.client.internal.threads.IoThread;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.nio.ByteBuffer;

/**
 * The Netty end of a connection: feeds received bytes to the engine (keeping a partial frame for
 * the next read), reports writability and the end of the transport, and starts the handshake once
 * the transport (and TLS) is up. Runs on the connection's I/O thread only.
 */
final class AmqpHandler extends ChannelInboundHandlerAdapter {
  private final NettyTransport transport;
  private final TransportListener core;
  private final boolean waitForTls;
  private ByteBuf cumulation;
  private final ReadPacer pacer;

  AmqpHandler(
      NettyTransport transport,
      TransportListener listener,
      boolean waitForTls,
      java.time.Duration receiveCoalescing) {
    this.transport = transport;
    this.core = listener;
    this.waitForTls = waitForTls;
    this.pacer = ReadPacer.of(receiveCoalescing, listener.callerWaits());
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    transport.attached(ctx);
    core.transportActive();
    if (!waitForTls) {
      core.startHandshake();
    }
    super.channelActive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof SslHandshakeCompletionEvent done) {
      if (done.isSuccess()) {
        core.tlsReady();
        core.startHandshake();
      } else {
        core.transportFailed(done.cause(), ConnectStage.TLS);
        ctx.close();
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    int fresh = in.readableBytes();
    if (cumulation == null) {
      cumulation = in;
    } else {
      if (cumulation.writableBytes() < in.readableBytes()
          || cumulation.refCnt() > 1
          || cumulation.isReadOnly()) {
        ByteBuf bigger = ctx.alloc().ioBuffer(cumulation.readableBytes() + in.readableBytes());
        bigger.writeBytes(cumulation);
        cumulation.release();
        cumulation = bigger;
      }
      cumulation.writeBytes(in);
      in.release();
    }
    IoThread batch = IoThread.beginBatch();
    try {
      ByteBuffer nio = cumulation.nioBuffer();
      int before = nio.position();
      core.ingest(nio, fresh);
      cumulation.skipBytes(nio.position() - before);
    } finally {
      if (batch != null) {
        batch.endBatch();
      }
      if (!cumulation.isReadable()) {
        cumulation.release();
        cumulation = null;
      } else if (cumulation.readerIndex() > 0 && cumulation.writableBytes() < 4096) {
        cumulation.discardSomeReadBytes();
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    core.afterWork();
    if (pacer != null && pacer.readComplete(ctx.channel())) {
      core.readPaused();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    core.writabilityChanged(ctx.channel().isWritable());
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    release();
    core.transportClosed(null);
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    release();
    core.transportFailed(cause, null);
    ctx.close();
  }

  private void release() {
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
  }
}
