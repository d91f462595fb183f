/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warren.errors.AuthenticationException;
import dev.warren.errors.ConnectFailedException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS, against a real RabbitMQ TLS listener (scripts/tls-broker, started once for this class with
 * certificates generated for this run, presenting {@code server.pem}: CN localhost, SAN
 * DNS:localhost, IP:127.0.0.1, IP:::1, issued by "Warren Test CA").
 */
@Timeout(30)
class TlsIT {
  @RegisterExtension static final TlsNode node = TlsNode.presenting("server");

  private static final String EXTERNAL_USER = "warren-client";

  @BeforeAll
  static void createExternalUser() {
    // EXTERNAL logs in as the client certificate's CN; users persist in the run's node directory.
    if (!node.ctl("list_users").contains(EXTERNAL_USER)) {
      node.ctl("add_user", EXTERNAL_USER, UUID.randomUUID().toString());
    }
    node.ctl("set_permissions", "-p", "/", EXTERNAL_USER, ".*", ".*", ".*");
  }

  private ConnectionParameters.Builder amqps(TlsOptions tls) {
    return ConnectionParameters.builder().host("localhost").port(node.amqpsPort()).tls(tls);
  }

  private TlsOptions.Builder trustingCa() {
    return TlsOptions.builder().trustPem(node.file("ca.pem"));
  }

  /** Opens, checks the broker sees a TLS connection, returns its list_connections line. */
  private String connectAndDescribe(ConnectionParameters.Builder params, String... columns) {
    String name = Broker.unique("warren-it-tls");
    try (Connection conn = Connection.open(params.connectionName(name).build());
        Channel ch = conn.openChannel()) {
      assertThat(conn.isOpen()).isTrue();
      // A round trip over the encrypted channel.
      String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
      assertThat(q).startsWith("amq.gen-");
      String[] cols = new String[columns.length + 1];
      cols[0] = "ssl";
      System.arraycopy(columns, 0, cols, 1, columns.length);
      String line = node.connectionInfo(name, cols);
      assertThat(line).as("the broker sees TLS").startsWith("true\t");
      return line;
    }
  }

  @Test
  void verifiedConnectionWithPemCa() {
    try (LogCapture log = LogCapture.start()) {
      connectAndDescribe(amqps(trustingCa().build()));
      // Verified TLS warns about nothing (other threads of the JVM may log, hence no blanket
      // check).
      assertThat(log.text())
          .doesNotContain("hostname verification is disabled")
          .doesNotContain("trusts every certificate");
    }
  }

  @ParameterizedTest
  @EnumSource(TlsOptions.KeyStoreFormat.class)
  void verifiedConnectionWithTrustStore(TlsOptions.KeyStoreFormat format) {
    String file = format == TlsOptions.KeyStoreFormat.JKS ? "truststore.jks" : "truststore.p12";
    TlsOptions tls =
        TlsOptions.builder().trustStore(node.file(file), format, "changeit".toCharArray()).build();
    connectAndDescribe(amqps(tls));
  }

