/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warren.errors.ConnectFailedException;
import dev.warren.testkit.SilentServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Timeouts: a peer that accepts TCP but never speaks fails within the stack timeout; an address
 * that never answers the TCP connect fails within the socket timeout; both name the endpoint and
 * the stage.
 */
@Timeout(30)
class TimeoutIT {

  @Test
  void aPeerThatNeverSpeaksAmqpFailsWithinTheStackTimeout() {
    try (SilentServer silent = new SilentServer()) {
      ConnectionParameters p =
          ConnectionParameters.builder()
              .host("localhost")
              .port(silent.port())
              .stackTimeout(Duration.ofSeconds(1))
              .build();
      long start = System.nanoTime();
      ConnectFailedException e =
          catchThrowableOfType(ConnectFailedException.class, () -> Connection.open(p));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(e).isNotNull();
      assertThat(e.getMessage())
          .contains("amqp://localhost:" + silent.port() + "/%2F")
          .contains("AMQP handshake")
          .contains("stack timeout of 1000 ms");
      assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900));
      assertThat(took).isLessThan(Duration.ofMillis(2500));
      assertThat(silent.acceptedCount()).isEqualTo(1);
    }
  }

  @Test
  void aTlsPeerThatNeverAnswersTheHandshakeFailsWithinTheStackTimeout() {
    try (SilentServer silent = new SilentServer()) {
      ConnectionParameters p =
          ConnectionParameters.builder()
              .host("localhost")
              .port(silent.port())
              .tls(TlsOptions.defaults())
              .stackTimeout(Duration.ofSeconds(1))
              .build();
      // The stack timeout starts with the TCP connect; building the TLS context comes before it,
      // and the first one of a JVM loads JSSE (half a second, more on a busy machine). An untimed
      // first attempt keeps that out of the measurement.
      catchThrowableOfType(ConnectFailedException.class, () -> Connection.open(p));
      long start = System.nanoTime();
      ConnectFailedException e =
          catchThrowableOfType(ConnectFailedException.class, () -> Connection.open(p));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(e).isNotNull();
      assertThat(e.getMessage())
          .contains("amqps://localhost:" + silent.port() + "/%2F")
          .contains("TLS handshake");
      assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900));
      assertThat(took).isLessThan(Duration.ofMillis(2500));
    }
  }

  @Test
  void anAddressThatNeverAnswersTheTcpConnectFailsWithinTheSocketTimeout() throws Exception {
    try (Blackhole hole = Blackhole.open()) {
      ConnectionParameters p =
          ConnectionParameters.builder()
              .host("127.0.0.1")
              .port(hole.port())
              .socketTimeout(Duration.ofMillis(500))
              .stackTimeout(Duration.ofSeconds(10))
              .build();
      long start = System.nanoTime();
      ConnectFailedException e =
          catchThrowableOfType(ConnectFailedException.class, () -> Connection.open(p));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(e).isNotNull();
      assertThat(e.getMessage())
          .contains("amqp://127.0.0.1:" + hole.port() + "/%2F")
          .contains("TCP connect failed")
          .contains("socket timeout of 500 ms");
      assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(450));
      assertThat(took).isLessThan(Duration.ofMillis(2000));
    }
  }

  /**
   * A local address that silently drops TCP SYNs, like an unroutable host, without any packet
   * leaving the machine and without root, iptables or network namespaces: a listening socket on
   * 127.0.0.1 that never accepts, whose accept queue has been filled. Linux drops a SYN that
   * arrives at a listener with a full accept queue (it sends no RST, net.ipv4.tcp_abort_on_overflow
   * = 0 being the default), so the client's connect gets no answer at all and only its own timeout
   * ends it. {@link #open()} fills the queue and checks that a connect really hangs; {@link
   * #close()} closes every socket, which is the whole clean-up.
   */
  static final class Blackhole implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Socket> fillers = new ArrayList<>();

    private Blackhole(ServerSocket listener) {
      this.listener = listener;
    }

    static Blackhole open() throws IOException {
      Blackhole b = new Blackhole(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      try {
        // Each connect the kernel completes takes a slot of the queue; the first one that times
        // out shows the queue is full and SYNs are being dropped.
        for (int i = 0; i < 16; i++) {
          Socket s = new Socket();
          b.fillers.add(s);
          try {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port()), 300);
          } catch (SocketTimeoutException full) {
            return b;
          }
        }
        throw new AssertionError(
            "16 connects to a listener with backlog 1 that never accepts all succeeded: this OS"
                + " does not drop SYNs on a full accept queue; the test needs another blackhole");
      } catch (IOException | RuntimeException | Error e) {
        b.close();
        throw e;
      }
    }

    int port() {
      return listener.getLocalPort();
    }

    @Override
    public void close() {
      for (Socket s : fillers) {
        try {
          s.close();
        } catch (IOException e) {
          // ignore
        }
      }
      try {
        listener.close();
      } catch (IOException e) {
        // ignore
      }
    }
  }
}
