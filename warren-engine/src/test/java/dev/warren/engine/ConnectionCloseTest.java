/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.engine.EngineHarness.Callback;
import dev.warren.engine.EngineHarness.ChannelEvents;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.ConnectionLostException;
import dev.warren.errors.Initiator;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.method.BasicAck;
import dev.warren.protocol.method.BasicDeliver;
import dev.warren.protocol.method.ChannelClose;
import dev.warren.protocol.method.ChannelCloseOk;
import dev.warren.protocol.method.ConnectionClose;
import dev.warren.protocol.method.ConnectionCloseOk;
import dev.warren.protocol.method.ConnectionStartOk;
import dev.warren.protocol.method.ConnectionUpdateSecret;
import dev.warren.protocol.method.QueueDeclare;
import dev.warren.protocol.method.QueueDeclareOk;
import dev.warren.testkit.MethodExpectation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Closing the connection, from either side, completes or fails everything pending, once. */
@Timeout(10)
class ConnectionCloseTest {
  static final QueueDeclare DECLARE = InboundErrorsTest.DECLARE;
  static final BasicDeliver DELIVER = InboundErrorsTest.DELIVER;

  @Test
  void clientCloseCompletesOnCloseOkAndFailsEverythingPending() {
    EngineHarness h = new EngineHarness();
    h.open();
    ChannelEvents one = h.openChannel(1);
    ChannelEvents two = h.openChannel(2);
    h.peer.expect(1, QueueDeclare.class);
    h.peer.expect(1, QueueDeclare.class);
    h.peer.expect(2, QueueDeclare.class);
    h.peer.expect(0, ConnectionUpdateSecret.class);
    h.peer.expect(2, ChannelClose.class);
    Callback a = h.rpc(1, DECLARE);
    Callback b = h.rpc(1, DECLARE);
    Callback c = h.rpc(2, DECLARE);
    Callback secret = h.callback();
    h.engine.updateSecret(new byte[] {1}, "refresh", secret);
    Callback closeTwo = h.callback();
    h.engine.closeChannel(2, 200, "done", closeTwo);
    h.pump();
    assertThat(c.failure).as("closing channel 2 fails its RPC at once").isNotNull();

    MethodExpectation<ConnectionClose> close = h.peer.expect(0, ConnectionClose.class);
    Callback closed = h.callback();
    h.engine.close(200, "Goodbye", closed);
    h.pump();

    assertThat(h.engine.state()).isEqualTo(ConnectionState.CLOSING);
    assertThat(close.receivedMethod()).isEqualTo(new ConnectionClose(200, "Goodbye", 0, 0));
    assertThat(a.failure).isInstanceOf(ChannelClosedException.class);
    assertThat(b.failure).isInstanceOf(ChannelClosedException.class);
    assertThat(closeTwo.replied).as("a pending channel close completes").isTrue();
    assertThat(one.closed).singleElement().satisfies(e -> assertThat(e.replyCode()).isEqualTo(200));
    assertThat(two.closed).hasSize(1);
    assertThat(closed.calls).isZero();
    assertThat(secret.calls).as("channel 0 waits for close-ok").isZero();
    assertThat(h.engine.isTransportDone()).isFalse();

    h.peer.send(0, ConnectionCloseOk.INSTANCE);
    h.peer.expectDisconnect();
    h.pump();

    h.peer.verify();
    ConnectionClosedException cause = h.assertClosedWith(ConnectionClosedException.class);
    assertThat(cause.initiator()).isEqualTo(Initiator.CLIENT);
    assertThat(cause.replyCode()).isEqualTo(200);
    assertThat(cause.replyText()).isEqualTo("Goodbye");
    assertThat(closed.replied).isTrue();
    assertThat(secret.failure).isSameAs(cause);
    h.assertEveryCallbackCalledOnce();
  }

  /** Deliveries, acks and replies the broker sent before it saw connection.close are dropped. */
  @Test
  void framesInFlightWhileClosingAreDiscarded() {
    EngineHarness h = new EngineHarness();
    h.open();
    ChannelEvents one = h.openChannel(1);
    h.peer.expect(0, ConnectionClose.class);
    h.peer.sendContent(1, DELIVER, BasicProperties.EMPTY, new byte[] {'x'});
    h.peer.send(1, DELIVER);
    h.peer.sendContentHeader(1, 60, 1, null);
    h.peer.sendContentBody(1, new byte[] {'y'});
    h.peer.send(1, new BasicAck(1, false));
    h.peer.send(1, new QueueDeclareOk("q", 0, 0));
    h.peer.send(1, new ChannelClose(406, "PRECONDITION_FAILED", 60, 80));
    h.peer.send(0, ConnectionCloseOk.INSTANCE);
    h.peer.expectDisconnect();
    Callback closed = h.callback();
    h.engine.close(200, "bye", closed);
    h.pump();

    h.peer.verify();
    assertThat(h.peer.received(ChannelCloseOk.class))
        .as("nothing answered while closing")
        .isEmpty();
    ConnectionClosedException cause = h.assertClosedWith(ConnectionClosedException.class);
    assertThat(cause.initiator()).isEqualTo(Initiator.CLIENT);
    assertThat(closed.replied).isTrue();
    assertThat(one.deliveries).isEmpty();
    assertThat(one.confirms).isEmpty();
    assertThat(one.closed).hasSize(1);
    h.assertEveryCallbackCalledOnce();
  }

