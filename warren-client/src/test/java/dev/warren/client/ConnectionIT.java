/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warren.errors.AmqpException;
import dev.warren.errors.AuthenticationException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.Initiator;
import dev.warren.errors.VirtualHostAccessException;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.BasicProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The connection: handshake, negotiation, close in both directions, against RabbitMQ. */
@Timeout(30)
class ConnectionIT {

  private static ConnectionParameters.Builder params() {
    return Broker.parameters().toBuilder();
  }

  @Test
  void serverPropertiesAndCapabilitiesAreReadable() {
    try (Connection conn = Broker.connect()) {
      Map<String, Object> props = conn.serverProperties();
      assertThat(props.get("product")).isEqualTo("RabbitMQ");
      assertThat((String) props.get("version")).matches("\\d+\\.\\d+\\.\\d+.*");
      assertThat(props.get("capabilities")).isInstanceOf(Map.class);
      ServerCapabilities caps = conn.serverCapabilities();
      // pika's basic_nack, consumer_cancel_notify, exchange_exchange_bindings, publisher_confirms
      assertThat(caps.basicNack()).isTrue();
      assertThat(caps.consumerCancelNotify()).isTrue();
      assertThat(caps.exchangeExchangeBindings()).isTrue();
      assertThat(caps.publisherConfirms()).isTrue();
      assertThat(caps.connectionBlocked()).isTrue();
      assertThat(caps.authenticationFailureClose()).isTrue();
      assertThat(caps.perConsumerQos()).isTrue();
      assertThat(caps.directReplyTo()).isTrue();
    }
  }

  @Test
  void clientPropertiesAndConnectionNameAreVisibleToTheBroker() {
    String name = Broker.unique("warren-it-conn");
    try (Connection conn =
        Connection.open(
            params().connectionName(name).clientProperty("x-test-run", "conn-it").build())) {
      assertThat(conn.name()).isEqualTo(name);
      String info = ItSupport.connectionInfo(name, "user", "vhost");
      assertThat(info).contains("{\"connection_name\",\"" + name + "\"}");
      assertThat(info).contains("{\"product\",\"Warren\"}");
      assertThat(info).contains("{\"x-test-run\",\"conn-it\"}");
      assertThat(info).contains("{\"platform\",\"Java ");
      assertThat(info).contains("\"version\"", "\"information\"");
      for (String cap :
          List.of(
              "publisher_confirms",
              "exchange_exchange_bindings",
              "basic.nack",
              "consumer_cancel_notify",
              "connection.blocked",
              "authentication_failure_close",
              "per_consumer_qos",
              "direct_reply_to")) {
        assertThat(info).contains("{\"" + cap + "\",true}");
      }
      assertThat(info).startsWith("guest\t/\t");
    }
  }

  @Test
  void wrongPasswordFailsWithAnAuthenticationExceptionWithinOneSecond() {
    ConnectionParameters p =
        params().credentials(PlainCredentials.of("guest", "not-the-password")).build();
    long start = System.nanoTime();
    AuthenticationException e =
        catchThrowableOfType(AuthenticationException.class, () -> Connection.open(p).close());
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(e).isNotNull();
    assertThat(e.replyCode()).isEqualTo(403);
    assertThat(e.getMessage()).containsIgnoringCase("password");
    assertThat(elapsedMs).isLessThan(1000);
  }

  @Test
  void unknownVirtualHostFailsWithAnErrorNamingIt() {
    String vhost = Broker.unique("no-such-vhost");
    ConnectionParameters p = params().virtualHost(vhost).build();
    VirtualHostAccessException e =
        catchThrowableOfType(VirtualHostAccessException.class, () -> Connection.open(p).close());
    assertThat(e).isNotNull();
    assertThat(e.virtualHost()).isEqualTo(vhost);
    assertThat(e.getMessage()).contains(vhost);
    assertThat(e.initiator()).isEqualTo(Initiator.BROKER);
  }

  @Test
  void brokerDefaultsAreNegotiated() {
    String name = Broker.unique("warren-it-tune");
    try (Connection conn = Connection.open(params().connectionName(name).build())) {
      assertThat(conn.channelMax()).isEqualTo(2047);
      assertThat(conn.frameMax()).isEqualTo(131072);
      assertThat(conn.heartbeat()).isEqualTo(Duration.ofSeconds(60));
      assertThat(ItSupport.connectionInfo(name, "channel_max", "frame_max", "timeout"))
          .startsWith("2047\t131072\t60\t");
    }
  }

