/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warren.errors.AuthenticationException;
import dev.warren.errors.ReplyCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Authentication, against the default broker (PLAIN and AMQPLAIN; no EXTERNAL). */
@Timeout(30)
class AuthIT {

  private static ConnectionParameters.Builder params() {
    return Broker.parameters().toBuilder();
  }

  /** Opens, returns the broker's auth_mechanism and user for this connection. */
  private static String[] mechanismAndUser(ConnectionParameters.Builder params) {
    String name = Broker.unique("warren-it-auth");
    try (Connection conn = Connection.open(params.connectionName(name).build())) {
      assertThat(conn.isOpen()).isTrue();
      String[] cols = ItSupport.connectionInfo(name, "auth_mechanism", "user").split("\t");
      return new String[] {cols[0], cols[1]};
    }
  }

  @Test
  void plainChosenExplicitly() {
    assertThat(mechanismAndUser(params().authMechanisms(SaslMechanisms.PLAIN)))
        .containsExactly("PLAIN", "guest");
  }

  @Test
  void amqplainChosenExplicitly() {
    assertThat(mechanismAndUser(params().authMechanisms(SaslMechanisms.AMQPLAIN)))
        .containsExactly("AMQPLAIN", "guest");
  }

  @Test
  void externalOverPlainTcpIsAClearErrorListingBothSides() {
    // The default broker offers PLAIN and AMQPLAIN; RabbitMQ offers EXTERNAL only over TLS with a
    // client certificate, so a plain-TCP client configured for EXTERNAL has nothing in common.
    long start = System.nanoTime();
    AuthenticationException e =
        catchThrowableOfType(
            AuthenticationException.class,
            () -> Connection.open(params().credentials(new ExternalCredentials()).build()));
    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .contains("the broker offers [")
        .contains("AMQPLAIN")
        .contains("PLAIN")
        .contains("but this client is configured for [EXTERNAL]")
        .contains("RabbitMQ offers EXTERNAL only on TLS connections");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aCustomMechanismIsUsed() {
    // A mechanism of the application's own, sending the PLAIN bytes under the name PLAIN.
    AtomicInteger started = new AtomicInteger();
    SaslMechanism custom =
        new SaslMechanism() {
          @Override
          public String name() {
            return "PLAIN";
          }

          @Override
          public SaslSession start(Credentials credentials) {
            started.incrementAndGet();
            return SaslSession.of("PLAIN", "\0guest\0guest".getBytes(StandardCharsets.UTF_8));
          }
        };
    // The credentials are not used by this mechanism: a wrong password proves it.
    assertThat(
            mechanismAndUser(
                params()
                    .credentials(PlainCredentials.of("nobody", "not-the-password"))
                    .authMechanisms(custom)))
        .containsExactly("PLAIN", "guest");
    assertThat(started).hasValue(1);

    // The same with the built-in RAW mechanism (py-amqp's RAW / login_response).
    assertThat(
            mechanismAndUser(
                params()
                    .authMechanisms(
                        SaslMechanisms.raw(
                            "PLAIN", "\0guest\0guest".getBytes(StandardCharsets.UTF_8)))))
        .containsExactly("PLAIN", "guest");
  }

  @Test
  void aWrongPasswordFailsWithinOneSecond() {
    long start = System.nanoTime();
    AuthenticationException e =
        catchThrowableOfType(
            AuthenticationException.class,
            () ->
                Connection.open(
                    params().credentials(PlainCredentials.of("guest", "wrong-password")).build()));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(e).isNotNull();
    assertThat(e.replyCode()).isEqualTo(ReplyCode.ACCESS_REFUSED);
    assertThat(e.getMessage()).contains("PLAIN");
    assertThat(took).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void theCredentialsProviderIsAskedAtEveryConnectAndRecovery() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CredentialsProvider provider =
        () -> {
          calls.incrementAndGet();
          return PlainCredentials.of("guest", "guest");
        };
    ConnectionParameters p = params().credentialsProvider(provider).build();
    try (Connection first = Connection.open(p)) {
      assertThat(first.isOpen()).isTrue();
    }
    assertThat(calls).hasValue(1);

    String name = Broker.unique("warren-it-provider");
    try (Connection second =
        Connection.open(
            p.toBuilder()
                .connectionName(name)
                .recovery(
                    RecoveryPolicy.builder()
                        .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                        .build())
                .build())) {
      assertThat(calls).hasValue(2);
      CountDownLatch recovered = new CountDownLatch(1);
      second.addRecoveryListener(
          new RecoveryListener() {
            @Override
            public void recovered(String endpoint) {
              recovered.countDown();
            }
          });
      ItSupport.ctl("close_connection", ItSupport.connectionPid(name), "test: forced close");
      assertThat(recovered.await(15, TimeUnit.SECONDS)).as("recovered").isTrue();
      assertThat(calls).hasValue(3);
      assertThat(second.isOpen()).isTrue();
    }
  }

  @Test
  void updateSecretOnAnOpenConnection() {
    // What RabbitMQ 3.10 does (rabbit_reader, connection.update_secret): it hands the new secret
    // to rabbit_access_control:update_state, which asks each auth backend whose state can expire
    // to re-check it; the internal user database's state cannot expire (state_can_expire() is
    // false), so the user is kept as it is and the broker answers connection.update-secret-ok
    // whatever the secret. Backends with expiring state (OAuth 2) really check it, and a refusal
    // closes the connection with 530 NOT_ALLOWED. So, for an internal user: the same password
    // and a different one are both accepted, and the connection goes on as the same user.
    String name = Broker.unique("warren-it-secret");
    try (Connection conn = Connection.open(params().connectionName(name).build())) {
      conn.updateSecret("guest", "rotation test");
      assertThat(conn.isOpen()).isTrue();
      conn.updateSecret("not-the-password", "the internal backend does not check it");
      assertThat(conn.isOpen()).isTrue();
      try (Channel ch = conn.openChannel()) {
        String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
        assertThat(q).startsWith("amq.gen-");
      }
      assertThat(ItSupport.connectionInfo(name, "user")).startsWith("guest\t");
    }
  }
}
