/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.Initiator;
import dev.warren.errors.ReplyCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Recovery turned off: a lost connection stays closed, as in pika and py-amqp. */
@Timeout(30)
class RecoveryDisabledIT {

  @Test
  void forcedCloseLeavesTheConnectionClosedWithTheBrokersReason() throws Exception {
    String name = Broker.unique("recovery-off");
    RecoverySupport.Events events = new RecoverySupport.Events();
    try (Connection conn =
        RecoverySupport.open(
            RecoverySupport.params(name, RecoveryPolicy.disabled()).build(), events)) {
      CompletableFuture<ConnectionClosedException> closed = new CompletableFuture<>();
      conn.addCloseListener(closed::complete);
      Channel ch = conn.openChannel();
      CompletableFuture<ChannelClosedException> channelClosed = new CompletableFuture<>();
      ch.addCloseListener(channelClosed::complete);

      RecoverySupport.forceClose(name);

      ConnectionClosedException cause = closed.get(10, TimeUnit.SECONDS);
      assertThat(cause.replyCode()).isEqualTo(ReplyCode.CONNECTION_FORCED);
      assertThat(cause.initiator()).isEqualTo(Initiator.BROKER);
      assertThat(cause.replyText()).contains("test: forced close");
      assertThat(conn.state()).isEqualTo(Connection.State.CLOSED);
      assertThat(conn.isOpen()).isFalse();
      assertThat(channelClosed.get(5, TimeUnit.SECONDS).getCause()).isSameAs(cause);
      assertThat(ch.isOpen()).isFalse();

      ItSupport.sleep(Duration.ofMillis(500)); // an attempt would have started by now
      assertThat(events.steps).as("recovery listener events").isEmpty();
      assertThat(conn.state()).isEqualTo(Connection.State.CLOSED);
    }
  }
}
