/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.ExchangeQueueIT.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warren.errors.NackedException;
import dev.warren.errors.UnroutableException;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Publishing: confirms three ways, returns, many threads on one channel. */
@Timeout(30)
class PublishConfirmIT extends ExclusiveQueueFixture {

  /** A queue that holds one message and nacks publishes beyond it. */
  private String rejectingQueue() {
    return ch.queueDeclare(
            QueueSpec.serverNamed()
                .exclusive()
                .argument("x-max-length", 1)
                .argument("x-overflow", "reject-publish"))
        .queue();
  }

  private static PublishOptions mandatory() {
    return PublishOptions.defaults().mandatory();
  }

  @Test
  void publishConfirmedBlocksUntilTheAckAndSequenceNumbersCount() {
    assertThat(ch.nextPublishSeqNo()).isZero();
    ch.confirmSelect();
    assertThat(ch.nextPublishSeqNo()).isEqualTo(1);
    for (int i = 0; i < 3; i++) {
      ch.publishConfirmed("", q, BasicProperties.EMPTY, bytes("m" + i), PublishOptions.defaults());
      // Confirmed means the broker has it: it is already in the queue.
      assertThat(ch.queueDeclare(QueueSpec.named(q).passive()).messageCount()).isEqualTo(i + 1);
    }
    assertThat(ch.nextPublishSeqNo()).isEqualTo(4);
    ch.basicPublish("", q, BasicProperties.EMPTY, bytes("plain"));
    assertThat(ch.nextPublishSeqNo()).isEqualTo(5);
    ch.waitForConfirms(Duration.ofSeconds(5));
    // A second confirm.select changes nothing.
    ch.confirmSelect();
    assertThat(ch.nextPublishSeqNo()).isEqualTo(5);
  }

  @Test
  void publishConfirmedNeedsConfirmMode() {
    WrongStateException e =
        catchThrowableOfType(
            WrongStateException.class,
            () ->
                ch.publishConfirmed(
                    "", q, BasicProperties.EMPTY, bytes("x"), PublishOptions.defaults()));
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("confirmSelect");
  }

