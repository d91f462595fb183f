/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.threads;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every connection shares: one I/O event loop per core (epoll on Linux, NIO elsewhere)
 * and a callback pool whose threads exist only while callbacks run. 1,000 idle connections cost no
 * threads of their own.
 */
public final class SharedResources {
  private SharedResources() {}

  private static final class Holder {
    static final boolean EPOLL = Epoll.isAvailable() && !Boolean.getBoolean("warren.nio");
    static final EventLoopGroup IO =
        EPOLL
            ? new EpollEventLoopGroup(ioThreads(), new IoThreadFactory())
            : new NioEventLoopGroup(ioThreads(), new IoThreadFactory());
    static final ExecutorService CALLBACKS = newCallbackPool();
  }

  /** Makes the I/O threads recognisable: {@link #onIoThread()}. */
  private static final class IoThreadFactory extends DefaultThreadFactory {
    IoThreadFactory() {
      super("warren-io", true);
    }

    @Override
    protected Thread newThread(Runnable r, String name) {
      return new IoThread(threadGroup, r, name);
    }
  }

  /**
   * Whether the calling thread is one of Warren's I/O threads: a blocking wait there could never
   * end (the thread waited on is this one) and would stall every connection it serves.
   */
  public static boolean onIoThread() {
    return Thread.currentThread() instanceof IoThread;
  }

  private static int ioThreads() {
    return Integer.getInteger("warren.ioThreads", Runtime.getRuntime().availableProcessors());
  }

  private static ExecutorService newCallbackPool() {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, "warren-callback-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    // Unbounded like a cached pool: a callback that blocks must never stop others from running.
    return new ThreadPoolExecutor(
        0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), factory);
  }

  /** The shared I/O event loops. */
  public static EventLoopGroup ioGroup() {
    return Holder.IO;
  }

  /** The socket channel class matching {@link #ioGroup()}. */
  public static Class<? extends SocketChannel> socketChannelClass() {
    return Holder.EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** Whether the epoll transport is in use (TCP keep-alive tuning needs it). */
  public static boolean epoll() {
    return Holder.EPOLL;
  }

  /** The shared callback executor. */
  public static ExecutorService callbackExecutor() {
    return Holder.CALLBACKS;
  }
}
