/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.scripted;

import static dev.warren.client.scripted.ScriptedBroker.expectConsume;
import static dev.warren.client.scripted.ScriptedBroker.handshake;
import static dev.warren.client.scripted.ScriptedBroker.sendDelivery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.AckMode;
import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.Delivery;
import dev.warren.protocol.method.BasicAck;
import dev.warren.protocol.method.BasicCancel;
import dev.warren.protocol.method.BasicCancelOk;
import dev.warren.protocol.method.BasicQos;
import dev.warren.protocol.method.BasicQosOk;
import dev.warren.testkit.ScriptedPeer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demand-driven stream frame by frame: the first request sets the prefetch; in manual mode the
 * subscriber acknowledges, not the stream; a later, larger demand adds a lane whose prefetch counts
 * before the broker can use it.
 */
@Timeout(30)
class ConsumeStreamDemandTest {
  private final ScriptedBroker broker = new ScriptedBroker();

  @AfterEach
  void tearDown() {
    broker.close();
  }

  private static void expectQos(ScriptedPeer p, int prefetch) {
    p.expect(1, BasicQos.class)
        .matching(
            "per-consumer prefetch " + prefetch, q -> q.prefetchCount() == prefetch && !q.global())
        .respond(BasicQosOk.INSTANCE);
  }

  /** A subscriber that records what it gets and keeps its subscription for the test. */
  private static final class Recorder implements Flow.Subscriber<Delivery> {
    final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    final List<Long> tags = new CopyOnWriteArrayList<>();

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription.set(s);
    }

    @Override
    public void onNext(Delivery d) {
      tags.add(d.deliveryTag());
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onComplete() {}
  }

  @Test
  void inManualModeTheSubscriberAcknowledgesAndTheStreamDoesNot() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectQos(p, 5);
          expectConsume(p, 1, "q", "s1");
          sendDelivery(p, 1, "s1", 1, false);
          sendDelivery(p, 1, "s1", 2, false);
          // only the subscriber's own ack, of 2
          p.expect(1, BasicAck.class).matching("ack of 2", a -> a.deliveryTag() == 2);
          p.expect(1, BasicCancel.class).respond(new BasicCancelOk("s1"));
          p.expectClose();
        });
    Connection conn = broker.connect();
    Channel ch = conn.openChannel();
    Recorder r = new Recorder();
    ch.async().consumeStream(ConsumeSpec.queue("q").tag("s1"), AckMode.MANUAL).subscribe(r);
    ScriptedBroker.waitUntil("onSubscribe", () -> r.subscription.get() != null);
    r.subscription.get().request(5);
    ScriptedBroker.waitUntil("two deliveries", () -> r.tags.size() == 2);
    ch.basicAck(2);
    r.subscription.get().cancel();
    ScriptedBroker.waitUntil(
        "the cancel", () -> broker.peer(0).received(BasicCancel.class).size() == 1);
    ScriptedBroker.sleep(java.time.Duration.ofMillis(100));
    conn.close();

    broker.verify();
    assertThat(r.tags).containsExactly(1L, 2L);
    assertThat(broker.peer(0).received(BasicAck.class)).hasSize(1);
  }

  @Test
  void aLargerDemandAddsALaneCountedBeforeTheBrokerCanUseIt() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectQos(p, 2);
          expectConsume(p, 1, "q", "s1");
          sendDelivery(p, 1, "s1", 1, false);
          sendDelivery(p, 1, "s1", 2, false);
          // request(10): demand covers the window, so both are acknowledged; then a lane of 8
          p.expect(1, BasicAck.class).matching("ack of 1", a -> a.deliveryTag() == 1);
          p.expect(1, BasicAck.class).matching("ack of 2", a -> a.deliveryTag() == 2);
          expectQos(p, 8);
          // A delivery on the first lane while the new one is on its way: the window is already
          // 10, so with demand 8 left after it the stream keeps its ack (sending it would give the
          // broker credit beyond the demand).
          sendDelivery(p, 1, "s1", 3, false);
          p.expect(1, dev.warren.protocol.method.BasicConsume.class)
              .matching(
                  "a lane on 'q' with a tag the broker picks",
                  c -> c.queue().equals("q") && c.consumerTag().isEmpty())
              .respond(new dev.warren.protocol.method.BasicConsumeOk("s2"));
          sendDelivery(p, 1, "s2", 4, false);
          p.expectClose(); // no ack of 3 or 4: demand 8 - 2 = 6 of a window of 10, 2 held
        });
    Connection conn = broker.connect();
    Channel ch = conn.openChannel();
    Recorder r = new Recorder();
    ch.async().consumeStream(ConsumeSpec.queue("q").tag("s1")).subscribe(r);
    ScriptedBroker.waitUntil("onSubscribe", () -> r.subscription.get() != null);
    r.subscription.get().request(2);
    ScriptedBroker.waitUntil("two deliveries", () -> r.tags.size() == 2);
    r.subscription.get().request(10);
    ScriptedBroker.waitUntil("four deliveries", () -> r.tags.size() == 4);
    ScriptedBroker.waitUntil(
        "two lanes", () -> ch.async().consumerTags().equals(java.util.Set.of("s1", "s2")));
    ScriptedBroker.sleep(java.time.Duration.ofMillis(100));
    conn.close();

    broker.verify();
    assertThat(r.tags).containsExactly(1L, 2L, 3L, 4L);
    assertThat(broker.peer(0).received(BasicAck.class)).hasSize(2);
  }
}