  @Test
  void smallerClientLimitsWinAndTheBrokerAgrees() {
    String name = Broker.unique("warren-it-tune");
    ConnectionParameters p =
        params()
            .connectionName(name)
            .channelMax(10)
            .frameMax(8192)
            .heartbeat(Duration.ofSeconds(5))
            .build();
    try (Connection conn = Connection.open(p)) {
      assertThat(conn.channelMax()).isEqualTo(10);
      assertThat(conn.frameMax()).isEqualTo(8192);
      assertThat(conn.heartbeat()).isEqualTo(Duration.ofSeconds(5));
      assertThat(ItSupport.connectionInfo(name, "channel_max", "frame_max", "timeout"))
          .startsWith("10\t8192\t5\t");
    }
  }

  @Test
  void zeroMeansNoLimitOfTheClientsOwnAndLargerRequestsLose() {
    ConnectionParameters p =
        params().channelMax(0).heartbeat(Duration.ofSeconds(600)).frameMax(1 << 20).build();
    try (Connection conn = Connection.open(p)) {
      assertThat(conn.channelMax()).isEqualTo(2047);
      assertThat(conn.frameMax()).isEqualTo(131072);
      assertThat(conn.heartbeat()).isEqualTo(Duration.ofSeconds(60));
    }
  }

  @Test
  void heartbeatOff() {
    String name = Broker.unique("warren-it-hb-off");
    try (Connection conn =
        Connection.open(params().connectionName(name).heartbeat(HeartbeatPolicy.off()).build())) {
      assertThat(conn.heartbeat()).isEqualTo(Duration.ZERO);
      assertThat(ItSupport.connectionInfo(name, "timeout")).startsWith("0\t");
    }
  }

  @Test
  void heartbeatHookDecidesFromTheBrokersProposal() {
    AtomicReference<Duration> proposal = new AtomicReference<>();
    HeartbeatPolicy policy =
        HeartbeatPolicy.negotiated(
            b -> {
              proposal.set(b);
              return b.dividedBy(3);
            });
    try (Connection conn = Connection.open(params().heartbeat(policy).build())) {
      assertThat(proposal.get()).isEqualTo(Duration.ofSeconds(60));
      assertThat(conn.heartbeat()).isEqualTo(Duration.ofSeconds(20));
    }
  }

