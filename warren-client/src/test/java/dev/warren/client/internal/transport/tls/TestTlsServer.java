/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.transport.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A JDK TLS server on 127.0.0.1 for handshake tests: accepts connections until closed, completes
 * the handshake, records the SNI names it was sent, writes one byte and waits for the client to
 * close. Every socket operation has a timeout.
 */
final class TestTlsServer implements AutoCloseable {
  final List<List<String>> sniNames = new CopyOnWriteArrayList<>();
  final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private final ServerSocket server;
  private final Thread thread;

  private TestTlsServer(ServerSocket server, boolean tls) {
    this.server = server;
    this.thread = new Thread(() -> acceptLoop(tls), "test-tls-server");
    thread.setDaemon(true);
    thread.start();
  }

  /** A TLS server presenting {@code p12}; {@code needClientAuth} asks for a client certificate. */
  static TestTlsServer start(String p12, ClientAuth clientAuth) throws Exception {
    SSLContext ctx = TestCertificates.serverContext(p12);
    SSLServerSocket s =
        (SSLServerSocket)
            ctx.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    s.setNeedClientAuth(clientAuth == ClientAuth.REQUIRED);
    return new TestTlsServer(s, true);
  }

  /** A plain TCP server that answers like an AMQP broker to a non-AMQP header. */
  static TestTlsServer startPlainAmqp() throws IOException {
    return new TestTlsServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), false);
  }

  enum ClientAuth {
    NONE,
    REQUIRED
  }

  /** The SNI names of the first {@code count} handshakes, waiting up to 5 s for them. */
  List<List<String>> awaitSniNames(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (sniNames.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return List.copyOf(sniNames);
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop(boolean tls) {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread t = new Thread(() -> serve(socket, tls), "test-tls-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket, boolean tls) {
    try (socket) {
      socket.setSoTimeout(10_000);
      if (tls) {
        SSLSocket ssl = (SSLSocket) socket;
        ssl.startHandshake();
        if (ssl.getSession() instanceof ExtendedSSLSession ext) {
          List<String> names = new java.util.ArrayList<>();
          for (SNIServerName n : ext.getRequestedServerNames()) {
            if (n instanceof SNIHostName h) {
              names.add(h.getAsciiName());
            }
          }
          sniNames.add(names);
        }
        ssl.getOutputStream().write('!');
        ssl.getOutputStream().flush();
        InputStream in = ssl.getInputStream();
        while (in.read() >= 0) {
          // until the client closes
        }
      } else {
        socket.getInputStream().read(new byte[8]);
        socket.getOutputStream().write(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
        socket.getOutputStream().flush();
      }
    } catch (SocketTimeoutException e) {
      failures.add(e);
    } catch (IOException e) {
      failures.add(e);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
