/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.AsyncSupport.await;
import static dev.warren.client.AsyncSupport.failure;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.errors.AmqpException;
import dev.warren.errors.AuthenticationException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectFailedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.Initiator;
import dev.warren.errors.NotFoundException;
import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * pika's life-cycle callbacks in Warren's asynchronous API: on open, on open error, on close with
 * the reason, channel close, blocked / unblocked, returns, confirms and consumer cancellation, each
 * heard on a callback thread.
 */
@Timeout(90)
class AsyncLifecycleIT {

  @Test
  void openCompletesTheFutureWithAnOpenConnection() {
    AsyncSupport.Threads threads = new AsyncSupport.Threads();
    CompletableFuture<AsyncConnection> opening = AsyncConnection.open(AsyncSupport.params());
    CompletableFuture<AsyncConnection> onOpen =
        opening.thenApply(
            c -> {
              threads.record("on open");
              return c;
            });
    AsyncConnection conn = await(onOpen);
    try {
      assertThat(conn.blocking().isOpen()).isTrue();
      assertThat(conn.closeFuture()).isNotDone();
      threads.assertNoneOnIoThread();
    } finally {
      await(conn.close());
    }
  }

  @Test
  void openByUriWorksAndABadUriFailsTheFutureInsteadOfThrowing() {
    AsyncConnection conn = await(AsyncConnection.open(Broker.url()));
    await(conn.close());
    Throwable bad = failure(AsyncConnection.open("http://nowhere"));
    assertThat(bad).isInstanceOf(InvalidUriException.class);
  }

  @Test
  void aWrongPasswordFailsTheOpenFutureWithAuthenticationException() {
    ConnectionParameters p =
        AsyncSupport.params().toBuilder()
            .credentials(PlainCredentials.of("guest", "not-the-password"))
            .build();
    AsyncSupport.Threads threads = new AsyncSupport.Threads();
    CompletableFuture<AsyncConnection> onOpenError =
        AsyncConnection.open(p).whenComplete((c, e) -> threads.record("on open error"));
    Throwable e = failure(onOpenError);
    assertThat(e).isInstanceOf(AuthenticationException.class);
    assertThat(((AmqpException) e).replyCode()).isEqualTo(403);
    threads.assertNoneOnIoThread();
  }

  @Test
  void anUnreachablePortFailsTheOpenFutureWithConnectFailedException() {
    ConnectionParameters p = AsyncSupport.params().toBuilder().port(1).build();
    Throwable e = failure(AsyncConnection.open(p));
    assertThat(e).isInstanceOf(ConnectFailedException.class);
    assertThat(e.getMessage()).contains("refused");
  }

  @Test
  void closingByTheApplicationCompletesCloseFutureAndListenersWithTheReason() {
    AsyncConnection conn = AsyncSupport.connect();
    AsyncSupport.Threads threads = new AsyncSupport.Threads();
    CompletableFuture<ConnectionClosedException> listened = new CompletableFuture<>();
    conn.addCloseListener(
        cause -> {
          threads.record("connection close listener");
          listened.complete(cause);
        });
    CompletableFuture<ConnectionClosedException> onClose =
        conn.closeFuture()
            .thenApply(
                cause -> {
                  threads.record("closeFuture dependent");
                  return cause;
                });
    AsyncChannel ch = await(conn.openChannel());
    CompletableFuture<ChannelClosedException> channelClosed = new CompletableFuture<>();
    ch.addCloseListener(channelClosed::complete);

    await(conn.close(200, "bye now", Duration.ofSeconds(10)));

    ConnectionClosedException cause = await(onClose);
    assertThat(cause.replyCode()).isEqualTo(200);
    assertThat(cause.replyText()).isEqualTo("bye now");
    assertThat(cause.initiator()).isEqualTo(Initiator.CLIENT);
    assertThat(await(listened)).isSameAs(cause);
    ChannelClosedException chCause = await(channelClosed);
    assertThat(chCause.initiator()).isEqualTo(Initiator.LIBRARY);
    assertThat(ch.isOpen()).isFalse();
    // A listener added after the close hears it at once.
    CompletableFuture<ConnectionClosedException> late = new CompletableFuture<>();
    conn.addCloseListener(late::complete);
    assertThat(await(late)).isSameAs(cause);
    threads.assertNoneOnIoThread();
  }