  @Test
  void mandatoryUnroutableThrowsCarryingTheMessage() {
    ch.confirmSelect();
    BasicProperties props =
        BasicProperties.builder().contentType("text/plain").messageId("lost-1").build();
    String key = Broker.unique("nobody");
    UnroutableException e =
        catchThrowableOfType(
            UnroutableException.class,
            () -> ch.publishConfirmed("amq.direct", key, props, bytes("lost"), mandatory()));
    assertThat(e).isNotNull();
    assertThat(e.replyCode()).isEqualTo(312);
    assertThat(e.replyText()).isEqualTo("NO_ROUTE");
    assertThat(e.exchange()).isEqualTo("amq.direct");
    assertThat(e.routingKey()).isEqualTo(key);
    assertThat(e.properties().messageId()).isEqualTo("lost-1");
    assertThat(e.properties().contentType()).isEqualTo("text/plain");
    assertThat(new String(e.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("lost");
    // Not mandatory: an unroutable message is confirmed (and dropped).
    ch.publishConfirmed("amq.direct", key, props, bytes("dropped"), PublishOptions.defaults());
    // Routable and mandatory: fine.
    ch.publishConfirmed("", q, props, bytes("kept"), mandatory());
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void nackThrowsNackedException() {
    String full = rejectingQueue();
    ch.confirmSelect();
    ch.publishConfirmed("", full, BasicProperties.EMPTY, bytes("fits"), PublishOptions.defaults());
    NackedException e =
        catchThrowableOfType(
            NackedException.class,
            () ->
                ch.publishConfirmed(
                    "", full, BasicProperties.EMPTY, bytes("overflow"), PublishOptions.defaults()));
    assertThat(e).isNotNull();
    assertThat(e.sequenceNumber()).isEqualTo(2);
    assertThat(ch.isOpen()).isTrue();
    assertThat(ch.basicGet(full, AckMode.AUTO).orElseThrow().delivery().bodyAsString())
        .isEqualTo("fits");
  }

  @Test
  void waitForConfirmsWithManyOutstanding() {
    ch.confirmSelect();
    for (int i = 0; i < 5000; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("m" + i));
    }
    ch.waitForConfirms(Duration.ofSeconds(20));
    assertThat(ch.queueDeclare(QueueSpec.named(q).passive()).messageCount()).isEqualTo(5000);
    // Nothing outstanding: returns at once.
    ch.waitForConfirms(Duration.ofMillis(100));
    // One nack among many: the batch wait reports it.
    String full = rejectingQueue();
    for (int i = 0; i < 100; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("ok"));
    }
    ch.basicPublish("", full, BasicProperties.EMPTY, bytes("fits"));
    ch.basicPublish("", full, BasicProperties.EMPTY, bytes("nacked"));
    for (int i = 0; i < 100; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("ok"));
    }
    NackedException e =
        catchThrowableOfType(
            NackedException.class, () -> ch.waitForConfirms(Duration.ofSeconds(10)));
    assertThat(e).isNotNull();
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void waitForConfirmsReportsANackThatArrivedBeforeTheCall() {
    List<Long> nacks = new CopyOnWriteArrayList<>();
    ch.addConfirmListener(
        new ConfirmListener() {
          @Override
          public void handleAck(long sequenceNumber, boolean multiple) {}

          @Override
          public void handleNack(long sequenceNumber, boolean multiple) {
            nacks.add(sequenceNumber);
          }
        });
    String full = rejectingQueue();
    ch.confirmSelect();
    ch.basicPublish("", full, BasicProperties.EMPTY, bytes("fits"));
    ch.basicPublish("", full, BasicProperties.EMPTY, bytes("nacked"));
    ItSupport.waitUntil(Duration.ofSeconds(5), "the nack", () -> !nacks.isEmpty());
    // Everything is confirmed already, one of it negatively: the wait must say so.
    NackedException e =
        catchThrowableOfType(
            NackedException.class, () -> ch.waitForConfirms(Duration.ofSeconds(5)));
    assertThat(e).isNotNull();
    // The next wait covers only what was published since: nothing nacked.
    ch.waitForConfirms(Duration.ofSeconds(5));
    ch.basicPublish("", q, BasicProperties.EMPTY, bytes("fine"));
    ch.waitForConfirms(Duration.ofSeconds(5));
  }

  /** Records each confirm as {tag, multiple, ack} with the thread that heard it. */
  static final class ConfirmRecorder implements ConfirmListener {
    final List<long[]> confirms = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void handleAck(long sequenceNumber, boolean multiple) {
      threads.add(Thread.currentThread().getName());
      confirms.add(new long[] {sequenceNumber, multiple ? 1 : 0, 1});
    }

    @Override
    public void handleNack(long sequenceNumber, boolean multiple) {
      threads.add(Thread.currentThread().getName());
      confirms.add(new long[] {sequenceNumber, multiple ? 1 : 0, 0});
    }
  }

  @Test
  void aConfirmListenerOnTheIoThreadHearsTheSameConfirmsInOrder() {
    ConfirmRecorder io = new ConfirmRecorder();
    ConfirmRecorder dispatched = new ConfirmRecorder();
    ch.addConfirmListener(io, CallbackThread.IO_THREAD);
    ch.async().addConfirmListener(dispatched, CallbackThread.DISPATCHER);
    ch.confirmSelect();
    int n = 3000;
    for (int i = 0; i < n; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("m" + i));
    }
    String full = rejectingQueue();
    ch.basicPublish("", full, BasicProperties.EMPTY, bytes("fits"));
    long nackedSeq = ch.nextPublishSeqNo();
    ch.basicPublish("", full, BasicProperties.EMPTY, bytes("nacked"));
    ItSupport.waitUntil(
        Duration.ofSeconds(20),
        "both listeners to hear every confirm, the nack included",
        () ->
            covered(io.confirms).cardinality() == n + 2
                && covered(dispatched.confirms).cardinality() == n + 2);

    assertThat(io.threads).isNotEmpty().allMatch(t -> t.startsWith("warren-io"));
    assertThat(dispatched.threads).isNotEmpty().noneMatch(t -> t.startsWith("warren-io"));
    // The same confirms, in the order the broker sent them, to each listener.
    assertThat(io.confirms).hasSameSizeAs(dispatched.confirms);
    for (int i = 0; i < io.confirms.size(); i++) {
      assertThat(io.confirms.get(i)).isEqualTo(dispatched.confirms.get(i));
    }
    // RabbitMQ confirms one queue's publishes in order; across queues (the full one here) it may
    // confirm a later publish first, so only the first queue's tags must rise.
    long lastTag = 0;
    for (long[] c : io.confirms) {
      if (c[0] <= n) {
        assertThat(c[0]).isGreaterThan(lastTag);
        lastTag = c[0];
      }
    }
    long[] nack = io.confirms.stream().filter(c -> c[2] == 0).findFirst().orElseThrow();
    assertThat(nack[0]).isEqualTo(nackedSeq);
    // Every publish settled once: n + 1 acks and the nack.
    assertThat(covered(io.confirms).cardinality()).isEqualTo(n + 2);
  }

