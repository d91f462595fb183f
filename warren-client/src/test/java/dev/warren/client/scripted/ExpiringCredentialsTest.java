/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.scripted;

import static dev.warren.client.scripted.ScriptedBroker.handshake;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.Connection;
import dev.warren.client.CredentialsProvider;
import dev.warren.client.PlainCredentials;
import dev.warren.client.scripted.ScriptedBroker.Events;
import dev.warren.protocol.method.ConnectionStartOk;
import dev.warren.protocol.method.ConnectionUpdateSecret;
import dev.warren.protocol.method.ConnectionUpdateSecretOk;
import dev.warren.testkit.Received;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Credentials that expire, frame by frame: the refresh sends {@code connection.update-secret} with
 * the new password, a recovery logs in with the latest credentials, and the provider is never
 * called on an I/O thread.
 */
@Timeout(60)
class ExpiringCredentialsTest {
  private final ScriptedBroker broker = new ScriptedBroker();
  private final Events events = new Events();

  @AfterEach
  void tearDown() {
    broker.close();
  }

  /** The password the client sent in connection.start-ok (PLAIN: \0user\0password). */
  private static String password(ScriptedBroker broker, int index) {
    List<Received<ConnectionStartOk>> startOks =
        broker.peer(index).received(ConnectionStartOk.class);
    assertThat(startOks).hasSize(1);
    String response =
        new String(startOks.get(0).method().response().bytes(), StandardCharsets.UTF_8);
    return response.substring(response.lastIndexOf('\0') + 1);
  }

  @Test
  void theRefreshSendsUpdateSecretAndTheRecoveryLogsInWithTheLatestToken() {
    List<String> threads = new CopyOnWriteArrayList<>();
    List<String> issued = new CopyOnWriteArrayList<>();
    // The first token lives 500 ms (refreshed after 400 ms), the next ones 60 s: one refresh only.
    CredentialsProvider tokens =
        () -> {
          threads.add(Thread.currentThread().getName());
          String token = "token-" + (issued.size() + 1);
          issued.add(token);
          Duration lifetime = issued.size() == 1 ? Duration.ofMillis(500) : Duration.ofSeconds(60);
          return PlainCredentials.of("app", token).withExpiry(Instant.now().plus(lifetime));
        };
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expect(0, ConnectionUpdateSecret.class).respond(ConnectionUpdateSecretOk.INSTANCE);
        });
    broker.script(1, ScriptedBroker::handshake);
    Connection conn = broker.connect(broker.parameters().credentialsProvider(tokens).build());
    conn.addRecoveryListener(events);

    broker.verify(0);
    assertThat(password(broker, 0)).isEqualTo("token-1");
    ConnectionUpdateSecret update =
        broker.peer(0).received(ConnectionUpdateSecret.class).get(0).method();
    assertThat(new String(update.newSecret().bytes(), StandardCharsets.UTF_8)).isEqualTo("token-2");
    assertThat(update.reason()).isEqualTo("credentials refreshed ahead of expiry");

    broker.peer(0).disconnect();
    events.await("recovered");
    broker.verify(1);
    // token-2 is not due for refresh: the recovery reuses it instead of asking again.
    assertThat(password(broker, 1)).isEqualTo("token-2");
    assertThat(issued).containsExactly("token-1", "token-2");
    assertThat(threads).noneMatch(name -> name.startsWith("warren-io"));
  }

  @Test
  void aRecoveryCallsTheProviderOffTheIoThreads() {
    List<String> threads = new CopyOnWriteArrayList<>();
    CredentialsProvider rotating =
        () -> {
          threads.add(Thread.currentThread().getName());
          return PlainCredentials.of("app", "password-" + threads.size());
        };
    broker.script(0, ScriptedBroker::handshake);
    broker.script(1, ScriptedBroker::handshake);
    Connection conn = broker.connect(broker.parameters().credentialsProvider(rotating).build());
    conn.addRecoveryListener(events);
    broker.verify(0);
    broker.peer(0).disconnect();
    events.await("recovered");
    broker.verify(1);
    assertThat(password(broker, 1)).isEqualTo("password-2");
    assertThat(threads).hasSize(2);
    assertThat(threads.get(1)).doesNotStartWith("warren-io");
  }
}
