/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.threads;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.Executor;

/**
 * What every set of resources has in common: the transport (epoll on Linux when its native library
 * loads, NIO elsewhere or with {@code -Dwarren.nio=true}), the test for an I/O thread, and the
 * default callback pool ({@link CallbackPool}), shared by every resources object that was given no
 * executor. The I/O threads themselves belong to a {@link ThreadResources}.
 */
public final class SharedResources {
  private SharedResources() {}

  private static final class Transport {
    static final boolean EPOLL = Epoll.isAvailable() && !Boolean.getBoolean("warren.nio");
  }

  private static final class Callbacks {
    static final Executor POOL = CallbackPool.create();
  }

  /**
   * Whether the calling thread is one of Warren's I/O threads: a blocking wait there could never
   * end (the thread waited on is this one) and would stall every connection it serves.
   */
  public static boolean onIoThread() {
    return Thread.currentThread() instanceof IoThread;
  }

  /** The I/O handler of the transport in use, for a new event loop group. */
  static IoHandlerFactory ioHandlerFactory() {
    return Transport.EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }

  /** The socket channel class matching the I/O handler. */
  public static Class<? extends SocketChannel> socketChannelClass() {
    return Transport.EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** Whether the epoll transport is in use (TCP keep-alive tuning needs it). */
  public static boolean epoll() {
    return Transport.EPOLL;
  }

  /** The default callback executor: bounded, daemon threads that end when idle. */
  public static Executor callbackExecutor() {
    return Callbacks.POOL;
  }
}
