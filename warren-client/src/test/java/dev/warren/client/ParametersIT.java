/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.warren.errors.AuthenticationException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** URL parameters end to end, and the password never leaking, against the real broker. */
@Timeout(30)
class ParametersIT {
  private static final String SECRET = "s3cr3t-pw-XYZ";

  @Test
  void urlParametersAreNegotiatedWithTheBroker() {
    String url =
        "amqp://guest:guest@localhost:5672/%2F?heartbeat=5&channel_max=100&frame_max=65536"
            + "&connection_timeout=2000";
    ConnectionParameters p = ConnectionParameters.fromUri(url);
    assertThat(p.socketTimeout()).isEqualTo(Duration.ofMillis(2000));
    String name = Broker.unique("warren-it-url");
    try (Connection conn = Connection.open(p.toBuilder().connectionName(name).build())) {
      assertThat(conn.heartbeat()).isEqualTo(Duration.ofSeconds(5));
      assertThat(conn.channelMax()).isEqualTo(100);
      assertThat(conn.frameMax()).isEqualTo(65536);
      // The broker agrees (RabbitMQ's own defaults are 60 s, 2047 and 131072).
      assertThat(ItSupport.connectionInfo(name, "timeout", "channel_max", "frame_max"))
          .startsWith("5\t100\t65536\t");
    }
    // Straight from the URL too (Connection.open(String)).
    try (Connection conn = Connection.open(url)) {
      assertThat(conn.heartbeat()).isEqualTo(Duration.ofSeconds(5));
      assertThat(conn.channelMax()).isEqualTo(100);
      assertThat(conn.frameMax()).isEqualTo(65536);
    }
  }

  @Test
  void thePasswordNeverLeaks() {
    List<String> seen = new ArrayList<>();
    // Every log line at every level, debug ones included.
    try (LogCapture log = LogCapture.startVerbose()) {
      // A wrong password against the real broker, blocking and asynchronous.
      ConnectionParameters wrong =
          Broker.parameters().toBuilder()
              .credentials(PlainCredentials.of("guest", SECRET))
              .connectionAttempts(2)
              .retryDelay(Duration.ofMillis(10))
              .build();
      seen.add(wrong.toString());
      seen.add(String.valueOf(wrong.credentials().orElseThrow()));
      Throwable refused = catchThrowable(() -> Connection.open(wrong));
      assertThat(refused).isInstanceOf(AuthenticationException.class);
      seen.addAll(describe(refused));
      Throwable async =
          catchThrowable(
              () -> AsyncConnection.open(wrong).get(10, java.util.concurrent.TimeUnit.SECONDS));
      assertThat(async).isNotNull();
      seen.addAll(describe(async));

      // The password in a URL, which is rejected for something else.
      ConnectionParameters fromUrl =
          ConnectionParameters.fromUri("amqp://guest:" + SECRET + "@localhost:5672/%2F");
      seen.add(fromUrl.toString());
      seen.add(EndpointList.of(fromUrl).toString());
      for (String bad :
          List.of(
              "amqp://guest:" + SECRET + "@localhost:5672/%2F?no_such_key=1",
              "amqp://guest:" + SECRET + "@localhost:99999/%2F",
              "amqp://guest:" + SECRET + "@local host:5672/",
              "amqp://guest:" + SECRET + "@localhost:5672/%2F?heartbeat=soon",
              "amqq://guest:" + SECRET + "@localhost:5672/",
              "amqp://guest:" + SECRET + "@[::1:5672/",
              "amqp://guest:" + SECRET + "/x@localhost/")) {
        Throwable e = catchThrowable(() -> ConnectionParameters.fromUri(bad));
        assertThat(e).as(bad).isInstanceOf(InvalidUriException.class);
        seen.addAll(describe(e));
        Throwable opened = catchThrowable(() -> Connection.open(bad));
        assertThat(opened).as(bad).isInstanceOf(InvalidUriException.class);
        seen.addAll(describe(opened));
      }

      // A connection that logs in with that password: its toString and its parameters'.
      String user = Broker.unique("warren-it-leak");
      ItSupport.ctl("add_user", user, SECRET);
      try {
        ItSupport.ctl("set_permissions", "-p", "/", user, ".*", ".*", ".*");
        ConnectionParameters good =
            Broker.parameters().toBuilder().credentials(PlainCredentials.of(user, SECRET)).build();
        try (Connection conn = Connection.open(good)) {
          assertThat(conn.isOpen()).isTrue();
          seen.add(conn.toString());
          seen.add(conn.async().toString());
          seen.add(good.toString());
          conn.updateSecret(SECRET, "rotation");
        }
      } finally {
        ItSupport.ctl("delete_user", user);
      }
      String logged = log.text();
      // The capture works: the failed attempts were logged (at DEBUG, by Connector).
      assertThat(logged).contains("connection attempt");
      seen.add(logged);
    }
    assertThat(seen).isNotEmpty();
    for (String s : seen) {
      assertThat(s).doesNotContain(SECRET);
    }
  }

  /** Message, toString and stack trace of the throwable and of every cause and suppressed one. */
  private static List<String> describe(Throwable t) {
    List<String> out = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> todo = new ArrayList<>(List.of(t));
    while (!todo.isEmpty()) {
      Throwable c = todo.remove(todo.size() - 1);
      if (c == null || !seen.add(c)) {
        continue;
      }
      out.add(String.valueOf(c.getMessage()));
      out.add(String.valueOf(c.getLocalizedMessage()));
      out.add(c.toString());
      if (c instanceof dev.warren.errors.ConnectFailedException cf) {
        cf.attempts().forEach(a -> todo.add(a.failure()));
        out.add(cf.attempts().toString());
      }
      todo.add(c.getCause());
      todo.addAll(List.of(c.getSuppressed()));
    }
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    out.add(trace.toString());
    return out;
  }
}