  @Test
  void confirmListenersGetTagsAndTheMultipleFlag() {
    List<long[]> acks = new CopyOnWriteArrayList<>();
    List<long[]> nacks = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    ch.addConfirmListener(
        new ConfirmListener() {
          @Override
          public void handleAck(long sequenceNumber, boolean multiple) {
            threads.add(Thread.currentThread().getName());
            acks.add(new long[] {sequenceNumber, multiple ? 1 : 0});
          }

          @Override
          public void handleNack(long sequenceNumber, boolean multiple) {
            threads.add(Thread.currentThread().getName());
            nacks.add(new long[] {sequenceNumber, multiple ? 1 : 0});
          }
        });
    ch.confirmSelect();
    int n = 3000;
    for (int i = 0; i < n; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("m" + i));
    }
    ch.waitForConfirms(Duration.ofSeconds(20));
    ItSupport.waitUntil(
        Duration.ofSeconds(5),
        "the listener to hear the last ack",
        () -> covered(acks).cardinality() == n);
    BitSet seen = covered(acks);
    assertThat(seen.cardinality()).isEqualTo(n);
    assertThat(seen.nextSetBit(0)).isEqualTo(1);
    assertThat(seen.length() - 1).isEqualTo(n);
    // Each tag exactly once: the ranges do not overlap.
    long lastTag = 0;
    for (long[] a : acks) {
      assertThat(a[0]).isGreaterThan(lastTag);
      lastTag = a[0];
    }
    assertThat(nacks).isEmpty();

