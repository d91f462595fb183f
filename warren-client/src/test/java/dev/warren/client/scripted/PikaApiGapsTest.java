/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.scripted;

import static dev.warren.client.scripted.ScriptedBroker.BODY;
import static dev.warren.client.scripted.ScriptedBroker.expectConsume;
import static dev.warren.client.scripted.ScriptedBroker.handshake;
import static dev.warren.client.scripted.ScriptedBroker.sendDelivery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.Cancellable;
import dev.warren.client.Channel;
import dev.warren.client.ConfirmListener;
import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.Consumer;
import dev.warren.client.Delivery;
import dev.warren.client.FlowState;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.NotFoundException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.method.BasicAck;
import dev.warren.protocol.method.BasicCancel;
import dev.warren.protocol.method.BasicNack;
import dev.warren.protocol.method.BasicPublish;
import dev.warren.protocol.method.BasicReject;
import dev.warren.protocol.method.ChannelClose;
import dev.warren.protocol.method.ChannelCloseOk;
import dev.warren.protocol.method.ChannelFlow;
import dev.warren.protocol.method.ChannelFlowOk;
import dev.warren.protocol.method.ConfirmSelect;
import dev.warren.protocol.method.ConfirmSelectOk;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What pika and py-amqp users reach for, frame by frame: listener registrations that remove their
 * listener, a confirm listener from two lambdas, the channel-flow listener, a no-wait basic.cancel,
 * a bounded startConsuming, startConsuming failing on a broker close, and Connection.channel(n).
 */
@Timeout(60)
class PikaApiGapsTest {
  private final ScriptedBroker broker = new ScriptedBroker();

  @AfterEach
  void tearDown() {
    broker.close();
  }