  @Test
  void verifiedConnectionWithReadySslContext() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(node.file("truststore.p12"))) {
      trust.load(in, "changeit".toCharArray());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    connectAndDescribe(amqps(TlsOptions.builder().sslContext(context).build()));
  }

  @Test
  void amqpsUriWithCacertfile() {
    String uri =
        "amqps://guest:guest@localhost:"
            + node.amqpsPort()
            + "/%2F?cacertfile="
            + node.file("ca.pem");
    connectAndDescribe(ConnectionParameters.fromUri(uri).toBuilder());
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void eachProtocolVersionWorksWhenItIsTheOnlyOneEnabled(String protocol) {
    String line =
        connectAndDescribe(amqps(trustingCa().protocols(protocol).build()), "ssl_protocol");
    // The broker's own view of the negotiated version: 'tlsv1.2' / 'tlsv1.3'.
    assertThat(line.split("\t")[1]).isEqualTo(protocol.toLowerCase(java.util.Locale.ROOT));
  }

  @Test
  void sniCarriesTheHostNameButNeverAnIpAddress() throws Exception {
    try (ClientHelloProxy proxy = new ClientHelloProxy(node.amqpsPort())) {
      TlsOptions tls = trustingCa().build();
      try (Connection conn =
          Connection.open(amqps(tls).host("localhost").port(proxy.port()).build())) {
        assertThat(conn.isOpen()).isTrue();
      }
      assertThat(proxy.nextServerName()).contains("localhost");

      // An IP address is never sent as SNI (RFC 6066); the certificate's IP SAN still verifies.
      try (Connection conn =
          Connection.open(amqps(tls).host("127.0.0.1").port(proxy.port()).build())) {
        assertThat(conn.isOpen()).isTrue();
      }
      assertThat(proxy.nextServerName()).isEmpty();

      // serverName overrides the host for SNI (and for verification).
      TlsOptions named = trustingCa().serverName("localhost").build();
      try (Connection conn =
          Connection.open(amqps(named).host("127.0.0.1").port(proxy.port()).build())) {
        assertThat(conn.isOpen()).isTrue();
      }
      assertThat(proxy.nextServerName()).contains("localhost");
    }
  }

  @Test
  void anUntrustedCaFailsSayingSo() {
    TlsOptions tls = TlsOptions.builder().trustPem(node.file("other-ca.pem")).build();
    long start = System.nanoTime();
    ConnectFailedException e =
        catchThrowableOfType(
            ConnectFailedException.class, () -> Connection.open(amqps(tls).build()));
    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .contains("amqps://localhost:" + node.amqpsPort() + "/%2F")
        .contains("TLS handshake failed: certificate not trusted (unknown CA)")
        .contains("Warren Test CA");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void clientCertificateWithExternalLogsInAsTheCertificatesCommonName() {
    TlsOptions tls =
        trustingCa().keyPem(node.file("client.pem"), node.file("client-key.pem")).build();
    String line =
        connectAndDescribe(
            amqps(tls).credentials(new ExternalCredentials()),
            "user",
            "auth_mechanism",
            "peer_cert_subject");
    String[] cols = line.split("\t");
    assertThat(cols[1]).isEqualTo(EXTERNAL_USER);
    assertThat(cols[2]).isEqualTo("EXTERNAL");
    assertThat(cols[3]).contains("CN=warren-client");
  }

  @Test
  void clientCertificateFromAJksKeyStoreWithExternal() {
    TlsOptions tls =
        trustingCa()
            .keyStore(
                node.file("client.jks"), TlsOptions.KeyStoreFormat.JKS, "changeit".toCharArray())
            .build();
    String line = connectAndDescribe(amqps(tls).credentials(new ExternalCredentials()), "user");
    assertThat(line.split("\t")[1]).isEqualTo(EXTERNAL_USER);
  }

  @Test
  void externalWithoutAClientCertificateIsRefusedWithAHint() {
    // RabbitMQ 3.10 offers EXTERNAL on a TLS connection even without a client certificate (so that
    // it can refuse with a reason), then refuses the login with 403 ACCESS_REFUSED.
    long start = System.nanoTime();
    AuthenticationException e =
        catchThrowableOfType(
            AuthenticationException.class,
            () ->
                Connection.open(
                    amqps(trustingCa().build()).credentials(new ExternalCredentials()).build()));
    assertThat(e).isNotNull();
    assertThat(e.replyCode()).isEqualTo(dev.warren.errors.ReplyCode.ACCESS_REFUSED);
    assertThat(e.getMessage())
        .contains("authentication failed with mechanism EXTERNAL")
        .contains("check that the client presents a TLS certificate");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aBrokerThatDoesNotOfferTheClientsMechanismIsAClearErrorListingBothSides() {
    // The TLS node offers PLAIN, AMQPLAIN and EXTERNAL; a client configured for a mechanism it
    // does not know gets an error naming both lists before anything is sent.
    SaslMechanism scram =
        SaslMechanisms.raw("SCRAM-SHA-256", "n,,n=guest,r=abc".getBytes(StandardCharsets.UTF_8));
    AuthenticationException e =
        catchThrowableOfType(
            AuthenticationException.class,
            () -> Connection.open(amqps(trustingCa().build()).authMechanisms(scram).build()));
    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .contains("the broker offers [")
        .contains("EXTERNAL")
        .contains("AMQPLAIN")
        .contains("but this client is configured for [SCRAM-SHA-256]");
  }

  /**
   * A TCP proxy in front of the TLS listener that reads each client's first TLS record (the
   * ClientHello, which is sent in the clear in TLS 1.2 and 1.3), records its server_name extension
   * and forwards everything unchanged.
   */
  static final class ClientHelloProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final BlockingQueue<Optional<String>> serverNames = new LinkedBlockingQueue<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    ClientHelloProxy(int targetPort) throws IOException {
      this.targetPort = targetPort;
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      this.acceptor = new Thread(this::acceptLoop, "sni-proxy-accept");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    /** The SNI of the next connection (empty when it sent none), waiting up to 5 s. */
    Optional<String> nextServerName() throws InterruptedException {
      Optional<String> name = serverNames.poll(5, TimeUnit.SECONDS);
      if (name == null) {
        throw new AssertionError("no ClientHello seen within 5 s");
      }
      return name;
    }

    private void acceptLoop() {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          sockets.add(client);
          Thread t = new Thread(() -> handle(client), "sni-proxy-conn");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void handle(Socket client) {
      try {
        client.setSoTimeout(10_000);
        DataInputStream in = new DataInputStream(client.getInputStream());
        byte[] header = new byte[5];
        in.readFully(header);
        int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
        byte[] body = new byte[length];
        in.readFully(body);
        serverNames.add(header[0] == 0x16 ? serverName(ByteBuffer.wrap(body)) : Optional.empty());
        client.setSoTimeout(0);
        Socket upstream = new Socket();
        sockets.add(upstream);
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
        OutputStream up = upstream.getOutputStream();
        up.write(header);
        up.write(body);
        up.flush();
        pump(upstream.getInputStream(), client.getOutputStream());
        pump(client.getInputStream(), up);
      } catch (IOException | RuntimeException e) {
        closeQuietly(client);
      }
    }

    private void pump(InputStream from, OutputStream to) {
      Thread t =
          new Thread(
              () -> {
                try {
                  from.transferTo(to);
                } catch (IOException e) {
                  // the other side closed
                } finally {
                  try {
                    to.close();
                  } catch (IOException e) {
                    // ignore
                  }
                }
              },
              "sni-proxy-pump");
      t.setDaemon(true);
      t.start();
    }

    /** The host_name of the server_name extension of a ClientHello handshake message. */
    static Optional<String> serverName(ByteBuffer b) {
      if (b.get() != 1) { // handshake type client_hello
        throw new IllegalStateException("not a ClientHello");
      }
      b.position(b.position() + 3 + 2 + 32); // length, client_version, random
      skip(b, b.get() & 0xff); // session_id
      skip(b, b.getShort() & 0xffff); // cipher_suites
      skip(b, b.get() & 0xff); // compression_methods
      int end = (b.getShort() & 0xffff) + b.position();
      while (b.position() < end) {
        int type = b.getShort() & 0xffff;
        int len = b.getShort() & 0xffff;
        if (type != 0) {
          skip(b, len);
          continue;
        }
        b.getShort(); // server_name_list length
        int nameType = b.get();
        int nameLength = b.getShort() & 0xffff;
        byte[] name = new byte[nameLength];
        b.get(name);
        if (nameType == 0) {
          return Optional.of(new String(name, StandardCharsets.US_ASCII));
        }
        return Optional.empty();
      }
      return Optional.empty();
    }

    private static void skip(ByteBuffer b, int n) {
      b.position(b.position() + n);
    }

    private static void closeQuietly(Socket s) {
      try {
        s.close();
      } catch (IOException e) {
        // ignore
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      sockets.forEach(ClientHelloProxy::closeQuietly);
    }
  }
}