  @Test
  void brokerCloseFailsEverythingPendingOnce() {
    EngineHarness h = new EngineHarness();
    h.open();
    ChannelEvents one = h.openChannel(1);
    ChannelEvents two = h.openChannel(2);
    h.peer.expect(1, QueueDeclare.class);
    h.peer.expect(0, ConnectionUpdateSecret.class);
    Callback declare = h.rpc(1, DECLARE);
    Callback secret = h.callback();
    h.engine.updateSecret(new byte[] {1}, "refresh", secret);
    h.pump();

    h.peer.send(0, new ConnectionClose(320, "CONNECTION_FORCED - shutdown", 0, 0));
    h.peer.expect(0, ConnectionCloseOk.class);
    h.peer.expectDisconnect();
    h.pump();

    h.peer.verify();
    ConnectionClosedException cause = h.assertClosedWith(ConnectionClosedException.class);
    assertThat(cause.initiator()).isEqualTo(Initiator.BROKER);
    assertThat(declare.failure)
        .isInstanceOfSatisfying(
            ChannelClosedException.class,
            e -> {
              assertThat(e.channelNumber()).isEqualTo(1);
              assertThat(e.replyCode()).isEqualTo(320);
              assertThat(e.initiator()).isEqualTo(Initiator.LIBRARY);
            })
        .hasCause(cause);
    assertThat(secret.failure).isSameAs(cause);
    assertThat(one.closed).hasSize(1);
    assertThat(two.closed).hasSize(1);
    h.assertEveryCallbackCalledOnce();

    assertThatThrownBy(() -> h.engine.rpc(1, DECLARE, RpcCallback.IGNORE))
        .isInstanceOf(WrongStateException.class)
        .hasMessage("connection is closed")
        .hasCause(cause);
  }

  @Test
  void bothSidesCloseAtOnce() {
    EngineHarness h = new EngineHarness();
    h.open();
    h.peer.expect(0, ConnectionClose.class);
    h.peer.send(0, new ConnectionClose(320, "CONNECTION_FORCED - shutdown", 0, 0));
    h.peer.expect(0, ConnectionCloseOk.class);
    Callback closed = h.callback();
    h.engine.close(200, "bye", closed);
    h.pump();

    h.peer.verify();
    ConnectionClosedException cause = h.assertClosedWith(ConnectionClosedException.class);
    assertThat(cause.initiator()).isEqualTo(Initiator.BROKER);
    assertThat(closed.failure).isSameAs(cause);
    h.assertEveryCallbackCalledOnce();
  }

  @Test
  void closeWhileClosingAndAfterClosedCompletesEveryCaller() {
    EngineHarness h = new EngineHarness();
    h.open();
    h.peer.expectClose();
    Callback first = h.callback();
    Callback second = h.callback();
    h.engine.close(200, "bye", first);
    h.engine.close(200, "bye again", second);
    assertThat(h.peer.received(ConnectionClose.class)).isEmpty();
    h.pump();

    h.peer.verify();
    assertThat(h.peer.received(ConnectionClose.class)).hasSize(1);
    Callback third = h.callback();
    h.engine.close(200, "and again", third);
    assertThat(first.replied && second.replied && third.replied).isTrue();
    h.assertEveryCallbackCalledOnce();
    assertThat(h.listener.closed).hasSize(1);
  }

  @Test
  void closeDuringTheHandshakeDropsTheTransport() {
    EngineHarness h = new EngineHarness();
    h.peer.expectProtocolHeader().respond(HandshakeTest.start("PLAIN"));
    h.peer.expect(0, ConnectionStartOk.class);
    h.peer.expectDisconnect();
    h.start();
    Callback closed = h.callback();
    h.engine.close(200, "changed my mind", closed);
    h.pump();

    h.peer.verify();
    ConnectionClosedException cause = h.assertClosedWith(ConnectionClosedException.class);
    assertThat(cause.initiator()).isEqualTo(Initiator.CLIENT);
    assertThat(closed.replied).isTrue();
  }

  @Test
  void theSocketDroppingWhileClosingCompletesTheClose() {
    EngineHarness h = new EngineHarness();
    h.open();
    h.peer.expect(0, ConnectionClose.class).thenDisconnect();
    Callback closed = h.callback();
    h.engine.close(200, "bye", closed);
    h.pump();

    h.peer.verify();
    ConnectionClosedException cause = h.assertClosedWith(ConnectionClosedException.class);
    assertThat(cause.initiator()).isEqualTo(Initiator.CLIENT);
    assertThat(closed.replied).isTrue();
  }

  @Test
  void theSocketDroppingWhenOpenFailsEverything() {
    EngineHarness h = new EngineHarness();
    h.open();
    ChannelEvents one = h.openChannel(1);
    h.peer.expect(1, QueueDeclare.class).thenDisconnect();
    Callback declare = h.rpc(1, DECLARE);

    h.peer.verify();
    ConnectionLostException cause = h.assertClosedWith(ConnectionLostException.class);
    assertThat(cause).hasMessageContaining("the broker closed the socket");
    assertThat(declare.failure).hasCause(cause);
    assertThat(one.closed).hasSize(1);
    h.assertEveryCallbackCalledOnce();
  }
}
