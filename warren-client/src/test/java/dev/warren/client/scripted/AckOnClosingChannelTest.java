/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.scripted;

import static dev.warren.client.scripted.ScriptedBroker.expectConsume;
import static dev.warren.client.scripted.ScriptedBroker.handshake;
import static dev.warren.client.scripted.ScriptedBroker.sendDelivery;
import static dev.warren.client.scripted.ScriptedBroker.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.Requeue;
import dev.warren.client.scripted.ScriptedBroker.Deliveries;
import dev.warren.client.scripted.ScriptedBroker.Events;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.method.BasicAck;
import dev.warren.protocol.method.BasicNack;
import dev.warren.protocol.method.BasicReject;
import dev.warren.protocol.method.ChannelClose;
import dev.warren.protocol.method.ChannelCloseOk;
import dev.warren.testkit.ScriptedPeer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An ack, nack or reject that could not reach the broker never returns normally: on a channel whose
 * close has started, or that is closed, it throws {@link WrongStateException} saying why (the
 * asynchronous view fails its future with it), and nothing is sent. On a recovered channel an
 * acknowledgement of a delivery from before the recovery is dropped, as docs/recovery.md says: it
 * returns normally and is not sent (the broker already requeued that delivery).
 */
@Timeout(60)
class AckOnClosingChannelTest {
  private final ScriptedBroker broker = new ScriptedBroker();

  @AfterEach
  void tearDown() {
    broker.close();
  }

  private static void assertNothingAcknowledged(ScriptedPeer peer) {
    assertThat(peer.received(BasicAck.class)).isEmpty();
    assertThat(peer.received(BasicNack.class)).isEmpty();
    assertThat(peer.received(BasicReject.class)).isEmpty();
  }

  @Test
  void onAClosingChannelAndAClosedOneAcknowledgementsThrowAndAreNotSent() throws Exception {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectConsume(p, 1, "q", "c1");
          sendDelivery(p, 1, "c1", 1, false);
          p.expect(1, ChannelClose.class);
          p.delay(Duration.ofMillis(1500)); // the channel stays closing meanwhile
          p.send(1, ChannelCloseOk.INSTANCE);
          p.expectClose();
        });
    Connection conn = broker.connect();
    Channel ch = conn.openChannel();
    Deliveries deliveries = new Deliveries();
    ch.basicConsume(ConsumeSpec.queue("q").tag("c1"), deliveries);
    long tag = deliveries.next().deliveryTag();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(ch::close);
    waitUntil("the channel closing", () -> ch.state() == Channel.State.CLOSING);

    assertThatThrownBy(() -> ch.basicAck(tag))
        .isInstanceOf(WrongStateException.class)
        .hasMessageContaining("channel 1 is closing")
        .hasMessageContaining("basic.ack of delivery tag " + tag + " not sent");
    assertThatThrownBy(() -> ch.basicNack(tag, Requeue.REQUEUE))
        .isInstanceOf(WrongStateException.class)
        .hasMessageContaining("basic.nack");
    assertThatThrownBy(() -> ch.basicReject(tag, Requeue.DISCARD))
        .isInstanceOf(WrongStateException.class)
        .hasMessageContaining("basic.reject");
    assertThatThrownBy(ch::basicAckAll)
        .isInstanceOf(WrongStateException.class)
        .hasMessageContaining("basic.ack of every outstanding delivery");
    assertThatThrownBy(() -> ch.async().basicAck(tag).get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(WrongStateException.class)
        .hasMessageContaining("closing");

    closing.get(10, TimeUnit.SECONDS);
    assertThat(ch.state()).isEqualTo(Channel.State.CLOSED);
    assertThatThrownBy(() -> ch.basicAck(tag))
        .isInstanceOf(WrongStateException.class)
        .hasMessageContaining("channel 1 is closed");
    assertThatThrownBy(() -> ch.async().basicNack(tag, Requeue.REQUEUE).get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(WrongStateException.class);

    conn.close();
    broker.verify();
    assertNothingAcknowledged(broker.peer(0));
  }

  @Test
  void onAClosedConnectionAcknowledgementsThrow() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectConsume(p, 1, "q", "c1");
          sendDelivery(p, 1, "c1", 1, false);
          p.expectClose();
        });
    Connection conn = broker.connect();
    Channel ch = conn.openChannel();
    Deliveries deliveries = new Deliveries();
    ch.basicConsume(ConsumeSpec.queue("q").tag("c1"), deliveries);
    long tag = deliveries.next().deliveryTag();
    conn.close();

    assertThatThrownBy(() -> ch.basicAck(tag)).isInstanceOf(WrongStateException.class);
    broker.verify();
    assertNothingAcknowledged(broker.peer(0));
  }

  @Test
  void afterARecoveryAnAcknowledgementOfAnEarlierDeliveryIsDroppedAsDocumented() throws Exception {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectConsume(p, 1, "q", "c1");
          sendDelivery(p, 1, "c1", 1, false);
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectConsume(p, 1, "q", "c1");
          p.expectClose(); // no ack: anything else fails this script
        });
    Connection conn = broker.connect();
    Events events = new Events();
    conn.addRecoveryListener(events);
    Channel ch = conn.openChannel();
    Deliveries deliveries = new Deliveries();
    ch.basicConsume(ConsumeSpec.queue("q").tag("c1"), deliveries);
    long tag = deliveries.next().deliveryTag();
    broker.verify(0);
    broker.peer(0).disconnect();
    events.await("recovered");

    ch.basicAck(tag);
    ch.async().basicReject(tag, Requeue.REQUEUE).get(5, TimeUnit.SECONDS);

    conn.close();
    broker.verify();
    assertNothingAcknowledged(broker.peer(0));
    assertNothingAcknowledged(broker.peer(1));
  }
}
