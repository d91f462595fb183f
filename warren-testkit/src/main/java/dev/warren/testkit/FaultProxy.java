/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A fault-injecting TCP proxy for tests: listens on an ephemeral port of 127.0.0.1 and forwards
 * every accepted connection to a target host and port, until told to misbehave.
 *
 * <p>All I/O runs on one non-blocking selector thread that never blocks longer than {@value
 * #SELECT_MILLIS} ms at a time. The control methods ({@link #freeze()}, {@link #cutAll()}, ...) are
 * synchronous: when they return, the I/O thread has applied them (they wait at most {@link
 * #CONTROL_TIMEOUT} for it), so for example no byte is forwarded after {@code freeze()} returns,
 * and {@link #connectionCount()} is 0 right after {@code cutAll()}.
 *
 * <pre>{@code
 * try (FaultProxy proxy = new FaultProxy("localhost", 5672)) {
 *   connect to "localhost", proxy.port() ...
 *   proxy.freeze();   // a network partition: heartbeats stop in both directions
 *   proxy.cutAll();   // both ends see a connection reset
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {

  /** The direction of a byte stream through the proxy. */
  public enum Direction {
    /** From the connecting client to the target (e.g. client to broker). */
    CLIENT_TO_SERVER,
    /** From the target back to the client (e.g. broker to client). */
    SERVER_TO_CLIENT
  }

  /** How long a control method waits for the I/O thread to apply it. */
  public static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(5);

  /** How long connecting to the target may take before the client's connection is reset. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private static final long SELECT_MILLIS = 50;
  private static final int BUFFER_SIZE = 64 * 1024;

  private final InetSocketAddress target;
  private final Selector selector;
  private final Thread ioThread;
  private final int port;
  private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
  private final AtomicInteger liveConnections = new AtomicInteger();
  private final AtomicInteger acceptedConnections = new AtomicInteger();

  // Owned by the I/O thread.
  private final List<Link> links = new ArrayList<>();
  private ServerSocketChannel listener;
  private boolean frozen;
  private CutRule pendingCut;
  private volatile boolean running = true;

  /** Starts a proxy to {@code targetHost:targetPort} (resolved now). */
  public FaultProxy(String targetHost, int targetPort) {
    this(new InetSocketAddress(Objects.requireNonNull(targetHost, "targetHost"), targetPort));
  }

  /** Starts a proxy to {@code target}. */
  public FaultProxy(InetSocketAddress target) {
    this.target = Objects.requireNonNull(target, "target");
    try {
      this.selector = Selector.open();
      this.listener = openListener(0);
      this.port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
    } catch (IOException e) {
      closeQuietly(selector());
      throw new UncheckedIOException("cannot start FaultProxy", e);
    }
    this.ioThread = new Thread(this::run, "warren-fault-proxy-" + port);
    this.ioThread.setDaemon(true);
    this.ioThread.start();
  }

  private Selector selector() {
    return selector;
  }

  /** The local port clients connect to (on 127.0.0.1 / "localhost"). */
  public int port() {
    return port;
  }

  /** Where the proxy forwards to. */
  public InetSocketAddress target() {
    return target;
  }

  /** Connections currently open through the proxy (accepted and not yet closed). */
  public int connectionCount() {
    return liveConnections.get();
  }

  /** Connections accepted since the proxy started, including closed ones. */
  public int acceptedCount() {
    return acceptedConnections.get();
  }

  /**
   * Simulates a network partition: stops forwarding in both directions on every connection, current
   * and new, while keeping all sockets open. Nothing new is read from either side, so unread bytes
   * stay in the kernel's socket buffers (and TCP flow control eventually stops the senders); a
   * chunk that was already read is held until {@link #thaw()}. Idempotent.
   */
  public void freeze() {
    call(() -> frozen = true);
  }

  /** Ends a {@link #freeze()}: forwarding resumes, held bytes are delivered in order. */
  public void thaw() {
    call(() -> frozen = false);
  }

  /** Whether the proxy is frozen. */
  public boolean isFrozen() {
    return call(() -> frozen);
  }

  /**
   * Resets every open connection: both the client and the target see a TCP reset (RST), as if the
   * network dropped them. The proxy keeps listening; new connections are forwarded as usual.
   */
  public void cutAll() {
    call(
        () -> {
          for (Link link : new ArrayList<>(links)) {
            link.reset();
          }
        });
  }

  /**
   * Cuts connections mid-stream: after forwarding exactly {@code n} more bytes in {@code
   * direction}, the connection is closed. The receiving side (in {@code direction}) gets those
   * {@code n} bytes and then end-of-stream; the sending side gets a TCP reset. Use it to cut in the
   * middle of a frame.
   *
   * <p>Applies to every connection open now. If none is open, it applies to the next connection
   * accepted (once). Calling it again replaces any earlier, not yet triggered cut.
   *
   * @param n bytes still to forward before the cut; 0 cuts before the next byte
   */
  public void cutAfterBytes(long n, Direction direction) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0: " + n);
    }
    Objects.requireNonNull(direction, "direction");
    call(
        () -> {
          CutRule rule = new CutRule(n, direction);
          if (links.isEmpty()) {
            pendingCut = rule;
          } else {
            pendingCut = null;
            for (Link link : new ArrayList<>(links)) {
              link.arm(rule);
            }
          }
        });
  }

  /**
   * While {@code true}, new connections are refused (the listening socket is closed, so clients get
   * "connection refused"); open connections are not affected. {@code false} listens again on the
   * same {@link #port()}.
   *
   * @throws UncheckedIOException if the port cannot be bound again
   */
  public void refuseNew(boolean refuse) {
    IOException failure =
        call(
            () -> {
              try {
                if (refuse && listener != null) {
                  listener.close();
                  listener = null;
                } else if (!refuse && listener == null) {
                  listener = openListener(port);
                }
                return null;
              } catch (IOException e) {
                return e;
              }
            });
    if (failure != null) {
      throw new UncheckedIOException("cannot listen again on port " + port, failure);
    }
  }

  /** Stops the proxy: resets every connection and stops listening. Idempotent. */
  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    selector.wakeup();
    try {
      ioThread.join(CONTROL_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (ioThread.isAlive()) {
      ioThread.interrupt();
    }
  }

  @Override
  public String toString() {
    return "FaultProxy[127.0.0.1:" + port + " -> " + target + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private ServerSocketChannel openListener(int bindPort) throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open();
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), bindPort), 128);
      channel.configureBlocking(false);
      channel.register(selector, SelectionKey.OP_ACCEPT);
      return channel;
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private void call(Runnable command) {
    call(
        () -> {
          command.run();
          return null;
        });
  }

  private <T> T call(Supplier<T> command) {
    if (!running) {
      throw new IllegalStateException(this + " is closed");
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    commands.add(
        () -> {
          try {
            T value = command.get();
            // A registered channel is really closed when its key is flushed by a select: do it
            // now, so that a cut or a refusal is in effect when the caller returns.
            selector.selectNow();
            result.complete(value);
          } catch (Throwable t) {
            result.completeExceptionally(t);
          }
        });
    selector.wakeup();
    try {
      return result.get(CONTROL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + this, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(this + ": command failed", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(this + ": I/O thread did not answer in " + CONTROL_TIMEOUT);
    }
  }

  private void run() {
    try {
      while (running) {
        selector.select(SELECT_MILLIS);
        Runnable command;
        while ((command = commands.poll()) != null) {
          command.run();
        }
        for (SelectionKey key : selector.selectedKeys()) {
          handle(key);
        }
        selector.selectedKeys().clear();
        long now = System.nanoTime();
        for (Link link : new ArrayList<>(links)) {
          link.checkConnectDeadline(now);
          link.updateInterest();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Fall through: the proxy dies, everything is reset below.
    } finally {
      running = false;
      for (Link link : new ArrayList<>(links)) {
        link.reset();
      }
      closeQuietly(listener);
      closeQuietly(selector);
      Runnable command;
      while ((command = commands.poll()) != null) {
        command.run(); // completes waiting callers instead of leaving them to time out
      }
    }
  }

  private void handle(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    if (key.channel() instanceof ServerSocketChannel) {
      accept((ServerSocketChannel) key.channel());
      return;
    }
    Side side = (Side) key.attachment();
    Link link = side.link;
    try {
      if (key.isConnectable()) {
        link.finishConnect();
      }
      if (key.isValid() && key.isReadable()) {
        side.readInto();
      }
      if (key.isValid() && key.isWritable()) {
        side.writeFrom();
      }
    } catch (IOException | RuntimeException e) {
      link.reset();
    }
  }

  private void accept(ServerSocketChannel server) {
    SocketChannel client;
    try {
      client = server.accept();
    } catch (IOException e) {
      return;
    }
    if (client == null) {
      return;
    }
    acceptedConnections.incrementAndGet();
    SocketChannel upstream = null;
    try {
      client.configureBlocking(false);
      client.setOption(StandardSocketOptions.TCP_NODELAY, true);
      upstream = SocketChannel.open();
      upstream.configureBlocking(false);
      upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
      boolean connected = upstream.connect(target);
      Link link = new Link(client, upstream, connected);
      links.add(link);
      liveConnections.incrementAndGet();
      if (pendingCut != null) {
        link.arm(pendingCut);
        pendingCut = null;
      }
      link.register();
    } catch (IOException | RuntimeException e) {
      resetQuietly(client);
      resetQuietly(upstream);
    }
  }

  private record CutRule(long bytes, Direction direction) {}

  /** One end of a link: reads from its channel into {@code outbound}, writes {@code inbound}. */
  private final class Side {
    final Link link;
    final SocketChannel channel;

    /** Bytes read from this side, waiting to be written to the other side (write mode). */
    final ByteBuffer outbound = ByteBuffer.allocate(BUFFER_SIZE);

    final Direction readDirection;
    SelectionKey key;
    Side other;
    boolean eof; // this side sent FIN
    boolean outputShut; // we sent FIN to this side

    /** Bytes still to forward in readDirection before the cut, or -1 when none is armed. */
    long cutBudget = -1;

    Side(Link link, SocketChannel channel, Direction readDirection) {
      this.link = link;
      this.channel = channel;
      this.readDirection = readDirection;
    }

    void readInto() throws IOException {
      if (frozen || eof || !outbound.hasRemaining()) {
        return;
      }
      int n = channel.read(outbound);
      if (n < 0) {
        eof = true;
        other.maybeShutOutput(this);
      }
    }

    /** Writes what the other side read to this channel. */
    void writeFrom() throws IOException {
      ByteBuffer data = other.outbound;
      if (frozen || data.position() == 0) {
        return;
      }
      data.flip();
      try {
        int limit = data.limit();
        long budget = other.cutBudget;
        if (budget >= 0 && budget < data.remaining()) {
          data.limit(data.position() + (int) budget);
        }
        int written = channel.write(data);
        data.limit(limit);
        if (budget >= 0) {
          other.cutBudget = budget - written;
        }
      } finally {
        data.compact();
      }
      if (other.cutBudget == 0) {
        link.cut(this);
        return;
      }
      maybeShutOutput(other);
    }

    /** Propagates the other side's FIN once all its bytes are written here. */
    void maybeShutOutput(Side from) throws IOException {
      if (from.eof && from.outbound.position() == 0 && !outputShut) {
        outputShut = true;
        channel.shutdownOutput();
      }
      if (outputShut && other.outputShut) {
        link.closeGracefully();
      }
    }

    int interest() {
      int ops = 0;
      if (!frozen && link.connected) {
        if (!eof && outbound.hasRemaining()) {
          ops |= SelectionKey.OP_READ;
        }
        if (other.outbound.position() > 0 && !outputShut) {
          ops |= SelectionKey.OP_WRITE;
        }
      }
      return ops;
    }
  }

  /** A proxied connection: the client side and the upstream (target) side. */
  private final class Link {
    final Side client;
    final Side upstream;
    final long connectDeadline;
    boolean connected;
    boolean closed;

    Link(SocketChannel clientChannel, SocketChannel upstreamChannel, boolean connected) {
      this.client = new Side(this, clientChannel, Direction.CLIENT_TO_SERVER);
      this.upstream = new Side(this, upstreamChannel, Direction.SERVER_TO_CLIENT);
      client.other = upstream;
      upstream.other = client;
      this.connected = connected;
      this.connectDeadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
    }

    void register() throws ClosedChannelException {
      client.key = client.channel.register(selector, 0, client);
      upstream.key =
          upstream.channel.register(selector, connected ? 0 : SelectionKey.OP_CONNECT, upstream);
    }

    void finishConnect() throws IOException {
      if (!connected && upstream.channel.finishConnect()) {
        connected = true;
      }
    }

    void checkConnectDeadline(long now) {
      if (!closed && !connected && now - connectDeadline > 0) {
        reset();
      }
    }

    void arm(CutRule rule) {
      Side source = rule.direction() == Direction.CLIENT_TO_SERVER ? client : upstream;
      source.cutBudget = rule.bytes();
      source.other.cutBudget = -1;
      if (rule.bytes() == 0) {
        cut(source.other);
      }
    }

    void updateInterest() {
      if (closed) {
        return;
      }
      if (!connected) {
        setInterest(client, 0);
        setInterest(upstream, SelectionKey.OP_CONNECT);
        return;
      }
      setInterest(client, client.interest());
      setInterest(upstream, upstream.interest());
    }

    private void setInterest(Side side, int ops) {
      if (side.key != null && side.key.isValid() && side.key.interestOps() != ops) {
        side.key.interestOps(ops);
      }
    }

    /** The cut: {@code receiver} gets end-of-stream after what it already got; the sender RST. */
    void cut(Side receiver) {
      if (closed) {
        return;
      }
      markClosed();
      closeQuietly(receiver.channel);
      resetQuietly(receiver.other.channel);
    }

    void reset() {
      if (closed) {
        return;
      }
      markClosed();
      resetQuietly(client.channel);
      resetQuietly(upstream.channel);
    }

    void closeGracefully() {
      if (closed) {
        return;
      }
      markClosed();
      closeQuietly(client.channel);
      closeQuietly(upstream.channel);
    }

    private void markClosed() {
      closed = true;
      links.remove(this);
      liveConnections.decrementAndGet();
    }
  }

  private static void resetQuietly(SocketChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      if (channel.isOpen() && channel.isConnected()) {
        channel.setOption(StandardSocketOptions.SO_LINGER, 0);
      }
    } catch (IOException | RuntimeException ignored) {
      // closing below is all that is left to do
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(java.nio.channels.Channel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  private static void closeQuietly(Selector selector) {
    if (selector == null) {
      return;
    }
    try {
      selector.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
