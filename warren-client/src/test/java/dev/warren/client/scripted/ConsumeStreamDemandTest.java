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
 * The demand-driven stream in manual acknowledgement mode, frame by frame: the first request sets
 * the prefetch, and the subscriber acknowledges, not the stream.
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
}
