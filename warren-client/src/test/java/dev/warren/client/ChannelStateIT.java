/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.NotFoundException;
import dev.warren.testkit.FaultProxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * pika's {@code is_open} / {@code is_closing} / {@code is_closed} for channels against the real
 * broker: {@link Channel#state()}. The test kit's TCP proxy holds the broker's close-ok back so the
 * {@link Channel.State#CLOSING} window can be seen.
 */
@Timeout(60)
class ChannelStateIT {

  private static FaultProxy proxy() {
    return new FaultProxy(RecoverySupport.brokerHost(), RecoverySupport.brokerPort());
  }

  @Test
  void openThenClosedByTheApplicationOrByTheBroker() {
    try (Connection conn = Broker.connect()) {
      Channel ch = conn.openChannel();
      assertThat(ch.state()).isEqualTo(Channel.State.OPEN);
      assertThat(ch.async().state()).isEqualTo(Channel.State.OPEN);
      ch.close();
      assertThat(ch.state()).isEqualTo(Channel.State.CLOSED);
      assertThat(ch.isOpen()).isFalse();

      Channel refused = conn.openChannel();
      assertThatThrownBy(
              () -> refused.queueDeclare(QueueSpec.named(Broker.unique("missing")).passive()))
          .isInstanceOf(NotFoundException.class);
      // A close the broker starts goes straight to CLOSED.
      assertThat(refused.state()).isEqualTo(Channel.State.CLOSED);
    }
  }

  @Test
  void closingUntilTheBrokersCloseOkArrives() throws Exception {
    try (FaultProxy proxy = proxy();
        Connection conn =
            Connection.open(
                RecoverySupport.viaProxy(
                        Broker.unique("channel-closing"),
                        RecoverySupport.fastPolicy().build(),
                        proxy.port())
                    .build())) {
      Channel ch = conn.openChannel();
      proxy.freeze();
      CompletableFuture<Void> closing = ch.async().close();
      try {
        assertThat(ch.state()).isEqualTo(Channel.State.CLOSING);
        assertThat(ch.async().state()).isEqualTo(Channel.State.CLOSING);
        assertThat(ch.isOpen()).isTrue(); // open until closed, as documented
        ItSupport.sleep(Duration.ofMillis(300));
        assertThat(closing).isNotDone();
        assertThat(ch.state()).isEqualTo(Channel.State.CLOSING);
      } finally {
        proxy.thaw();
      }
      closing.get(10, TimeUnit.SECONDS);
      assertThat(ch.state()).isEqualTo(Channel.State.CLOSED);
      assertThat(conn.openChannel().state()).isEqualTo(Channel.State.OPEN);
    }
  }

  @Test
  void aChannelLostWhileClosingStaysClosedAndIsNotRecovered() throws Exception {
    RecoverySupport.Events events = new RecoverySupport.Events();
    try (FaultProxy proxy = proxy();
        Connection conn =
            RecoverySupport.open(
                RecoverySupport.viaProxy(
                        Broker.unique("channel-lost-closing"),
                        RecoverySupport.fastPolicy().build(),
                        proxy.port())
                    .build(),
                events)) {
      Channel ch = conn.openChannel();
      Channel bystander = conn.openChannel();
      CompletableFuture<ChannelClosedException> closedWith = new CompletableFuture<>();
      ch.addCloseListener(closedWith::complete);
      proxy.freeze();
      CompletableFuture<Void> closing = ch.async().close();
      assertThat(ch.state()).isEqualTo(Channel.State.CLOSING);
      proxy.cutAll();
      proxy.thaw();
      closing.get(10, TimeUnit.SECONDS);
      assertThat(closedWith.get(10, TimeUnit.SECONDS)).isNotNull();
      assertThat(ch.state()).isEqualTo(Channel.State.CLOSED);

      events.awaitRecovered(1, Duration.ofSeconds(15));
      assertThat(bystander.state()).isEqualTo(Channel.State.OPEN);
      bystander.queueDeclare(QueueSpec.serverNamed().exclusive());
      assertThat(ch.state()).isEqualTo(Channel.State.CLOSED);
      assertThat(ch.isOpen()).isFalse();
    }
  }

  @Test
  void recoveringWhileTheConnectionComesBack() throws Exception {
    RecoverySupport.Events events = new RecoverySupport.Events();
    try (FaultProxy proxy = proxy();
        Connection conn =
            RecoverySupport.open(
                RecoverySupport.viaProxy(
                        Broker.unique("channel-recovering"),
                        RecoverySupport.fastPolicy().build(),
                        proxy.port())
                    .build(),
                events)) {
      Channel ch = conn.openChannel();
      proxy.refuseNew(true);
      proxy.cutAll();
      try {
        events.awaitLost(1, Duration.ofSeconds(10));
        ItSupport.waitUntil(
            Duration.ofSeconds(5),
            "channel recovering",
            () -> ch.state() == Channel.State.RECOVERING);
        assertThat(ch.isOpen()).isTrue();
      } finally {
        proxy.refuseNew(false);
      }
      events.awaitRecovered(1, Duration.ofSeconds(15));
      ItSupport.waitUntil(
          Duration.ofSeconds(5), "channel open again", () -> ch.state() == Channel.State.OPEN);
      ch.queueDeclare(QueueSpec.serverNamed().exclusive());
    }
  }
}
