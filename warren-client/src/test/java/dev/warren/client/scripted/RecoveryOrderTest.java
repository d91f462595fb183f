/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.scripted;

import static dev.warren.client.scripted.ScriptedBroker.awaitMet;
import static dev.warren.client.scripted.ScriptedBroker.expectConsume;
import static dev.warren.client.scripted.ScriptedBroker.expectExchangeDeclare;
import static dev.warren.client.scripted.ScriptedBroker.expectQueueBind;
import static dev.warren.client.scripted.ScriptedBroker.expectQueueDeclare;
import static dev.warren.client.scripted.ScriptedBroker.handshake;
import static dev.warren.client.scripted.ScriptedBroker.handshakeHoldingOpenOk;
import static dev.warren.client.scripted.ScriptedBroker.sendOpenOk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.Binding;
import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.ExchangeSpec;
import dev.warren.client.Qos;
import dev.warren.client.QueueDeclareOk;
import dev.warren.client.QueueSpec;
import dev.warren.client.scripted.ScriptedBroker.Deliveries;
import dev.warren.client.scripted.ScriptedBroker.Events;
import dev.warren.client.scripted.ScriptedBroker.InternalChannel;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.ConnectionLostException;
import dev.warren.errors.Initiator;
import dev.warren.protocol.LongString;
import dev.warren.protocol.method.BasicCancel;
import dev.warren.protocol.method.BasicCancelOk;
import dev.warren.protocol.method.BasicConsume;
import dev.warren.protocol.method.BasicConsumeOk;
import dev.warren.protocol.method.BasicQos;
import dev.warren.protocol.method.BasicQosOk;
import dev.warren.protocol.method.ChannelOpen;
import dev.warren.protocol.method.ChannelOpenOk;
import dev.warren.protocol.method.ConfirmSelect;
import dev.warren.protocol.method.ConfirmSelectOk;
import dev.warren.protocol.method.ConnectionClose;
import dev.warren.protocol.method.ConnectionCloseOk;
import dev.warren.protocol.method.ExchangeBind;
import dev.warren.protocol.method.ExchangeBindOk;
import dev.warren.protocol.method.ExchangeDeclare;
import dev.warren.protocol.method.ExchangeDeclareOk;
import dev.warren.protocol.method.ExchangeDelete;
import dev.warren.protocol.method.ExchangeDeleteOk;
import dev.warren.protocol.method.QueueDeclare;
import dev.warren.protocol.method.QueueDelete;
import dev.warren.protocol.method.QueueDeleteOk;
import dev.warren.protocol.method.QueueUnbind;
import dev.warren.protocol.method.QueueUnbindOk;
import dev.warren.protocol.method.TxSelect;
import dev.warren.protocol.method.TxSelectOk;
import dev.warren.testkit.MethodExpectation;
import dev.warren.testkit.Received;
import dev.warren.testkit.ScriptedPeer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * After a connection loss the client reconnects and sends, frame by frame, what docs/recovery.md
 * promises, in its order: channels reopened with their numbers and modes, then the recorded
 * topology on a channel of recovery's own (exchanges, queues, bindings, each in declaration order),
 * then consumers with their tags; listeners hear the steps in order.
 */
@Timeout(60)
class RecoveryOrderTest {
  private final ScriptedBroker broker = new ScriptedBroker();
  private final Events events = new Events();

  @AfterEach
  void tearDown() {
    broker.close();
  }

  private Connection connect() {
    Connection conn = broker.connect();
    conn.addRecoveryListener(events);
    return conn;
  }

  /** Drops connection {@code index} once its script is done, and waits for the recovery. */
  private void loseConnectionAndAwaitRecovery(int index) {
    broker.verify(index);
    broker.peer(index).disconnect();
    events.await("recovered");
  }

  private static MethodExpectation<BasicQos> expectQos(ScriptedPeer peer, int channel) {
    return peer.expect(channel, BasicQos.class).respond(BasicQosOk.INSTANCE);
  }

