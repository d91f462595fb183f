/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.engine.EngineHarness.Callback;
import dev.warren.engine.EngineHarness.ChannelEvents;
import dev.warren.engine.EngineHarness.Config;
import dev.warren.errors.AccessRefusedException;
import dev.warren.errors.AmqpException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.Initiator;
import dev.warren.errors.NoFreeChannelsException;
import dev.warren.errors.NotFoundException;
import dev.warren.errors.PreconditionFailedException;
import dev.warren.errors.ResourceLockedException;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.LongString;
import dev.warren.protocol.codec.Method;
import dev.warren.protocol.method.BasicAck;
import dev.warren.protocol.method.BasicCancel;
import dev.warren.protocol.method.BasicCancelOk;
import dev.warren.protocol.method.BasicConsume;
import dev.warren.protocol.method.BasicConsumeOk;
import dev.warren.protocol.method.BasicDeliver;
import dev.warren.protocol.method.BasicGet;
import dev.warren.protocol.method.BasicGetEmpty;
import dev.warren.protocol.method.BasicGetOk;
import dev.warren.protocol.method.BasicNack;
import dev.warren.protocol.method.BasicPublish;
import dev.warren.protocol.method.BasicQos;
import dev.warren.protocol.method.BasicQosOk;
import dev.warren.protocol.method.BasicReturn;
import dev.warren.protocol.method.ChannelClose;
import dev.warren.protocol.method.ChannelCloseOk;
import dev.warren.protocol.method.ChannelFlow;
import dev.warren.protocol.method.ChannelFlowOk;
import dev.warren.protocol.method.ChannelOpen;
import dev.warren.protocol.method.ConfirmSelect;
import dev.warren.protocol.method.ConfirmSelectOk;
import dev.warren.protocol.method.ConnectionUpdateSecret;
import dev.warren.protocol.method.ConnectionUpdateSecretOk;
import dev.warren.protocol.method.ExchangeBind;
import dev.warren.protocol.method.ExchangeBindOk;
import dev.warren.protocol.method.ExchangeUnbind;
import dev.warren.protocol.method.ExchangeUnbindOk;
import dev.warren.protocol.method.QueueBind;
import dev.warren.protocol.method.QueueBindOk;
import dev.warren.protocol.method.QueueDeclare;
import dev.warren.protocol.method.QueueDeclareOk;
import dev.warren.testkit.BrokerHandshake;
import dev.warren.testkit.MethodExpectation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Channels: RPCs, content, closing both ways, confirms, consumers, flow, numbers. */
@Timeout(10)
class ChannelTest {
  static final QueueDeclare DECLARE = InboundErrorsTest.DECLARE;
  static final BasicDeliver DELIVER = InboundErrorsTest.DELIVER;

  final EngineHarness h = new EngineHarness();

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Nested
  class Rpc {

    @Test
    void pipelinedRpcsAreAnsweredInOrder() {
      h.open();
      h.openChannel(1);
      List<String> order = new ArrayList<>();
      h.peer.expect(1, QueueDeclare.class).respond(new QueueDeclareOk("q", 5, 1));
      h.peer.expect(1, QueueBind.class).respond(QueueBindOk.INSTANCE);
      h.peer.expect(1, BasicQos.class).respond(BasicQosOk.INSTANCE);
      h.peer.expect(1, ExchangeBind.class).respond(ExchangeBindOk.INSTANCE);

      // All four go out before any reply is read.
      h.engine.rpc(1, DECLARE, recording(order, "declare"));
      h.engine.rpc(1, new QueueBind(0, "q", "x", "rk", false, null), recording(order, "bind"));
      h.engine.rpc(1, new BasicQos(0, 10, false), recording(order, "qos"));
      h.engine.rpc(1, new ExchangeBind(0, "d", "s", "rk", false, null), recording(order, "xbind"));
      assertThat(order).isEmpty();
      h.pump();

      h.peer.verify();
      assertThat(order)
          .containsExactly(
              "declare: QueueDeclareOk[queue=q, messageCount=5, consumerCount=1]",
              "bind: QueueBindOk[]",
              "qos: BasicQosOk[]",
              "xbind: ExchangeBindOk[]");
    }

