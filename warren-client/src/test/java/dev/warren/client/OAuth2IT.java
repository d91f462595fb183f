/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warren.errors.AccessRefusedException;
import dev.warren.errors.AuthenticationException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.Initiator;
import dev.warren.errors.ReplyCode;
import dev.warren.protocol.BasicProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Credentials that expire, against RabbitMQ's bundled {@code rabbitmq_auth_backend_oauth2} on a
 * node of this class's own. The node trusts an RSA key generated for this run; the tests sign their
 * JWT access tokens (RS256) with it, with lifetimes of a few seconds, and send them as the
 * password.
 *
 * <p>What RabbitMQ 3.10 does at a token's expiry, as the first test shows: it keeps the connection
 * open, and refuses the next access check (a declare, a publish on a new channel) with a channel
 * close 403 ACCESS_REFUSED saying the token expired. {@code connection.update-secret} with a fresh
 * token replaces the connection's token and clears its channels' permission caches.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OAuth2IT {
  private static final String RESOURCE_SERVER = "warren";
  private static final String KEY_ID = "warren-it-key";
  private static final Path DIR = Path.of("target", "oauth2-it").toAbsolutePath();
  private static volatile KeyPair keys;

  @RegisterExtension
  static final OwnNode node =
      OwnNode.named("warren-oauth", 5696, 25696).withEnvironment(OAuth2IT::nodeEnvironment);

  /** A fresh signing key and the node's config naming it, written before the node starts. */
  private static Map<String, String> nodeEnvironment() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      keys = generator.generateKeyPair();
      Files.createDirectories(DIR);
      Path pem = DIR.resolve("signing-key.pem");
      Files.writeString(
          pem,
          "-----BEGIN PUBLIC KEY-----\n"
              + Base64.getMimeEncoder(64, new byte[] {'\n'})
                  .encodeToString(keys.getPublic().getEncoded())
              + "\n-----END PUBLIC KEY-----\n");
      Path conf = DIR.resolve("oauth2.conf");
      // internal first: the node's readiness check logs in as guest/guest, which the oauth2
      // backend would answer with an error (not a JWT) rather than a refusal.
      Files.writeString(
          conf,
          String.join(
              "\n",
              "auth_backends.1 = internal",
              "auth_backends.2 = rabbit_auth_backend_oauth2",
              "auth_oauth2.resource_server_id = " + RESOURCE_SERVER,
              "auth_oauth2.default_key = " + KEY_ID,
              "auth_oauth2.signing_keys." + KEY_ID + " = " + pem,
              ""));
      return Map.of(
          "WARREN_NODE_PLUGINS",
          "rabbitmq_auth_backend_oauth2",
          "WARREN_NODE_CONF_EXTRA",
          conf.toString());
    } catch (GeneralSecurityException e) {
      throw new AssertionError("cannot generate the signing key", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JWT (RS256) for user {@code warren-it} with every permission, expiring at {@code exp}. */
  static String jwt(PrivateKey key, Instant exp) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KEY_ID + "\"}";
    String scopes =
        String.join(
            " ",
            RESOURCE_SERVER + ".configure:*/*",
            RESOURCE_SERVER + ".read:*/*",
            RESOURCE_SERVER + ".write:*/*");
    String payload =
        "{\"sub\":\"warren-it\",\"aud\":[\""
            + RESOURCE_SERVER
            + "\"],\"scope\":\""
            + scopes
            + "\",\"iat\":"
            + Instant.now().getEpochSecond()
            + ",\"exp\":"
            + exp.getEpochSecond()
            + "}";
    String signed =
        b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
      return signed + "." + b64.encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new AssertionError("cannot sign the token", e);
    }
  }

  /**
   * An identity provider in miniature: each {@link #get()} issues a new token living {@code
   * lifetime} (to the second: the {@code exp} claim has no fraction), with its expiry when {@code
   * tellExpiry}, refreshed 1.5 s ahead.
   */
  static final class TokenIssuer implements CredentialsProvider {
    final Duration lifetime;
    final boolean tellExpiry;
    final List<String> tokens = new CopyOnWriteArrayList<>();
    final List<Instant> expiries = new CopyOnWriteArrayList<>();

    TokenIssuer(Duration lifetime, Expiry expiry) {
      this.lifetime = lifetime;
      this.tellExpiry = expiry == Expiry.TOLD;
    }

    enum Expiry {
      TOLD,
      NOT_TOLD
    }

    @Override
    public Credentials get() {
      Instant exp = Instant.ofEpochSecond(Instant.now().plus(lifetime).getEpochSecond());
      String token = jwt(keys.getPrivate(), exp);
      tokens.add(token);
      expiries.add(exp);
      PlainCredentials c = PlainCredentials.of("", token);
      return tellExpiry ? c.withExpiry(exp) : c;
    }

    @Override
    public Duration refreshBefore(Duration lifetime) {
      return Duration.ofMillis(1500);
    }
  }

  private static ConnectionParameters.Builder params(CredentialsProvider provider) {
    return node.parameters().credentialsProvider(provider);
  }

  /** Sleeps until {@code instant} has passed by {@code margin} (bounded: tokens live seconds). */
  private static void sleepPast(Instant instant, Duration margin) throws InterruptedException {
    long ms = Duration.between(Instant.now(), instant.plus(margin)).toMillis();
    assertThat(ms).as("wait for the token's expiry").isLessThan(10_000);
    if (ms > 0) {
      Thread.sleep(ms);
    }
  }

  /** One round of work that needs fresh permission checks: declare, publish, get, delete. */
  private static void work(Channel ch, int n) {
    String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
    ch.basicPublish("", q, BasicProperties.EMPTY, ("m" + n).getBytes(StandardCharsets.UTF_8));
    assertThat(ch.basicGet(q, AckMode.AUTO)).isPresent();
    ch.queueDelete(QueueDeletion.of(q));
  }

  @Test
  void withoutRefreshTheBrokerRefusesTheFirstAccessCheckAfterTheTokensExpiry() throws Exception {
    TokenIssuer issuer = new TokenIssuer(Duration.ofSeconds(3), TokenIssuer.Expiry.NOT_TOLD);
    try (Connection conn = Connection.open(params(issuer).build())) {
      Channel ch = conn.openChannel();
      work(ch, 0);
      sleepPast(issuer.expiries.get(0), Duration.ofMillis(300));

      AccessRefusedException refused =
          catchThrowableOfType(
              AccessRefusedException.class,
              () -> ch.queueDeclare(QueueSpec.serverNamed().exclusive()));
      assertThat(refused).isNotNull();
      assertThat(refused.replyCode()).isEqualTo(ReplyCode.ACCESS_REFUSED);
      assertThat(refused.getMessage())
          .contains("refused for user 'warren-it'")
          .contains("Provided JWT token has expired");
      // RabbitMQ 3.10 closes the channel, not the connection; every new check fails the same way.
      assertThat(conn.isOpen()).isTrue();
      assertThat(issuer.tokens).hasSize(1);
      Channel next = conn.openChannel();
      assertThat(
              catchThrowableOfType(
                  AccessRefusedException.class,
                  () -> next.queueDeclare(QueueSpec.serverNamed().exclusive())))
          .hasMessageContaining("Provided JWT token has expired");
    }
  }

  @Test
  void withRefreshTwoConnectionsSharingTheProviderOutliveSeveralTokens() throws Exception {
    TokenIssuer issuer = new TokenIssuer(Duration.ofSeconds(4), TokenIssuer.Expiry.TOLD);
    try (LogCapture logs = LogCapture.startVerbose();
        Connection a = Connection.open(params(issuer).connectionName("oauth2-a").build());
        Connection b = Connection.open(params(issuer).connectionName("oauth2-b").build())) {
      if (Instant.now().isBefore(issuer.expiries.get(0).minusMillis(1500))) {
        // Not yet due for refresh (the machine may be slow): the second connection reused it.
        assertThat(issuer.tokens).as("the second connection reuses the first token").hasSize(1);
      }
      Channel cha = a.openChannel();
      Channel chb = b.openChannel();
      Instant thirdTokenGone = null;
      int n = 0;
      // Work every 300 ms until three tokens have expired (each lives 3 to 4 s).
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (thirdTokenGone == null || Instant.now().isBefore(thirdTokenGone)) {
        assertThat(System.nanoTime()).as("three tokens within 20 s").isLessThan(deadline);
        work(cha, n);
        work(chb, n);
        n++;
        if (thirdTokenGone == null && issuer.expiries.size() >= 3) {
          thirdTokenGone = issuer.expiries.get(2).plusMillis(300);
        }
        Thread.sleep(300);
      }
      assertThat(a.isOpen()).isTrue();
      assertThat(b.isOpen()).isTrue();
      assertThat(issuer.tokens.size()).isGreaterThanOrEqualTo(4);
      // One token per refresh for both connections: refreshes are at least 1.5 s apart (a token
      // lives 3 s or more and is refreshed 1.5 s ahead), so the few seconds allow no more.
      Duration ran = Duration.between(issuer.expiries.get(0).minusSeconds(4), Instant.now());
      assertThat((long) issuer.tokens.size()).isLessThanOrEqualTo(ran.toMillis() / 1500 + 1);
      String logged = logs.text();
      for (String token : issuer.tokens) {
        assertThat(logged).doesNotContain(token);
        assertThat(logged).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
      }
    }
  }

  @Test
  void recoveryAfterAForcedCloseLogsInWithTheFreshToken() throws Exception {
    TokenIssuer issuer = new TokenIssuer(Duration.ofSeconds(3), TokenIssuer.Expiry.TOLD);
    String name = "oauth2-recovery-" + System.nanoTime();
    try (Connection conn = Connection.open(params(issuer).connectionName(name).build())) {
      CountDownLatch recovered = new CountDownLatch(1);
      List<String> failures = new CopyOnWriteArrayList<>();
      conn.addRecoveryListener(
          new RecoveryListener() {
            @Override
            public void recovered(String endpoint) {
              recovered.countDown();
            }

            @Override
            public void recoveryFailed(ConnectionClosedException cause) {
              failures.add(cause.getMessage());
            }
          });
      Channel ch = conn.openChannel();
      work(ch, 0);
      // The first token has expired (the broker would refuse a login with it); a second one was
      // handed over.
      sleepPast(issuer.expiries.get(0), Duration.ofMillis(300));
      assertThat(issuer.tokens.size()).isGreaterThanOrEqualTo(2);
      work(ch, 1);

      // A login with the first token fails now, so a recovery that used it could not succeed.
      assertThat(
              catchThrowableOfType(
                  AuthenticationException.class,
                  () ->
                      Connection.open(
                          node.parameters()
                              .credentials(PlainCredentials.of("", issuer.tokens.get(0)))
                              .build())))
          .isNotNull();

      node.ctl("close_connection", connectionPid(name), "OAuth2IT forced close");
      assertThat(recovered.await(20, TimeUnit.SECONDS)).as("recovered: " + failures).isTrue();
      assertThat(conn.state()).isEqualTo(Connection.State.OPEN);
      work(ch, 2);
      // It outlives the tokens after the recovery too.
      sleepPast(issuer.expiries.get(issuer.expiries.size() - 1), Duration.ofMillis(300));
      work(ch, 3);
      assertThat(failures).isEmpty();
    }
  }

  @Test
  void whenNoFreshTokenCanBeHadTheConnectionIsClosedAtTheExpiryWith403() throws Exception {
    TokenIssuer issuer = new TokenIssuer(Duration.ofSeconds(3), TokenIssuer.Expiry.TOLD);
    AtomicInteger calls = new AtomicInteger();
    CredentialsProvider failing =
        () -> {
          if (calls.incrementAndGet() > 1) {
            throw new IllegalStateException("identity provider unreachable");
          }
          return issuer.get();
        };
    try (Connection conn = Connection.open(params(failing).build())) {
      CompletableFuture<ConnectionClosedException> closed = new CompletableFuture<>();
      conn.addCloseListener(closed::complete);
      work(conn.openChannel(), 0);
      Instant expiry = issuer.expiries.get(0);

      ConnectionClosedException cause = closed.get(10, TimeUnit.SECONDS);
      assertThat(Instant.now()).isAfterOrEqualTo(expiry);
      assertThat(cause.replyCode()).isEqualTo(ReplyCode.ACCESS_REFUSED);
      assertThat(cause.initiator()).isEqualTo(Initiator.CLIENT);
      assertThat(cause.getMessage())
          .contains("the credentials expired at " + expiry)
          .contains("identity provider unreachable")
          .doesNotContain(issuer.tokens.get(0));
      assertThat(calls.get()).as("retried before giving up").isGreaterThanOrEqualTo(3);
      assertThat(conn.state()).isEqualTo(Connection.State.CLOSED);
    }
  }

  /** The broker-side pid of the connection named {@code name}, on this class's node. */
  private static String connectionPid(String name) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      for (String line : node.ctl("list_connections", "pid", "client_properties").split("\n")) {
        if (line.contains("\"" + name + "\"")) {
          return line.substring(0, line.indexOf('\t')).trim();
        }
      }
      assertThat(System.nanoTime()).as("connection " + name + " listed").isLessThan(deadline);
      Thread.sleep(200);
    }
  }
}
