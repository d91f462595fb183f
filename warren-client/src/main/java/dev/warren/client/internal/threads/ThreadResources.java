/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.threads;

import dev.warren.client.ClientResources;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A set of I/O threads and a callback executor, counted by the connections that use them: the first
 * {@link #acquire()} starts the event loop group, the {@link Lease#release()} of the last
 * connection shuts it down 200 ms later unless a connection takes it again meanwhile (its threads
 * end within moments), and a later acquire starts a new one. The implementation of {@link
 * ClientResources}, and of the process-wide default ({@link #of} with null).
 *
 * <p>I/O threads are not daemon threads: while a connection is open, its I/O thread keeps the JVM
 * alive, as amqp-client's does (a consumer whose {@code main} returns goes on consuming), and
 * {@link ExitHook} closes open connections when the JVM shuts down. Because the group ends with its
 * last connection, a program that closed its connections exits when {@code main} returns (after the
 * linger).
 */
public final class ThreadResources {
  static final long LINGER_MILLIS = 200;
  private static final ThreadResources DEFAULT = new ThreadResources(defaultIoThreads(), null);
  private static volatile Function<ClientResources, ThreadResources> access;

  private final int ioThreads;
  private final Executor callbacks;
  private final ReentrantLock lock = new ReentrantLock();
  private EventLoopGroup group; // guarded by lock; null while no connection uses it
  private int leases; // guarded by lock
  private long generation; // guarded by lock; a lease taken since a linger began cancels it
  private volatile boolean closed;

  private ThreadResources(int ioThreads, Executor callbacks) {
    this.ioThreads = ioThreads;
    this.callbacks = callbacks;
  }

  /** New resources for {@link ClientResources}; {@code callbacks} null for the default pool. */
  public static ThreadResources create(int ioThreads, Executor callbacks) {
    return new ThreadResources(ioThreads, callbacks);
  }

  /** Set once by {@link ClientResources}: how to reach its implementation from here. */
  public static void access(Function<ClientResources, ThreadResources> f) {
    access = f;
  }

  /** The implementation of {@code resources}; the process-wide default for null. */
  public static ThreadResources of(ClientResources resources) {
    return resources == null ? DEFAULT : access.apply(resources);
  }

  /** {@code -Dwarren.ioThreads}, or one per available processor. */
  public static int defaultIoThreads() {
    return Math.max(
        1, Integer.getInteger("warren.ioThreads", Runtime.getRuntime().availableProcessors()));
  }

  public int ioThreads() {
    return ioThreads;
  }

  /** The callback executor: the application's, or the shared default pool. */
  public Executor callbacks() {
    return callbacks != null ? callbacks : SharedResources.callbackExecutor();
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * A connection's hold on these resources: an event loop of the group (started now if no
   * connection holds it) for the connection's whole life.
   *
   * @throws IllegalStateException when these resources are closed
   */
  public Lease acquire() {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException(
            "these ClientResources are closed; open the connection with resources that are not"
                + " (or without any, for the default)");
      }
      if (group == null) {
        group =
            new MultiThreadIoEventLoopGroup(
                ioThreads, new IoThreadFactory(), SharedResources.ioHandlerFactory());
      }
      leases++;
      generation++;
      return new Lease(this, group.next(), callbacks());
    } finally {
      lock.unlock();
    }
  }

  /** A lease ended: after the last one, the group lingers, then ends ({@link #linger}). */
  void release() {
    lock.lock();
    try {
      if (--leases == 0) {
        linger();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Refuses new leases; the group ends with the last one (after the linger). */
  public void close() {
    lock.lock();
    try {
      closed = true;
      if (leases == 0) {
        linger();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * No connection holds the group: it ends {@link #LINGER_MILLIS} from now unless a connection
   * takes it again meanwhile. The linger lets what the last connection still had to do on its I/O
   * thread finish (the last frames flushed, then the socket closed: a group shutting down closes
   * its sockets at once), and spares a program that closes and opens connections one after the
   * other a new group each time. Tasks handed to a loop after the group ended are refused, which a
   * closed connection handles (ConnectionCore.submit). Called with the lock held.
   */
  private void linger() {
    EventLoopGroup g = group;
    if (g == null) {
      return;
    }
    long gen = ++generation;
    g.next().schedule(() -> lingerOver(g, gen), LINGER_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void lingerOver(EventLoopGroup g, long gen) {
    lock.lock();
    try {
      if (leases != 0 || group != g || generation != gen) {
        return; // taken again since; a later release lingers anew
      }
      group = null;
    } finally {
      lock.unlock();
    }
    g.shutdownGracefully(0, 2, TimeUnit.SECONDS);
  }

  /** Connections holding these resources now (for tests and toString). */
  public int leases() {
    lock.lock();
    try {
      return leases;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "ioThreads="
        + ioThreads
        + ", callbackExecutor="
        + (callbacks == null ? "default" : callbacks.getClass().getName())
        + ", connections="
        + leases()
        + (closed ? ", closed" : "");
  }

  /** Makes the I/O threads recognisable ({@link SharedResources#onIoThread()}); not daemon. */
  private static final class IoThreadFactory extends DefaultThreadFactory {
    IoThreadFactory() {
      super("warren-io", false);
    }

    @Override
    protected Thread newThread(Runnable r, String name) {
      return new IoThread(threadGroup, r, name);
    }
  }
}