    @Test
    void getOkCarriesTheMessageAndGetEmptyNone() {
      h.open(BrokerHandshake.rabbitMq().withTune(0, 4096, 0));
      h.openChannel(1);
      BasicProperties props = BasicProperties.builder().contentType("text/plain").build();
      byte[] body = new byte[10_000]; // split into three body frames
      body[9_999] = 42;
      h.peer
          .expect(1, BasicGet.class)
          .respondContent(new BasicGetOk(7, true, "ex", "rk", 3), props, body);
      h.peer.expect(1, BasicGet.class).respond(new BasicGetEmpty(""));

      Callback ok = h.rpc(1, new BasicGet(0, "q", false));
      Callback empty = h.rpc(1, new BasicGet(0, "q", false));

      h.peer.verify();
      assertThat(ok.reply).isEqualTo(new BasicGetOk(7, true, "ex", "rk", 3));
      assertThat(ok.properties).isEqualTo(props);
      assertThat(ok.body).isEqualTo(body);
      assertThat(empty.reply).isInstanceOf(BasicGetEmpty.class);
      assertThat(empty.properties).isNull();
      assertThat(empty.body).isNull();
      h.assertEveryCallbackCalledOnce();
    }

    @Test
    void exchangeUnbindIsAnsweredByUnbindOk51() {
      h.open();
      h.openChannel(1);
      assertThat(ExchangeUnbindOk.INSTANCE.methodId()).isEqualTo(51);
      h.peer.expect(1, ExchangeUnbind.class).respond(ExchangeUnbindOk.INSTANCE);
      Callback cb = h.rpc(1, new ExchangeUnbind(0, "d", "s", "rk", false, null));

      h.peer.verify();
      assertThat(cb.reply).isSameAs(ExchangeUnbindOk.INSTANCE);
      assertThat(h.engine.state()).isEqualTo(ConnectionState.OPEN);
    }

    @Test
    void deliveriesBetweenAnRpcAndItsReplyDoNotDisturbIt() {
      h.open();
      ChannelEvents ch = h.openChannel(1);
      h.peer
          .expect(1, QueueDeclare.class)
          .respondContent(DELIVER, null, utf8("first"))
          .respondContent(new BasicReturn(312, "NO_ROUTE", "", "x"), null, utf8("back"))
          .respond(new QueueDeclareOk("q", 0, 0));
      Callback declare = h.rpc(1, DECLARE);

      h.peer.verify();
      assertThat(ch.deliveries).containsExactly("first");
      assertThat(ch.returns).hasSize(1);
      assertThat(declare.reply).isEqualTo(new QueueDeclareOk("q", 0, 0));
    }

    @Test
    void theBrokerRefusingChannelOpenFailsTheOpen() {
      h.open();
      h.peer
          .expect(1, ChannelOpen.class)
          .respond(
              new ChannelClose(
                  530,
                  "NOT_ALLOWED - number of channels opened has reached the negotiated channel_max",
                  20,
                  10));
      h.peer.expect(1, ChannelCloseOk.class);
      ChannelEvents events = new ChannelEvents(1);
      Callback open = h.callback();
      h.engine.openChannel(1, events, open);
      h.pump();

      h.peer.verify();
      assertThat(open.failure)
          .isInstanceOf(ChannelClosedException.class)
          .satisfies(f -> assertThat(f.replyCode()).isEqualTo(530));
      assertThat(events.closed).singleElement().isSameAs(open.failure);
      assertThat(h.engine.isChannelNumberFree(1)).isTrue();
      assertThat(h.engine.state()).isEqualTo(ConnectionState.OPEN);
      h.assertEveryCallbackCalledOnce();
    }

