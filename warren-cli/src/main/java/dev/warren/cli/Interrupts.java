/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import java.io.Flushable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT) and SIGTERM for a long-running command: a shutdown hook marks the stop as
 * requested, runs the wake-up actions, and holds the JVM (at most a grace period) until the command
 * has cleaned up (connections closed, summary printed) and called {@link #close()}.
 */
public final class Interrupts implements AutoCloseable {
  private final CountDownLatch finished = new CountDownLatch(1);
  private final List<Runnable> onRequest = new CopyOnWriteArrayList<>();
  private final List<Flushable> flush;
  private final Thread hook;
  private volatile boolean requested;

  private Interrupts(Duration grace, List<Flushable> flush) {
    this.flush = flush;
    this.hook =
        new Thread(
            () -> {
              requested = true;
              for (Runnable r : onRequest) {
                try {
                  r.run();
                } catch (RuntimeException ignored) {
                  // keep waking the others
                }
              }
              try {
                finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "warren-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Starts listening; {@code flush} is flushed by {@link #close()} before the JVM may exit. */
  public static Interrupts install(Duration grace, Flushable... flush) {
    return new Interrupts(grace, List.of(flush));
  }

  /** Whether Ctrl-C (or SIGTERM) arrived. */
  public boolean requested() {
    return requested;
  }

  /** Runs {@code action} on the hook's thread when the stop is requested (to wake up waits). */
  public void onRequest(Runnable action) {
    onRequest.add(action);
  }

  /** The command is done: flush its output and let the JVM exit. */
  @Override
  public void close() {
    for (Flushable f : flush) {
      try {
        f.flush();
      } catch (IOException ignored) {
        // nothing more to do
      }
    }
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: it returns now that finished is counted down
    }
  }
}
