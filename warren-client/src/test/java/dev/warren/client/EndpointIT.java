/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warren.errors.ConnectFailedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Multiple endpoints: order, retries with their delay, shuffling, the all-failed error. */
@Timeout(30)
class EndpointIT {

  /** A port of 127.0.0.1 on which nothing listens (it was free a moment ago). */
  private static int unusedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static ConnectionParameters.Builder local(int port) {
    return ConnectionParameters.builder()
        .host("localhost")
        .port(port)
        .socketTimeout(Duration.ofSeconds(2))
        .stackTimeout(Duration.ofSeconds(3));
  }

  @Test
  void anUnusedPortFirstThenTheRealBroker() throws Exception {
    int dead = unusedPort();
    String name = Broker.unique("warren-it-endpoints");
    EndpointList list =
        EndpointList.of(
            local(dead).build(), Broker.parameters().toBuilder().connectionName(name).build());
    try (Connection conn = Connection.open(list)) {
      assertThat(conn.isOpen()).isTrue();
      assertThat(ItSupport.connectionInfo(name, "user")).startsWith("guest\t");
    }
  }

  @Test
  void whenEveryEndpointFailsTheErrorSaysSoAndCarriesEachFailure() throws Exception {
    int a = unusedPort();
    try (RecordingServer closer = new RecordingServer()) {
      EndpointList list = EndpointList.of(local(a).build(), local(closer.port()).build()).inOrder();
      ConnectFailedException e =
          catchThrowableOfType(ConnectFailedException.class, () -> Connection.open(list));
      assertThat(e).isNotNull();
      assertThat(e.getMessage())
          .startsWith("all 2 connection attempts failed")
          .contains("amqp://localhost:" + a + "/%2F")
          .contains("amqp://localhost:" + closer.port() + "/%2F");
      List<ConnectFailedException.Attempt> attempts = e.attempts();
      assertThat(attempts).hasSize(2);
      assertThat(attempts.get(0).endpoint()).isEqualTo("amqp://localhost:" + a + "/%2F");
      assertThat(attempts.get(0).attempt()).isEqualTo(1);
      assertThat(attempts.get(0).failure().getMessage())
          .contains("TCP connect failed: connection refused");
      assertThat(attempts.get(1).endpoint())
          .isEqualTo("amqp://localhost:" + closer.port() + "/%2F");
      assertThat(attempts.get(1).attempt()).isEqualTo(2);
      assertThat(attempts.get(1).failure().getMessage()).contains("AMQP handshake failed");
    }
  }

  @Test
  void connectionAttemptsAreMadeWithTheRetryDelayBetween() throws Exception {
    try (RecordingServer closer = new RecordingServer()) {
      ConnectionParameters p =
          local(closer.port()).connectionAttempts(3).retryDelay(Duration.ofMillis(300)).build();
      long start = System.nanoTime();
      ConnectFailedException e =
          catchThrowableOfType(ConnectFailedException.class, () -> Connection.open(p));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(e).isNotNull();
      assertThat(e.attempts()).hasSize(3);
      assertThat(e.attempts())
          .extracting(ConnectFailedException.Attempt::attempt)
          .containsExactly(1, 2, 3);
      assertThat(closer.acceptedAt()).hasSize(3);
      List<Long> at = closer.acceptedAt();
      for (int i = 1; i < at.size(); i++) {
        assertThat(Duration.ofNanos(at.get(i) - at.get(i - 1)))
            .as("gap before attempt %d", i + 1)
            .isGreaterThanOrEqualTo(Duration.ofMillis(250))
            .isLessThan(Duration.ofSeconds(3));
      }
      assertThat(took)
          .isGreaterThanOrEqualTo(Duration.ofMillis(550))
          .isLessThan(Duration.ofSeconds(8));
    }
  }

  @Test
  void shuffledEndpointsAreTriedInTheShuffledOrder() throws Exception {
    List<Integer> order = new CopyOnWriteArrayList<>();
    List<RecordingServer> servers = new ArrayList<>();
    try {
      List<ConnectionParameters> endpoints = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int id = i;
        RecordingServer s = new RecordingServer(() -> order.add(id));
        servers.add(s);
        endpoints.add(local(s.port()).build());
      }
      EndpointList original = EndpointList.of(endpoints);
      // A seed whose order differs from the list's: the test shows the shuffle is really used.
      EndpointList shuffled = null;
      for (long seed = 1; shuffled == null || shuffled.equals(original); seed++) {
        shuffled = original.shuffled(new Random(seed));
      }
      List<Integer> expected = new ArrayList<>();
      for (ConnectionParameters p : shuffled.endpoints()) {
        expected.add(endpoints.indexOf(p));
      }
      EndpointList plan = shuffled.inOrder();
      catchThrowableOfType(ConnectFailedException.class, () -> Connection.open(plan));
      assertThat(order).containsExactlyElementsOf(expected);
      assertThat(expected).isNotEqualTo(List.of(0, 1, 2, 3));
      assertThat(shuffled.endpoints()).containsExactlyInAnyOrderElementsOf(endpoints);
    } finally {
      for (RecordingServer s : servers) {
        s.close();
      }
    }
  }

  /**
   * Accepts TCP connections on 127.0.0.1 and closes each at once (the client sees the connection
   * end during the AMQP handshake), recording when each arrived.
   */
  static final class RecordingServer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Long> acceptedAt = new CopyOnWriteArrayList<>();
    private final Runnable onAccept;

    RecordingServer() throws IOException {
      this(() -> {});
    }

    RecordingServer(Runnable onAccept) throws IOException {
      this.onAccept = onAccept;
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread t = new Thread(this::loop, "recording-server-" + server.getLocalPort());
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return server.getLocalPort();
    }

    List<Long> acceptedAt() {
      return acceptedAt;
    }

    private void loop() {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          acceptedAt.add(System.nanoTime());
          onAccept.run();
        } catch (IOException e) {
          return;
        }
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