    String full = rejectingQueue();
    ch.basicPublish("", full, BasicProperties.EMPTY, bytes("fits"));
    long nackedSeq = ch.nextPublishSeqNo();
    ch.basicPublish("", full, BasicProperties.EMPTY, bytes("nacked"));
    ItSupport.waitUntil(Duration.ofSeconds(5), "a nack", () -> !nacks.isEmpty());
    // The nack names the refused publish; RabbitMQ may set multiple when all before it are
    // confirmed already.
    assertThat(nacks.get(0)[0]).isEqualTo(nackedSeq);
    assertThat(covered(acks).get((int) nackedSeq)).isFalse();
    assertThat(threads).noneMatch(t -> t.startsWith("warren-io"));
  }

  /**
   * The publishes the confirms settle. A multiple confirm of {@code n} settles every publish up to
   * {@code n} not settled yet, whatever came before it: RabbitMQ may nack a later publish (a full
   * queue refuses it at once) before it acks earlier ones with multiple set. A confirm that settles
   * nothing new means a publish was settled twice, and fails the test.
   */
  private static BitSet covered(List<long[]> confirms) {
    BitSet seen = new BitSet();
    for (long[] a : confirms) {
      int tag = (int) a[0];
      int before = seen.cardinality();
      if (a[1] == 1) {
        seen.set(1, tag + 1);
      } else {
        seen.set(tag);
      }
      if (seen.cardinality() == before) {
        throw new AssertionError(
            "confirm of " + tag + (a[1] == 1 ? " (multiple)" : "") + " settles nothing new");
      }
    }
    return seen;
  }

  @Test
  void returnListenersGetEverything() throws Exception {
    LinkedBlockingQueue<ReturnedMessage> returns = new LinkedBlockingQueue<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    ch.addReturnListener(
        r -> {
          threads.add(Thread.currentThread().getName());
          returns.add(r);
        });
    BasicProperties props =
        BasicProperties.builder()
            .contentType("text/plain")
            .contentEncoding("UTF-8")
            .header("h", 42)
            .correlationId("c-9")
            .build();
    String key = Broker.unique("nobody");
    ch.basicPublish("amq.topic", key, props, bytes("come back"), mandatory());
    ReturnedMessage r = returns.poll(5, TimeUnit.SECONDS);
    assertThat(r).isNotNull();
    assertThat(r.replyCode()).isEqualTo(312);
    assertThat(r.replyText()).isEqualTo("NO_ROUTE");
    assertThat(r.exchange()).isEqualTo("amq.topic");
    assertThat(r.routingKey()).isEqualTo(key);
    assertThat(r.properties().correlationId()).isEqualTo("c-9");
    assertThat(r.properties().headers()).containsEntry("h", 42);
    assertThat(r.bodyAsString()).isEqualTo("come back");
    assertThat(threads).noneMatch(t -> t.startsWith("warren-io"));
    // A non-mandatory unroutable message is dropped silently.
    ch.basicPublish("amq.topic", key, props, bytes("dropped"));
    ch.queueDeclare(QueueSpec.named(q).passive());
    assertThat(returns.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void asyncPublishConfirmedCompletesPerMessage() throws Exception {
    ch.confirmSelect();
    String full = rejectingQueue();
    CompletableFuture<Void> ok =
        ch.async()
            .publishConfirmed(
                "", full, BasicProperties.EMPTY, bytes("a"), PublishOptions.defaults());
    CompletableFuture<Void> nacked =
        ch.async()
            .publishConfirmed(
                "", full, BasicProperties.EMPTY, bytes("b"), PublishOptions.defaults());
    CompletableFuture<Void> returned =
        ch.async()
            .publishConfirmed(
                "amq.direct",
                Broker.unique("nobody"),
                BasicProperties.EMPTY,
                bytes("c"),
                mandatory());
    assertThat(ok).succeedsWithin(Duration.ofSeconds(5));
    assertThat(nacked)
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(NackedException.class);
    assertThat(returned)
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(UnroutableException.class);
  }

  @Test
  void eightThreadsPublishTenThousandConfirmedMessagesEachOnOneChannel() throws Exception {
    int threads = 8;
    int perThread = 10_000;
    int total = threads * perThread;
    // Receive on another connection, counting each message by its body.
    ConcurrentHashMap<String, AtomicInteger> received = new ConcurrentHashMap<>();
    AtomicInteger receivedCount = new AtomicInteger();
    try (Connection consumerConn = Broker.connect()) {
      String shared = ch.queueDeclare(QueueSpec.serverNamed().autoDelete()).queue();
      Channel cch = consumerConn.openChannel();
      cch.basicConsume(
          ConsumeSpec.queue(shared).autoAck(),
          d -> {
            received.computeIfAbsent(d.bodyAsString(), k -> new AtomicInteger()).incrementAndGet();
            receivedCount.incrementAndGet();
          });

      AtomicInteger ackedViaListener = new AtomicInteger();
      BitSet confirmed = new BitSet(total + 1);
      AtomicInteger duplicateConfirms = new AtomicInteger();
      ch.addConfirmListener(
          new ConfirmListener() {
            long prev;

            @Override
            public void handleAck(long seq, boolean multiple) {
              synchronized (confirmed) {
                long from = multiple ? prev + 1 : seq;
                for (long s = from; s <= seq; s++) {
                  if (confirmed.get((int) s)) {
                    duplicateConfirms.incrementAndGet();
                  }
                  confirmed.set((int) s);
                  ackedViaListener.incrementAndGet();
                }
                prev = Math.max(prev, seq);
              }
            }

            @Override
            public void handleNack(long seq, boolean multiple) {
              throw new AssertionError("nack " + seq);
            }
          });
      ch.confirmSelect();

      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<List<CompletableFuture<Void>>>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          work.add(
              pool.submit(
                  () -> {
                    List<CompletableFuture<Void>> futures = new ArrayList<>(perThread);
                    for (int i = 0; i < perThread; i++) {
                      byte[] body = bytes(thread + "-" + i);
                      if (i % 10 == 0) {
                        // Every tenth blocks until confirmed, the rest are pipelined.
                        ch.publishConfirmed(
                            "", shared, BasicProperties.EMPTY, body, PublishOptions.defaults());
                        futures.add(CompletableFuture.completedFuture(null));
                      } else {
                        futures.add(
                            ch.async()
                                .publishConfirmed(
                                    "",
                                    shared,
                                    BasicProperties.EMPTY,
                                    body,
                                    PublishOptions.defaults()));
                      }
                    }
                    return futures;
                  }));
        }
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Future<List<CompletableFuture<Void>>> w : work) {
          all.addAll(w.get(60, TimeUnit.SECONDS));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(all).hasSize(total).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
      } finally {
        pool.shutdownNow();
      }
      ch.waitForConfirms(Duration.ofSeconds(30));
      assertThat(ch.nextPublishSeqNo()).isEqualTo(total + 1);
      ItSupport.waitUntil(
          Duration.ofSeconds(10), "every confirm heard", () -> ackedViaListener.get() >= total);
      ItSupport.waitUntil(
          Duration.ofSeconds(30), "every message received", () -> receivedCount.get() >= total);
      ItSupport.sleep(Duration.ofMillis(200));
      assertThat(duplicateConfirms.get()).isZero();
      assertThat(ackedViaListener.get()).isEqualTo(total);
      synchronized (confirmed) {
        assertThat(confirmed.cardinality()).isEqualTo(total);
        assertThat(confirmed.nextSetBit(0)).isEqualTo(1);
      }
      assertThat(receivedCount.get()).isEqualTo(total);
      assertThat(received).hasSize(total);
      assertThat(received.values()).allMatch(c -> c.get() == 1);
    }
  }
}
