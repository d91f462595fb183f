/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.scripted;

import static dev.warren.client.scripted.ScriptedBroker.awaitMet;
import static dev.warren.client.scripted.ScriptedBroker.expectConsume;
import static dev.warren.client.scripted.ScriptedBroker.handshake;
import static dev.warren.client.scripted.ScriptedBroker.handshakeHoldingOpenOk;
import static dev.warren.client.scripted.ScriptedBroker.sendDelivery;
import static dev.warren.client.scripted.ScriptedBroker.sendOpenOk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.AckMode;
import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.Delivery;
import dev.warren.client.GetResponse;
import dev.warren.client.Requeue;
import dev.warren.client.scripted.ScriptedBroker.Deliveries;
import dev.warren.client.scripted.ScriptedBroker.Events;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.method.BasicAck;
import dev.warren.protocol.method.BasicGet;
import dev.warren.protocol.method.BasicGetOk;
import dev.warren.protocol.method.BasicNack;
import dev.warren.protocol.method.BasicReject;
import dev.warren.testkit.MethodExpectation;
import dev.warren.testkit.ScriptedPeer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Delivery tags across a recovery (docs/recovery.md, "Work in flight at the loss"): the tags the
 * application sees keep increasing although the broker starts again at 1 on the new channel; an
 * ack, nack or reject of a tag from before the recovery is never sent (the broker requeued that
 * delivery, and would close the new channel with 406 for an unknown tag); one of a new tag goes out
 * with the broker's own tag on the new connection.
 */
@Timeout(60)
class DeliveryTagsTest {
  private final ScriptedBroker broker = new ScriptedBroker();
  private final Events events = new Events();
  private final Deliveries deliveries = new Deliveries();

  @AfterEach
  void tearDown() {
    broker.close();
  }

  private static MethodExpectation<BasicAck> expectAck(
      ScriptedPeer peer, long rawTag, boolean multiple) {
    return peer.expect(1, BasicAck.class)
        .matching(
            "delivery tag " + rawTag + (multiple ? ", multiple" : ", single"),
            a -> a.deliveryTag() == rawTag && a.multiple() == multiple);
  }