    @Test
    void anRpcOnAChannelThatIsNotOpenIsRefused() {
      h.open();
      assertThatThrownBy(() -> h.engine.rpc(3, DECLARE, RpcCallback.IGNORE))
          .isInstanceOf(WrongStateException.class)
          .hasMessage("channel 3 is closed");
      h.peer.expect(1, ChannelOpen.class);
      h.engine.openChannel(1, new ChannelEvents(1), h.callback());
      h.pump();
      assertThatThrownBy(() -> h.engine.rpc(1, DECLARE, RpcCallback.IGNORE))
          .isInstanceOf(WrongStateException.class)
          .hasMessage("channel 1 is opening");
      assertThatThrownBy(
              () -> h.engine.publish(1, "", "q", false, BasicProperties.EMPTY, new byte[0], 0, 0))
          .isInstanceOf(WrongStateException.class);
      h.peer.verify();
    }
  }

  @Nested
  class Content {

    @Test
    void deliveriesAreAssembledFromManyFrames() {
      h.open(BrokerHandshake.rabbitMq().withTune(0, 4096, 0));
      ChannelEvents ch = h.openChannel(1);
      String big = "x".repeat(9000);
      h.peer.sendContent(1, DELIVER, BasicProperties.EMPTY, utf8(big));
      h.peer.sendContent(1, new BasicDeliver("ctag", 2, false, "", "q"), null, new byte[0]);
      h.peer.sendContent(1, new BasicReturn(312, "NO_ROUTE", "ex", "rk"), null, utf8("returned"));
      h.pump();

      assertThat(ch.deliveries).containsExactly(big, "");
      assertThat(ch.delivers).extracting(BasicDeliver::deliveryTag).containsExactly(1L, 2L);
      assertThat(ch.returns).containsExactly(new BasicReturn(312, "NO_ROUTE", "ex", "rk"));
      assertThat(h.engine.state()).isEqualTo(ConnectionState.OPEN);
      h.peer.verify();
    }

    @Test
    void publishSplitsTheBodyAtTheNegotiatedFrameMax() {
      h.open(BrokerHandshake.rabbitMq().withTune(0, 4096, 0));
      h.openChannel(1);
      byte[] body = new byte[10_000];
      body[0] = 1;
      body[9_999] = 2;
      BasicProperties props = BasicProperties.builder().contentType("application/json").build();
      MethodExpectation<BasicPublish> publish =
          h.peer
              .expect(1, BasicPublish.class)
              .matching("mandatory", BasicPublish::mandatory)
              .withBody(body);

      long seq = h.engine.publish(1, "ex", "rk", true, props, body, 0, body.length);
      h.pump();

      h.peer.verify();
      assertThat(seq).as("no confirm mode, no sequence number").isZero();
      assertThat(publish.received().properties()).isEqualTo(props);
      assertThat(publish.receivedMethod().exchange()).isEqualTo("ex");
    }
  }

