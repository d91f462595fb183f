/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.scripted;

import static dev.warren.client.scripted.ScriptedBroker.handshake;
import static dev.warren.client.scripted.ScriptedBroker.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.Qos;
import dev.warren.client.RecoveryPolicy;
import dev.warren.client.ReturnedMessage;
import dev.warren.client.scripted.ScriptedBroker.Events;
import dev.warren.errors.AmqpException;
import dev.warren.errors.AmqpReplyCode;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.Initiator;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.method.BasicQos;
import dev.warren.protocol.method.BasicQosOk;
import dev.warren.protocol.method.BasicReturn;
import dev.warren.protocol.method.ChannelClose;
import dev.warren.protocol.method.ChannelCloseOk;
import dev.warren.protocol.method.ConnectionClose;
import dev.warren.protocol.method.ConnectionCloseOk;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every reply code a peer can send, in the method that carries it — connection.close for the hard
 * errors, channel.close for the soft ones, basic.return for 311-313 — reaches the application
 * typed, with its kind, its recoverability and the method the peer blamed; and automatic recovery
 * reconnects after a connection close exactly when the code is recoverable (320, 506, 541).
 */
@Timeout(60)
class ReplyCodesScriptedTest {
  private final ScriptedBroker broker = new ScriptedBroker();

  @AfterEach
  void tearDown() {
    broker.close();
  }

  private static void assertTyped(AmqpException e, AmqpReplyCode code) {
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.replyCode()).isEqualTo(code.number());
    assertThat(e.isHardError()).isEqualTo(code.isHardError());
    assertThat(e.isRecoverable()).isEqualTo(code.isRecoverable());
    assertThat(e.getMessage())
        .contains(code.number() + " " + code.name() + " - scripted failure")
        .contains("(caused by basic.publish)")
        .doesNotContain(code.name() + " - " + code.name());
  }

  @ParameterizedTest
  @EnumSource(
      value = AmqpReplyCode.class,
      names = {
        "CONNECTION_FORCED",
        "INVALID_PATH",
        "FRAME_ERROR",
        "SYNTAX_ERROR",
        "COMMAND_INVALID",
        "CHANNEL_ERROR",
        "UNEXPECTED_FRAME",
        "RESOURCE_ERROR",
        "NOT_ALLOWED",
        "NOT_IMPLEMENTED",
        "INTERNAL_ERROR"
      })
  void aHardErrorInConnectionCloseIsTypedAndRecoveredOnlyWhenRecoverable(AmqpReplyCode code) {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          // 60/40 is basic.publish
          p.send(
              0, new ConnectionClose(code.number(), code.name() + " - scripted failure", 60, 40));
          p.expect(0, ConnectionCloseOk.class);
        });
    if (code.isRecoverable()) {
      broker.script(
          1,
          p -> {
            handshake(p);
            p.expectChannelOpen(1);
            p.expectClose();
          });
    }
    Connection conn = broker.connect();
    Events events = new Events();
    conn.addRecoveryListener(events);
    List<ConnectionClosedException> closes = new CopyOnWriteArrayList<>();
    conn.addCloseListener(closes::add);
    List<ChannelClosedException> channelCloses = new CopyOnWriteArrayList<>();
    Channel ch = conn.openChannel();
    ch.addCloseListener(channelCloses::add);

    ConnectionClosedException cause;
    if (code.isRecoverable()) {
      events.await("recovered");
      cause = events.lost.get(0);
      assertThat(ch.isOpen()).isTrue();
      conn.close();
      broker.verify();
    } else {
      waitUntil("the close listeners", () -> !closes.isEmpty() && !channelCloses.isEmpty());
      cause = closes.get(0);
      broker.verify();
      assertThat(broker.acceptedCount()).as("no reconnection").isEqualTo(1);
      assertThat(events.list()).doesNotContain("connectionLost");
      ChannelClosedException channelCause = channelCloses.get(0);
      assertThat(channelCause.code()).isEqualTo(code);
      assertThat(channelCause.failingMethodName()).isEqualTo("basic.publish");
      assertThat(channelCause.getCause()).isSameAs(cause);
    }
    assertTyped(cause, code);
    assertThat(cause.initiator()).isEqualTo(Initiator.BROKER);
    assertThat(cause.failingMethodName()).isEqualTo("basic.publish");
  }

  @ParameterizedTest
  @EnumSource(
      value = AmqpReplyCode.class,
      names = {"ACCESS_REFUSED", "NOT_FOUND", "RESOURCE_LOCKED", "PRECONDITION_FAILED"})
  void aSoftErrorInChannelCloseIsTypedAndLeavesTheConnectionOpen(AmqpReplyCode code) {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.send(1, new ChannelClose(code.number(), code.name() + " - scripted failure", 60, 40));
          p.expect(1, ChannelCloseOk.class);
          p.expectClose();
        });
    Connection conn =
        broker.connect(broker.parameters().recovery(RecoveryPolicy.disabled()).build());
    List<ChannelClosedException> channelCloses = new CopyOnWriteArrayList<>();
    Channel ch = conn.openChannel();
    ch.addCloseListener(channelCloses::add);

    waitUntil("the channel's close listener", () -> !channelCloses.isEmpty());
    ChannelClosedException cause = channelCloses.get(0);
    assertTyped(cause, code);
    assertThat(cause.failingMethodName()).isEqualTo("basic.publish");
    assertThat(cause.initiator()).isEqualTo(Initiator.BROKER);
    assertThat(conn.isOpen()).isTrue();
    conn.close();
    broker.verify();
  }

  @ParameterizedTest
  @EnumSource(
      value = AmqpReplyCode.class,
      names = {"CONTENT_TOO_LARGE", "NO_ROUTE", "NO_CONSUMERS"})
  void aReturnIsTyped(AmqpReplyCode code) {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          // the return waits for the listener: the test sends basic.qos once it is added
          p.expect(1, BasicQos.class).respond(BasicQosOk.INSTANCE);
          p.sendContent(
              1,
              new BasicReturn(code.number(), code.name(), "x", "k"),
              BasicProperties.EMPTY,
              ScriptedBroker.BODY);
          p.expectClose();
        });
    Connection conn = broker.connect();
    Channel ch = conn.openChannel();
    List<ReturnedMessage> returns = new CopyOnWriteArrayList<>();
    ch.addReturnListener(returns::add);
    ch.basicQos(Qos.prefetch(1));

    waitUntil("the return", () -> !returns.isEmpty());
    ReturnedMessage returned = returns.get(0);
    assertThat(returned.code()).isEqualTo(code);
    assertThat(returned.code().isHardError()).isFalse();
    assertThat(returned.code().isRecoverable()).isTrue();
    assertThat(returned.replyCode()).isEqualTo(code.number());
    assertThat(ch.isOpen()).isTrue();
    conn.close();
    broker.verify();
  }
}
