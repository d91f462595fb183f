/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.engine.EngineHarness.Callback;
import dev.warren.engine.EngineHarness.ChannelEvents;
import dev.warren.engine.EngineHarness.Config;
import dev.warren.errors.BlockedTimeoutException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.HeartbeatTimeoutException;
import dev.warren.errors.Initiator;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.method.BasicDeliver;
import dev.warren.protocol.method.BasicPublish;
import dev.warren.protocol.method.ConnectionBlocked;
import dev.warren.protocol.method.ConnectionUnblocked;
import dev.warren.protocol.method.QueueDeclare;
import dev.warren.testkit.BrokerHandshake;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Heartbeats (sending and detecting a dead peer) and connection.blocked, on a fake clock. */
@Timeout(10)
class HeartbeatAndBlockedTest {
  static final Duration SECOND = Duration.ofSeconds(1);
  static final long S = 1_000_000_000L;

  /** Open with a 10 s heartbeat and tick once, as the client does when the connection opens. */
  static EngineHarness openWithHeartbeat(Config config, int seconds) {
    EngineHarness h = new EngineHarness(config);
    h.open(BrokerHandshake.rabbitMq().withHeartbeat(seconds));
    assertThat(h.tick()).isEqualTo(h.now + seconds * S / 4);
    return h;
  }

  @Test
  void aHeartbeatIsSentAfterHalfTheIntervalOfSilence() {
    EngineHarness h = openWithHeartbeat(new Config(), 10);
    h.peer.expectHeartbeat();

    assertThat(h.tickAfter(Duration.ofMillis(2500))).isEqualTo(h.now + 2500_000_000L);
    assertThat(h.tickAfter(Duration.ofMillis(2499))).isEqualTo(h.now + 2500_000_000L);
    assertThat(h.peer.heartbeatsReceived()).isZero();

    h.tickAfter(Duration.ofMillis(1)); // 5 s after the last write
    assertThat(h.peer.heartbeatsReceived()).isEqualTo(1);
    h.peer.verify();

    // and every 5 s after that, while the broker keeps answering
    h.peer.sendHeartbeat();
    h.pump();
    for (int i = 0; i < 4; i++) {
      h.tickAfter(Duration.ofMillis(2500));
    }
    assertThat(h.peer.heartbeatsReceived()).isEqualTo(3);
    assertThat(h.engine.state()).isEqualTo(ConnectionState.OPEN);
  }

  @Test
  void theOwnerIsToldOfEachHeartbeatSentAndReceivedWithItsTime() {
    EngineHarness h = openWithHeartbeat(new Config(), 10);
    assertThat(h.listener.heartbeatsSentAt).isEmpty();
    assertThat(h.listener.heartbeatsReceivedAt).isEmpty();

    h.peer.expectHeartbeat();
    h.tickAfter(Duration.ofSeconds(5)); // half the interval of silence: one heartbeat goes out
    h.peer.verify();
    assertThat(h.listener.heartbeatsSentAt).containsExactly(h.now);

    long before = h.now;
    h.now += 1_000_000L;
    h.peer.sendHeartbeat();
    h.pump();
    assertThat(h.listener.heartbeatsReceivedAt).containsExactly(before + 1_000_000L);

    // Other traffic is not a heartbeat.
    h.openChannel(1);
    assertThat(h.listener.heartbeatsReceivedAt).hasSize(1);
    assertThat(h.listener.heartbeatsSentAt).hasSize(1);
  }

  @Test
  void noHeartbeatWhileTrafficFlows() {
    EngineHarness h = openWithHeartbeat(new Config(), 10);
    h.openChannel(1);
    for (int second = 1; second <= 60; second++) {
      h.peer.expect(1, BasicPublish.class);
      h.engine.publish(1, "", "q", false, BasicProperties.EMPTY, new byte[1], 0, 1);
      if (second % 5 == 0) {
        h.peer.sendHeartbeat(); // the broker's own heartbeats keep the engine from timing out
      }
      h.tickAfter(SECOND);
    }
    h.peer.verify();
    assertThat(h.peer.heartbeatsReceived()).isZero();
    assertThat(h.engine.state()).isEqualTo(ConnectionState.OPEN);
  }

