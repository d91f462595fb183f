/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.Initiator;
import dev.warren.testkit.FaultProxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Recovery that gives up: after N attempts, or after a duration, the connection closes for good.
 */
@Timeout(60)
class RecoveryGiveUpIT {

  @Test
  void givesUpAfterTheConfiguredNumberOfAttempts() throws Exception {
    try (FaultProxy proxy =
        new FaultProxy(RecoverySupport.brokerHost(), RecoverySupport.brokerPort())) {
      RecoveryPolicy policy = RecoverySupport.fastPolicy().giveUpAfter(3).build();
      String name = Broker.unique("give-up-count");
      RecoverySupport.Events events = new RecoverySupport.Events();
      Connection conn =
          RecoverySupport.open(
              RecoverySupport.viaProxy(name, policy, proxy.port())
                  .stackTimeout(Duration.ofSeconds(2))
                  .build(),
              events);
      AtomicReference<ConnectionClosedException> closed = new AtomicReference<>();
      conn.addCloseListener(closed::set);

      proxy.refuseNew(true); // every reconnect is refused
      proxy.cutAll(); // the loss

      ItSupport.waitUntil(
          Duration.ofSeconds(20),
          "recovery to give up; steps " + events.steps,
          () -> events.failed != null && closed.get() != null);
      assertThat(events.attempts.get()).isEqualTo(3);
      assertThat(events.steps).first().isEqualTo("lost");
      assertThat(events.steps).last().isEqualTo("failed");
      assertThat(events.recoveredAt).isEmpty();
      assertThat(conn.state()).isEqualTo(Connection.State.CLOSED);
      assertThat(closed.get()).isSameAs(events.failed);
      assertThat(closed.get().initiator()).isEqualTo(Initiator.LIBRARY);
      assertThat(closed.get().getMessage()).contains("recovery gave up after 3 attempts");
    }
  }

  @Test
  void givesUpAfterTheConfiguredDuration() throws Exception {
    try (FaultProxy proxy =
        new FaultProxy(RecoverySupport.brokerHost(), RecoverySupport.brokerPort())) {
      RecoveryPolicy policy =
          RecoverySupport.fastPolicy().giveUpAfter(Duration.ofMillis(1500)).build();
      RecoverySupport.Events events = new RecoverySupport.Events();
      Connection conn =
          RecoverySupport.open(
              RecoverySupport.viaProxy(Broker.unique("give-up-time"), policy, proxy.port())
                  .stackTimeout(Duration.ofSeconds(2))
                  .build(),
              events);
      proxy.refuseNew(true);
      long start = System.nanoTime();
      proxy.cutAll();
      ItSupport.waitUntil(
          Duration.ofSeconds(20),
          "recovery to give up; steps " + events.steps,
          () -> events.failed != null);
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(elapsedMs).isBetween(1_400L, 10_000L);
      assertThat(events.attempts.get()).isGreaterThan(1);
      assertThat(conn.state()).isEqualTo(Connection.State.CLOSED);
    }
  }
}
