/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.errors.QueueTypeUnsupportedException;
import dev.warren.protocol.BasicProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** Stream queues over AMQP 0-9-1: declaring, consuming from each kind of offset, offsets. */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsIT {
  private static final int COUNT = 10_000;

  private Connection conn;
  private Channel ch;
  private String stream;

  /** How many messages the stream holds (offsets 0 to published - 1). */
  private long published;

  @BeforeAll
  void declareAndFill() {
    conn = Broker.connect();
    ch = conn.openChannel();
    stream = Broker.unique("stream");
    ch.queueDeclare(
        QueueSpec.named(stream).stream()
            .maxLengthBytes(100_000_000)
            .maxAge(Duration.ofHours(1))
            .streamSegmentSizeBytes(10_000_000));
    publish("m", COUNT);
  }

  @AfterAll
  void cleanUp() {
    ch.queueDelete(stream);
    conn.close();
  }

  /** Publishes {@code n} messages prefix0..prefix(n-1), waiting for their confirms. */
  private void publish(String prefix, int n) {
    try (Channel pub = conn.openChannel()) {
      pub.confirmSelect();
      for (int i = 0; i < n; i++) {
        pub.basicPublish(
            "", stream, BasicProperties.EMPTY, (prefix + i).getBytes(StandardCharsets.UTF_8));
      }
      pub.waitForConfirms(Duration.ofSeconds(30));
    }
    published += n;
  }

  /** Consumes from {@code offset} on a channel of its own, acking each delivery. */
  private final class Reader implements AutoCloseable {
    final LinkedBlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
    final Channel reader = conn.openChannel();

    Reader(StreamOffset offset) {
      reader.basicQos(Qos.prefetch(1000));
      reader.basicConsume(
          ConsumeSpec.queue(stream).streamOffset(offset),
          d -> {
            got.add(d);
            reader.basicAck(d.deliveryTag());
          });
    }

    List<Delivery> take(int n) throws InterruptedException {
      List<Delivery> out = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (out.size() < n) {
        Delivery d = got.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (d == null) {
          throw new AssertionError("got " + out.size() + " of " + n + " deliveries in 30 s");
        }
        out.add(d);
      }
      return out;
    }

    @Override
    public void close() {
      reader.close();
    }
  }

  @Test
  void fromFirstReadsEveryMessageWithIncreasingOffsets() throws Exception {
    try (Reader r = new Reader(StreamOffset.first())) {
      List<Delivery> all = r.take(COUNT);
      for (int i = 0; i < COUNT; i++) {
        assertThat(all.get(i).bodyAsString()).isEqualTo("m" + i);
        assertThat(all.get(i).streamOffset()).hasValue(i);
      }
    }
  }

  @Test
  void fromAnOffsetStartsThere() throws Exception {
    try (Reader r = new Reader(StreamOffset.offset(5000))) {
      List<Delivery> some = r.take(100);
      assertThat(some.get(0).streamOffset()).hasValue(5000);
      assertThat(some.get(0).bodyAsString()).isEqualTo("m5000");
      for (int i = 1; i < some.size(); i++) {
        assertThat(some.get(i).streamOffset().getAsLong())
            .isGreaterThan(some.get(i - 1).streamOffset().getAsLong());
      }
    }
  }

  @Test
  void fromATimestampStartsWithWhatWasWrittenSince() throws Exception {
    // Timestamps are whole seconds, compared with the broker's clock (its chunks' write times):
    // `since` lies more than a second after everything written so far and a second before what
    // comes next, so that a broker clock up to a second off this one still splits them there. (With
    // 50 ms of margin a fresh machine's broker, its clock not yet settled, attached at "next".)
    Instant before = Instant.now();
    Instant since = Instant.ofEpochSecond(before.getEpochSecond() + 2);
    Thread.sleep(Duration.between(before, since).toMillis() + 1000);
    long firstNew = published;
    publish("t", 100);
    try (Reader r = new Reader(StreamOffset.timestamp(since))) {
      List<Delivery> got = r.take(100);
      assertThat(got.get(0).bodyAsString()).isEqualTo("t0");
      assertThat(got.get(0).streamOffset()).hasValue(firstNew);
      assertThat(got.get(99).bodyAsString()).isEqualTo("t99");
    }
  }

  @Test
  void fromNextReadsOnlyNewMessages() throws Exception {
    try (Reader r = new Reader(StreamOffset.next())) {
      Thread.sleep(300); // nothing old comes
      assertThat(r.got).isEmpty();
      long firstNew = published;
      publish("n", 5);
      List<Delivery> got = r.take(5);
      assertThat(got)
          .extracting(Delivery::bodyAsString)
          .containsExactly("n0", "n1", "n2", "n3", "n4");
      assertThat(got.get(0).streamOffset()).hasValue(firstNew);
      Thread.sleep(200);
      assertThat(r.got).isEmpty();
    }
  }

  @Test
  void fromLastReadsTheLastChunkUpToTheEnd() throws Exception {
    long lastOffset = published - 1;
    try (Reader r = new Reader(StreamOffset.last())) {
      Delivery first = r.take(1).get(0);
      assertThat(first.streamOffset().getAsLong()).isBetween(1L, lastOffset);
      long offset = first.streamOffset().getAsLong();
      while (offset < lastOffset) {
        long next = r.take(1).get(0).streamOffset().getAsLong();
        assertThat(next).isGreaterThan(offset);
        offset = next;
      }
      assertThat(offset).isEqualTo(lastOffset);
    }
  }

  @Test
  void fromAnIntervalReadsWhatTheIntervalHolds() throws Exception {
    try (Reader r = new Reader(StreamOffset.interval("1h"))) {
      Delivery first = r.take(1).get(0);
      assertThat(first.streamOffset()).hasValue(0);
      assertThat(first.bodyAsString()).isEqualTo("m0");
    }
  }

  @Test
  void aStreamConsumeWithoutManualAckOrPrefetchIsRefusedBeforeSending() {
    assertThatThrownBy(() -> ConsumeSpec.queue(stream).streamOffset(StreamOffset.first()).autoAck())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a stream queue cannot be consumed with auto-ack")
        .hasMessageContaining("manual acknowledgements");
    assertThatThrownBy(() -> ConsumeSpec.queue(stream).autoAck().streamOffset(StreamOffset.first()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a stream queue cannot be consumed with auto-ack");
    try (Channel noPrefetch = conn.openChannel()) {
      assertThatThrownBy(
              () ->
                  noPrefetch.basicConsume(
                      ConsumeSpec.queue(stream).streamOffset(StreamOffset.first()), d -> {}))
          .isInstanceOf(QueueTypeUnsupportedException.class)
          .hasMessageContaining(
              "stream queues do not support consuming without a per-consumer prefetch")
          .hasMessageContaining("basicQos(Qos.prefetch(n))")
          .hasMessageContaining("refused by Warren before sending");
      assertThat(noPrefetch.isOpen()).as("nothing was sent").isTrue();
      noPrefetch.basicQos(Qos.prefetch(10).global());
      assertThatThrownBy(
              () ->
                  noPrefetch.basicConsume(
                      ConsumeSpec.queue(stream).streamOffset(StreamOffset.first()), d -> {}))
          .isInstanceOf(QueueTypeUnsupportedException.class);
      assertThat(noPrefetch.isOpen()).isTrue();
    }
  }

  @Test
  void aStreamConsumeWithoutAnOffsetThatTheBrokerRefusesIsMapped() {
    try (Channel noPrefetch = conn.openChannel()) {
      // Without an offset Warren cannot know the queue is a stream: the broker refuses it.
      QueueTypeUnsupportedException e =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              () -> noPrefetch.basicConsume(ConsumeSpec.queue(stream), d -> {}),
              QueueTypeUnsupportedException.class);
      assertThat(e.replyCode()).isEqualTo(406);
      assertThat(e.queueType()).isEqualTo("stream");
      assertThat(e.getMessage())
          .contains("stream queues do not support consuming without a per-consumer prefetch")
          .contains("the broker refused it");
      assertThat(e.getCause()).isInstanceOf(dev.warren.errors.PreconditionFailedException.class);
    }
  }

  @Test
  void basicGetOnAStreamIsTheBrokersRefusalMapped() {
    try (Connection other =
        Connection.open(
            Broker.parameters().toBuilder().recovery(RecoveryPolicy.disabled()).build())) {
      Channel getter = other.openChannel();
      QueueTypeUnsupportedException e =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              () -> getter.basicGet(stream, AckMode.MANUAL), QueueTypeUnsupportedException.class);
      assertThat(e.replyCode()).isEqualTo(540);
      assertThat(e.getMessage())
          .startsWith("stream queues do not support basic.get; consume with basicConsume")
          .contains("basic.get not supported by stream queues");
    }
  }

  @Test
  void aClassicQueueDeliveryHasNoStreamOffset() {
    String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
    ch.basicPublish("", q, BasicProperties.EMPTY, "x".getBytes(StandardCharsets.UTF_8));
    ItSupport.waitUntil(
        Duration.ofSeconds(5),
        "a message",
        () -> ch.queueDeclare(QueueSpec.named(q).passive()).messageCount() == 1);
    Delivery d = ch.basicGet(q, AckMode.AUTO).orElseThrow().delivery();
    assertThat(d.streamOffset()).isEmpty();
    assertThat(d.deliveryCount()).isZero();
    ch.queueDelete(q);
  }
}