  @Test
  void closingByTheBrokerReportsItsReasonToCloseFutureListenersChannelsAndConsumers() {
    String name = Broker.unique("async-broker-close");
    AsyncConnection conn = AsyncSupport.connect(AsyncSupport.params(name));
    CompletableFuture<ConnectionClosedException> listened = new CompletableFuture<>();
    conn.addCloseListener(listened::complete);
    AsyncChannel ch = await(conn.openChannel());
    CompletableFuture<ChannelClosedException> channelClosed = new CompletableFuture<>();
    ch.addCloseListener(channelClosed::complete);
    String q = await(ch.queueDeclare(QueueSpec.serverNamed().exclusive())).queue();
    CompletableFuture<AmqpException> shutdown = new CompletableFuture<>();
    await(
        ch.basicConsume(
            ConsumeSpec.queue(q),
            new Consumer() {
              @Override
              public void handleDelivery(Delivery d) {}

              @Override
              public void handleShutdown(String tag, AmqpException cause) {
                shutdown.complete(cause);
              }
            }));

    ItSupport.ctl("close_connection", ItSupport.connectionPid(name), "test asked to close");

    ConnectionClosedException cause = await(conn.closeFuture());
    assertThat(cause.initiator()).isEqualTo(Initiator.BROKER);
    assertThat(cause.replyCode()).isEqualTo(320);
    assertThat(cause.replyText()).contains("test asked to close");
    assertThat(await(listened)).isSameAs(cause);
    assertThat(await(channelClosed).getCause()).isSameAs(cause);
    assertThat(await(shutdown)).isInstanceOf(ChannelClosedException.class);
    assertThat(conn.blocking().isOpen()).isFalse();
  }

  @Test
  void channelCloseListenersHearTheApplicationsAndTheBrokersReasons() {
    AsyncConnection conn = AsyncSupport.connect();
    try {
      AsyncChannel byApp = await(conn.openChannel());
      CompletableFuture<ChannelClosedException> appReason = new CompletableFuture<>();
      byApp.addCloseListener(appReason::complete);
      await(byApp.close(200, "finished"));
      ChannelClosedException a = await(appReason);
      assertThat(a.initiator()).isEqualTo(Initiator.CLIENT);
      assertThat(a.replyText()).isEqualTo("finished");

      AsyncChannel byBroker = await(conn.openChannel());
      CompletableFuture<ChannelClosedException> brokerReason = new CompletableFuture<>();
      byBroker.addCloseListener(brokerReason::complete);
      failure(byBroker.exchangeDeclare(ExchangeSpec.direct(Broker.unique("nope")).passive()));
      ChannelClosedException b = await(brokerReason);
      assertThat(b).isInstanceOf(NotFoundException.class);
      assertThat(b.initiator()).isEqualTo(Initiator.BROKER);
      assertThat(b.channelNumber()).isEqualTo(byBroker.number());
    } finally {
      await(conn.close());
    }
  }

  @Test
  void blockedAndUnblockedListenersHearTheMemoryAlarm() throws Exception {
    AsyncConnection conn = AsyncSupport.connect();
    try {
      AsyncSupport.Threads threads = new AsyncSupport.Threads();
      CompletableFuture<String> blocked = new CompletableFuture<>();
      CompletableFuture<Void> unblocked = new CompletableFuture<>();
      conn.addBlockedListener(
          new BlockedListener() {
            @Override
            public void blocked(String reason) {
              threads.record("blocked listener");
              blocked.complete(reason);
            }

            @Override
            public void unblocked() {
              threads.record("unblocked listener");
              unblocked.complete(null);
            }
          });
      // RabbitMQ blocks (and tells) connections that publish: this one does, before and during.
      AsyncChannel ch = await(conn.openChannel());
      String q = await(ch.queueDeclare(QueueSpec.serverNamed().exclusive())).queue();
      await(ch.basicPublish("", q, BasicProperties.EMPTY, new byte[] {1}));
      AsyncSupport.withMemoryAlarm(
          () -> {
            ItSupport.sleep(Duration.ofMillis(500));
            await(ch.basicPublish("", q, BasicProperties.EMPTY, new byte[] {2}));
            assertThat(await(blocked)).containsIgnoringCase("memory");
            assertThat(conn.blocking().isBlocked()).isTrue();
            assertThat(unblocked).isNotDone();
          });
      // Unblocked comes when the alarm is off; allow for another module's run holding it too.
      await(unblocked, Duration.ofSeconds(60));
      assertThat(conn.blocking().isBlocked()).isFalse();
      threads.assertNoneOnIoThread();
    } finally {
      await(conn.close());
    }
  }