  /**
   * Connection 0 subscribes consumer c1 on channel 1 and delivers raw tags 1 and 2, which the
   * application sees as 1 and 2 and does not acknowledge; then it is lost. Connection 1 is the
   * recovery: channel 1 and c1 again, raw tags 1 and 2 again (redelivered), then {@code
   * afterRecovery} (what the test expects from the client), then connection.close.
   *
   * @return the channel, once the recovery is complete and the application has seen tags 3 and 4
   */
  private Channel consumeTwiceAcrossARecovery(Consumer<ScriptedPeer> afterRecovery) {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectConsume(p, 1, "q", "c1");
          sendDelivery(p, 1, "c1", 1, false);
          sendDelivery(p, 1, "c1", 2, false);
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectConsume(p, 1, "q", "c1");
          sendDelivery(p, 1, "c1", 1, true);
          sendDelivery(p, 1, "c1", 2, true);
          afterRecovery.accept(p);
          p.expectClose();
        });
    Connection conn = broker.connect();
    conn.addRecoveryListener(events);
    Channel ch = conn.openChannel();
    ch.basicConsume(ConsumeSpec.queue("q").tag("c1"), deliveries);
    assertThat(deliveries.nextTags(2)).containsExactly(1L, 2L);
    broker.verify(0);
    broker.peer(0).disconnect();
    events.await("recovered");
    assertThat(deliveries.nextTags(2)).containsExactly(3L, 4L);
    return ch;
  }

  private void closeAndVerify(Channel ch) {
    ch.connection().close();
    broker.verify();
  }

  @Test
  void theApplicationsTagsKeepIncreasingWhileTheBrokersStartAgainAtOne() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectConsume(p, 1, "q", "c1");
          sendDelivery(p, 1, "c1", 1, false);
          sendDelivery(p, 1, "c1", 2, false);
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectConsume(p, 1, "q", "c1");
          sendDelivery(p, 1, "c1", 1, true);
          sendDelivery(p, 1, "c1", 2, false);
          sendDelivery(p, 1, "c1", 3, false);
          p.expectClose();
        });
    Connection conn = broker.connect();
    conn.addRecoveryListener(events);
    conn.openChannel().basicConsume(ConsumeSpec.queue("q").tag("c1"), deliveries);
    List<Delivery> before = List.of(deliveries.next(), deliveries.next());
    broker.verify(0);
    broker.peer(0).disconnect();
    List<Delivery> after = List.of(deliveries.next(), deliveries.next(), deliveries.next());
    events.await("recovered");
    conn.close();

    broker.verify();
    assertThat(before).extracting(Delivery::deliveryTag).containsExactly(1L, 2L);
    assertThat(after).extracting(Delivery::deliveryTag).containsExactly(3L, 4L, 5L);
    assertThat(after).extracting(Delivery::redelivered).containsExactly(true, false, false);
  }

  @Test
  void acksBeforeAnyRecoverySendTheTagsAsDelivered() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectConsume(p, 1, "q", "c1");
          sendDelivery(p, 1, "c1", 1, false);
          sendDelivery(p, 1, "c1", 2, false);
          expectAck(p, 2, false);
          expectAck(p, 1, false);
          p.expectClose();
        });
    Connection conn = broker.connect();
    Channel ch = conn.openChannel();
    ch.basicConsume(ConsumeSpec.queue("q").tag("c1"), deliveries);
    assertThat(deliveries.nextTags(2)).containsExactly(1L, 2L);
    ch.basicAck(2);
    ch.basicAck(1);

    closeAndVerify(ch);
  }

  @Test
  void ackingATagFromBeforeTheRecoverySendsNothing() {
    Channel ch = consumeTwiceAcrossARecovery(p -> expectAck(p, 1, false));

    ch.basicAck(2); // from connection 0: dropped
    ch.basicAck(1); // from connection 0: dropped
    ch.basicAck(3); // raw tag 1 of connection 1

    closeAndVerify(ch);
    assertThat(broker.peer(1).received(BasicAck.class)).hasSize(1);
    assertThat(broker.peer(0).received(BasicAck.class)).isEmpty();
  }

  @Test
  void ackingANewTagSendsTheBrokersTagOnTheNewConnection() {
    Channel ch = consumeTwiceAcrossARecovery(p -> expectAck(p, 2, false));

    ch.basicAck(4);

    closeAndVerify(ch);
    assertThat(broker.peer(1).received(BasicAck.class))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.channel()).isEqualTo(1);
              assertThat(r.method()).isEqualTo(new BasicAck(2, false));
            });
  }

  @Test
  void aMultipleAckUpToANewTagSendsTheBrokersTagWithMultiple() {
    Channel ch = consumeTwiceAcrossARecovery(p -> expectAck(p, 2, true));

    ch.basicAckUpTo(4);

    closeAndVerify(ch);
    assertThat(broker.peer(1).received(BasicAck.class)).hasSize(1);
  }

  @Test
  void aMultipleAckUpToATagFromBeforeTheRecoverySendsNothing() {
    Channel ch = consumeTwiceAcrossARecovery(p -> expectAck(p, 1, true));

    ch.basicAckUpTo(2); // everything up to 2 belonged to connection 0: dropped
    ch.basicAckUpTo(3);

    closeAndVerify(ch);
    assertThat(broker.peer(1).received(BasicAck.class)).hasSize(1);
  }

  @Test
  void nacksAndRejectsOfOldTagsSendNothingAndOfNewTagsSendTheBrokersTag() {
    Channel ch =
        consumeTwiceAcrossARecovery(
            p -> {
              p.expect(1, BasicNack.class)
                  .matching(
                      "tag 1, single, requeue",
                      n -> n.deliveryTag() == 1 && !n.multiple() && n.requeue());
              p.expect(1, BasicReject.class)
                  .matching("tag 2, discard", r -> r.deliveryTag() == 2 && !r.requeue());
            });

    ch.basicNack(1, Requeue.REQUEUE); // old: dropped
    ch.basicReject(2, Requeue.DISCARD); // old: dropped
    ch.basicNackUpTo(2, Requeue.DISCARD); // old: dropped
    ch.basicNack(3, Requeue.REQUEUE);
    ch.basicReject(4, Requeue.DISCARD);

    closeAndVerify(ch);
    assertThat(broker.peer(1).received(BasicNack.class)).hasSize(1);
    assertThat(broker.peer(1).received(BasicReject.class)).hasSize(1);
    assertThat(broker.peer(0).received(BasicNack.class)).isEmpty();
    assertThat(broker.peer(0).received(BasicReject.class)).isEmpty();
  }

  @Test
  void aMultipleNackUpToANewTagSendsTheBrokersTagWithMultiple() {
    Channel ch =
        consumeTwiceAcrossARecovery(
            p ->
                p.expect(1, BasicNack.class)
                    .matching(
                        "tag 2, multiple, discard",
                        n -> n.deliveryTag() == 2 && n.multiple() && !n.requeue()));

    ch.basicNackUpTo(4, Requeue.DISCARD);

    closeAndVerify(ch);
  }

  @Test
  void ackAllAfterARecoveryIsTagZeroWithMultipleOnTheNewConnection() {
    Channel ch = consumeTwiceAcrossARecovery(p -> expectAck(p, 0, true));

    ch.basicAckAll();

    closeAndVerify(ch);
    assertThat(broker.peer(1).received(BasicAck.class)).hasSize(1);
  }

  @Test
  void ackingAnOldTagWhileTheChannelIsRecoveringSendsNothing() {
    AtomicReference<MethodExpectation<?>> open = new AtomicReference<>();
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectConsume(p, 1, "q", "c1");
          sendDelivery(p, 1, "c1", 1, false);
        });
    broker.script(1, p -> open.set(handshakeHoldingOpenOk(p)));
    Connection conn = broker.connect();
    conn.addRecoveryListener(events);
    Channel ch = conn.openChannel();
    ch.basicConsume(ConsumeSpec.queue("q").tag("c1"), deliveries);
    assertThat(deliveries.next().deliveryTag()).isEqualTo(1L);
    broker.verify(0);
    broker.peer(0).disconnect();
    events.await("connectionLost");
    ScriptedBroker.waitUntil("connection 1", () -> open.get() != null);
    awaitMet(open.get());

    assertThat(ch.state()).isEqualTo(Channel.State.RECOVERING);
    ch.basicAck(1); // while recovering: dropped, not held for later
    broker
        .peer(1)
        .addSteps(
            p -> {
              sendOpenOk(p);
              p.expectChannelOpen(1);
              expectConsume(p, 1, "q", "c1");
              sendDelivery(p, 1, "c1", 1, true);
              expectAck(p, 1, false);
              p.expectClose();
            });
    assertThat(deliveries.next().deliveryTag()).isEqualTo(2L);
    events.await("recovered");
    ch.basicAck(2);

    closeAndVerify(ch);
    assertThat(broker.peer(1).received(BasicAck.class)).hasSize(1);
  }

  @Test
  void tagsKeepIncreasingOverTwoRecoveries() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectConsume(p, 1, "q", "c1");
          sendDelivery(p, 1, "c1", 1, false);
          sendDelivery(p, 1, "c1", 2, false);
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectConsume(p, 1, "q", "c1");
          sendDelivery(p, 1, "c1", 1, true);
        });
    broker.script(
        2,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectConsume(p, 1, "q", "c1");
          sendDelivery(p, 1, "c1", 1, true);
          expectAck(p, 1, false);
          p.expectClose();
        });
    Connection conn = broker.connect();
    conn.addRecoveryListener(events);
    Channel ch = conn.openChannel();
    ch.basicConsume(ConsumeSpec.queue("q").tag("c1"), deliveries);
    assertThat(deliveries.nextTags(2)).containsExactly(1L, 2L);
    broker.verify(0);
    broker.peer(0).disconnect();
    assertThat(deliveries.next().deliveryTag()).isEqualTo(3L);
    events.await("recovered");
    broker.verify(1);
    broker.peer(1).disconnect();
    assertThat(deliveries.next().deliveryTag()).isEqualTo(4L);
    events.await("recovered", 2);

    ch.basicAck(3); // from connection 1: dropped
    ch.basicAck(4); // raw tag 1 of connection 2

    closeAndVerify(ch);
    assertThat(broker.peer(1).received(BasicAck.class)).isEmpty();
    assertThat(broker.peer(2).received(BasicAck.class)).hasSize(1);
  }

  @Test
  void basicGetTagsFollowTheSameNumbering() {
    BasicProperties props = BasicProperties.EMPTY;
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(1, BasicGet.class)
              .respondContent(new BasicGetOk(1, false, "", "q", 0), props, ScriptedBroker.BODY);
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(1, BasicGet.class)
              .respondContent(new BasicGetOk(1, true, "", "q", 0), props, ScriptedBroker.BODY);
          expectAck(p, 1, false);
          p.expectClose();
        });
    Connection conn = broker.connect();
    conn.addRecoveryListener(events);
    Channel ch = conn.openChannel();
    Optional<GetResponse> first = ch.basicGet("q", AckMode.MANUAL);
    broker.verify(0);
    broker.peer(0).disconnect();
    events.await("recovered");
    Optional<GetResponse> second = ch.basicGet("q", AckMode.MANUAL);
    ch.basicAck(1); // from connection 0: dropped
    ch.basicAck(2);

    closeAndVerify(ch);
    assertThat(first).get().extracting(g -> g.delivery().deliveryTag()).isEqualTo(1L);
    assertThat(second).get().extracting(g -> g.delivery().deliveryTag()).isEqualTo(2L);
    assertThat(broker.peer(1).received(BasicAck.class)).hasSize(1);
  }
}
