/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server that accepts connections and never sends a byte: it does not read either, so what a
 * client sends stays in the socket buffers. For timeout tests, e.g. a client that connects, sends
 * the protocol header and waits for {@code connection.start} must give up on its own.
 *
 * <p>Listens on an ephemeral port of 127.0.0.1. {@link #close()} closes the listening socket and
 * every accepted connection (clients then see end-of-stream).
 */
public final class SilentServer implements AutoCloseable {

  private static final int ACCEPT_POLL_MILLIS = 100;

  private final ServerSocket server;
  private final Thread acceptor;
  private final List<Socket> accepted = new ArrayList<>();
  private final AtomicInteger acceptedCount = new AtomicInteger();
  private volatile boolean running = true;

  /** Starts listening on an ephemeral port of 127.0.0.1. */
  public SilentServer() {
    try {
      server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
      server.setSoTimeout(ACCEPT_POLL_MILLIS);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start SilentServer", e);
    }
    acceptor = new Thread(this::acceptLoop, "warren-silent-server-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The port to connect to (on 127.0.0.1 / "localhost"). */
  public int port() {
    return server.getLocalPort();
  }

  /** Connections accepted so far. */
  public int acceptedCount() {
    return acceptedCount.get();
  }

  private void acceptLoop() {
    while (running) {
      try {
        Socket socket = server.accept();
        synchronized (accepted) {
          if (!running) {
            socket.close();
            return;
          }
          accepted.add(socket);
        }
        acceptedCount.incrementAndGet();
      } catch (SocketTimeoutException e) {
        // poll running again
      } catch (IOException e) {
        if (!running || server.isClosed()) {
          return;
        }
      }
    }
  }

  /** Closes the listening socket and every accepted connection. Idempotent. */
  @Override
  public void close() {
    running = false;
    try {
      server.close();
    } catch (IOException ignored) {
      // nothing to do
    }
    synchronized (accepted) {
      for (Socket socket : accepted) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // nothing to do
        }
      }
      accepted.clear();
    }
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "SilentServer[127.0.0.1:" + port() + "]";
  }
}