  @Test
  void restoresChannelsWithTheirModesThenTopologyThenConsumersInThatOrder() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectQos(p, 1);
          p.expect(1, ConfirmSelect.class).respond(ConfirmSelectOk.INSTANCE);
          p.expectChannelOpen(2);
          p.expect(2, TxSelect.class).respond(TxSelectOk.INSTANCE);
          expectExchangeDeclare(p, 1, "x1");
          expectQueueDeclare(p, 1, "q1");
          expectQueueBind(p, 1, "q1", "x1", "k1");
          expectConsume(p, 1, "q1", "c1");
          expectConsume(p, 2, "q1", "c2");
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(1, BasicQos.class)
              .matching("prefetch 10", q -> q.prefetchCount() == 10 && !q.global())
              .respond(BasicQosOk.INSTANCE);
          p.expect(1, ConfirmSelect.class)
              .matching("waiting for select-ok", c -> !c.nowait())
              .respond(ConfirmSelectOk.INSTANCE);
          p.expectChannelOpen(2);
          p.expect(2, TxSelect.class).respond(TxSelectOk.INSTANCE);
          InternalChannel internal = new InternalChannel(p, 1, 2);
          internal.expectOpen();
          internal.expectExchangeDeclare("x1");
          internal.expectQueueDeclare("q1");
          internal.expectQueueBind("q1", "x1", "k1");
          internal.expectClose();
          expectConsume(p, 1, "q1", "c1");
          expectConsume(p, 2, "q1", "c2");
          p.expectClose();
        });
    Connection conn = connect();
    Channel ch1 = conn.openChannel();
    ch1.basicQos(Qos.prefetch(10));
    ch1.confirmSelect();
    Channel ch2 = conn.openChannel();
    ch2.txSelect();
    ch1.exchangeDeclare(ExchangeSpec.direct("x1"));
    ch1.queueDeclare(QueueSpec.named("q1"));
    ch1.queueBind("q1", "x1", "k1");
    ch1.basicConsume(ConsumeSpec.queue("q1").tag("c1"), new Deliveries());
    ch2.basicConsume(ConsumeSpec.queue("q1").tag("c2"), new Deliveries());

    loseConnectionAndAwaitRecovery(0);
    conn.close();

    broker.verify();
    assertThat(broker.acceptedCount()).isEqualTo(2);
  }

  @Test
  void reopensEveryChannelWithItsOwnNumber() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(7);
          p.expectChannelOpen(2);
          p.expectChannelOpen(5);
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          for (int i = 0; i < 3; i++) {
            p.expect(ChannelOpen.class).respond(new ChannelOpenOk(LongString.EMPTY));
          }
          // Each channel object still speaks on its own number.
          expectQueueDeclare(p, 5, "on-five");
          expectQueueDeclare(p, 7, "on-seven");
          expectQueueDeclare(p, 2, "on-two");
          p.expectClose();
        });
    Connection conn = connect();
    Channel seven = conn.openChannel(7);
    Channel two = conn.openChannel(2);
    Channel five = conn.openChannel(5);

    loseConnectionAndAwaitRecovery(0);
    five.queueDeclare(QueueSpec.named("on-five"));
    seven.queueDeclare(QueueSpec.named("on-seven"));
    two.queueDeclare(QueueSpec.named("on-two"));
    conn.close();

    broker.verify();
    assertThat(broker.peer(1).received(ChannelOpen.class))
        .extracting(Received::channel)
        .containsExactlyInAnyOrder(2, 5, 7);
    assertThat(List.of(seven.number(), two.number(), five.number())).containsExactly(7, 2, 5);
  }

  @Test
  void restoresBasicQosWithItsValuesRightAfterReopeningTheChannel() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectQos(p, 1);
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(1, BasicQos.class)
              .satisfying(
                  q -> {
                    assertThat(q.prefetchCount()).isEqualTo(25);
                    assertThat(q.prefetchSize()).isZero();
                    assertThat(q.global()).isTrue();
                  })
              .respond(BasicQosOk.INSTANCE);
          p.expectClose();
        });
    Connection conn = connect();
    Channel ch = conn.openChannel();
    ch.basicQos(Qos.prefetch(25).global());

    loseConnectionAndAwaitRecovery(0);
    conn.close();

    broker.verify();
  }

  @Test
  void restoresConfirmModeRightAfterReopeningTheChannel() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(1, ConfirmSelect.class).respond(ConfirmSelectOk.INSTANCE);
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(1, ConfirmSelect.class).respond(ConfirmSelectOk.INSTANCE);
          p.expectClose();
        });
    Connection conn = connect();
    conn.openChannel().confirmSelect();

    loseConnectionAndAwaitRecovery(0);
    conn.close();

    broker.verify();
  }

  @Test
  void restoresTransactionModeRightAfterReopeningTheChannel() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(1, TxSelect.class).respond(TxSelectOk.INSTANCE);
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(1, TxSelect.class).respond(TxSelectOk.INSTANCE);
          p.expectClose();
        });
    Connection conn = connect();
    conn.openChannel().txSelect();

    loseConnectionAndAwaitRecovery(0);
    conn.close();

    broker.verify();
  }

  @Test
  void redeclaresExchangesThenQueuesThenBindingsEachInDeclarationOrder() {
    // Declared interleaved, and on two channels: the record keeps each kind in its order.
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expectChannelOpen(2);
          expectQueueDeclare(p, 1, "qb");
          expectExchangeDeclare(p, 2, "xb");
          expectQueueBind(p, 1, "qb", "xb", "kb");
          expectExchangeDeclare(p, 1, "xa");
          expectQueueDeclare(p, 2, "qa");
          p.expect(1, ExchangeBind.class).respond(ExchangeBindOk.INSTANCE);
          expectQueueBind(p, 2, "qa", "xa", "ka");
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expectChannelOpen(2);
          InternalChannel internal = new InternalChannel(p, 1, 2);
          internal.expectOpen();
          internal.expectExchangeDeclare("xb");
          internal.expectExchangeDeclare("xa");
          internal.expectQueueDeclare("qb");
          internal.expectQueueDeclare("qa");
          internal.expectQueueBind("qb", "xb", "kb");
          internal
              .expect(ExchangeBind.class)
              .matching(
                  "xa -> xb with 'kx'",
                  b ->
                      b.source().equals("xa")
                          && b.destination().equals("xb")
                          && b.routingKey().equals("kx"))
              .respond(ExchangeBindOk.INSTANCE);
          internal.expectQueueBind("qa", "xa", "ka");
          internal.expectClose();
          p.expectClose();
        });
    Connection conn = connect();
    Channel ch1 = conn.openChannel();
    Channel ch2 = conn.openChannel();
    ch1.queueDeclare(QueueSpec.named("qb"));
    ch2.exchangeDeclare(ExchangeSpec.topic("xb"));
    ch1.queueBind("qb", "xb", "kb");
    ch1.exchangeDeclare(ExchangeSpec.topic("xa"));
    ch2.queueDeclare(QueueSpec.named("qa"));
    ch1.exchangeBind(Binding.exchange("xb").to("xa").withKey("kx"));
    ch2.queueBind("qa", "xa", "ka");

    loseConnectionAndAwaitRecovery(0);
    conn.close();

    broker.verify();
  }

  @Test
  void serverNamedQueueComesBackUnderItsNewNameInItsBindingAndConsumer() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectExchangeDeclare(p, 1, "x");
          expectQueueDeclare(p, 1, "", "amq.gen-OLD");
          expectQueueBind(p, 1, "amq.gen-OLD", "x", "k");
          expectConsume(p, 1, "amq.gen-OLD", "c1");
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          InternalChannel internal = new InternalChannel(p, 1);
          internal.expectOpen();
          internal.expectExchangeDeclare("x");
          internal
              .expectQueueDeclare("", "amq.gen-NEW")
              .matching("exclusive", QueueDeclare::exclusive);
          internal.expectQueueBind("amq.gen-NEW", "x", "k");
          internal.expectClose();
          expectConsume(p, 1, "amq.gen-NEW", "c1");
          p.expectClose();
        });
    Connection conn = connect();
    Channel ch = conn.openChannel();
    ch.exchangeDeclare(ExchangeSpec.direct("x"));
    QueueDeclareOk ok = ch.queueDeclare(QueueSpec.serverNamed().exclusive());
    assertThat(ok.queue()).isEqualTo("amq.gen-OLD");
    ch.queueBind(ok.queue(), "x", "k");
    ch.basicConsume(ConsumeSpec.queue(ok.queue()).tag("c1"), new Deliveries());

    loseConnectionAndAwaitRecovery(0);
    conn.close();

    broker.verify();
  }

  @Test
  void resubscribesConsumersWithTheirTagsFlagsAndArgumentsWithoutANewConsumeOk() {
    Deliveries brokerTagged = new Deliveries();
    Deliveries ownTag = new Deliveries();
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(1, BasicConsume.class)
              .matching("a tag for the broker to choose", c -> c.consumerTag().isEmpty())
              .respond(new BasicConsumeOk("amq.ctag-from-broker"));
          expectConsume(p, 1, "q2", "mine");
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          // Two consumers of one channel: the promise is the same tags, not an order.
          for (int i = 0; i < 2; i++) {
            p.expect(1, BasicConsume.class).respond(c -> new BasicConsumeOk(c.consumerTag()));
          }
          ScriptedBroker.sendDelivery(p, 1, "amq.ctag-from-broker", 1, false);
          ScriptedBroker.sendDelivery(p, 1, "mine", 2, false);
          p.expectClose();
        });
    Connection conn = connect();
    Channel ch = conn.openChannel();
    String tag =
        ch.basicConsume(
            ConsumeSpec.queue("q1").exclusive().argument("x-priority", 5), brokerTagged);
    assertThat(tag).isEqualTo("amq.ctag-from-broker");
    ch.basicConsume(ConsumeSpec.queue("q2").tag("mine").autoAck(), ownTag);

    loseConnectionAndAwaitRecovery(0);
    // Each consumer's deliveries follow its callbacks on the channel's dispatcher, so a second
    // handleConsumeOk would have run before them.
    assertThat(brokerTagged.next().consumerTag()).isEqualTo("amq.ctag-from-broker");
    assertThat(ownTag.next().consumerTag()).isEqualTo("mine");
    conn.close();

    broker.verify();
    List<BasicConsume> again =
        broker.peer(1).received(BasicConsume.class).stream().map(Received::method).toList();
    assertThat(again)
        .filteredOn(c -> c.consumerTag().equals("amq.ctag-from-broker"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.queue()).isEqualTo("q1");
              assertThat(c.exclusive()).isTrue();
              assertThat(c.noAck()).isFalse();
              assertThat(c.arguments()).containsEntry("x-priority", 5);
            });
    assertThat(again)
        .filteredOn(c -> c.consumerTag().equals("mine"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.queue()).isEqualTo("q2");
              assertThat(c.noAck()).isTrue();
              assertThat(c.exclusive()).isFalse();
            });
    assertThat(brokerTagged.consumeOks).hasValue(1);
    assertThat(ownTag.consumeOks).hasValue(1);
  }

  @Test
  void deletedAndUnboundEntitiesAreNotRedeclared() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectExchangeDeclare(p, 1, "x-kept");
          expectExchangeDeclare(p, 1, "x-deleted");
          expectQueueDeclare(p, 1, "q-deleted");
          expectQueueDeclare(p, 1, "q-kept");
          expectQueueBind(p, 1, "q-deleted", "x-kept", "a");
          expectQueueBind(p, 1, "q-kept", "x-deleted", "b");
          expectQueueBind(p, 1, "q-kept", "x-kept", "unbound");
          expectQueueBind(p, 1, "q-kept", "x-kept", "kept");
          p.expect(1, ExchangeDelete.class).respond(ExchangeDeleteOk.INSTANCE);
          p.expect(1, QueueDelete.class).respond(new QueueDeleteOk(0));
          p.expect(1, QueueUnbind.class).respond(QueueUnbindOk.INSTANCE);
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          InternalChannel internal = new InternalChannel(p, 1);
          internal.expectOpen();
          internal.expectExchangeDeclare("x-kept");
          internal.expectQueueDeclare("q-kept");
          internal.expectQueueBind("q-kept", "x-kept", "kept");
          internal.expectClose();
          p.expectClose();
        });
    Connection conn = connect();
    Channel ch = conn.openChannel();
    ch.exchangeDeclare(ExchangeSpec.direct("x-kept"));
    ch.exchangeDeclare(ExchangeSpec.direct("x-deleted"));
    ch.queueDeclare(QueueSpec.named("q-deleted"));
    ch.queueDeclare(QueueSpec.named("q-kept"));
    ch.queueBind("q-deleted", "x-kept", "a");
    ch.queueBind("q-kept", "x-deleted", "b");
    ch.queueBind("q-kept", "x-kept", "unbound");
    ch.queueBind("q-kept", "x-kept", "kept");
    ch.exchangeDelete("x-deleted"); // takes binding b with it
    ch.queueDelete("q-deleted"); // takes binding a with it
    ch.queueUnbind(Binding.queue("q-kept").to("x-kept").withKey("unbound"));

    loseConnectionAndAwaitRecovery(0);
    conn.close();

    broker.verify();
  }

  @Test
  void passiveDeclarationsAreNotRecorded() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(1, ExchangeDeclare.class)
              .matching("passive", ExchangeDeclare::passive)
              .respond(ExchangeDeclareOk.INSTANCE);
          expectQueueDeclare(p, 1, "theirs").matching("passive", QueueDeclare::passive);
          expectQueueDeclare(p, 1, "mine");
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          InternalChannel internal = new InternalChannel(p, 1);
          internal.expectOpen();
          internal.expectQueueDeclare("mine").matching("not passive", q -> !q.passive());
          internal.expectClose();
          p.expectClose();
        });
    Connection conn = connect();
    Channel ch = conn.openChannel();
    ch.exchangeDeclare(ExchangeSpec.topic("their-exchange").passive());
    ch.queueDeclare(QueueSpec.named("theirs").passive());
    ch.queueDeclare(QueueSpec.named("mine"));

    loseConnectionAndAwaitRecovery(0);
    conn.close();

    broker.verify();
  }

  @Test
  void anAutoDeleteQueueLeavesTheRecordWithItsLastConsumer() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectQueueDeclare(p, 1, "temporary");
          expectQueueDeclare(p, 1, "kept");
          expectConsume(p, 1, "temporary", "c1");
          p.expect(1, BasicCancel.class).respond(new BasicCancelOk("c1"));
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          InternalChannel internal = new InternalChannel(p, 1);
          internal.expectOpen();
          internal.expectQueueDeclare("kept");
          internal.expectClose();
          p.expectClose();
        });
    Connection conn = connect();
    Channel ch = conn.openChannel();
    ch.queueDeclare(QueueSpec.named("temporary").autoDelete());
    ch.queueDeclare(QueueSpec.named("kept"));
    ch.basicConsume(ConsumeSpec.queue("temporary").tag("c1"), new Deliveries());
    ch.basicCancel("c1");

    loseConnectionAndAwaitRecovery(0);
    conn.close();

    broker.verify();
  }

  @Test
  void listenersHearConnectionLostThenTheAttemptThenRecoveredOnceEverythingIsBack() {
    AtomicInteger framesAtRecovered = new AtomicInteger(-1);
    AtomicReference<Connection.State> stateAtLoss = new AtomicReference<>();
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectConsume(p, 1, "q", "c1");
        });
    AtomicReference<MethodExpectation<?>> open = new AtomicReference<>();
    broker.script(
        1,
        p -> {
          // the test sends open-ok, and scripts the rest, once it has seen connectionLost
          open.set(handshakeHoldingOpenOk(p));
        });
    Connection conn = connect();
    conn.openChannel().basicConsume(ConsumeSpec.queue("q").tag("c1"), new Deliveries());
    events.onRecovered = () -> framesAtRecovered.set(broker.peer(1).received().size());
    broker.verify(0);

    broker.peer(0).disconnect();
    events.await("connectionLost");
    stateAtLoss.set(conn.state());
    ScriptedBroker.waitUntil("connection.open on connection 1", () -> open.get() != null);
    awaitMet(open.get());
    assertThat(events.list()).doesNotContain("recovered");
    broker
        .peer(1)
        .addSteps(
            p -> {
              sendOpenOk(p);
              p.expectChannelOpen(1);
              expectConsume(p, 1, "q", "c1");
              p.expectClose();
            });
    events.await("recovered");
    Connection.State stateAfter = conn.state();
    conn.close();

    broker.verify();
    assertThat(events.list()).containsExactly("connectionLost", "recoveryAttempt 1", "recovered");
    assertThat(events.lost).singleElement().isInstanceOf(ConnectionLostException.class);
    assertThat(stateAtLoss.get()).isEqualTo(Connection.State.RECOVERING);
    assertThat(stateAfter).isEqualTo(Connection.State.OPEN);
    // start-ok, tune-ok, open, channel.open and basic.consume had all arrived by then
    assertThat(framesAtRecovered.get()).isEqualTo(5);
  }

  @Test
  void theBrokersConnectionForcedCloseIsAnsweredAndRecovered() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expectClose();
        });
    Connection conn = connect();
    conn.openChannel();
    broker.verify(0);

    broker
        .peer(0)
        .addSteps(
            p -> {
              p.send(
                  0,
                  new ConnectionClose(
                      320,
                      "CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'",
                      0,
                      0));
              p.expect(0, ConnectionCloseOk.class).thenDisconnect();
            });
    events.await("recovered");
    conn.close();

    broker.verify();
    assertThat(events.lost)
        .singleElement()
        .satisfies(
            cause -> {
              assertThat(cause.replyCode()).isEqualTo(320);
              assertThat(cause.replyText()).startsWith("CONNECTION_FORCED");
              assertThat(cause.initiator()).isEqualTo(Initiator.BROKER);
            });
  }

  @Test
  void theBrokersInternalErrorCloseIsAnsweredAndRecoveredToo() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expectClose();
        });
    Connection conn = connect();
    conn.openChannel();
    broker.verify(0);

    broker
        .peer(0)
        .addSteps(
            p -> {
              p.send(0, new ConnectionClose(541, "INTERNAL_ERROR", 0, 0));
              p.expect(0, ConnectionCloseOk.class).thenDisconnect();
            });
    events.await("recovered");
    conn.close();

    broker.verify();
    assertThat(events.lost)
        .singleElement()
        .extracting(ConnectionClosedException::replyCode)
        .isEqualTo(541);
  }

  @Test
  void aLossWhileChannelsAreReopenedStartsOverOnAThirdConnection() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectQos(p, 1);
          expectQueueDeclare(p, 1, "q");
          expectConsume(p, 1, "q", "c1");
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(1, BasicQos.class).thenDisconnect(); // dropped before qos-ok
        });
    broker.script(
        2,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectQos(p, 1);
          InternalChannel internal = new InternalChannel(p, 1);
          internal.expectOpen();
          internal.expectQueueDeclare("q");
          internal.expectClose();
          expectConsume(p, 1, "q", "c1");
          p.expectClose();
        });
    Connection conn = connect();
    Channel ch = conn.openChannel();
    ch.basicQos(Qos.prefetch(5));
    ch.queueDeclare(QueueSpec.named("q"));
    ch.basicConsume(ConsumeSpec.queue("q").tag("c1"), new Deliveries());

    loseConnectionAndAwaitRecovery(0);
    conn.close();

    broker.verify();
    assertThat(broker.acceptedCount()).isEqualTo(3);
    assertThat(events.list())
        .containsExactly("connectionLost", "recoveryAttempt 1", "recoveryAttempt 2", "recovered");
  }

  @Test
  void aLossWhileTopologyIsRedeclaredStartsOverFromTheChannels() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectExchangeDeclare(p, 1, "x");
          expectQueueDeclare(p, 1, "q");
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          InternalChannel internal = new InternalChannel(p, 1);
          internal.expectOpen();
          internal.expectExchangeDeclare("x");
          internal.expect(QueueDeclare.class).thenDisconnect();
        });
    broker.script(
        2,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          InternalChannel internal = new InternalChannel(p, 1);
          internal.expectOpen();
          internal.expectExchangeDeclare("x");
          internal.expectQueueDeclare("q");
          internal.expectClose();
          p.expectClose();
        });
    Connection conn = connect();
    Channel ch = conn.openChannel();
    ch.exchangeDeclare(ExchangeSpec.fanout("x"));
    ch.queueDeclare(QueueSpec.named("q"));

    loseConnectionAndAwaitRecovery(0);
    conn.close();

    broker.verify();
    assertThat(broker.acceptedCount()).isEqualTo(3);
    assertThat(events.list())
        .containsExactly("connectionLost", "recoveryAttempt 1", "recoveryAttempt 2", "recovered");
  }

  @Test
  void anOperationMadeWhileRecoveringGoesOutAfterTheConsumersAreBack() throws Exception {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectQueueDeclare(p, 1, "q");
          expectConsume(p, 1, "q", "c1");
        });
    AtomicReference<MethodExpectation<?>> open = new AtomicReference<>();
    broker.script(
        1,
        p -> {
          open.set(handshakeHoldingOpenOk(p));
        });
    Connection conn = connect();
    Channel ch = conn.openChannel();
    ch.queueDeclare(QueueSpec.named("q"));
    ch.basicConsume(ConsumeSpec.queue("q").tag("c1"), new Deliveries());
    broker.verify(0);

    broker.peer(0).disconnect();
    events.await("connectionLost");
    ScriptedBroker.waitUntil("connection 1's script", () -> open.get() != null);
    awaitMet(open.get());
    assertThat(ch.state()).isEqualTo(Channel.State.RECOVERING);
    CompletableFuture<QueueDeclareOk> later =
        ch.async().queueDeclare(QueueSpec.named("made-while-recovering"));
    broker
        .peer(1)
        .addSteps(
            p -> {
              sendOpenOk(p);
              p.expectChannelOpen(1);
              InternalChannel internal = new InternalChannel(p, 1);
              internal.expectOpen();
              internal.expectQueueDeclare("q");
              internal.expectClose();
              expectConsume(p, 1, "q", "c1");
              expectQueueDeclare(p, 1, "made-while-recovering");
              p.expectClose();
            });

    assertThat(later.get(ScriptedBroker.WAIT.toMillis(), TimeUnit.MILLISECONDS).queue())
        .isEqualTo("made-while-recovering");
    events.await("recovered");
    conn.close();

    broker.verify();
  }

  @Test
  void aChannelTheApplicationClosedBeforeTheLossIsNotReopened() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expectChannelOpen(2);
          p.expectChannelClose(1);
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(2);
          p.expectClose();
        });
    Connection conn = connect();
    Channel first = conn.openChannel();
    Channel second = conn.openChannel();
    first.close();

    loseConnectionAndAwaitRecovery(0);
    conn.close();

    broker.verify();
    assertThat(second.number()).isEqualTo(2);
    assertThat(first.state()).isEqualTo(Channel.State.CLOSED);
  }
}