  @Test
  void clientCloseWithReplyCodeAndText() throws Exception {
    Connection conn = Broker.connect();
    LinkedBlockingQueue<ConnectionClosedException> heard = new LinkedBlockingQueue<>();
    conn.addCloseListener(heard::add);
    assertThat(conn.state()).isEqualTo(Connection.State.OPEN);
    assertThat(conn.isOpen()).isTrue();

    conn.close(320, "going away for a test", Duration.ofSeconds(5));

    assertThat(conn.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(conn.isOpen()).isFalse();
    ConnectionClosedException cause = heard.poll(5, TimeUnit.SECONDS);
    assertThat(cause).isNotNull();
    assertThat(cause.initiator()).isEqualTo(Initiator.CLIENT);
    assertThat(cause.replyCode()).isEqualTo(320);
    assertThat(cause.replyText()).isEqualTo("going away for a test");
    assertThat(conn.async().closeFuture()).isCompletedWithValue(cause);
    // Closing twice does nothing; a listener added late still hears why.
    conn.close();
    LinkedBlockingQueue<ConnectionClosedException> late = new LinkedBlockingQueue<>();
    conn.addCloseListener(late::add);
    assertThat(late.poll(5, TimeUnit.SECONDS)).isSameAs(cause);
    assertThatThrownBy(conn::openChannel).isInstanceOf(WrongStateException.class);
  }

  @Test
  void brokerCloseReachesTheCloseListenerWithReplyCodeAndText() throws Exception {
    String name = Broker.unique("warren-it-kill");
    // Without automatic recovery (pika's behaviour): the close is final.
    Connection conn =
        Connection.open(params().connectionName(name).recovery(RecoveryPolicy.disabled()).build());
    try {
      Channel ch = conn.openChannel();
      LinkedBlockingQueue<ConnectionClosedException> heard = new LinkedBlockingQueue<>();
      LinkedBlockingQueue<ChannelClosedException> channelHeard = new LinkedBlockingQueue<>();
      conn.addCloseListener(heard::add);
      ch.addCloseListener(channelHeard::add);

      ItSupport.ctl("close_connection", ItSupport.connectionPid(name), "closed by ConnectionIT");

      ConnectionClosedException cause = heard.poll(10, TimeUnit.SECONDS);
      assertThat(cause).isNotNull();
      assertThat(cause.initiator()).isEqualTo(Initiator.BROKER);
      assertThat(cause.replyCode()).isEqualTo(320);
      assertThat(cause.replyText()).contains("closed by ConnectionIT");
      assertThat(cause.getMessage()).contains("320", "closed by ConnectionIT");
      assertThat(conn.state()).isEqualTo(Connection.State.CLOSED);
      ChannelClosedException chCause = channelHeard.poll(5, TimeUnit.SECONDS);
      assertThat(chCause).isNotNull();
      assertThat(chCause.replyCode()).isEqualTo(320);
      assertThat(ch.isOpen()).isFalse();
      WrongStateException wrong =
          catchThrowableOfType(
              WrongStateException.class, () -> ch.queueDeclare(QueueSpec.serverNamed()));
      assertThat(wrong).isNotNull();
    } finally {
      conn.close();
    }
  }

  @Test
  void closingAConnectionClosesItsChannelsShutsDownConsumersAndCompletesEverythingPending()
      throws Exception {
    Connection conn = Broker.connect();
    Channel consuming = conn.openChannel();
    Channel publishing = conn.openChannel();
    Channel idle = conn.openChannel();
    String q = consuming.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();

    CountDownLatch shutdown = new CountDownLatch(1);
    AtomicReference<AmqpException> shutdownCause = new AtomicReference<>();
    String tag =
        consuming.basicConsume(
            ConsumeSpec.queue(q),
            new Consumer() {
              @Override
              public void handleDelivery(Delivery delivery) {}

              @Override
              public void handleShutdown(String consumerTag, AmqpException cause) {
                shutdownCause.set(cause);
                shutdown.countDown();
              }
            });
    assertThat(tag).isNotEmpty();

    // A loop waiting for consumers and a pull stream waiting for deliveries on other threads.
    CompletableFuture<Void> loop = CompletableFuture.runAsync(consuming::startConsuming);
    String empty = idle.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
    ConsumerStream stream = idle.consume(ConsumeSpec.queue(empty).autoAck(), null);
    CompletableFuture<Boolean> streamEnded =
        CompletableFuture.supplyAsync(() -> stream.iterator().hasNext());

    // Lots of work in flight at the moment of the close.
    publishing.confirmSelect();
    List<CompletableFuture<?>> pending = new ArrayList<>();
    byte[] body = "x".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 2000; i++) {
      pending.add(
          publishing
              .async()
              .publishConfirmed("", q, BasicProperties.EMPTY, body, PublishOptions.DEFAULT));
    }
    pending.add(publishing.async().waitForConfirms());
    for (int i = 0; i < 50; i++) {
      pending.add(idle.async().queueDeclare(QueueSpec.named(q).passive()));
    }

    conn.close();

    assertThat(conn.state()).isEqualTo(Connection.State.CLOSED);
    CompletableFuture.allOf(
            pending.stream().map(f -> f.handle((v, e) -> null)).toArray(CompletableFuture[]::new))
        .get(10, TimeUnit.SECONDS);
    assertThat(pending).allMatch(CompletableFuture::isDone);
    assertThat(shutdown.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(shutdownCause.get()).isInstanceOf(ChannelClosedException.class);
    assertThat(consuming.isOpen()).isFalse();
    assertThat(publishing.isOpen()).isFalse();
    assertThat(idle.isOpen()).isFalse();
    loop.get(5, TimeUnit.SECONDS);
    assertThat(streamEnded.get(5, TimeUnit.SECONDS)).isFalse();
    assertThatThrownBy(() -> publishing.basicPublish("", q, BasicProperties.EMPTY, body))
        .isInstanceOf(WrongStateException.class);
  }

  @Test
  void amqplainAuthenticatesToo() {
    String name = Broker.unique("warren-it-amqplain");
    try (Connection conn =
        Connection.open(
            params().connectionName(name).authMechanisms(SaslMechanisms.AMQPLAIN).build())) {
      assertThat(conn.isOpen()).isTrue();
      assertThat(ItSupport.connectionInfo(name, "auth_mechanism")).startsWith("AMQPLAIN\t");
    }
  }

  @Test
  void noMechanismInCommonIsAnAuthenticationErrorNamingThem() {
    ConnectionParameters p =
        params().authMechanisms(SaslMechanisms.raw("X-NOT-OFFERED", new byte[0])).build();
    AuthenticationException e =
        catchThrowableOfType(AuthenticationException.class, () -> Connection.open(p).close());
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("X-NOT-OFFERED", "PLAIN", "AMQPLAIN");
  }

  @Test
  void theBrokerForgetsAClosedConnection() {
    String name = Broker.unique("warren-it-gone");
    Connection conn = Connection.open(params().connectionName(name).build());
    ItSupport.connectionPid(name);
    conn.close();
    ItSupport.waitUntil(
        Duration.ofSeconds(10),
        "the broker to drop the connection",
        () -> !ItSupport.ctl("list_connections", "client_properties").contains(name));
  }

  @Test
  void stateGoesThroughClosingWhileTheBrokerHasNotAnsweredTheClose() throws Exception {
    try (dev.warren.testkit.FaultProxy proxy =
        new dev.warren.testkit.FaultProxy("localhost", Broker.parameters().port())) {
      Connection conn =
          Connection.open(
              params()
                  .host("localhost")
                  .port(proxy.port())
                  .recovery(RecoveryPolicy.disabled())
                  .build());
      try {
        assertThat(conn.state()).isEqualTo(Connection.State.OPEN);
        proxy.freeze();
        CompletableFuture<Void> closing = conn.async().close(200, "bye", Duration.ofSeconds(10));
        // The I/O thread takes the close in hand; from then on the state says CLOSING.
        ItSupport.waitUntil(
            Duration.ofSeconds(2), "state CLOSING", () -> conn.state() == Connection.State.CLOSING);
        assertThat(conn.isOpen()).isFalse();
        ItSupport.sleep(Duration.ofMillis(200));
        assertThat(closing).isNotDone();
        assertThat(conn.state()).isEqualTo(Connection.State.CLOSING);
        proxy.thaw();
        closing.get(5, TimeUnit.SECONDS);
        assertThat(conn.state()).isEqualTo(Connection.State.CLOSED);
        assertThat(conn.async().closeFuture().get(1, TimeUnit.SECONDS).initiator())
            .isEqualTo(Initiator.CLIENT);
      } finally {
        proxy.thaw();
        conn.close();
      }
    }
  }

  @Test
  void callLaterRunsOnceAndCanBeCancelled() throws Exception {
    try (Connection conn = Broker.connect()) {
      CountDownLatch ran = new CountDownLatch(1);
      AtomicReference<String> thread = new AtomicReference<>();
      conn.callLater(
          Duration.ofMillis(100),
          () -> {
            thread.set(Thread.currentThread().getName());
            ran.countDown();
          });
      CountDownLatch never = new CountDownLatch(1);
      Cancellable c = conn.callLater(Duration.ofMillis(200), never::countDown);
      assertThat(c.cancel()).isTrue();
      assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(thread.get()).doesNotStartWith("warren-io");
      assertThat(never.await(400, TimeUnit.MILLISECONDS)).isFalse();
    }
  }

  @Test
  void asyncOpenAndClose() throws Exception {
    AsyncConnection conn = AsyncConnection.open(Broker.parameters()).get(10, TimeUnit.SECONDS);
    assertThat(conn.blocking().isOpen()).isTrue();
    AsyncChannel ch = conn.openChannel().get(10, TimeUnit.SECONDS);
    assertThat(
            ch.queueDeclare(QueueSpec.serverNamed().exclusive()).get(10, TimeUnit.SECONDS).queue())
        .startsWith("amq.gen-");
    conn.close().get(10, TimeUnit.SECONDS);
    assertThat(conn.closeFuture().get(1, TimeUnit.SECONDS).initiator()).isEqualTo(Initiator.CLIENT);
    assertThat(conn.blocking().state()).isEqualTo(Connection.State.CLOSED);
  }
}
