/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.ExchangeQueueIT.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warren.errors.AmqpException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.FrameTooLargeException;
import dev.warren.errors.RpcTimeoutException;
import dev.warren.protocol.BasicProperties;
import dev.warren.testkit.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Errors and limits: deadlines on every blocking call, inbound body limit. */
@Timeout(60)
class ErrorsIT {

  private static ConnectionParameters.Builder params() {
    return Broker.parameters().toBuilder().recovery(RecoveryPolicy.disabled());
  }

  @Test
  void aTinyRpcTimeoutFailsQueueDeclareWithATimeoutNamingTheMethod() throws Exception {
    try (Connection conn = Connection.open(params().rpcTimeout(Duration.ofMillis(1)).build())) {
      // channel.open itself would time out with 1 ms: open it through the async view.
      Channel ch = conn.async().openChannel().get(10, TimeUnit.SECONDS).blocking();
      List<RpcTimeoutException> timeouts = new ArrayList<>();
      for (int i = 0; i < 20 && timeouts.isEmpty(); i++) {
        try {
          ch.queueDeclare(QueueSpec.serverNamed().exclusive());
        } catch (RpcTimeoutException e) {
          timeouts.add(e);
        }
      }
      assertThat(timeouts).as("at least one queue.declare timed out after 1 ms").isNotEmpty();
      RpcTimeoutException e = timeouts.get(0);
      assertThat(e.method()).startsWith("queue.declare");
      assertThat(e.getMessage()).contains("queue.declare", "1 ms");
      // The late reply is matched to the timed-out call; the channel goes on working.
      ItSupport.sleep(Duration.ofMillis(200));
      assertThat(
              ch.async()
                  .queueDeclare(QueueSpec.serverNamed().exclusive())
                  .get(10, TimeUnit.SECONDS)
                  .queue())
          .startsWith("amq.gen-");
      assertThat(ch.isOpen()).isTrue();
    }
  }