  @Nested
  class BrokerClosesAChannel {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
      "404, NotFoundException",
      "403, AccessRefusedException",
      "405, ResourceLockedException",
      "406, PreconditionFailedException",
      "312, ChannelClosedException",
    })
    void closeOkIsSentAndPendingRpcsFailWithTheCodesException(int code, String type) {
      h.open();
      ChannelEvents one = h.openChannel(1);
      ChannelEvents two = h.openChannel(2);
      String text = "NOT_FOUND - no queue 'q' in vhost '/'";
      h.peer.expect(1, QueueDeclare.class).respond(new ChannelClose(code, text, 50, 10));
      h.peer.expect(1, ChannelCloseOk.class);
      Callback declare = h.rpc(1, DECLARE);

      h.peer.verify();
      ChannelClosedException e = one.closed.get(0);
      assertThat(one.closed).hasSize(1);
      assertThat(e.getClass().getSimpleName()).isEqualTo(type);
      assertThat(e.channelNumber()).isEqualTo(1);
      assertThat(e.replyCode()).isEqualTo(code);
      assertThat(e.replyText()).isEqualTo(text);
      assertThat(e.failingClassId()).isEqualTo(50);
      assertThat(e.failingMethodId()).isEqualTo(10);
      assertThat(e.initiator()).isEqualTo(Initiator.BROKER);
      assertThat(declare.failure).isSameAs(e);
      assertThat(h.engine.channelState(1)).isEqualTo(ChannelState.CLOSED);
      assertThat(h.engine.isChannelNumberFree(1)).isTrue();

      // channel 2 and the connection carry on
      assertThat(two.closed).isEmpty();
      h.peer.expect(2, QueueDeclare.class).respond(new QueueDeclareOk("q2", 0, 0));
      Callback onTwo = h.rpc(2, DECLARE);
      h.peer.verify();
      assertThat(onTwo.reply).isEqualTo(new QueueDeclareOk("q2", 0, 0));
      assertThat(h.engine.state()).isEqualTo(ConnectionState.OPEN);
      h.assertEveryCallbackCalledOnce();
    }

    @Test
    void exceptionTypesByCode() {
      assertThat(ChannelClosedException.fromBroker(1, 404, "", 0, 0))
          .isInstanceOf(NotFoundException.class);
      assertThat(ChannelClosedException.fromBroker(1, 403, "", 0, 0))
          .isInstanceOf(AccessRefusedException.class);
      assertThat(ChannelClosedException.fromBroker(1, 405, "", 0, 0))
          .isInstanceOf(ResourceLockedException.class);
      assertThat(ChannelClosedException.fromBroker(1, 406, "", 0, 0))
          .isInstanceOf(PreconditionFailedException.class);
    }

    @Test
    void aChannelCanBeReopenedWithTheSameNumber() {
      h.open();
      h.openChannel(1);
      h.peer.send(1, new ChannelClose(406, "PRECONDITION_FAILED - unknown delivery tag 9", 60, 80));
      h.peer.expect(1, ChannelCloseOk.class);
      h.pump();
      ChannelEvents again = h.openChannel(1);
      h.peer.verify();
      assertThat(again.closed).isEmpty();
      assertThat(h.engine.channelState(1)).isEqualTo(ChannelState.OPEN);
    }
  }

  @Nested
  class ClientClosesAChannel {

    @Test
    void pendingRpcsFailAtOnceAndFramesUntilCloseOkAreDiscarded() {
      h.open();
      ChannelEvents one = h.openChannel(1);
      h.peer.expect(1, QueueDeclare.class);
      Callback declare = h.rpc(1, DECLARE);

      MethodExpectation<ChannelClose> close = h.peer.expect(1, ChannelClose.class);
      // What the broker sent before it saw channel.close:
      h.peer.send(1, new QueueDeclareOk("q", 0, 0));
      h.peer.sendContent(1, DELIVER, null, utf8("late"));
      h.peer.send(1, new BasicAck(1, false));
      h.peer.send(1, new ChannelFlow(false));
      h.peer.send(1, new BasicCancel("ctag", false));
      Callback closed = h.callback();
      h.engine.closeChannel(1, 200, "done", closed);

      assertThat(h.engine.channelState(1)).isEqualTo(ChannelState.CLOSING);
      assertThat(declare.failure)
          .isInstanceOfSatisfying(
              ChannelClosedException.class,
              e -> assertThat(e.initiator()).isEqualTo(Initiator.CLIENT))
          .hasMessage("channel 1 closed by the application: 200 REPLY_SUCCESS - done");
      assertThatThrownBy(() -> h.engine.rpc(1, DECLARE, RpcCallback.IGNORE))
          .isInstanceOf(WrongStateException.class)
          .hasMessage("channel 1 is closing");
      h.pump();
      assertThat(close.receivedMethod()).isEqualTo(new ChannelClose(200, "done", 0, 0));
      assertThat(one.deliveries).isEmpty();
      assertThat(one.confirms).isEmpty();
      assertThat(one.flow).isEmpty();
      assertThat(one.cancelled).isEmpty();
      assertThat(one.closed).as("told on close-ok").isEmpty();
      assertThat(closed.calls).isZero();

      h.peer.send(1, ChannelCloseOk.INSTANCE);
      h.pump();

      h.peer.verify();
      assertThat(h.peer.received(ChannelFlowOk.class)).isEmpty();
      assertThat(h.peer.received(BasicCancelOk.class)).isEmpty();
      assertThat(closed.reply).isSameAs(ChannelCloseOk.INSTANCE);
      assertThat(one.closed).singleElement().isSameAs(declare.failure);
      assertThat(h.engine.channelState(1)).isEqualTo(ChannelState.CLOSED);
      assertThat(h.engine.state()).isEqualTo(ConnectionState.OPEN);
      h.assertEveryCallbackCalledOnce();
    }

    @Test
    void bothSidesCloseAtOnce() {
      h.open();
      ChannelEvents one = h.openChannel(1);
      h.peer.expect(1, ChannelClose.class);
      h.peer.send(1, new ChannelClose(406, "PRECONDITION_FAILED - x", 60, 80));
      h.peer.expect(1, ChannelCloseOk.class).respond(ChannelCloseOk.INSTANCE);
      Callback closed = h.callback();
      h.engine.closeChannel(1, 200, "done", closed);
      h.pump();

      h.peer.verify();
      assertThat(one.closed)
          .singleElement()
          .isInstanceOf(PreconditionFailedException.class)
          .satisfies(e -> assertThat(e.initiator()).isEqualTo(Initiator.BROKER));
      assertThat(closed.replied).isTrue();
      assertThat(h.engine.channelState(1)).isEqualTo(ChannelState.CLOSED);
      h.assertEveryCallbackCalledOnce();
    }

    @Test
    void closingTwiceCompletesBothAndClosingAClosedChannelCompletesAtOnce() {
      h.open();
      h.openChannel(1);
      h.peer.expectChannelClose(1);
      Callback first = h.callback();
      Callback second = h.callback();
      h.engine.closeChannel(1, 200, "a", first);
      h.engine.closeChannel(1, 200, "b", second);
      h.pump();
      Callback third = h.callback();
      h.engine.closeChannel(1, 200, "c", third);

      h.peer.verify();
      assertThat(h.peer.received(ChannelClose.class)).hasSize(1);
      assertThat(first.replied && second.replied && third.replied).isTrue();
      h.assertEveryCallbackCalledOnce();
    }
  }

  @Nested
  class Confirms {

    @Test
    void publishSequenceNumbersInConfirmMode() {
      h.open();
      ChannelEvents ch = h.openChannel(1);
      assertThat(h.engine.nextPublishSeqNo(1)).isZero();
      h.peer.expect(1, BasicPublish.class);
      assertThat(publish()).isZero();

      h.peer.expect(1, ConfirmSelect.class).respond(ConfirmSelectOk.INSTANCE);
      Callback select = h.rpc(1, new ConfirmSelect(false));
      assertThat(select.reply).isSameAs(ConfirmSelectOk.INSTANCE);
      assertThat(h.engine.nextPublishSeqNo(1)).isEqualTo(1);

      for (int i = 0; i < 3; i++) {
        h.peer.expect(1, BasicPublish.class);
      }
      assertThat(publish()).isEqualTo(1);
      assertThat(publish()).isEqualTo(2);
      assertThat(publish()).isEqualTo(3);
      assertThat(h.engine.nextPublishSeqNo(1)).isEqualTo(4);
      h.peer.send(1, new BasicAck(2, true));
      h.peer.send(1, new BasicNack(3, false, true));
      h.pump();

      h.peer.verify();
      assertThat(ch.confirms).containsExactly("ack 2 multiple", "nack 3");
    }

    @Test
    void confirmSelectNowaitTakesEffectAtOnce() {
      h.open();
      ChannelEvents ch = h.openChannel(1);
      h.peer.expect(1, ConfirmSelect.class).matching("nowait", ConfirmSelect::nowait);
      h.peer.expect(1, BasicPublish.class);
      h.peer.expect(1, ConfirmSelect.class);
      h.peer.expect(1, BasicPublish.class);
      h.peer.send(1, new BasicAck(2, true));

      h.engine.send(1, new ConfirmSelect(true));
      assertThat(publish()).isEqualTo(1);
      h.engine.send(1, new ConfirmSelect(true)); // a second select does not restart numbering
      assertThat(publish()).isEqualTo(2);
      h.pump();

      h.peer.verify();
      assertThat(ch.confirms).containsExactly("ack 2 multiple");
      assertThat(h.engine.state()).isEqualTo(ConnectionState.OPEN);
    }

    private long publish() {
      long seq = h.engine.publish(1, "", "q", false, BasicProperties.EMPTY, new byte[] {1}, 0, 1);
      h.pump();
      return seq;
    }
  }

  @Nested
  class Consumers {

    @Test
    void basicCancelFromTheBrokerIsAnswered() {
      h.open();
      ChannelEvents ch = h.openChannel(1);
      h.peer
          .expect(1, BasicConsume.class)
          .respond(c -> new BasicConsumeOk("amq.ctag-" + c.queue()));
      Callback consume = h.rpc(1, new BasicConsume(0, "q", "", false, false, false, false, null));
      assertThat(consume.reply).isEqualTo(new BasicConsumeOk("amq.ctag-q"));

      h.peer.send(1, new BasicCancel("amq.ctag-q", false));
      h.peer
          .expect(1, BasicCancelOk.class)
          .matching("the same tag", ok -> ok.consumerTag().equals("amq.ctag-q"));
      h.pump();

      h.peer.verify();
      assertThat(ch.cancelled).containsExactly("amq.ctag-q");
      assertThat(h.engine.channelState(1)).isEqualTo(ChannelState.OPEN);
    }

    @Test
    void basicCancelNowaitFromTheBrokerIsNotAnswered() {
      h.open();
      ChannelEvents ch = h.openChannel(1);
      h.peer.send(1, new BasicCancel("ctag", true));
      h.pump();

      h.peer.verify(); // anything sent in reply would have been unexpected
      assertThat(h.peer.received()).noneMatch(r -> r.method() instanceof BasicCancelOk);
      assertThat(ch.cancelled).containsExactly("ctag");
    }

    @Test
    void theClientsOwnCancelGetsItsCancelOk() {
      h.open();
      ChannelEvents ch = h.openChannel(1);
      h.peer.expect(1, BasicCancel.class).respond(new BasicCancelOk("ctag"));
      Callback cancel = h.rpc(1, new BasicCancel("ctag", false));

      h.peer.verify();
      assertThat(cancel.reply).isEqualTo(new BasicCancelOk("ctag"));
      assertThat(ch.cancelled).as("not a broker cancel").isEmpty();
    }
  }

  @Test
  void channelFlowIsAnsweredWithFlowOk() {
    h.open();
    ChannelEvents ch = h.openChannel(1);
    h.peer.send(1, new ChannelFlow(false));
    h.peer.expect(1, ChannelFlowOk.class).matching("inactive", ok -> !ok.active());
    h.peer.send(1, new ChannelFlow(true));
    h.peer.expect(1, ChannelFlowOk.class).matching("active", ChannelFlowOk::active);
    h.pump();

    h.peer.verify();
    assertThat(ch.flow).containsExactly(false, true);
  }

  @Nested
  class Numbers {
    final EngineHarness h3 = new EngineHarness(new Config().limits(3, 0));

    @Test
    void allocationAndExhaustion() {
      h3.open();
      assertThat(h3.engine.tuning().channelMax()).isEqualTo(3);
      for (int expected = 1; expected <= 3; expected++) {
        int n = h3.engine.allocateChannelNumber();
        assertThat(n).isEqualTo(expected);
        h3.openChannel(n);
      }
      assertThatThrownBy(h3.engine::allocateChannelNumber)
          .isInstanceOf(NoFreeChannelsException.class)
          .hasMessage("all 3 channel numbers (the negotiated channel_max) are in use");

      h3.peer.expectChannelClose(2);
      h3.engine.closeChannel(2, 200, "", h3.callback());
      h3.pump();
      assertThat(h3.engine.isChannelNumberFree(2)).isTrue();
      assertThat(h3.engine.allocateChannelNumber()).isEqualTo(2);
      h3.peer.verify();
    }

    @Test
    void numbersWrapAroundAfterTheLastAllocated() {
      h3.open();
      assertThat(h3.engine.allocateChannelNumber()).isEqualTo(1);
      assertThat(h3.engine.allocateChannelNumber()).isEqualTo(2);
      h3.openChannel(3);
      assertThat(h3.engine.allocateChannelNumber()).as("3 is taken").isEqualTo(1);
    }

    @Test
    void numbersOutsideTheRangeOrInUseAreRefused() {
      h3.open();
      h3.openChannel(1);
      assertThat(h3.engine.isChannelNumberFree(0)).isFalse();
      assertThat(h3.engine.isChannelNumberFree(1)).isFalse();
      assertThat(h3.engine.isChannelNumberFree(3)).isTrue();
      assertThat(h3.engine.isChannelNumberFree(4)).isFalse();
      assertThatThrownBy(() -> h3.engine.openChannel(4, new ChannelEvents(4), RpcCallback.IGNORE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("channel number 4 is outside 1..3");
      assertThatThrownBy(() -> h3.engine.openChannel(0, new ChannelEvents(0), RpcCallback.IGNORE))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> h3.engine.openChannel(1, new ChannelEvents(1), RpcCallback.IGNORE))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("channel 1 is already in use");
      h3.peer.verify();
    }

    @Test
    void noChannelsBeforeTheConnectionIsOpen() {
      assertThatThrownBy(h3.engine::allocateChannelNumber)
          .isInstanceOf(WrongStateException.class)
          .hasMessage("connection is awaiting_start");
    }
  }

  @Test
  void updateSecretRoundTrip() {
    h.open();
    MethodExpectation<ConnectionUpdateSecret> update =
        h.peer.expect(0, ConnectionUpdateSecret.class).respond(ConnectionUpdateSecretOk.INSTANCE);
    Callback cb = h.callback();
    h.engine.updateSecret(utf8("new-token"), "token refresh", cb);
    h.pump();

    h.peer.verify();
    assertThat(update.receivedMethod())
        .isEqualTo(new ConnectionUpdateSecret(LongString.of("new-token"), "token refresh"));
    assertThat(cb.reply).isSameAs(ConnectionUpdateSecretOk.INSTANCE);
    h.assertEveryCallbackCalledOnce();
  }

  @Test
  void updateSecretBeforeOpenIsRefused() {
    assertThatThrownBy(() -> h.engine.updateSecret(new byte[1], "x", RpcCallback.IGNORE))
        .isInstanceOf(WrongStateException.class);
  }

  private static RpcCallback recording(List<String> order, String name) {
    return new RpcCallback() {
      @Override
      public void onReply(Method reply, BasicProperties properties, byte[] body) {
        order.add(name + ": " + reply);
      }

      @Override
      public void onFailure(AmqpException failure) {
        order.add(name + " failed: " + failure);
      }
    };
  }
}
