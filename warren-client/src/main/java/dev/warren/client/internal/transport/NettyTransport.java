/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.transport;

import dev.warren.client.ConnectionParameters;
import dev.warren.client.internal.threads.SharedResources;
import dev.warren.client.internal.transport.tls.TlsHandlerFactory;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * One transport connection over Netty: owns the bootstrap, the pipeline (TLS, then the AMQP
 * handler) and the socket, and the output the engine writes frames into. The only place where a
 * connection meets Netty's bootstrap, handlers and buffers; what happens on the socket reaches the
 * session through its {@link TransportListener}.
 *
 * <p>Threading: created on any thread; connected, written and closed on its I/O thread.
 */
public final class NettyTransport {
  // One allocator for the bytes read and the bytes written: Netty's pooled one, with a cache per
  // I/O thread. Netty 4.2's default (its adaptive allocator) is left to the application's own
  // channels: Warren read into it and wrote from the pooled one, two pools of memory, and in b
  // (flat out, docs/performance.md) the reads cost more CPU per message in it.
  private static final PooledByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

  private final NettyOutput output;
  private volatile io.netty.channel.Channel channel;

  /**
   * A transport not yet connected; {@code tls}: whether a TLS handler will sit under the output.
   */
  public NettyTransport(boolean tls) {
    this.output = new NettyOutput(ALLOCATOR);
    if (tls) {
      output.progressHidden(); // TLS hides how far the socket got
    }
  }

  /** Where the engine writes frames (the session flushes it). */
  public NettyOutput output() {
    return output;
  }

  /**
   * Connects to {@code p}'s host and port on {@code loop} ({@code tlsFactory} null for plain TCP);
   * {@code connectFailed} hears a TCP connect failure: a message for it, and the cause.
   */
  public void connect(
      EventLoop loop,
      ConnectionParameters p,
      TlsHandlerFactory tlsFactory,
      TransportListener listener,
      BiConsumer<String, Throwable> connectFailed) {
    boolean tls = tlsFactory != null;
    Duration coalescing = p.tcpOptions().receiveCoalescing();
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(SharedResources.socketChannelClass())
            .option(ChannelOption.ALLOCATOR, ALLOCATOR)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (tls) {
                      ch.pipeline()
                          .addLast(
                              "tls",
                              tlsFactory.newHandler(
                                  ch.alloc(), p.host(), p.port(), p.stackTimeout()));
                    }
                    ch.pipeline()
                        .addLast(
                            "amqp",
                            new AmqpHandler(NettyTransport.this, listener, tls, coalescing));
                  }
                });
    SocketOptions.apply(
        bootstrap,
        p,
        SharedResources.epoll() ? SocketOptions.Transport.EPOLL : SocketOptions.Transport.NIO);
    ChannelFuture connect = bootstrap.connect(p.host(), p.port());
    channel = connect.channel();
    connect.addListener(
        f -> {
          if (!f.isSuccess()) {
            connectFailed.accept(describe(f.cause(), p.socketTimeout()), f.cause());
          }
        });
  }

  /** The pipeline is active: the output writes to it from now on (I/O thread). */
  void attached(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    output.attach(ctx);
  }

  /** Whether the socket is open. */
  public boolean isOpen() {
    io.netty.channel.Channel c = channel;
    return c != null && c.isOpen();
  }

  /** Closes the socket (no AMQP close handshake); nothing when it never connected. */
  public void close() {
    io.netty.channel.Channel c = channel;
    if (c != null) {
      c.close();
    }
  }

  private static String describe(Throwable cause, Duration socketTimeout) {
    if (cause instanceof io.netty.channel.ConnectTimeoutException) {
      return "no answer within the socket timeout of " + socketTimeout.toMillis() + " ms";
    }
    if (cause instanceof java.net.ConnectException) {
      return "connection refused (" + cause.getMessage() + "); is the broker running?";
    }
    if (cause instanceof java.net.UnknownHostException) {
      return "unknown host (" + cause.getMessage() + ")";
    }
    return String.valueOf(cause);
  }
}