  @Test
  void heartbeatsAreStillSentWhenOnlyReceiving() {
    EngineHarness h = openWithHeartbeat(new Config(), 10);
    ChannelEvents ch = h.openChannel(1);
    h.tick();
    for (int second = 1; second <= 20; second++) {
      h.peer.sendContent(
          1, new BasicDeliver("ctag", second, false, "", "q"), null, new byte[] {'x'});
      h.tickAfter(SECOND);
    }
    assertThat(ch.deliveries).hasSize(20);
    assertThat(h.peer.heartbeatsReceived()).isEqualTo(4);
  }

  @Test
  void aSilentBrokerIsDeadAfterTwoIntervals() {
    EngineHarness h = openWithHeartbeat(new Config(), 10);
    h.openChannel(1);
    h.peer.expect(1, QueueDeclare.class);
    Callback pending = h.rpc(1, InboundErrorsTest.DECLARE);
    h.peer.expectDisconnect();
    long lastInput = h.now;

    while (h.now - lastInput < 20 * S - 250_000_000L) {
      h.tickAfter(Duration.ofMillis(250));
      assertThat(h.engine.state()).isEqualTo(ConnectionState.OPEN);
    }
    assertThat(h.tickAfter(Duration.ofMillis(250))).isEqualTo(Long.MAX_VALUE);

    h.peer.verify();
    HeartbeatTimeoutException e = h.assertClosedWith(HeartbeatTimeoutException.class);
    assertThat(e)
        .hasMessage(
            "heartbeat timeout: nothing received from the broker for 20000 ms (heartbeat interval"
                + " 10 s); the connection is considered dead");
    assertThat(e.initiator()).isEqualTo(Initiator.LIBRARY);
    assertThat(h.peer.received(dev.warren.protocol.method.ConnectionClose.class))
        .as("no connection.close to a dead peer")
        .isEmpty();
    assertThat(pending.failure).isInstanceOf(ChannelClosedException.class).hasCause(e);
    h.assertEveryCallbackCalledOnce();
  }

  @Test
  void anyInputKeepsTheConnectionAlive() {
    EngineHarness h = openWithHeartbeat(new Config(), 10);
    h.tickAfter(Duration.ofSeconds(15));
    h.peer.sendHeartbeat();
    h.pump();
    h.tickAfter(Duration.ofSeconds(15)); // 30 s after open, 15 s after the heartbeat
    assertThat(h.engine.state()).isEqualTo(ConnectionState.OPEN);
    h.tickAfter(Duration.ofSeconds(5));
    assertThat(h.engine.closeCause()).isInstanceOf(HeartbeatTimeoutException.class);
  }

  @Test
  void noHeartbeatsNoDeadlines() {
    EngineHarness h = new EngineHarness();
    h.open(BrokerHandshake.rabbitMq().withHeartbeat(0));
    assertThat(h.tick()).isEqualTo(Long.MAX_VALUE);
    assertThat(h.tickAfter(Duration.ofHours(5))).isEqualTo(Long.MAX_VALUE);
    assertThat(h.peer.heartbeatsReceived()).isZero();
    assertThat(h.engine.state()).isEqualTo(ConnectionState.OPEN);
  }

  @Test
  void blockedAndUnblocked() {
    EngineHarness h = new EngineHarness();
    h.open();
    h.peer.send(0, new ConnectionBlocked("low on memory"));
    h.pump();
    assertThat(h.engine.isBlocked()).isTrue();
    assertThat(h.listener.blocked).containsExactly("low on memory");

    h.peer.send(0, ConnectionUnblocked.INSTANCE);
    h.pump();
    assertThat(h.engine.isBlocked()).isFalse();
    assertThat(h.listener.unblocked).isEqualTo(1);
    assertThat(h.engine.state()).isEqualTo(ConnectionState.OPEN);
    h.peer.verify();
  }

