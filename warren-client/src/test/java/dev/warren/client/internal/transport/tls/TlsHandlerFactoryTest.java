/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.client.HostnameVerification;
import dev.warren.client.TlsOptions;
import dev.warren.client.TlsOptions.KeyStoreFormat;
import dev.warren.client.internal.transport.tls.TestTlsServer.ClientAuth;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsHandlerFactoryTest {
  private static final char[] PW = TestCertificates.PASSWORD.toCharArray();
  private static EventLoopGroup group;

  @BeforeAll
  static void setUp() {
    TestCertificates.dir();
    group = new NioEventLoopGroup(1);
  }

  @AfterAll
  static void tearDown() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
  }

  private static Path f(String name) {
    return TestCertificates.file(name);
  }

  private static TlsOptions.Builder trustingTestCa() {
    return TlsOptions.builder().trustPem(f("ca.pem"));
  }

  /** Handshakes with {@code options} as host {@code host}; returns null on success, else why. */
  private static Throwable handshake(TlsOptions options, String host, int port) throws Exception {
    TlsHandlerFactory factory = TlsHandlerFactory.create(options);
    AtomicReference<SslHandler> handler = new AtomicReference<>();
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    SslHandler h =
                        factory.newHandler(ch.alloc(), host, port, Duration.ofSeconds(10));
                    handler.set(h);
                    ch.pipeline().addLast(h);
                    ch.pipeline()
                        .addLast(
                            new ChannelInboundHandlerAdapter() {
                              @Override
                              public void exceptionCaught(ChannelHandlerContext ctx, Throwable t) {
                                ctx.close();
                              }
                            });
                  }
                });
    ChannelFuture connect = b.connect("127.0.0.1", port);
    assertThat(connect.await(10, TimeUnit.SECONDS)).as("TCP connect finished").isTrue();
    assertThat(connect.isSuccess()).as("TCP connect succeeded").isTrue();
    Channel ch = connect.channel();
    try {
      Future<Channel> hs = handler.get().handshakeFuture();
      assertThat(hs.await(15, TimeUnit.SECONDS)).as("handshake finished").isTrue();
      return hs.isSuccess() ? null : hs.cause();
    } finally {
      ch.close().await(5, TimeUnit.SECONDS);
    }
  }

  private static void assertHandshakeSucceeds(TlsOptions options, TestTlsServer server)
      throws Exception {
    Throwable failure = handshake(options, "localhost", server.port());
    assertThat(failure).as("handshake failure").isNull();
  }

  private static String failureReason(TlsOptions options, String serverP12) throws Exception {
    try (TestTlsServer server = TestTlsServer.start(serverP12, ClientAuth.NONE)) {
      Throwable failure = handshake(options, "localhost", server.port());
      assertThat(failure).as("handshake should fail").isNotNull();
      return TlsFailures.describe(failure);
    }
  }

  // ---- trust sources: a verified handshake with each
  // ---------------------------------------------

  @Test
  void pemTrustVerifiesTheServer() throws Exception {
    try (TestTlsServer server = TestTlsServer.start("server.p12", ClientAuth.NONE)) {
      assertHandshakeSucceeds(trustingTestCa().build(), server);
      assertThat(server.awaitSniNames(1)).containsExactly(List.of("localhost"));
    }
  }

  @Test
  void trustStoresPkcs12AndJks() throws Exception {
    try (TestTlsServer server = TestTlsServer.start("server.p12", ClientAuth.NONE)) {
      assertHandshakeSucceeds(
          TlsOptions.builder().trustStore(f("truststore.p12"), KeyStoreFormat.PKCS12, PW).build(),
          server);
      assertHandshakeSucceeds(
          TlsOptions.builder().trustStore(f("truststore.jks"), KeyStoreFormat.JKS, PW).build(),
          server);
    }
  }

  @Test
  void readySslContext() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (var in = java.nio.file.Files.newInputStream(f("truststore.p12"))) {
      trust.load(in, PW);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    try (TestTlsServer server = TestTlsServer.start("server.p12", ClientAuth.NONE)) {
      assertHandshakeSucceeds(TlsOptions.builder().sslContext(ctx).build(), server);
    }
    // Hostname verification still applies to a ready context.
    String reason =
        failureReason(TlsOptions.builder().sslContext(ctx).build(), "wronghost-server.p12");
    assertThat(reason).startsWith("hostname mismatch: ");
  }

  @Test
  void systemTrustRejectsTheTestCa() throws Exception {
    assertThat(failureReason(TlsOptions.defaults(), "server.p12"))
        .startsWith("certificate not trusted (unknown CA): 'CN=localhost");
  }

  // ---- the three rejections, each with its own reason
  // --------------------------------------------

  @Test
  void unknownCaFails() throws Exception {
    String reason = failureReason(trustingTestCa().build(), "other-server.p12");
    assertThat(reason)
        .startsWith("certificate not trusted (unknown CA): ")
        .contains("Warren Other CA")
        .contains("which is not in the trust store");
  }

  @Test
  void hostnameMismatchFails() throws Exception {
    String reason = failureReason(trustingTestCa().build(), "wronghost-server.p12");
    assertThat(reason)
        .isEqualTo(
            "hostname mismatch: certificate for [not-localhost.example] does not match"
                + " 'localhost'");
  }

  @Test
  void expiredCertificateFails() throws Exception {
    String reason = failureReason(trustingTestCa().build(), "expired-server.p12");
    assertThat(reason).startsWith("certificate expired on 2021-01-0").contains("CN=localhost");
  }

  @Test
  void serverNameOverridesTheVerifiedName() throws Exception {
    try (TestTlsServer server = TestTlsServer.start("wronghost-server.p12", ClientAuth.NONE)) {
      assertHandshakeSucceeds(trustingTestCa().serverName("not-localhost.example").build(), server);
      assertThat(server.awaitSniNames(1)).containsExactly(List.of("not-localhost.example"));
    }
  }

  @Test
  void disabledHostnameVerificationAcceptsAnyNameFromTheTrustedCa() throws Exception {
    try (TestTlsServer server = TestTlsServer.start("wronghost-server.p12", ClientAuth.NONE)) {
      assertHandshakeSucceeds(
          trustingTestCa().hostnameVerification(HostnameVerification.DISABLED).build(), server);
    }
    // ... but not a certificate from another CA.
    assertThat(
            failureReason(
                trustingTestCa().hostnameVerification(HostnameVerification.DISABLED).build(),
                "other-server.p12"))
        .startsWith("certificate not trusted (unknown CA)");
  }

  @Test
  void insecureTrustAllAcceptsAnything() throws Exception {
    try (TestTlsServer server = TestTlsServer.start("other-server.p12", ClientAuth.NONE)) {
      assertHandshakeSucceeds(TlsOptions.insecureTrustAllForTesting(), server);
    }
  }

  @Test
  void ipAddressHostGetsNoSniAndIsVerifiedAgainstIpSans() throws Exception {
    try (TestTlsServer server = TestTlsServer.start("server.p12", ClientAuth.NONE)) {
      Throwable failure = handshake(trustingTestCa().build(), "127.0.0.1", server.port());
      assertThat(failure).isNull();
      assertThat(server.awaitSniNames(1)).containsExactly(List.of());
    }
  }

  @Test
  void sniCanBeTurnedOff() throws Exception {
    try (TestTlsServer server = TestTlsServer.start("server.p12", ClientAuth.NONE)) {
      assertHandshakeSucceeds(trustingTestCa().noServerNameIndication().build(), server);
      assertThat(server.awaitSniNames(1)).containsExactly(List.of());
    }
  }

  // ---- client certificates
  // -----------------------------------------------------------------------

  @Test
  void clientCertificateFromPemFiles() throws Exception {
    try (TestTlsServer server = TestTlsServer.start("server.p12", ClientAuth.REQUIRED)) {
      assertHandshakeSucceeds(
          trustingTestCa().keyPem(f("client.pem"), f("client-key.pem")).build(), server);
    }
  }

  @Test
  void clientCertificateFromEncryptedPkcs8Pem(@TempDir Path tmp) throws Exception {
    // PBES2/AES-256 (OpenSSL 3's default) and the legacy PBES1/3DES.
    List<List<String>> encryptions =
        List.of(List.of("-v2", "aes-256-cbc"), List.of("-v1", "PBE-SHA1-3DES"));
    try (TestTlsServer server = TestTlsServer.start("server.p12", ClientAuth.REQUIRED)) {
      for (List<String> encryption : encryptions) {
        Path encrypted = tmp.resolve("client-key-" + encryption.get(1) + ".pem");
        List<String> command = new java.util.ArrayList<>(List.of("openssl", "pkcs8", "-topk8"));
        command.addAll(
            List.of("-in", f("client-key.pem").toString(), "-out", encrypted.toString()));
        command.addAll(encryption);
        command.addAll(List.of("-passout", "pass:key-pw"));
        TestCertificates.run(command, 60);
        assertHandshakeSucceeds(
            trustingTestCa().keyPem(f("client.pem"), encrypted, "key-pw".toCharArray()).build(),
            server);
      }
    }
  }

  @Test
  void clientCertificateFromKeyStores() throws Exception {
    try (TestTlsServer server = TestTlsServer.start("server.p12", ClientAuth.REQUIRED)) {
      assertHandshakeSucceeds(
          trustingTestCa().keyStore(f("client.p12"), KeyStoreFormat.PKCS12, PW).build(), server);
      assertHandshakeSucceeds(
          trustingTestCa().keyStore(f("client.jks"), KeyStoreFormat.JKS, PW, PW).build(), server);
    }
  }

  @Test
  void missingClientCertificateIsReportedAsTheBrokersAlert() throws Exception {
    try (TestTlsServer server = TestTlsServer.start("server.p12", ClientAuth.REQUIRED)) {
      // TLS 1.2: the server refuses during the handshake (TLS 1.3 refuses after it).
      Throwable failure =
          handshake(trustingTestCa().protocols("TLSv1.2").build(), "localhost", server.port());
      assertThat(failure).isNotNull();
      assertThat(TlsFailures.describe(failure))
          .startsWith("the broker rejected the TLS handshake with alert '");
    }
  }

  @Test
  void plainAmqpPortIsRecognized() throws Exception {
    try (TestTlsServer server = TestTlsServer.startPlainAmqp()) {
      Throwable failure = handshake(trustingTestCa().build(), "localhost", server.port());
      assertThat(failure).isNotNull();
      assertThat(TlsFailures.describe(failure))
          .isEqualTo(
              "the peer did not answer with TLS: is this a plain AMQP port (5672) rather than a"
                  + " TLS one (5671)?");
    }
  }

  // ---- engine settings, errors, logging
  // ----------------------------------------------------------

  @Test
  void engineSettings() {
    TlsHandlerFactory factory = TlsHandlerFactory.create(trustingTestCa().build());
    SslHandler h =
        factory.newHandler(ByteBufAllocator.DEFAULT, "localhost", 5671, Duration.ofSeconds(3));
    SSLEngine engine = h.engine();
    assertThat(engine.getUseClientMode()).isTrue();
    assertThat(engine.getPeerHost()).isEqualTo("localhost");
    assertThat(engine.getPeerPort()).isEqualTo(5671);
    assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
    assertThat(engine.getSSLParameters().getServerNames())
        .containsExactly(new SNIHostName("localhost"));
    assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    assertThat(h.getHandshakeTimeoutMillis()).isEqualTo(3000);

    SslHandler ip =
        factory.newHandler(ByteBufAllocator.DEFAULT, "10.0.0.1", 5671, Duration.ofSeconds(3));
    assertThat(ip.engine().getSSLParameters().getServerNames()).isEmpty();

    SslHandler off =
        TlsHandlerFactory.newHandler(
            trustingTestCa().hostnameVerification(HostnameVerification.DISABLED).build(),
            "localhost",
            5671,
            ByteBufAllocator.DEFAULT,
            Duration.ofSeconds(1));
    assertThat(off.engine().getSSLParameters().getEndpointIdentificationAlgorithm()).isNull();

    SslHandler named =
        TlsHandlerFactory.create(trustingTestCa().serverName("rabbit.example").build())
            .newHandler(ByteBufAllocator.DEFAULT, "10.0.0.1", 5671, Duration.ofSeconds(1));
    assertThat(named.engine().getPeerHost()).isEqualTo("rabbit.example");
    assertThat(named.engine().getSSLParameters().getServerNames())
        .containsExactly(new SNIHostName("rabbit.example"));
    assertThatThrownBy(() -> factory.newHandler(ByteBufAllocator.DEFAULT, "h", 1, Duration.ZERO))
        .hasMessage("handshakeTimeout must be positive");
  }

  @Test
  void insecureOptionsLogAWarningPerHandler() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      TlsHandlerFactory.create(TlsOptions.insecureTrustAllForTesting())
          .newHandler(ByteBufAllocator.DEFAULT, "h1", 5671, Duration.ofSeconds(1));
      TlsHandlerFactory.create(
              trustingTestCa().hostnameVerification(HostnameVerification.DISABLED).build())
          .newHandler(ByteBufAllocator.DEFAULT, "h2", 5671, Duration.ofSeconds(1));
      TlsHandlerFactory.create(trustingTestCa().build())
          .newHandler(ByteBufAllocator.DEFAULT, "h3", 5671, Duration.ofSeconds(1));
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log)
        .contains("WARN")
        .contains("TLS to h1:5671 trusts every certificate")
        .contains("TLS hostname verification is disabled for h2:5671")
        .doesNotContain("h3:5671");
  }

  @Test
  void unreadableFilesAndWrongPasswordsAreClearErrorsWithoutSecrets(@TempDir Path tmp) {
    assertThatThrownBy(
            () ->
                TlsHandlerFactory.create(
                    TlsOptions.builder().trustPem(tmp.resolve("nope.pem")).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TLS: the CA certificate file " + tmp.resolve("nope.pem") + " does not exist");
    String secret = "wrong-s3cr3t";
    assertThatThrownBy(
            () ->
                TlsHandlerFactory.create(
                    TlsOptions.builder()
                        .trustStore(
                            f("truststore.p12"), KeyStoreFormat.PKCS12, secret.toCharArray())
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot read the PKCS12 trust store")
        .hasMessageContaining("wrong format or password?")
        .satisfies(e -> assertThat(stackText(e)).doesNotContain(secret));
    assertThatThrownBy(
            () ->
                TlsHandlerFactory.create(
                    TlsOptions.builder()
                        .keyStore(f("client.p12"), KeyStoreFormat.PKCS12, secret.toCharArray())
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("client.p12")
        .satisfies(e -> assertThat(stackText(e)).doesNotContain(secret));
    assertThatThrownBy(
            () ->
                TlsHandlerFactory.create(
                    TlsOptions.builder().keyPem(f("client.pem"), f("ca.pem")).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot use the client certificate");
    assertThatThrownBy(
            () ->
                TlsHandlerFactory.create(
                    TlsOptions.builder().trustPem(f("client-key.pem")).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("client-key.pem");
  }

  private static String stackText(Throwable t) {
    java.io.StringWriter w = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(w));
    return w.toString();
  }
}
