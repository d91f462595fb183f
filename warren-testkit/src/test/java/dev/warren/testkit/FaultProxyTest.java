/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.testkit.FaultProxy.Direction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class FaultProxyTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private EchoServer echo;
  private FaultProxy proxy;
  private final List<Socket> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    echo = new EchoServer();
    proxy = new FaultProxy("127.0.0.1", echo.port());
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : clients) {
      s.close();
    }
    proxy.close();
    echo.close();
  }

  @Test
  void forwardsBothWays() throws IOException {
    Socket s = connect();
    send(s, "hello, broker");
    assertThat(readExactly(s, 13)).isEqualTo("hello, broker");
    eventually(() -> echo.bytesReceived() == 13, "echo server got 13 bytes");
  }

  @Test
  void forwardsLargeStreamsInOrder() throws Exception {
    Socket s = connect();
    byte[] data = new byte[1_000_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + (i >> 8));
    }
    Thread writer =
        new Thread(
            () -> {
              try {
                s.getOutputStream().write(data);
              } catch (IOException ignored) {
                // the read below fails then
              }
            });
    writer.start();
    byte[] back = s.getInputStream().readNBytes(data.length);
    writer.join(WAIT.toMillis());
    assertThat(Arrays.equals(back, data)).isTrue();
  }

  @Test
  void countsOpenConnections() throws IOException {
    Socket a = connect();
    Socket b = connect();
    eventually(() -> proxy.connectionCount() == 2, "2 connections");
    assertThat(proxy.acceptedCount()).isEqualTo(2);
    a.close();
    eventually(() -> proxy.connectionCount() == 1, "1 connection after a client closed");
    send(b, "still here");
    assertThat(readExactly(b, 10)).isEqualTo("still here");
  }

  @Test
  void closesTheClientWhenTheServerCloses() throws IOException {
    Socket s = connect();
    send(s, "x");
    assertThat(readExactly(s, 1)).isEqualTo("x");
    echo.closeConnections();
    assertThat(readToEndOrFailure(s)).isEmpty();
    assertThat(proxy.connectionCount()).isEqualTo(1); // half-closed: the client may still send
    s.close();
    eventually(() -> proxy.connectionCount() == 0, "no connection left");
  }

  @Test
  void freezeStopsBothDirectionsAndThawResumes() throws IOException {
    Socket s = connect();
    send(s, "before");
    assertThat(readExactly(s, 6)).isEqualTo("before");

    proxy.freeze();
    assertThat(proxy.isFrozen()).isTrue();
    send(s, "during");
    s.setSoTimeout(500);
    assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
    assertThat(echo.bytesReceived()).isEqualTo(6); // nothing reached the server
    assertThat(proxy.connectionCount()).isEqualTo(1); // and the connection is still open

    proxy.thaw();
    assertThat(readExactly(s, 6)).isEqualTo("during");
    eventually(() -> echo.bytesReceived() == 12, "server got the held bytes");
  }

  @Test
  void freezeHoldsServerToClientTraffic() throws IOException {
    Socket s = connect();
    send(s, "ab");
    assertThat(readExactly(s, 2)).isEqualTo("ab");
    proxy.freeze();
    echo.sendToAll("pushed by the server");
    s.setSoTimeout(500);
    assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
    proxy.thaw();
    assertThat(readExactly(s, 20)).isEqualTo("pushed by the server");
  }

  @Test
  void cutAllResetsEveryConnectionButKeepsListening() throws IOException {
    Socket a = connect();
    Socket b = connect();
    eventually(() -> proxy.connectionCount() == 2, "2 connections");
    eventually(() -> echo.openConnections() == 2, "server sees 2 connections");

    proxy.cutAll();
    assertThat(proxy.connectionCount()).isZero();
    assertThat(readToEndOrFailure(a)).isEmpty();
    assertThat(readToEndOrFailure(b)).isEmpty();
    eventually(() -> echo.openConnections() == 0, "server side closed too");

    Socket c = connect();
    send(c, "again");
    assertThat(readExactly(c, 5)).isEqualTo("again");
  }

  @Test
  void cutAllWhileFrozenStillResets() throws IOException {
    Socket s = connect();
    eventually(() -> proxy.connectionCount() == 1, "1 connection");
    proxy.freeze();
    proxy.cutAll();
    assertThat(readToEndOrFailure(s)).isEmpty();
  }

  @Test
  void cutAfterBytesServerToClientDeliversExactlyThatManyBytes() throws IOException {
    Socket s = connect();
    eventually(() -> proxy.connectionCount() == 1, "1 connection");
    proxy.cutAfterBytes(10, Direction.SERVER_TO_CLIENT);
    send(s, "0123456789ABCDEFGHIJ");
    assertThat(readToEndOrFailure(s)).isEqualTo("0123456789");
    eventually(() -> proxy.connectionCount() == 0, "connection cut");
  }

  @Test
  void cutAfterBytesClientToServerTruncatesWhatTheServerGets() throws IOException {
    Socket s = connect();
    eventually(() -> proxy.connectionCount() == 1, "1 connection");
    proxy.cutAfterBytes(7, Direction.CLIENT_TO_SERVER);
    send(s, "0123456789ABCDEFGHIJ");
    eventually(() -> echo.eofs() == 1, "server saw end-of-stream");
    assertThat(echo.bytesReceived()).isEqualTo(7);
    assertThat(readToEndOrFailure(s).length()).isLessThanOrEqualTo(7);
  }

  @Test
  void cutArmedWithoutConnectionsAppliesToTheNextOneOnly() throws IOException {
    proxy.cutAfterBytes(3, Direction.SERVER_TO_CLIENT);
    Socket first = connect();
    send(first, "abcdef");
    assertThat(readToEndOrFailure(first)).isEqualTo("abc");

    Socket second = connect();
    send(second, "abcdef");
    assertThat(readExactly(second, 6)).isEqualTo("abcdef");
  }

  @Test
  void cutAfterZeroBytesCutsAtOnce() throws IOException {
    Socket s = connect();
    eventually(() -> proxy.connectionCount() == 1, "1 connection");
    proxy.cutAfterBytes(0, Direction.SERVER_TO_CLIENT);
    assertThat(proxy.connectionCount()).isZero();
    assertThat(readToEndOrFailure(s)).isEmpty();
  }

  @Test
  void refuseNewRefusesConnectionsButKeepsOpenOnes() throws IOException {
    Socket open = connect();
    eventually(() -> proxy.connectionCount() == 1, "1 connection");
    proxy.refuseNew(true);
    assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
    send(open, "alive");
    assertThat(readExactly(open, 5)).isEqualTo("alive");

    proxy.refuseNew(false);
    Socket again = connect();
    send(again, "back");
    assertThat(readExactly(again, 4)).isEqualTo("back");
  }

  @Test
  void unreachableTargetClosesTheClient() throws IOException {
    int closedPort;
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = ss.getLocalPort();
    }
    try (FaultProxy dead = new FaultProxy("127.0.0.1", closedPort)) {
      Socket s = new Socket();
      clients.add(s);
      try {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), dead.port()), 5_000);
        assertThat(readToEndOrFailure(s)).isEmpty();
      } catch (IOException e) {
        // the reset may already surface in connect(): the client's connection failed either way
      }
      eventually(() -> dead.acceptedCount() == 1, "proxy accepted the connection");
      eventually(() -> dead.connectionCount() == 0, "no connection left");
    }
  }

  @Test
  void closeResetsConnectionsAndStopsListening() throws IOException {
    Socket s = connect();
    eventually(() -> proxy.connectionCount() == 1, "1 connection");
    proxy.close();
    proxy.close(); // idempotent
    assertThat(readToEndOrFailure(s)).isEmpty();
    assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
    assertThatThrownBy(proxy::freeze).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsNegativeByteCounts() {
    assertThatThrownBy(() -> proxy.cutAfterBytes(-1, Direction.CLIENT_TO_SERVER))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------------------------------------

  private Socket connect() throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()), 5_000);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    s.setSoTimeout((int) WAIT.toMillis());
    clients.add(s);
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(US_ASCII));
    s.getOutputStream().flush();
  }

  /** Reads n bytes; fails on a timeout (soTimeout is set on every socket). */
  private static String readExactly(Socket s, int n) throws IOException {
    s.setSoTimeout((int) WAIT.toMillis());
    byte[] bytes = s.getInputStream().readNBytes(n);
    assertThat(bytes).hasSize(n);
    return new String(bytes, US_ASCII);
  }

  /**
   * Reads until end-of-stream or a connection reset and returns what arrived; a read timeout fails
   * the test (the connection was expected to end).
   */
  private static String readToEndOrFailure(Socket s) throws IOException {
    s.setSoTimeout((int) WAIT.toMillis());
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    InputStream in = s.getInputStream();
    byte[] buf = new byte[1024];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        got.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("connection still open after " + WAIT + "; got " + got, e);
    } catch (IOException e) {
      // connection reset: the expected way for a cut connection to end
    }
    return got.toString(US_ASCII);
  }

  private static void eventually(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + WAIT + " waiting for: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what, e);
      }
    }
  }

  /** A tiny echo server on 127.0.0.1 that counts what it receives; one thread per connection. */
  static final class EchoServer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> sockets = new ArrayList<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicInteger eofs = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean running = true;

    EchoServer() {
      try {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setSoTimeout(100);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      Thread acceptor = new Thread(this::acceptLoop, "echo-accept");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    long bytesReceived() {
      return received.get();
    }

    int eofs() {
      return eofs.get();
    }

    int openConnections() {
      return open.get();
    }

    void sendToAll(String text) throws IOException {
      synchronized (sockets) {
        for (Socket s : sockets) {
          s.getOutputStream().write(text.getBytes(US_ASCII));
        }
      }
    }

    void closeConnections() throws IOException {
      synchronized (sockets) {
        for (Socket s : sockets) {
          s.close();
        }
        sockets.clear();
      }
    }

    private void acceptLoop() {
      while (running) {
        try {
          Socket s = server.accept();
          s.setSoTimeout(100);
          synchronized (sockets) {
            sockets.add(s);
          }
          open.incrementAndGet();
          Thread t = new Thread(() -> serve(s), "echo-" + s.getPort());
          t.setDaemon(true);
          t.start();
        } catch (SocketTimeoutException e) {
          // poll running again
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket s) {
      byte[] buf = new byte[8192];
      try (s) {
        InputStream in = s.getInputStream();
        while (running) {
          int n;
          try {
            n = in.read(buf);
          } catch (SocketTimeoutException e) {
            continue;
          }
          if (n < 0) {
            eofs.incrementAndGet();
            return;
          }
          received.addAndGet(n);
          synchronized (s) {
            s.getOutputStream().write(buf, 0, n);
          }
        }
      } catch (IOException e) {
        // reset or closed: the connection is over
      } finally {
        open.decrementAndGet();
      }
    }

    @Override
    public void close() throws IOException {
      running = false;
      server.close();
      closeConnections();
    }
  }
}