  @Test
  void aConfirmListenerFromTwoLambdasAndRemovedListenersHearNothing() throws Exception {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(1, ConfirmSelect.class).respond(new ConfirmSelectOk());
          p.expect(1, BasicPublish.class).withBody(BODY);
          p.expect(1, BasicPublish.class).withBody(BODY);
          p.send(1, new BasicAck(1, false));
          p.send(1, new BasicNack(2, false, false));
          p.expectClose();
        });
    Connection conn = broker.connect();
    Channel ch = conn.openChannel();
    ch.confirmSelect();
    List<String> heard = new CopyOnWriteArrayList<>();
    ch.addConfirmListener(
        (seq, multiple) -> heard.add("ack " + seq), (seq, multiple) -> heard.add("nack " + seq));
    List<String> removed = new CopyOnWriteArrayList<>();
    Cancellable registration =
        ch.addConfirmListener(
            ConfirmListener.of((s, m) -> removed.add("ack"), (s, m) -> removed.add("nack")));
    boolean firstCancel = registration.cancel();
    boolean secondCancel = registration.cancel();
    ch.basicPublish("", "q", BasicProperties.EMPTY, BODY);
    ch.basicPublish("", "q", BasicProperties.EMPTY, BODY);
    ScriptedBroker.waitUntil("both confirms heard", () -> heard.size() == 2);
    conn.close();

    broker.verify();
    assertThat(heard).containsExactly("ack 1", "nack 2");
    assertThat(removed).isEmpty();
    assertThat(firstCancel).isTrue();
    assertThat(secondCancel).isFalse();
  }

  @Test
  void theFlowListenerHearsTheBrokersChannelFlowAndARemovedOneDoesNot() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(1, BasicPublish.class).withBody(BODY); // the listeners are in place by then
          p.send(1, new ChannelFlow(false));
          p.expect(1, ChannelFlowOk.class);
          p.send(1, new ChannelFlow(true));
          p.expect(1, ChannelFlowOk.class);
          p.expectClose();
        });
    Connection conn = broker.connect();
    List<String> closes = new CopyOnWriteArrayList<>();
    conn.addCloseListener(e -> closes.add("kept"));
    boolean closeListenerRemoved = conn.addCloseListener(e -> closes.add("removed")).cancel();
    Channel ch = conn.openChannel();
    List<FlowState> heard = new CopyOnWriteArrayList<>();
    List<FlowState> removed = new CopyOnWriteArrayList<>();
    ch.addFlowListener(heard::add);
    ch.addFlowListener(removed::add).cancel();
    ch.basicPublish("", "q", BasicProperties.EMPTY, BODY);
    ScriptedBroker.waitUntil("the flow listener", () -> heard.size() == 2);
    conn.close();
    ScriptedBroker.waitUntil("the close listener", () -> !closes.isEmpty());

    broker.verify();
    assertThat(heard).containsExactly(FlowState.PAUSED, FlowState.ACTIVE);
    assertThat(removed).isEmpty();
    assertThat(closeListenerRemoved).isTrue();
    assertThat(closes).containsExactly("kept");
  }

  @Test
  void aNoWaitCancelEndsTheConsumerAtOnceAndRequeuesLateDeliveries() throws Exception {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectConsume(p, 1, "q", "c1");
          p.expect(1, BasicCancel.class)
              .matching("no-wait cancel of c1", c -> c.nowait() && c.consumerTag().equals("c1"));
          // sent before the broker read the cancel
          sendDelivery(p, 1, "c1", 1, false);
          p.expect(1, BasicReject.class)
              .matching("requeue of 1", r -> r.deliveryTag() == 1 && r.requeue());
          p.expectClose();
        });
    Connection conn = broker.connect();
    Channel ch = conn.openChannel();
    List<String> events = new CopyOnWriteArrayList<>();
    ch.basicConsume(
        ConsumeSpec.queue("q").tag("c1"),
        new Consumer() {
          @Override
          public void handleDelivery(Delivery delivery) {
            events.add("delivery " + delivery.deliveryTag());
          }

          @Override
          public void handleCancelOk(String consumerTag) {
            events.add("cancel-ok " + consumerTag);
          }
        });
    ch.basicCancelNoWait("c1");
    boolean listedAfter = ch.consumerTags().contains("c1");
    ScriptedBroker.waitUntil(
        "the reject", () -> broker.peer(0).received(BasicReject.class).size() == 1);
    conn.close();

    broker.verify();
    assertThat(listedAfter).isFalse();
    assertThat(events).containsExactly("cancel-ok c1");
  }

  @Test
  void basicCancelAndTakeHandsBackWhatArrivedAfterTheCancel() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectConsume(p, 1, "q", "c1");
          p.expect(1, BasicCancel.class).matching("cancel of c1", c -> !c.nowait());
          sendDelivery(p, 1, "c1", 1, false);
          sendDelivery(p, 1, "c1", 2, true);
          p.send(1, new dev.warren.protocol.method.BasicCancelOk("c1"));
          p.expectClose();
        });
    Connection conn = broker.connect();
    Channel ch = conn.openChannel();
    List<String> events = new CopyOnWriteArrayList<>();
    ch.basicConsume(
        ConsumeSpec.queue("q").tag("c1").autoAck(),
        new Consumer() {
          @Override
          public void handleDelivery(Delivery delivery) {
            events.add("delivery " + delivery.deliveryTag());
          }

          @Override
          public void handleCancelOk(String consumerTag) {
            events.add("cancel-ok " + consumerTag);
          }
        });
    List<Delivery> taken = ch.basicCancelAndTake("c1");
    ScriptedBroker.waitUntil("cancel-ok heard", () -> events.contains("cancel-ok c1"));
    conn.close();

    broker.verify();
    assertThat(taken).extracting(Delivery::deliveryTag).containsExactly(1L, 2L);
    assertThat(taken).extracting(Delivery::redelivered).containsExactly(false, true);
    assertThat(events).containsExactly("cancel-ok c1");
    assertThat(ch.consumerTags()).isEmpty();
  }

  @Test
  void startConsumingWithATimeLimitReturnsAndThrowsWhenTheBrokerClosesTheChannel()
      throws Exception {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectConsume(p, 1, "q", "c1");
          // sent by the test once startConsuming() runs: then the broker closes the channel
          p.expect(1, BasicPublish.class).withBody(BODY);
          p.send(1, new ChannelClose(404, "NOT_FOUND - no queue 'q'", 60, 20));
          p.expect(1, ChannelCloseOk.class);
          p.expectClose();
        });
    Connection conn = broker.connect();
    Channel ch = conn.openChannel();
    ch.basicConsume(ConsumeSpec.queue("q").tag("c1"), new ScriptedBroker.Deliveries());
    long start = System.nanoTime();
    boolean ended = ch.startConsuming(Duration.ofMillis(300));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    CompletableFuture<Throwable> loop = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                ch.startConsuming();
                loop.complete(null);
              } catch (Throwable e) {
                loop.complete(e);
              }
            },
            "start-consuming");
    t.setDaemon(true);
    t.start();
    ScriptedBroker.sleep(Duration.ofMillis(200)); // the loop is waiting by then
    ch.async().basicPublish("", "q", BasicProperties.EMPTY, BODY);
    Throwable thrown = loop.get(ScriptedBroker.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    conn.close();

    broker.verify();
    assertThat(ended).isFalse();
    assertThat(millis).isBetween(250L, 5_000L);
    assertThat(thrown)
        .isInstanceOf(NotFoundException.class)
        .isInstanceOf(ChannelClosedException.class)
        .hasMessageContaining("no queue 'q'");
  }

  @Test
  void connectionChannelFindsAnOpenChannelByItsNumber() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(3);
          p.expectChannelClose(3);
          p.expectClose();
        });
    Connection conn = broker.connect();
    Channel three = conn.openChannel(3);
    boolean same = conn.channel(3).orElseThrow() == three;
    boolean noFour = conn.channel(4).isEmpty();
    three.close();
    boolean goneAfterClose = conn.channel(3).isEmpty();
    conn.close();

    broker.verify();
    assertThat(same).isTrue();
    assertThat(noFour).isTrue();
    assertThat(goneAfterClose).isTrue();
  }

  @Test
  void confirmEveryPublishPutsChannelsInConfirmModeAndPlainPublishesWaitForTheirConfirm()
      throws Exception {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expect(1, ConfirmSelect.class).respond(new ConfirmSelectOk());
          p.expect(1, BasicPublish.class).withBody(BODY);
          p.delay(Duration.ofMillis(200));
          p.send(1, new BasicAck(1, false));
          p.expect(1, BasicPublish.class).withBody(BODY);
          p.send(1, new BasicNack(2, false, false));
          p.expect(1, BasicPublish.class).withBody(BODY);
          p.send(1, new BasicAck(3, false));
          p.expectClose();
        });
    Connection conn =
        broker.connect(
            broker
                .parameters()
                .confirmEveryPublish(dev.warren.client.ConfirmOptions.unbounded())
                .build());
    Channel ch = conn.openChannel(); // confirm.select answered before it returns
    long start = System.nanoTime();
    ch.basicPublish("", "q", BasicProperties.EMPTY, BODY);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    Throwable nacked = null;
    try {
      ch.basicPublish("", "q", BasicProperties.EMPTY, BODY);
    } catch (dev.warren.errors.NackedException e) {
      nacked = e;
    }
    CompletableFuture<Void> async = ch.async().basicPublish("", "q", BasicProperties.EMPTY, BODY);
    async.get(ScriptedBroker.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    conn.close();

    broker.verify();
    assertThat(millis).as("ms until the first publish returned").isGreaterThanOrEqualTo(150);
    assertThat(nacked).isNotNull();
    assertThat(ch.nextPublishSeqNo()).isEqualTo(4);
  }
}
