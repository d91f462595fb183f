/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SilentServerTest {

  @Test
  void acceptsAndNeverAnswers() throws IOException {
    try (SilentServer server = new SilentServer();
        Socket s = connect(server.port())) {
      s.getOutputStream().write("AMQP\0\0\u0009\u0001".getBytes(StandardCharsets.ISO_8859_1));
      s.setSoTimeout(700);
      assertThatThrownBy(() -> s.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
      awaitAccepted(server, 1);
    }
  }

  @Test
  void acceptsManyConnections() throws IOException {
    try (SilentServer server = new SilentServer();
        Socket a = connect(server.port());
        Socket b = connect(server.port());
        Socket c = connect(server.port())) {
      awaitAccepted(server, 3);
      assertThat(a.isConnected() && b.isConnected() && c.isConnected()).isTrue();
    }
  }

  @Test
  void closeEndsConnectionsAndStopsListening() throws IOException {
    SilentServer server = new SilentServer();
    int port = server.port();
    try (Socket s = connect(port)) {
      awaitAccepted(server, 1);
      server.close();
      server.close(); // idempotent
      s.setSoTimeout(5_000);
      InputStream in = s.getInputStream();
      int read;
      try {
        read = in.read();
      } catch (IOException e) {
        read = -1; // a reset is as good as end-of-stream here
      }
      assertThat(read).isEqualTo(-1);
    }
    assertThatThrownBy(() -> connect(port).close()).isInstanceOf(ConnectException.class);
  }

  private static Socket connect(int port) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    return s;
  }

  private static void awaitAccepted(SilentServer server, int n) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (server.acceptedCount() < n) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("server accepted " + server.acceptedCount() + " of " + n);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
