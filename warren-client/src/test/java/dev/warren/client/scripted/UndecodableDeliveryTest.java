/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.scripted;

import static dev.warren.client.scripted.ScriptedBroker.expectConsume;
import static dev.warren.client.scripted.ScriptedBroker.handshake;
import static dev.warren.client.scripted.ScriptedBroker.sendDelivery;
import static dev.warren.client.scripted.ScriptedBroker.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.Delivery;
import dev.warren.client.RecoveryPolicy;
import dev.warren.client.scripted.ScriptedBroker.Events;
import dev.warren.errors.AmqpException;
import dev.warren.errors.AmqpReplyCode;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.Initiator;
import dev.warren.protocol.method.BasicAck;
import dev.warren.protocol.method.BasicDeliver;
import dev.warren.testkit.ScriptedPeer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A delivery whose headers hold a table Warren cannot decode (a field type letter no one defines)
 * closes the connection with 502 SYNTAX_ERROR, as the spec requires, and loses or hides nothing:
 * the cause, naming the key and the letter, reaches the recovery listener, the close listeners and
 * the consumer's shutdown signal; the message is never acknowledged (the broker gives it again);
 * with recovery the channel and its consumer come back once and receive the next delivery.
 */
@Timeout(60)
class UndecodableDeliveryTest {
  private static final String KEY = "x-odd";
  private static final String MESSAGE_PART = "'Z'";

  private final ScriptedBroker broker = new ScriptedBroker();

  @AfterEach
  void tearDown() {
    broker.close();
  }

  /**
   * basic.deliver with tag 1 for {@code tag}, then a content header whose headers table holds
   * {@code KEY} with the undefined letter 'Z', then a body.
   */
  private static void sendUndecodableDelivery(ScriptedPeer p, String tag) {
    p.send(1, new BasicDeliver(tag, 1, false, "", "q"));
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    byte[] key = KEY.getBytes(StandardCharsets.US_ASCII);
    table.write(key.length);
    table.writeBytes(key);
    table.write('Z');
    table.writeBytes(new byte[] {0, 0, 0, 1});
    byte[] t = table.toByteArray();
    ByteBuffer payload = ByteBuffer.allocate(2 + 2 + 8 + 2 + 4 + t.length);
    payload.putShort((short) 60).putShort((short) 0).putLong(ScriptedBroker.BODY.length);
    payload.putShort((short) 0x2000); // property flags: headers only
    payload.putInt(t.length).put(t);
    byte[] header = payload.array();
    ByteBuffer frame = ByteBuffer.allocate(7 + header.length + 1);
    frame.put((byte) 2).putShort((short) 1).putInt(header.length).put(header).put((byte) 0xce);
    p.sendRaw(frame.array());
    p.sendContentBody(1, ScriptedBroker.BODY);
  }

  /** A consumer that acks what it gets and records its shutdown. */
  private static final class AckingConsumer implements dev.warren.client.Consumer {
    final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    final List<AmqpException> shutdowns = new CopyOnWriteArrayList<>();
    volatile Channel channel;

    @Override
    public void handleDelivery(Delivery d) {
      channel.basicAck(d.deliveryTag());
      deliveries.add(d);
    }

    @Override
    public void handleShutdown(String consumerTag, AmqpException cause) {
      shutdowns.add(cause);
    }

    Delivery next() throws InterruptedException {
      Delivery d = deliveries.poll(ScriptedBroker.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(d).as("a delivery within %s", ScriptedBroker.WAIT).isNotNull();
      return d;
    }
  }

  private static void assertNamesKeyAndLetter(AmqpException e) {
    assertThat(e.replyCode()).isEqualTo(502);
    assertThat(e.code()).isEqualTo(AmqpReplyCode.SYNTAX_ERROR);
    assertThat(e.getMessage()).contains(KEY).contains(MESSAGE_PART);
  }

  @Test
  void withoutRecoveryTheCauseReachesTheCloseListenersAndTheConsumerAndNothingIsAcked() {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectConsume(p, 1, "q", "c1");
          sendUndecodableDelivery(p, "c1");
          p.expectClose(502);
        });
    Connection conn =
        broker.connect(broker.parameters().recovery(RecoveryPolicy.disabled()).build());
    List<ConnectionClosedException> connectionCauses = new CopyOnWriteArrayList<>();
    List<ChannelClosedException> channelCauses = new CopyOnWriteArrayList<>();
    conn.addCloseListener(connectionCauses::add);
    Channel ch = conn.openChannel();
    ch.addCloseListener(channelCauses::add);
    AckingConsumer consumer = new AckingConsumer();
    consumer.channel = ch;
    ch.basicConsume(ConsumeSpec.queue("q").tag("c1"), consumer);

    waitUntil(
        "the close listeners and the consumer's shutdown",
        () ->
            !connectionCauses.isEmpty()
                && !channelCauses.isEmpty()
                && !consumer.shutdowns.isEmpty());
    broker.verify();

    ConnectionClosedException closed = connectionCauses.get(0);
    assertNamesKeyAndLetter(closed);
    assertThat(closed.initiator()).isEqualTo(Initiator.LIBRARY);
    assertThat(closed.isHardError()).isTrue();
    assertNamesKeyAndLetter(channelCauses.get(0));
    assertNamesKeyAndLetter(consumer.shutdowns.get(0));
    assertThat(consumer.shutdowns).hasSize(1);
    assertThat(consumer.deliveries).as("the undecodable delivery is not handed out").isEmpty();
    assertThat(broker.peer(0).received(BasicAck.class)).as("nothing acked").isEmpty();
    assertThat(conn.state()).isEqualTo(Connection.State.CLOSED);
  }

  @Test
  void withRecoveryTheChannelAndConsumerComeBackOnceAndTheMessageIsNotAcked() throws Exception {
    broker.script(
        0,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectConsume(p, 1, "q", "c1");
          sendUndecodableDelivery(p, "c1");
          p.expectClose(502);
        });
    broker.script(
        1,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          expectConsume(p, 1, "q", "c1");
          // the broker gives the unacknowledged message again, now decodable
          sendDelivery(p, 1, "c1", 1, true);
          p.expect(1, BasicAck.class)
              .matching("tag 1, single", a -> a.deliveryTag() == 1 && !a.multiple());
          p.expectClose();
        });
    Connection conn = broker.connect();
    Events events = new Events();
    conn.addRecoveryListener(events);
    Channel ch = conn.openChannel();
    AckingConsumer consumer = new AckingConsumer();
    consumer.channel = ch;
    ch.basicConsume(ConsumeSpec.queue("q").tag("c1"), consumer);

    Delivery again = consumer.next();
    events.await("recovered");
    assertThat(again.redelivered()).isTrue();
    assertThat(again.consumerTag()).isEqualTo("c1");
    broker.verify(0);
    assertThat(broker.peer(0).received(BasicAck.class)).as("nothing acked before").isEmpty();

    conn.close();
    broker.verify();
    assertThat(events.lost).hasSize(1);
    assertNamesKeyAndLetter(events.lost.get(0));
    assertThat(events.list()).containsOnlyOnce("recovered").doesNotContain("recoveryFailed");
    assertThat(events.list()).noneMatch(e -> e.startsWith("entityRecoveryFailed"));
    assertThat(consumer.shutdowns)
        .as("recovered, not shut down, until the application closed the connection")
        .allSatisfy(s -> assertThat(s).isInstanceOf(ChannelClosedException.class))
        .allSatisfy(
            s ->
                assertThat(((ChannelClosedException) s).initiator())
                    .isNotEqualTo(Initiator.BROKER));
    assertThat(consumer.deliveries).isEmpty();
  }
}