  @Test
  void blockedForLongerThanTheTimeout() {
    EngineHarness h = new EngineHarness(new Config().blockedTimeout(Duration.ofSeconds(30)));
    h.open(BrokerHandshake.rabbitMq().withHeartbeat(0));
    assertThat(h.tick()).isEqualTo(Long.MAX_VALUE);
    h.openChannel(1);
    h.peer.expect(1, QueueDeclare.class);
    Callback pending = h.rpc(1, InboundErrorsTest.DECLARE);

    h.now += S;
    h.peer.send(0, new ConnectionBlocked("low on disk"));
    h.pump();
    long deadline = h.now + 30 * S;
    assertThat(h.tick()).isEqualTo(deadline);
    assertThat(h.tickAfter(Duration.ofMillis(29_999))).isEqualTo(deadline);
    assertThat(h.engine.state()).isEqualTo(ConnectionState.OPEN);

    assertThat(h.tickAfter(Duration.ofMillis(1))).isEqualTo(Long.MAX_VALUE);
    BlockedTimeoutException e = h.assertClosedWith(BlockedTimeoutException.class);
    assertThat(e)
        .hasMessageContaining("blocked-connection timeout of 30000 ms")
        .hasMessageContaining("reason: low on disk");
    assertThat(pending.failure).isInstanceOf(ChannelClosedException.class);
    h.assertEveryCallbackCalledOnce();
  }

  @Test
  void unblockedInTimeCancelsTheTimeout() {
    EngineHarness h = new EngineHarness(new Config().blockedTimeout(Duration.ofSeconds(30)));
    h.open(BrokerHandshake.rabbitMq().withHeartbeat(0));
    h.peer.send(0, new ConnectionBlocked("low on memory"));
    h.pump();
    assertThat(h.tickAfter(Duration.ofSeconds(29))).isEqualTo(h.now + S);
    h.peer.send(0, ConnectionUnblocked.INSTANCE);
    h.pump();
    assertThat(h.tickAfter(Duration.ofSeconds(60))).isEqualTo(Long.MAX_VALUE);
    assertThat(h.engine.state()).isEqualTo(ConnectionState.OPEN);
  }

  @Test
  void aRepeatedBlockedDoesNotRestartTheTimeout() {
    EngineHarness h = new EngineHarness(new Config().blockedTimeout(Duration.ofSeconds(30)));
    h.open(BrokerHandshake.rabbitMq().withHeartbeat(0));
    h.peer.send(0, new ConnectionBlocked("low on memory"));
    h.pump();
    long deadline = h.now + 30 * S;
    h.now += 20 * S;
    h.peer.send(0, new ConnectionBlocked("low on memory and disk"));
    h.pump();
    assertThat(h.listener.blocked).hasSize(2);
    assertThat(h.tick()).isEqualTo(deadline);
    h.now = deadline;
    h.tick();
    assertThat(h.engine.closeCause())
        .isInstanceOf(BlockedTimeoutException.class)
        .hasMessageContaining("reason: low on memory and disk");
  }

  @Test
  void theNextDeadlineIsTheEarlierOfHeartbeatAndBlockedTimeout() {
    EngineHarness h = openWithHeartbeat(new Config().blockedTimeout(Duration.ofSeconds(3)), 60);
    h.peer.send(0, new ConnectionBlocked("low on memory"));
    h.pump();
    assertThat(h.tick()).isEqualTo(h.now + 3 * S);
    h.peer.send(0, ConnectionUnblocked.INSTANCE);
    h.pump();
    assertThat(h.tick()).isEqualTo(h.now + 15 * S);
  }
}