  @Test
  void returnListenersHearUnroutableMandatoryMessages() {
    AsyncConnection conn = AsyncSupport.connect();
    try {
      AsyncChannel ch = await(conn.openChannel());
      CompletableFuture<ReturnedMessage> returned = new CompletableFuture<>();
      ch.addReturnListener(returned::complete);
      String nowhere = Broker.unique("no-such-queue");
      await(
          ch.basicPublish(
              "",
              nowhere,
              BasicProperties.builder().contentType("text/plain").build(),
              "lost".getBytes(UTF_8),
              PublishOptions.defaults().mandatory()));
      ReturnedMessage r = await(returned);
      assertThat(r.replyCode()).isEqualTo(312);
      assertThat(r.replyText()).isEqualTo("NO_ROUTE");
      assertThat(r.routingKey()).isEqualTo(nowhere);
      assertThat(r.bodyAsString()).isEqualTo("lost");
      assertThat(r.properties().contentType()).isEqualTo("text/plain");
    } finally {
      await(conn.close());
    }
  }

  @Test
  void confirmListenersHearAcksAndNacks() {
    AsyncConnection conn = AsyncSupport.connect();
    try {
      AsyncChannel ch = await(conn.openChannel());
      Set<Long> acked = java.util.Collections.synchronizedSet(new TreeSet<>());
      Set<Long> nacked = java.util.Collections.synchronizedSet(new TreeSet<>());
      long[] lowest = {1};
      ch.addConfirmListener(
          new ConfirmListener() {
            @Override
            public void handleAck(long seq, boolean multiple) {
              for (long s = multiple ? lowest[0] : seq; s <= seq; s++) {
                if (!nacked.contains(s)) {
                  acked.add(s);
                }
              }
            }

            @Override
            public void handleNack(long seq, boolean multiple) {
              for (long s = multiple ? lowest[0] : seq; s <= seq; s++) {
                if (!acked.contains(s)) {
                  nacked.add(s);
                }
              }
            }
          });
      // x-max-length 1 with reject-publish: the second publish is nacked.
      String q = Broker.unique("async-max1");
      await(
          ch.queueDeclare(
              QueueSpec.named(q)
                  .exclusive()
                  .argument("x-max-length", 1)
                  .argument("x-overflow", "reject-publish")));
      await(ch.confirmSelect());
      assertThat(ch.nextPublishSeqNo()).isEqualTo(1);
      await(ch.basicPublish("", q, BasicProperties.EMPTY, new byte[] {1}));
      await(ch.waitForConfirms());
      await(ch.basicPublish("", q, BasicProperties.EMPTY, new byte[] {2}));
      ItSupport.waitUntil(AsyncSupport.WAIT, "the nack of publish 2", () -> nacked.contains(2L));
      assertThat(acked).containsExactly(1L);
      assertThat(nacked).containsExactly(2L);
      assertThat(ch.nextPublishSeqNo()).isEqualTo(3);
    } finally {
      await(conn.close());
    }
  }

  @Test
  void consumerCancelCallbacksHearTheBrokersAndTheApplicationsCancel() {
    AsyncConnection conn = AsyncSupport.connect();
    try {
      AsyncChannel ch = await(conn.openChannel());
      AsyncChannel other = await(conn.openChannel());
      String q1 = await(ch.queueDeclare(QueueSpec.named(Broker.unique("async-cancel")))).queue();
      String q2 = await(ch.queueDeclare(QueueSpec.serverNamed().exclusive())).queue();
      List<String> events = new CopyOnWriteArrayList<>();
      CompletableFuture<String> brokerCancel = new CompletableFuture<>();
      CompletableFuture<String> appCancel = new CompletableFuture<>();
      Consumer c =
          new Consumer() {
            @Override
            public void handleDelivery(Delivery d) {}

            @Override
            public void handleConsumeOk(String tag) {
              events.add("consume-ok " + tag);
            }

            @Override
            public void handleCancel(String tag) {
              events.add("cancel " + tag);
              brokerCancel.complete(tag);
            }

            @Override
            public void handleCancelOk(String tag) {
              events.add("cancel-ok " + tag);
              appCancel.complete(tag);
            }
          };
      String t1 = await(ch.basicConsume(ConsumeSpec.queue(q1).tag("t1"), c));
      String t2 = await(ch.basicConsume(ConsumeSpec.queue(q2).tag("t2"), c));
      await(other.queueDelete(q1));
      assertThat(await(brokerCancel)).isEqualTo(t1);
      await(ch.basicCancel(t2));
      assertThat(await(appCancel)).isEqualTo(t2);
      assertThat(events)
          .containsExactly("consume-ok t1", "consume-ok t2", "cancel t1", "cancel-ok t2");
      assertThat(ch.isOpen()).isTrue();
    } finally {
      await(conn.close());
    }
  }
}