  @Test
  void everyBlockingCallHasADeadlineWhenTheBrokerGoesSilent() throws Exception {
    Duration rpc = Duration.ofMillis(500);
    try (FaultProxy proxy = new FaultProxy("localhost", Broker.parameters().port())) {
      ConnectionParameters p =
          params().host("localhost").port(proxy.port()).rpcTimeout(rpc).build();
      Connection conn = Connection.open(p);
      try {
        Channel ch = conn.openChannel();
        Channel confirmCh = conn.openChannel();
        confirmCh.confirmSelect();
        String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
        proxy.freeze();

        expectTimeout(() -> ch.queueDeclare(QueueSpec.serverNamed().exclusive()), "queue.declare");
        expectTimeout(
            () -> ch.exchangeDeclare(ExchangeSpec.fanout("it-never")), "exchange.declare");
        expectTimeout(() -> ch.basicGet(q, AckMode.AUTO), "basic.get");
        expectTimeout(() -> ch.basicQos(Qos.prefetch(1)), "basic.qos");
        expectTimeout(() -> ch.queuePurge(q), "queue.purge");
        expectTimeout(() -> ch.basicConsume(ConsumeSpec.queue(q), d -> {}), "basic.consume");
        expectTimeout(conn::openChannel, "channel.open");
        expectTimeout(
            () ->
                confirmCh.publishConfirmed(
                    "", q, BasicProperties.EMPTY, bytes("x"), PublishOptions.defaults()),
            "basic.ack");
        confirmCh.basicPublish("", q, BasicProperties.EMPTY, bytes("y"));
        long start = System.nanoTime();
        RpcTimeoutException waited =
            catchThrowableOfType(
                RpcTimeoutException.class, () -> confirmCh.waitForConfirms(Duration.ofMillis(300)));
        assertThat(waited).isNotNull();
        assertThat(waited.method()).contains("basic.ack");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3000);

        // Once the broker answers again, the late replies line up with the calls that gave up,
        // and new calls get their own replies.
        proxy.thaw();
        ItSupport.sleep(Duration.ofMillis(300));
        Channel after = conn.openChannel();
        assertThat(after.queueDeclare(QueueSpec.named(q).passive()).queue()).isEqualTo(q);
        assertThat(conn.isOpen()).isTrue();

        // Closing while the broker is silent gives up after the close timeout, never hangs.
        proxy.freeze();
        long closeStart = System.nanoTime();
        conn.close(200, "bye", Duration.ofMillis(500));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeStart)).isLessThan(3000);
        assertThat(conn.state()).isEqualTo(Connection.State.CLOSED);
      } finally {
        proxy.thaw();
        conn.close();
      }
    }
  }

  private static void expectTimeout(Runnable call, String method) {
    long start = System.nanoTime();
    RpcTimeoutException e = catchThrowableOfType(RpcTimeoutException.class, call::run);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(e).as("%s times out", method).isNotNull();
    assertThat(e.method()).as("the method named").contains(method);
    assertThat(e.getMessage()).contains(method);
    assertThat(ms).as("%s gave up after about the RPC timeout", method).isBetween(400L, 3000L);
  }

  @Test
  void aBodyOverTheInboundLimitClosesTheChannelOnlyWithAClearError() throws Exception {
    try (Connection limited = Connection.open(params().maxInboundBodySize(1024).build());
        Connection publisher = Broker.connect()) {
      Channel pub = publisher.openChannel();
      String q = pub.queueDeclare(QueueSpec.named(Broker.unique("it-q-big"))).queue();
      pub.basicPublish("", q, BasicProperties.EMPTY, new byte[2048]);
      pub.basicPublish("", q, BasicProperties.EMPTY, new byte[100]);

      Channel ch = limited.openChannel();
      Channel other = limited.openChannel();
      LinkedBlockingQueue<ChannelClosedException> heard = new LinkedBlockingQueue<>();
      ch.addCloseListener(heard::add);
      ItSupport.waitUntil(
          Duration.ofSeconds(5),
          "2 messages",
          () -> other.queueDeclare(QueueSpec.named(q).passive()).messageCount() == 2);

      ChannelClosedException e =
          catchThrowableOfType(ChannelClosedException.class, () -> ch.basicGet(q, AckMode.MANUAL));
      assertThat(e).isNotNull();
      assertThat(e.replyCode()).isEqualTo(311);
      assertThat(e.getMessage()).contains("2048", "1024");
      assertThat(e.getCause()).isInstanceOf(FrameTooLargeException.class);
      assertThat(((FrameTooLargeException) e.getCause()).size()).isEqualTo(2048);
      assertThat(((FrameTooLargeException) e.getCause()).limit()).isEqualTo(1024);
      assertThat(heard.poll(5, TimeUnit.SECONDS)).isSameAs(e);
      assertThat(ch.isOpen()).isFalse();

      // The connection and its other channels go on; the refused message went back to the queue.
      assertThat(limited.isOpen()).isTrue();
      ItSupport.waitUntil(
          Duration.ofSeconds(5),
          "the big message to be requeued",
          () -> other.queueDeclare(QueueSpec.named(q).passive()).messageCount() == 2);
      Channel third = limited.openChannel();
      third.basicPublish("", q, BasicProperties.EMPTY, new byte[10]);

      // A consumer hears it as a shutdown with the same kind of error.
      CountDownLatch shut = new CountDownLatch(1);
      AtomicReference<AmqpException> cause = new AtomicReference<>();
      other.basicConsume(
          ConsumeSpec.queue(q),
          new Consumer() {
            @Override
            public void handleDelivery(Delivery delivery) {}

            @Override
            public void handleShutdown(String consumerTag, AmqpException c) {
              cause.set(c);
              shut.countDown();
            }
          });
      assertThat(shut.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(cause.get().replyCode()).isEqualTo(311);
      assertThat(cause.get().getCause()).isInstanceOf(FrameTooLargeException.class);
      assertThat(limited.isOpen()).isTrue();
      assertThat(third.queueDeclare(QueueSpec.named(q).passive()).queue()).isEqualTo(q);
      pub.queueDelete(q);
    }
  }

  @Test
  void valuesThatCannotBeEncodedFailTheCallAndCorruptNothing() throws Exception {
    try (Connection conn = Connection.open(params().build())) {
      Channel ch = conn.openChannel();
      String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
      String tooLong = "x".repeat(300);
      BasicProperties badProps = BasicProperties.builder().contentType(tooLong).build();
      // Blocking publish: the caller hears it.
      assertThatThrownBy(() -> ch.basicPublish("", q, badProps, bytes("x")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("content-type");
      assertThatThrownBy(() -> ch.basicPublish("", tooLong, BasicProperties.EMPTY, bytes("x")))
          .isInstanceOf(IllegalArgumentException.class);
      // Asynchronous publishes: the futures fail.
      assertThat(ch.async().basicPublish("", q, badProps, bytes("x")))
          .failsWithin(Duration.ofSeconds(5))
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(IllegalArgumentException.class);
      Channel confirming = conn.openChannel();
      confirming.confirmSelect();
      assertThat(
              confirming
                  .async()
                  .publishConfirmed("", q, badProps, bytes("x"), PublishOptions.defaults()))
          .failsWithin(Duration.ofSeconds(5))
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(IllegalArgumentException.class);
      // A synchronous method with an unencodable argument: fails, and leaves no reply expected.
      assertThatThrownBy(() -> ch.basicConsume(ConsumeSpec.queue(q).tag(tooLong), d -> {}))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> QueueSpec.named(tooLong + "é".repeat(100)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Qos.prefetch(70000)).isInstanceOf(IllegalArgumentException.class);

      // Nothing half-written reached the broker: the connection and channels are unharmed, and
      // replies still match their calls.
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("fine"));
      assertThat(ExchangeQueueIT.awaitGet(ch, q).delivery().bodyAsString()).isEqualTo("fine");
      assertThat(ch.queueDeclare(QueueSpec.named(q).passive()).queue()).isEqualTo(q);
      confirming.publishConfirmed(
          "", q, BasicProperties.EMPTY, bytes("ok"), PublishOptions.defaults());
      assertThat(confirming.nextPublishSeqNo()).isEqualTo(2);
      assertThat(ch.isOpen()).isTrue();
      assertThat(confirming.isOpen()).isTrue();
      assertThat(conn.isOpen()).isTrue();
    }
  }
}
