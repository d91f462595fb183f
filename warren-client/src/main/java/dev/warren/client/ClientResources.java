/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import dev.warren.client.internal.threads.ThreadResources;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The threads connections run on, owned by the application and shared by every connection opened
 * with {@link ConnectionParameters.Builder#resources(ClientResources)} (in the manner of Lettuce's
 * {@code ClientResources} or OkHttp's {@code Dispatcher}): the I/O threads (Netty event loops,
 * epoll on Linux, NIO elsewhere), which also run every timer (heartbeats, timeouts, retry and
 * recovery delays; there is no separate timer thread), and the executor that runs callbacks
 * (consumers, listeners, future dependents).
 *
 * <p>Without resources of its own a connection uses the process-wide default: {@code
 * availableProcessors()} I/O threads and a bounded callback pool of four threads per core, created
 * when the first connection needs them and released when the last connection using them closes.
 * Most applications need nothing else.
 *
 * <p>Whatever the executor, callbacks of one channel run one at a time, in the order their events
 * arrived; different channels run in parallel up to what the executor allows. Any {@link Executor}
 * works, {@code Executors.newVirtualThreadPerTaskExecutor()} included.
 *
 * <p>The I/O threads exist only while a connection uses them: started by the first connection, they
 * end when the last one closes, so idle resources cost no threads. While a connection is open its
 * I/O thread keeps the JVM alive (as amqp-client's does); a JVM shutdown (System.exit, SIGTERM)
 * closes every open connection gracefully, within a bound, after what was accepted was written
 * (docs/threading.md).
 *
 * <p>Thread-safe. Closing is the application's job: {@link #close()} refuses new connections;
 * connections already open keep working until they close. Warren never shuts down an executor the
 * application gave it.
 */
public final class ClientResources implements AutoCloseable {
  static {
    ThreadResources.access(r -> r.impl);
  }

  private final ThreadResources impl;

  private ClientResources(Builder b) {
    this.impl = ThreadResources.create(b.ioThreads, b.callbackExecutor);
  }

  /**
   * A builder with the defaults (those of the process-wide resources). Not thread-safe.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * New resources with the defaults; connections share them only when given them.
   *
   * @return new resources; close them when no connection needs them any more
   */
  public static ClientResources create() {
    return builder().build();
  }

  /**
   * How many I/O threads these resources run while a connection uses them; at least 1.
   *
   * @return the I/O thread count
   */
  public int ioThreads() {
    return impl.ioThreads();
  }

  /**
   * The executor callbacks run on: the one given to {@link Builder#callbackExecutor(Executor)}, or
   * Warren's bounded default pool. Never null.
   *
   * @return the callback executor
   */
  public Executor callbackExecutor() {
    return impl.callbacks();
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return impl.isClosed();
  }

  /**
   * Refuses new connections from now on (opening one fails with {@link IllegalStateException}); the
   * I/O threads end when the last connection already open closes, at once if none is. Idempotent;
   * returns without waiting. The callback executor given by the application is not shut down.
   */
  @Override
  public void close() {
    impl.close();
  }

  /** The thread count, executor and state, for logs. */
  @Override
  public String toString() {
    return "ClientResources[" + impl + "]";
  }

  /** Builds {@link ClientResources}. Not thread-safe. */
  public static final class Builder {
    private int ioThreads = ThreadResources.defaultIoThreads();
    private Executor callbackExecutor;

    private Builder() {}

    /**
     * How many I/O threads to run, from 1 to 1024; default the number of available processors. Each
     * connection is served by one of them for its whole life; one thread serves many connections.
     *
     * @param threads the I/O thread count, 1..1024
     * @return this builder
     * @throws IllegalArgumentException when outside 1..1024
     */
    public Builder ioThreads(int threads) {
      if (threads < 1 || threads > 1024) {
        throw new IllegalArgumentException("ioThreads must be 1..1024, was " + threads);
      }
      this.ioThreads = threads;
      return this;
    }

    /**
     * The executor that runs callbacks (consumers, listeners, dependents of returned futures);
     * default Warren's bounded pool of four daemon threads per core, whose idle threads end after a
     * second. A callback that blocks holds one of the executor's threads: with a bounded executor,
     * many blocking callbacks delay the others (a virtual-thread executor does not have that
     * limit). Warren never shuts it down.
     *
     * @param executor the executor; per-channel order of callbacks is kept whatever it is
     * @return this builder
     * @throws NullPointerException when {@code executor} is null
     */
    public Builder callbackExecutor(Executor executor) {
      this.callbackExecutor = Objects.requireNonNull(executor, "callbackExecutor");
      return this;
    }

    /**
     * The resources; they start no thread until a connection uses them.
     *
     * @return the resources
     */
    public ClientResources build() {
      return new ClientResources(this);
    }
  }
}
