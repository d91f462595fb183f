/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.scripted;

import static dev.warren.client.scripted.ScriptedBroker.awaitMet;
import static dev.warren.client.scripted.ScriptedBroker.expectConsume;
import static dev.warren.client.scripted.ScriptedBroker.handshake;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.scripted.ScriptedBroker.Deliveries;
import dev.warren.client.scripted.ScriptedBroker.Events;
import dev.warren.protocol.method.BasicConsume;
import dev.warren.testkit.MethodExpectation;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
/**
 * Closing a channel while recovery re-subscribes its consumer: the channel closes for good, and the
 * recovery goes on with the other channels on the same connection (it used to start over on another
 * one).
 */
class CloseDuringResubscribeTest {
  private final ScriptedBroker broker = new ScriptedBroker();
  private final Events events = new Events();

  @AfterEach
  void tearDown() {
    broker.close();
  }

  @Test
  void closingAChannelWhileItsConsumerIsResubscribedLetsTheRecoveryFinish() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expectChannelOpen(2);
          expectConsume(p, 1, "q1", "c1");
          expectConsume(p, 2, "q2", "c2");
        });
    AtomicReference<MethodExpectation<BasicConsume>> resubscribe = new AtomicReference<>();
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expectChannelOpen(2);
          resubscribe.set(p.expect(1, BasicConsume.class)); // held: the application closes ch 1
          p.expectChannelClose(1);
          expectConsume(p, 2, "q2", "c2");
          p.expectClose();
        });
    Connection conn = broker.connect();
    conn.addRecoveryListener(events);
    Channel closing = conn.openChannel();
    Channel other = conn.openChannel();
    closing.basicConsume(ConsumeSpec.queue("q1").tag("c1"), new Deliveries());
    other.basicConsume(ConsumeSpec.queue("q2").tag("c2"), new Deliveries());
    broker.verify(0);
    broker.peer(0).disconnect();
    ScriptedBroker.waitUntil("the re-subscription", () -> resubscribe.get() != null);
    awaitMet(resubscribe.get());

    closing.close();
    events.await("recovered");
    conn.close();

    broker.verify();
    assertThat(broker.acceptedCount()).isEqualTo(2);
    assertThat(events.list()).containsExactly("connectionLost", "recoveryAttempt 1", "recovered");
    assertThat(closing.state()).isEqualTo(Channel.State.CLOSED);
  }
}
