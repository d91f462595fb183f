/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.ExchangeQueueIT.awaitGet;
import static dev.warren.client.ExchangeQueueIT.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.LongString;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Messages and the basic/tx methods around them: properties and headers round-trip, body decoding
 * and sizes, get, ack / nack / reject, recover, tx, qos.
 */
@Timeout(30)
class MessageIT extends ExclusiveQueueFixture {

  static BasicProperties allProperties() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("inner", "value");
    nested.put("n", 7);
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("bool", true);
    headers.put("byte", (byte) -7);
    headers.put("short", (short) -300);
    headers.put("int", 123456);
    headers.put("long", 1L << 40);
    headers.put("float", 1.5f);
    headers.put("double", 2.25d);
    headers.put("decimal", new BigDecimal("12.345"));
    headers.put("string", "héllo wörld");
    headers.put("binary-longstr", LongString.of(new byte[] {(byte) 0xff, 0, (byte) 0xfe}));
    headers.put("array", List.of(1, "two", true, List.of(3L)));
    headers.put("timestamp", Instant.ofEpochSecond(1_700_000_000L));
    headers.put("table", nested);
    headers.put("void", null);
    headers.put("bytes", new byte[] {1, 2, 3});
    return BasicProperties.builder()
        .contentType("application/json")
        .contentEncoding("UTF-8")
        .headers(headers)
        .deliveryMode(2)
        .priority(5)
        .correlationId("corr-1")
        .replyTo("reply-queue")
        .expiration("60000")
        .messageId("msg-1")
        .timestamp(Instant.ofEpochSecond(1_600_000_000L))
        .type("order.created")
        .userId("guest")
        .appId("warren-it")
        .clusterId("cluster-x")
        .build();
  }

  static void assertSameProperties(BasicProperties actual, BasicProperties expected) {
    assertThat(actual.contentType()).isEqualTo(expected.contentType());
    assertThat(actual.contentEncoding()).isEqualTo(expected.contentEncoding());
    assertThat(actual.deliveryMode()).isEqualTo(expected.deliveryMode());
    assertThat(actual.priority()).isEqualTo(expected.priority());
    assertThat(actual.correlationId()).isEqualTo(expected.correlationId());
    assertThat(actual.replyTo()).isEqualTo(expected.replyTo());
    assertThat(actual.expiration()).isEqualTo(expected.expiration());
    assertThat(actual.messageId()).isEqualTo(expected.messageId());
    assertThat(actual.timestamp()).isEqualTo(expected.timestamp());
    assertThat(actual.type()).isEqualTo(expected.type());
    assertThat(actual.userId()).isEqualTo(expected.userId());
    assertThat(actual.appId()).isEqualTo(expected.appId());
    assertThat(actual.clusterId()).isEqualTo(expected.clusterId());
    Map<String, Object> h = actual.headers();
    Map<String, Object> e = expected.headers();
    assertThat(h).containsOnlyKeys(e.keySet());
    for (Map.Entry<String, Object> entry : e.entrySet()) {
      Object want = entry.getValue();
      Object got = h.get(entry.getKey());
      if (want instanceof byte[] b) {
        assertThat(got).as(entry.getKey()).isInstanceOf(byte[].class);
        assertThat((byte[]) got).as(entry.getKey()).containsExactly(b);
      } else if (want instanceof LongString ls) {
        assertThat(got).as(entry.getKey()).isInstanceOf(LongString.class);
        assertThat(((LongString) got).bytes()).containsExactly(ls.bytes());
      } else {
        assertThat(got).as(entry.getKey()).isEqualTo(want);
      }
    }
    assertThat(h.get("bool")).isInstanceOf(Boolean.class);
    assertThat(h.get("byte")).isInstanceOf(Byte.class);
    assertThat(h.get("short")).isInstanceOf(Short.class);
    assertThat(h.get("int")).isInstanceOf(Integer.class);
    assertThat(h.get("long")).isInstanceOf(Long.class);
    assertThat(h.get("float")).isInstanceOf(Float.class);
    assertThat(h.get("double")).isInstanceOf(Double.class);
    assertThat(h.get("decimal")).isInstanceOf(BigDecimal.class);
    assertThat(h.get("timestamp")).isInstanceOf(Instant.class);
    assertThat(h.get("table")).isInstanceOf(Map.class);
    assertThat(h.get("array")).isInstanceOf(List.class);
    assertThat(h).containsEntry("void", null);
  }

  @Test
  void all14PropertiesAndEveryHeaderTypeRoundTripThroughGetAndConsume() throws Exception {
    BasicProperties props = allProperties();
    assertThat(props.flags()).isEqualTo(0xFFFC); // all 14 flag bits
    ch.basicPublish("", q, props, bytes("{\"id\":1}"));
    GetResponse got = awaitGet(ch, q);
    assertSameProperties(got.delivery().properties(), props);
    assertThat(got.delivery().bodyAsString()).isEqualTo("{\"id\":1}");

    LinkedBlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    String tag = ch.basicConsume(ConsumeSpec.queue(q).autoAck(), received::add);
    ch.basicPublish("", q, props, bytes("{\"id\":2}"));
    Delivery d = received.poll(5, TimeUnit.SECONDS);
    assertThat(d).isNotNull();
    assertSameProperties(d.properties(), props);
    assertThat(d.consumerTag()).isEqualTo(tag);
    assertThat(d.exchange()).isEmpty();
    assertThat(d.routingKey()).isEqualTo(q);
    assertThat(d.redelivered()).isFalse();
    assertThat(d.deliveryTag()).isEqualTo(2); // the get was tag 1 on this channel
  }

  @Test
  void envelopeOfADeliveryThroughANamedExchange() throws Exception {
    String x = Broker.unique("it-x-env");
    ch.exchangeDeclare(ExchangeSpec.topic(x).autoDelete());
    ch.queueBind(q, x, "a.#");
    LinkedBlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    ch.basicConsume(ConsumeSpec.queue(q).tag("env-consumer"), received::add);
    ch.basicPublish(x, "a.b.c", BasicProperties.EMPTY, bytes("x"));
    Delivery d = received.poll(5, TimeUnit.SECONDS);
    assertThat(d).isNotNull();
    assertThat(d.consumerTag()).isEqualTo("env-consumer");
    assertThat(d.deliveryTag()).isEqualTo(1);
    assertThat(d.exchange()).isEqualTo(x);
    assertThat(d.routingKey()).isEqualTo("a.b.c");
    assertThat(d.redelivered()).isFalse();
    assertThat(d.properties()).isEqualTo(BasicProperties.EMPTY);
    ch.basicAck(d.deliveryTag());
  }

  @Test
  void bodyAsStringDecodesByContentEncoding() {
    String text = "café ☕ ünïcödé";
    ch.basicPublish(
        "",
        q,
        BasicProperties.builder().contentEncoding("UTF-16").build(),
        text.getBytes(StandardCharsets.UTF_16));
    ch.basicPublish(
        "",
        q,
        BasicProperties.builder().contentEncoding("ISO-8859-1").build(),
        "café".getBytes(StandardCharsets.ISO_8859_1));
    ch.basicPublish("", q, BasicProperties.EMPTY, text.getBytes(StandardCharsets.UTF_8));
    assertThat(awaitGet(ch, q).delivery().bodyAsString()).isEqualTo(text);
    assertThat(awaitGet(ch, q).delivery().bodyAsString()).isEqualTo("café");
    assertThat(awaitGet(ch, q).delivery().bodyAsString()).isEqualTo(text);
  }

  @Test
  void emptyBody() {
    ch.basicPublish("", q, BasicProperties.builder().type("empty").build(), new byte[0]);
    GetResponse got = awaitGet(ch, q);
    assertThat(got.delivery().body()).isEmpty();
    assertThat(got.delivery().bodyAsString()).isEmpty();
    assertThat(got.delivery().properties().type()).isEqualTo("empty");
  }

  @Test
  void bodiesLargerThanFrameMaxArriveIntact() throws Exception {
    byte[] big = new byte[1 << 20];
    new Random(42).nextBytes(big);
    assertThat(conn.frameMax()).isEqualTo(131072);
    ch.basicPublish("", q, BasicProperties.EMPTY, big);
    assertThat(awaitGet(ch, q).delivery().body()).isEqualTo(big);

    // With the smallest frame_max, through a consumer, several at once.
    try (Connection small =
        Connection.open(Broker.parameters().toBuilder().frameMax(4096).build())) {
      assertThat(small.frameMax()).isEqualTo(4096);
      Channel sch = small.openChannel();
      String q = sch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
      LinkedBlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
      sch.basicConsume(ConsumeSpec.queue(q).autoAck(), received::add);
      List<byte[]> sent = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        byte[] body = new byte[100_000 + i * 4093];
        new Random(i).nextBytes(body);
        sent.add(body);
        sch.basicPublish("", q, BasicProperties.EMPTY, body);
      }
      for (byte[] body : sent) {
        Delivery d = received.poll(10, TimeUnit.SECONDS);
        assertThat(d).isNotNull();
        assertThat(Arrays.equals(d.body(), body)).isTrue();
      }
    }
  }

  @Test
  void getReturnsTheMessageWithTheMessageCountOrEmpty() {
    assertThat(ch.basicGet(q, AckMode.MANUAL)).isEmpty();
    for (int i = 0; i < 3; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("m" + i));
    }
    ItSupport.waitUntil(
        Duration.ofSeconds(5),
        "3 messages",
        () -> ch.queueDeclare(QueueSpec.named(q).passive()).messageCount() == 3);
    GetResponse first = ch.basicGet(q, AckMode.MANUAL).orElseThrow();
    assertThat(first.messageCount()).isEqualTo(2);
    assertThat(first.delivery().bodyAsString()).isEqualTo("m0");
    assertThat(first.delivery().consumerTag()).isEmpty();
    assertThat(first.delivery().routingKey()).isEqualTo(q);
    assertThat(first.delivery().redelivered()).isFalse();
    GetResponse second = ch.basicGet(q, AckMode.AUTO).orElseThrow();
    assertThat(second.messageCount()).isEqualTo(1);
    GetResponse third = ch.basicGet(q, AckMode.MANUAL).orElseThrow();
    assertThat(third.messageCount()).isZero();
    assertThat(ch.basicGet(q, AckMode.MANUAL)).isEmpty();
    ch.basicAck(first.delivery().deliveryTag());
    ch.basicAck(third.delivery().deliveryTag());
    assertThat(ch.async().basicGet(q, AckMode.AUTO))
        .succeedsWithin(Duration.ofSeconds(5))
        .isEqualTo(java.util.Optional.empty());
  }

  @Test
  void ackNackRejectWithMultipleAndRequeue() {
    publish(6);
    long[] tags = new long[6];
    for (int i = 0; i < 6; i++) {
      tags[i] = ch.basicGet(q, AckMode.MANUAL).orElseThrow().delivery().deliveryTag();
    }
    ch.basicAckUpTo(tags[1]); // m0, m1 acked
    ch.basicNack(tags[2], Requeue.REQUEUE); // m2 back
    ch.basicReject(tags[3], Requeue.DISCARD); // m3 dropped
    ch.basicNackUpTo(tags[5], Requeue.REQUEUE); // m4, m5 back
    List<GetResponse> again = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      GetResponse r = awaitGetManual();
      assertThat(r.delivery().redelivered()).isTrue();
      again.add(r);
    }
    assertThat(again.stream().map(r -> r.delivery().bodyAsString()))
        .containsExactlyInAnyOrder("m2", "m4", "m5");
    assertThat(ch.basicGet(q, AckMode.MANUAL)).isEmpty(); // m3 was discarded
    ch.basicAck(again.get(0).delivery().deliveryTag());
    ch.basicAck(again.get(1).delivery().deliveryTag());
    ch.basicReject(again.get(2).delivery().deliveryTag(), Requeue.REQUEUE);
    GetResponse rejectedBack = awaitGetManual();
    assertThat(rejectedBack.delivery().redelivered()).isTrue();
    assertThat(rejectedBack.delivery().bodyAsString())
        .isEqualTo(again.get(2).delivery().bodyAsString());
    ch.basicNack(rejectedBack.delivery().deliveryTag(), Requeue.DISCARD);
    assertThat(ch.basicGet(q, AckMode.MANUAL)).isEmpty();
    assertThat(ch.queueDeclare(QueueSpec.named(q).passive()).messageCount()).isZero();
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void recoverAndRecoverAsyncRedeliverUnacknowledged() throws Exception {
    LinkedBlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    ch.basicConsume(ConsumeSpec.queue(q), received::add);
    publish(2);
    Delivery a = received.poll(5, TimeUnit.SECONDS);
    Delivery b = received.poll(5, TimeUnit.SECONDS);
    assertThat(a).isNotNull();
    assertThat(b).isNotNull();
    assertThat(a.redelivered()).isFalse();

    ch.basicRecover(Requeue.REQUEUE);
    Delivery a2 = received.poll(5, TimeUnit.SECONDS);
    Delivery b2 = received.poll(5, TimeUnit.SECONDS);
    assertThat(a2).isNotNull();
    assertThat(b2).isNotNull();
    assertThat(a2.redelivered()).isTrue();
    assertThat(b2.redelivered()).isTrue();

    ch.basicRecoverAsync(Requeue.REQUEUE);
    Delivery a3 = received.poll(5, TimeUnit.SECONDS);
    Delivery b3 = received.poll(5, TimeUnit.SECONDS);
    assertThat(a3).isNotNull();
    assertThat(b3).isNotNull();
    assertThat(a3.redelivered()).isTrue();
    ch.basicAckUpTo(Math.max(a3.deliveryTag(), b3.deliveryTag()));
    assertThat(List.of(a3.bodyAsString(), b3.bodyAsString())).containsExactlyInAnyOrder("m0", "m1");
    assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void txCommitAndRollback() {
    Channel tx = conn.openChannel();
    tx.txSelect();
    tx.basicPublish("", q, BasicProperties.EMPTY, bytes("rolled back"));
    tx.txRollback();
    tx.basicPublish("", q, BasicProperties.EMPTY, bytes("committed"));
    ItSupport.sleep(Duration.ofMillis(100));
    assertThat(ch.basicGet(q, AckMode.AUTO)).isEmpty(); // not before the commit
    tx.txCommit();
    GetResponse r = ch.basicGet(q, AckMode.AUTO).orElseThrow();
    assertThat(r.delivery().bodyAsString()).isEqualTo("committed");
    assertThat(r.messageCount()).isZero();
    // Acks are transactional too.
    tx.basicPublish("", q, BasicProperties.EMPTY, bytes("acked in tx"));
    tx.txCommit();
    GetResponse got = tx.basicGet(q, AckMode.MANUAL).orElseThrow();
    tx.basicAck(got.delivery().deliveryTag());
    tx.txRollback();
    tx.basicRecover(Requeue.REQUEUE);
    GetResponse again = tx.basicGet(q, AckMode.MANUAL).orElseThrow();
    assertThat(again.delivery().bodyAsString()).isEqualTo("acked in tx");
    assertThat(again.delivery().redelivered()).isTrue();
    tx.basicAck(again.delivery().deliveryTag());
    tx.txCommit();
    assertThat(ch.queueDeclare(QueueSpec.named(q).passive()).messageCount()).isZero();
  }

  @Test
  void prefetchBoundsUnacknowledgedDeliveries() throws Exception {
    Channel c = conn.openChannel();
    c.basicQos(Qos.prefetch(5));
    publish(20);
    ItSupport.waitUntil(
        Duration.ofSeconds(5),
        "20 messages",
        () -> ch.queueDeclare(QueueSpec.named(q).passive()).messageCount() == 20);
    LinkedBlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    c.basicConsume(ConsumeSpec.queue(q), received::add);
    ItSupport.waitUntil(Duration.ofSeconds(5), "5 deliveries", () -> received.size() >= 5);
    ItSupport.sleep(Duration.ofMillis(500));
    assertThat(received).hasSize(5);
    // Acking all five lets exactly five more come.
    long last = 0;
    for (Delivery d : received) {
      last = Math.max(last, d.deliveryTag());
    }
    received.clear();
    c.basicAckUpTo(last);
    ItSupport.waitUntil(Duration.ofSeconds(5), "5 more deliveries", () -> received.size() >= 5);
    ItSupport.sleep(Duration.ofMillis(300));
    assertThat(received).hasSize(5);
    // Acking one by one lets one more come each time.
    Delivery one = received.poll();
    c.basicAck(one.deliveryTag());
    ItSupport.waitUntil(Duration.ofSeconds(5), "1 more delivery", () -> received.size() >= 5);
    ItSupport.sleep(Duration.ofMillis(300));
    assertThat(received).hasSize(5);
  }

  @Test
  void globalPrefetchIsSharedByTheChannelsConsumers() throws Exception {
    String q2 = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
    Channel c = conn.openChannel();
    c.basicQos(Qos.prefetch(3).global());
    publish(10);
    for (int i = 0; i < 10; i++) {
      ch.basicPublish("", q2, BasicProperties.EMPTY, bytes("n" + i));
    }
    LinkedBlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    c.basicConsume(ConsumeSpec.queue(q), received::add);
    c.basicConsume(ConsumeSpec.queue(q2), received::add);
    ItSupport.waitUntil(Duration.ofSeconds(5), "3 deliveries", () -> received.size() >= 3);
    ItSupport.sleep(Duration.ofMillis(500));
    assertThat(received).hasSize(3);
  }

  private void publish(int n) {
    for (int i = 0; i < n; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("m" + i));
    }
  }

  private GetResponse awaitGetManual() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      var r = ch.basicGet(q, AckMode.MANUAL);
      if (r.isPresent()) {
        return r.get();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("no message within 5 s");
      }
      ItSupport.sleep(Duration.ofMillis(20));
    }
  }
}
