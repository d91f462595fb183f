/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.AsyncSupport.await;
import static dev.warren.client.AsyncSupport.failure;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.Initiator;
import dev.warren.errors.NotFoundException;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every asynchronous operation against the real broker, chained with {@code thenCompose}: no
 * blocking call between the steps, the test thread only waits for the end of each chain.
 */
@Timeout(60)
class AsyncOperationsIT {
  private AsyncConnection conn;
  private final AsyncSupport.Threads threads = new AsyncSupport.Threads();

  @BeforeEach
  void open() {
    conn = AsyncSupport.connect();
  }

  @AfterEach
  void close() {
    if (conn != null) {
      await(conn.close());
    }
  }

  private static byte[] text(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void declareBindPublishConfirmGetConsumeCancelPurgeDeleteAndClose() {
    String x = Broker.unique("async-x");
    String x2 = Broker.unique("async-x2");
    String q = Broker.unique("async-q");
    CompletableFuture<Delivery> consumed = new CompletableFuture<>();
    CompletableFuture<String> cancelOk = new CompletableFuture<>();
    List<String> steps = new CopyOnWriteArrayList<>();
    Consumer consumer =
        new Consumer() {
          @Override
          public void handleDelivery(Delivery d) {
            threads.record("delivery");
            consumed.complete(d);
          }

          @Override
          public void handleCancelOk(String tag) {
            cancelOk.complete(tag);
          }
        };
    AsyncChannel[] channel = new AsyncChannel[1];
    String[] tag = new String[1];

    CompletableFuture<Long> chain =
        conn.openChannel()
            .thenCompose(
                ch -> {
                  threads.record("openChannel");
                  channel[0] = ch;
                  return ch.exchangeDeclare(ExchangeSpec.direct(x).autoDelete());
                })
            .thenCompose(v -> channel[0].exchangeDeclare(ExchangeSpec.fanout(x2).autoDelete()))
            .thenCompose(v -> channel[0].queueDeclare(QueueSpec.named(q).exclusive()))
            .thenCompose(
                ok -> {
                  threads.record("queueDeclare");
                  assertThat(ok.queue()).isEqualTo(q);
                  assertThat(ok.messageCount()).isZero();
                  return channel[0].queueBind(q, x, "k");
                })
            .thenCompose(v -> channel[0].exchangeBind(Binding.exchange(x2).to(x).withKey("k")))
            .thenCompose(v -> channel[0].exchangeUnbind(Binding.exchange(x2).to(x).withKey("k")))
            .thenCompose(v -> channel[0].basicQos(Qos.prefetch(10)))
            .thenCompose(v -> channel[0].flow(FlowState.ACTIVE))
            .thenCompose(
                state -> {
                  assertThat(state).isEqualTo(FlowState.ACTIVE);
                  return channel[0].confirmSelect();
                })
            .thenCompose(
                v ->
                    channel[0].publishConfirmed(
                        x, "k", BasicProperties.EMPTY, text("one"), PublishOptions.defaults()))
            .thenCompose(v -> channel[0].basicGet(q, AckMode.MANUAL))
            .thenCompose(
                got -> {
                  steps.add("get");
                  assertThat(got).isPresent();
                  assertThat(got.get().delivery().bodyAsString()).isEqualTo("one");
                  return channel[0].basicAck(got.get().delivery().deliveryTag());
                })
            .thenCompose(v -> channel[0].basicGet(q, AckMode.AUTO))
            .thenCompose(
                got -> {
                  assertThat(got).isEmpty();
                  CompletableFuture<Void> p1 =
                      channel[0].basicPublish(x, "k", BasicProperties.EMPTY, text("two"));
                  CompletableFuture<Void> p2 =
                      channel[0].basicPublish(
                          x, "k", BasicProperties.EMPTY, text("three"), PublishOptions.defaults());
                  return p1.thenCompose(v -> p2).thenCompose(v -> channel[0].waitForConfirms());
                })
            .thenCompose(v -> channel[0].waitForConfirms(Duration.ofSeconds(5)))
            .thenCompose(v -> channel[0].queuePurge(q))
            .thenCompose(
                purged -> {
                  assertThat(purged).isEqualTo(2L);
                  return channel[0].basicConsume(ConsumeSpec.queue(q), consumer);
                })
            .thenCompose(
                t -> {
                  tag[0] = t;
                  return channel[0].publishConfirmed(
                      x, "k", BasicProperties.EMPTY, text("four"), PublishOptions.defaults());
                })
            .thenCompose(v -> consumed)
            .thenCompose(
                d -> {
                  assertThat(d.bodyAsString()).isEqualTo("four");
                  assertThat(d.consumerTag()).isEqualTo(tag[0]);
                  return channel[0].basicCancel(tag[0]);
                })
            .thenCompose(v -> cancelOk)
            .thenCompose(
                t -> {
                  assertThat(t).isEqualTo(tag[0]);
                  // delivery "four" is still unacknowledged: recover puts it back.
                  return channel[0].basicRecover(Requeue.REQUEUE);
                })
            .thenCompose(v -> channel[0].basicGet(q, AckMode.MANUAL))
            .thenCompose(
                got -> {
                  assertThat(got).isPresent();
                  assertThat(got.get().delivery().redelivered()).isTrue();
                  return channel[0].basicReject(
                      got.get().delivery().deliveryTag(), Requeue.REQUEUE);
                })
            .thenCompose(v -> channel[0].basicGet(q, AckMode.MANUAL))
            .thenCompose(
                got -> {
                  assertThat(got).isPresent();
                  return channel[0].basicNack(got.get().delivery().deliveryTag(), Requeue.REQUEUE);
                })
            .thenCompose(v -> channel[0].basicGet(q, AckMode.MANUAL))
            .thenCompose(
                got ->
                    channel[0].basicNackUpTo(got.get().delivery().deliveryTag(), Requeue.REQUEUE))
            .thenCompose(v -> channel[0].basicGet(q, AckMode.MANUAL))
            .thenCompose(got -> channel[0].basicAckUpTo(got.get().delivery().deliveryTag()))
            .thenCompose(v -> channel[0].basicRecoverAsync(Requeue.REQUEUE))
            .thenCompose(v -> channel[0].queueUnbind(Binding.queue(q).to(x).withKey("k")))
            .thenCompose(
                v ->
                    channel[0].publishConfirmed(
                        "", q, BasicProperties.EMPTY, text("five"), PublishOptions.defaults()))
            .thenCompose(v -> channel[0].queueDelete(q))
            .thenCompose(
                deleted -> {
                  assertThat(deleted).isEqualTo(1L);
                  return channel[0].exchangeDelete(x2);
                })
            .thenCompose(v -> channel[0].exchangeDelete(ExchangeDeletion.of(x)))
            .thenCompose(v -> channel[0].queueDelete(QueueDeletion.of(q)))
            .thenCompose(
                deletedAgain -> {
                  threads.record("thenCompose");
                  return channel[0].close().thenApply(v -> deletedAgain);
                });

    assertThat(await(chain)).isZero();
    assertThat(steps).containsExactly("get");
    assertThat(channel[0].isOpen()).isFalse();
    threads.assertNoneOnIoThread();
  }

  @Test
  void transactionsCommitAndRollBack() {
    String q = Broker.unique("async-tx");
    AsyncChannel[] channel = new AsyncChannel[1];
    CompletableFuture<Optional<GetResponse>> chain =
        conn.openChannel()
            .thenCompose(
                ch -> {
                  channel[0] = ch;
                  return ch.queueDeclare(QueueSpec.named(q).exclusive());
                })
            .thenCompose(ok -> channel[0].txSelect())
            .thenCompose(v -> channel[0].basicPublish("", q, BasicProperties.EMPTY, text("no")))
            .thenCompose(v -> channel[0].txRollback())
            .thenCompose(v -> channel[0].basicGet(q, AckMode.AUTO))
            .thenCompose(
                got -> {
                  assertThat(got).as("rolled back").isEmpty();
                  return channel[0].basicPublish("", q, BasicProperties.EMPTY, text("yes"));
                })
            .thenCompose(v -> channel[0].txCommit())
            .thenCompose(v -> channel[0].basicGet(q, AckMode.MANUAL))
            .thenCompose(
                got ->
                    channel[0]
                        .basicAck(got.orElseThrow().delivery().deliveryTag())
                        .thenCompose(v -> channel[0].txCommit())
                        .thenApply(v -> got));
    Optional<GetResponse> got = await(chain);
    assertThat(got.orElseThrow().delivery().bodyAsString()).isEqualTo("yes");
    await(channel[0].close(200, "done"));
  }

  @Test
  void openChannelWithNumberAndConnectionLevelOperations() {
    AsyncChannel ch = await(conn.openChannel(42));
    assertThat(ch.number()).isEqualTo(42);
    assertThat(ch.blocking().number()).isEqualTo(42);
    assertThat(ch.blocking().async()).isSameAs(ch);
    assertThat(conn.blocking().async()).isSameAs(conn);
    // Asking for a number in use fails the future, it does not throw.
    Throwable busy = failure(conn.openChannel(42));
    assertThat(busy).isInstanceOf(IllegalArgumentException.class);
    assertThat(failure(conn.openChannel(0))).isInstanceOf(IllegalArgumentException.class);
    await(ch.close());
    // Closing a closed channel completes at once.
    await(ch.close());
  }

  @Test
  void aChannelErrorFailsTheFutureClosesOnlyThatChannelAndLaterCallsFailWithWrongState() {
    AsyncChannel ch = await(conn.openChannel());
    List<ChannelClosedException> heard = new CopyOnWriteArrayList<>();
    ch.addCloseListener(heard::add);
    Throwable e = failure(ch.queueDeclare(QueueSpec.named(Broker.unique("missing")).passive()));
    assertThat(e).isInstanceOf(NotFoundException.class);
    assertThat(((NotFoundException) e).replyCode()).isEqualTo(404);
    assertThat(((NotFoundException) e).initiator()).isEqualTo(Initiator.BROKER);
    ItSupport.waitUntil(AsyncSupport.WAIT, "the channel close listener", () -> !heard.isEmpty());
    assertThat(heard.get(0)).isInstanceOf(NotFoundException.class);
    assertThat(ch.isOpen()).isFalse();
    // Every later operation fails its future with WrongStateException carrying the reason.
    List<CompletableFuture<?>> later = new ArrayList<>();
    later.add(ch.queueDeclare(QueueSpec.serverNamed()));
    later.add(ch.basicPublish("", "q", BasicProperties.EMPTY, new byte[0]));
    later.add(ch.basicGet("q", AckMode.AUTO));
    later.add(ch.basicQos(Qos.prefetch(1)));
    later.add(ch.waitForConfirms());
    for (CompletableFuture<?> f : later) {
      assertThat(failure(f)).isInstanceOf(WrongStateException.class);
    }
    // The connection and a new channel work.
    AsyncChannel other = await(conn.openChannel());
    assertThat(await(other.queueDeclare(QueueSpec.serverNamed().exclusive())).queue())
        .startsWith("amq.gen-");
  }
}
