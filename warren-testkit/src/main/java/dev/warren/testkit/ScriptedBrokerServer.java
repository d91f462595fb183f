/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A fake broker on a local TCP port that runs a {@link ScriptedPeer} script for every connection it
 * accepts, so that a real client (Warren's Netty transport, say) can be tested against scripted
 * behaviour and faults:
 *
 * <pre>{@code
 * try (ScriptedBrokerServer server = new ScriptedBrokerServer(peer -> {
 *       peer.handshake();
 *       peer.expectChannelOpen(1);
 *       peer.expect(QueueDeclare.class).respond(new QueueDeclareOk("q", 0, 0));
 *       peer.disconnect();   // a network failure right after
 *     })) {
 *   connect to "localhost", server.port() ...
 *   server.verify(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Listens on an ephemeral port of 127.0.0.1. Each accepted connection gets a fresh peer and its
 * own daemon thread: the script is built on that thread before the first byte is read, then the
 * thread feeds what the client sends to the peer until the client closes, the script disconnects,
 * or the server closes. Every wait is bounded: accepting and reading poll every {@value
 * #POLL_MILLIS} ms, {@link #awaitConnection} and {@link #verify(Duration)} take a timeout, and
 * {@link #close()} waits at most {@link #CLOSE_TIMEOUT} per thread.
 *
 * <p>Thread-safe.
 */
public final class ScriptedBrokerServer implements AutoCloseable {
  /** Builds the script of one accepted connection, numbered from 0 in the order of acceptance. */
  @FunctionalInterface
  public interface ConnectionScript {
    /** Adds steps to {@code peer}, the broker side of connection number {@code index}. */
    void script(ScriptedPeer peer, int index);
  }

  /** How long {@link #close()} waits for each thread to end. */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private static final int POLL_MILLIS = 50;

  private final ConnectionScript script;
  private final ServerSocket server;
  private final Thread acceptor;
  private final List<Connection> connections = new ArrayList<>();
  private volatile boolean running = true;

  /** One accepted connection: its socket, peer and thread. */
  private final class Connection implements PeerTransport {
    final int index;
    final Socket socket;
    final ScriptedPeer peer;
    final Thread thread;
    volatile Throwable scriptError;
    boolean ready; // the script is built (or threw); guarded by connections

    Connection(int index, Socket socket) {
      this.index = index;
      this.socket = socket;
      this.peer = new ScriptedPeer(this);
      this.thread = new Thread(this::run, "warren-scripted-broker-" + port() + "-" + index);
      this.thread.setDaemon(true);
    }

    @Override
    public void send(byte[] bytes) {
      try {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      closeQuietly(socket);
    }

    @Override
    public void pause(Duration duration) {
      try {
        Thread.sleep(duration.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void run() {
      try {
        socket.setSoTimeout(POLL_MILLIS);
        socket.setTcpNoDelay(true);
        script.script(peer, index);
      } catch (Throwable t) {
        scriptError = t;
        closeQuietly(socket);
        return;
      } finally {
        synchronized (connections) {
          ready = true;
          connections.notifyAll();
        }
      }
      byte[] buf = new byte[64 * 1024];
      try {
        InputStream in = socket.getInputStream();
        while (running && !socket.isClosed()) {
          int n;
          try {
            n = in.read(buf);
          } catch (SocketTimeoutException e) {
            continue;
          }
          if (n < 0) {
            peer.clientClosed();
            return;
          }
          peer.receive(buf, 0, n);
        }
      } catch (SocketException e) {
        // closed by the script, by close(), or reset by the client
        if (!socket.isClosed()) {
          peer.clientClosed();
        }
      } catch (IOException e) {
        peer.clientClosed();
      } finally {
        closeQuietly(socket);
      }
    }
  }

  /** Starts a server running {@code script} for every connection. */
  public ScriptedBrokerServer(Consumer<ScriptedPeer> script) {
    this(toConnectionScript(script));
  }

  /** Starts a server running {@code script} for every connection, told its number. */
  public ScriptedBrokerServer(ConnectionScript script) {
    this.script = Objects.requireNonNull(script, "script");
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      server.setSoTimeout(POLL_MILLIS);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start ScriptedBrokerServer", e);
    }
    acceptor = new Thread(this::acceptLoop, "warren-scripted-broker-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private static ConnectionScript toConnectionScript(Consumer<ScriptedPeer> script) {
    Objects.requireNonNull(script, "script");
    return (peer, index) -> script.accept(peer);
  }

  /** The port to connect to, on 127.0.0.1 ("localhost"). */
  public int port() {
    return server.getLocalPort();
  }

  /** Connections accepted so far. */
  public int acceptedCount() {
    synchronized (connections) {
      return connections.size();
    }
  }

  /** The peers of the connections accepted so far, in order of acceptance. */
  public List<ScriptedPeer> peers() {
    synchronized (connections) {
      List<ScriptedPeer> peers = new ArrayList<>(connections.size());
      for (Connection c : connections) {
        peers.add(c.peer);
      }
      return peers;
    }
  }

  /**
   * The peer of connection number {@code index}, waiting up to {@code timeout} for it to be
   * accepted and its script built.
   *
   * @throws AssertionError when no such connection arrives in time
   */
  public ScriptedPeer awaitConnection(int index, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (connections) {
      while (connections.size() <= index || !connections.get(index).ready) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "ScriptedBrokerServer on port "
                  + port()
                  + ": connection "
                  + index
                  + " was not accepted and scripted within "
                  + timeout.toMillis()
                  + " ms ("
                  + connections.size()
                  + " accepted)");
        }
        try {
          connections.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for a connection", e);
        }
      }
      return connections.get(index).peer;
    }
  }

  /**
   * Waits up to {@code timeout} (in all) for the script of every accepted connection to be done,
   * then verifies each.
   *
   * @throws AssertionError when no connection was accepted, a script threw while being built, or a
   *     peer's {@link ScriptedPeer#verify()} fails (the message names the connection)
   */
  public void verify(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Connection> snapshot;
    synchronized (connections) {
      snapshot = List.copyOf(connections);
    }
    if (snapshot.isEmpty()) {
      throw new AssertionError(
          "ScriptedBrokerServer on port " + port() + ": no connection was accepted");
    }
    for (Connection c : snapshot) {
      awaitConnection(c.index, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (c.scriptError != null) {
        throw new AssertionError(
            "the script of connection " + c.index + " threw " + c.scriptError, c.scriptError);
      }
      c.peer.awaitDone(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      try {
        c.peer.verify();
      } catch (AssertionError e) {
        throw new AssertionError("connection " + c.index + ": " + e.getMessage(), e);
      }
    }
  }

  private void acceptLoop() {
    while (running) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (SocketTimeoutException e) {
        continue;
      } catch (IOException e) {
        return;
      }
      Connection c;
      synchronized (connections) {
        if (!running) {
          closeQuietly(socket);
          return;
        }
        c = new Connection(connections.size(), socket);
        connections.add(c);
        connections.notifyAll();
      }
      c.thread.start();
    }
  }

  /** Stops accepting, closes every connection and waits (bounded) for the threads to end. */
  @Override
  public void close() {
    running = false;
    closeQuietly(server);
    List<Connection> snapshot;
    synchronized (connections) {
      snapshot = List.copyOf(connections);
    }
    for (Connection c : snapshot) {
      closeQuietly(c.socket);
    }
    join(acceptor);
    for (Connection c : snapshot) {
      join(c.thread);
    }
  }

  private static void join(Thread t) {
    try {
      t.join(CLOSE_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // nothing to do
    }
  }

  @Override
  public String toString() {
    return "ScriptedBrokerServer[127.0.0.1:" + port() + "]";
  }
}
