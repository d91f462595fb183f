/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warren.errors.AmqpException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.Initiator;
import dev.warren.errors.NoFreeChannelsException;
import dev.warren.errors.NotFoundException;
import dev.warren.errors.PreconditionFailedException;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.BasicProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Channels: numbers, states, channel errors, flow, against RabbitMQ. */
@Timeout(30)
class ChannelIT {
  private Connection conn;

  @BeforeEach
  void connect() {
    conn = Broker.connect();
  }

  @AfterEach
  void close() {
    conn.close();
  }

  @Test
  void aChannelKnowsItsConnectionInEachView() {
    Channel ch = conn.openChannel();
    assertThat(ch.connection()).isSameAs(conn);
    assertThat(ch.async().connection()).isSameAs(conn.async());
    AsyncChannel other = conn.async().openChannel().join();
    assertThat(other.connection()).isSameAs(conn.async());
    assertThat(other.blocking().connection()).isSameAs(conn);
  }

  @Test
  void aNullListenerIsRefusedWhereItIsAdded() {
    Channel ch = conn.openChannel();
    // Not later, on a dispatcher thread, when the first event finds it.
    org.junit.jupiter.api.Assertions.assertAll(
        () -> assertNpe(() -> ch.addConfirmListener(null)),
        () -> assertNpe(() -> ch.addReturnListener(null)),
        () -> assertNpe(() -> ch.addCancelListener(null)),
        () -> assertNpe(() -> ch.addCloseListener(null)),
        () -> assertNpe(() -> ch.async().addCloseListener(null)),
        () -> assertNpe(() -> conn.addCloseListener(null)),
        () -> assertNpe(() -> conn.addBlockedListener(null)),
        () -> assertNpe(() -> conn.addRecoveryListener(null)));
    assertThat(ch.isOpen()).isTrue();
  }

  private static void assertNpe(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    org.assertj.core.api.Assertions.assertThatThrownBy(call)
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("listener");
  }

  @Test
  void channelNumbersAreAllocatedOrChosen() {
    Channel a = conn.openChannel();
    Channel b = conn.openChannel();
    Channel explicit = conn.openChannel(42);
    assertThat(a.number()).isBetween(1, conn.channelMax());
    assertThat(b.number()).isBetween(1, conn.channelMax()).isNotEqualTo(a.number());
    assertThat(explicit.number()).isEqualTo(42);
    assertThat(explicit.isOpen()).isTrue();
    explicit.queueDeclare(QueueSpec.serverNamed().exclusive());
    // A number in use cannot be opened twice; one above channel_max not at all.
    assertThatThrownBy(() -> conn.openChannel(42)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> conn.openChannel(conn.channelMax() + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> conn.openChannel(0)).isInstanceOf(IllegalArgumentException.class);
    // A closed channel's number can be used again.
    explicit.close();
    assertThat(explicit.isOpen()).isFalse();
    Channel again = conn.openChannel(42);
    assertThat(again.isOpen()).isTrue();
    again.queueDeclare(QueueSpec.serverNamed().exclusive());
  }

  @Test
  void allocationGoesUpToTheNegotiatedChannelMax() {
    try (Connection small =
        Connection.open(Broker.parameters().toBuilder().channelMax(5).build())) {
      assertThat(small.channelMax()).isEqualTo(5);
      Set<Integer> numbers = new HashSet<>();
      List<Channel> channels = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Channel ch = small.openChannel();
        channels.add(ch);
        numbers.add(ch.number());
      }
      assertThat(numbers).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
      NoFreeChannelsException e =
          catchThrowableOfType(NoFreeChannelsException.class, small::openChannel);
      assertThat(e).isNotNull();
      assertThat(e.getMessage()).contains("5");
      // Freeing one makes exactly that number available again.
      channels.get(2).close();
      assertThat(small.openChannel().number()).isEqualTo(channels.get(2).number());
      for (Channel ch : channels) {
        if (ch.isOpen()) {
          ch.queueDeclare(QueueSpec.serverNamed().exclusive());
        }
      }
    }
  }

  @Test
  void aClosedChannelThrowsWrongState() {
    Channel ch = conn.openChannel();
    LinkedBlockingQueue<ChannelClosedException> heard = new LinkedBlockingQueue<>();
    ch.addCloseListener(heard::add);
    ch.close(200, "done here");
    assertThat(ch.isOpen()).isFalse();
    ch.close(); // closing again does nothing
    byte[] body = new byte[1];
    assertThatThrownBy(() -> ch.queueDeclare(QueueSpec.serverNamed()))
        .isInstanceOf(WrongStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> ch.basicPublish("", "q", BasicProperties.EMPTY, body))
        .isInstanceOf(WrongStateException.class);
    assertThatThrownBy(() -> ch.basicAck(1)).isInstanceOf(WrongStateException.class);
    assertThatThrownBy(() -> ch.basicGet("q", AckMode.AUTO))
        .isInstanceOf(WrongStateException.class);
    assertThatThrownBy(() -> ch.basicConsume(ConsumeSpec.queue("q"), d -> {}))
        .isInstanceOf(WrongStateException.class);
    assertThatThrownBy(() -> ch.consume(ConsumeSpec.queue("q"), Duration.ofSeconds(1)))
        .isInstanceOf(WrongStateException.class);
    assertThatThrownBy(ch::confirmSelect).isInstanceOf(WrongStateException.class);
    assertThatThrownBy(ch::startConsuming).isInstanceOf(WrongStateException.class);
    assertThat(ch.async().queuePurge("q"))
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(WrongStateException.class);
    ChannelClosedException cause = poll(heard);
    assertThat(cause.initiator()).isEqualTo(Initiator.CLIENT);
    assertThat(cause.replyCode()).isEqualTo(200);
    assertThat(cause.replyText()).isEqualTo("done here");
    assertThat(conn.isOpen()).isTrue();
  }

  @Test
  void aChannelErrorClosesThatChannelOnly() {
    Channel bad = conn.openChannel();
    Channel other = conn.openChannel();
    String otherQueue = other.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
    LinkedBlockingQueue<ChannelClosedException> heard = new LinkedBlockingQueue<>();
    bad.addCloseListener(heard::add);
    LinkedBlockingQueue<ConnectionClosedException> connHeard = new LinkedBlockingQueue<>();
    conn.addCloseListener(connHeard::add);
    String missing = Broker.unique("missing");

    NotFoundException e =
        catchThrowableOfType(
            NotFoundException.class, () -> bad.queueDeclare(QueueSpec.named(missing).passive()));

    assertThat(e).isNotNull();
    assertThat(e.replyCode()).isEqualTo(404);
    assertThat(e.replyText()).contains("NOT_FOUND", missing);
    assertThat(e.getMessage()).contains("404", missing);
    assertThat(e.channelNumber()).isEqualTo(bad.number());
    assertThat(e.initiator()).isEqualTo(Initiator.BROKER);
    assertThat(e.failingClassId()).isEqualTo(50); // queue
    assertThat(e.failingMethodId()).isEqualTo(10); // declare
    assertThat(bad.isOpen()).isFalse();
    assertThat(poll(heard)).isSameAs(e);
    WrongStateException wrong =
        catchThrowableOfType(
            WrongStateException.class, () -> bad.queueDeclare(QueueSpec.serverNamed()));
    assertThat(wrong).isNotNull();
    assertThat(wrong.getCause()).isSameAs(e);

    // The connection and the other channel go on; a new channel works too.
    assertThat(conn.isOpen()).isTrue();
    assertThat(other.isOpen()).isTrue();
    other.basicPublish("", otherQueue, BasicProperties.EMPTY, bytes("still here"));
    assertThat(other.basicGet(otherQueue, AckMode.AUTO).orElseThrow().delivery().bodyAsString())
        .isEqualTo("still here");
    Channel fresh = conn.openChannel();
    assertThat(fresh.queueDeclare(QueueSpec.named(otherQueue).passive()).queue())
        .isEqualTo(otherQueue);
    assertThat(connHeard).isEmpty();
  }

  @Test
  void anAsynchronousChannelErrorReachesTheCloseListener() {
    // basic.ack of an unknown delivery tag has no reply: the broker closes the channel with 406.
    Channel ch = conn.openChannel();
    LinkedBlockingQueue<ChannelClosedException> heard = new LinkedBlockingQueue<>();
    ch.addCloseListener(heard::add);
    ch.basicAck(12345);
    ChannelClosedException cause = poll(heard);
    assertThat(cause).isInstanceOf(PreconditionFailedException.class);
    assertThat(cause.replyCode()).isEqualTo(406);
    assertThat(cause.replyText()).contains("unknown delivery tag");
    ItSupport.waitUntil(Duration.ofSeconds(5), "the channel to be closed", () -> !ch.isOpen());
    assertThat(conn.isOpen()).isTrue();
  }

  @Test
  void channelFlow() {
    Channel ch = conn.openChannel();
    assertThat(ch.flow(FlowState.ACTIVE)).isEqualTo(FlowState.ACTIVE);
    assertThat(ch.async().flow(FlowState.ACTIVE))
        .succeedsWithin(Duration.ofSeconds(5))
        .isEqualTo(FlowState.ACTIVE);
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void channelFlowPausedIsRefusedByRabbitMqWithAHardError() {
    // RabbitMQ does not implement channel.flow active=false: 540 NOT_IMPLEMENTED, a connection
    // error. Warren must report it as such and close the whole connection.
    Channel ch = conn.openChannel();
    LinkedBlockingQueue<ConnectionClosedException> heard = new LinkedBlockingQueue<>();
    conn.addCloseListener(heard::add);
    AmqpException e = catchThrowableOfType(AmqpException.class, () -> ch.flow(FlowState.PAUSED));
    assertThat(e).isNotNull();
    assertThat(e.replyCode()).isEqualTo(540);
    ConnectionClosedException cause = poll(heard);
    assertThat(cause.initiator()).isEqualTo(Initiator.BROKER);
    assertThat(cause.replyCode()).isEqualTo(540);
    assertThat(conn.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(ch.isOpen()).isFalse();
  }

  private static <T> T poll(LinkedBlockingQueue<T> q) {
    try {
      T t = q.poll(10, TimeUnit.SECONDS);
      assertThat(t).as("event within 10 s").isNotNull();
      return t;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
