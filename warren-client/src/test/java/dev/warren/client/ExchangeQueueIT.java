/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warren.errors.AccessRefusedException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.NotFoundException;
import dev.warren.errors.PreconditionFailedException;
import dev.warren.errors.ResourceLockedException;
import dev.warren.errors.UnroutableException;
import dev.warren.protocol.BasicProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** exchange.* and queue.*: every option, verified by the broker's view or by routing. */
@Timeout(30)
class ExchangeQueueIT {
  private Connection conn;
  private Channel ch;

  @BeforeEach
  void connect() {
    conn = Broker.connect();
    ch = conn.openChannel();
  }

  @AfterEach
  void close() {
    conn.close();
  }

  private Channel fresh() {
    return conn.openChannel();
  }

  // ---- exchanges ----

  @Test
  void exchangeDeclareTypesAndFlagsAsTheBrokerSeesThem() {
    String direct = Broker.unique("it-x-direct");
    String fanout = Broker.unique("it-x-fanout");
    String topic = Broker.unique("it-x-topic");
    String headers = Broker.unique("it-x-headers");
    String internal = Broker.unique("it-x-internal");
    try {
      ch.exchangeDeclare(ExchangeSpec.direct(direct).durable());
      ch.exchangeDeclare(ExchangeSpec.fanout(fanout).autoDelete());
      ch.exchangeDeclare(ExchangeSpec.topic(topic));
      ch.exchangeDeclare(ExchangeSpec.headers(headers).argument("x-test-arg", "yes"));
      ch.exchangeDeclare(ExchangeSpec.of(internal, "topic").internal());
      String listing =
          ItSupport.ctl(
              "list_exchanges", "name", "type", "durable", "auto_delete", "internal", "arguments");
      assertThat(listing).contains(direct + "\tdirect\ttrue\tfalse\tfalse\t[]");
      assertThat(listing).contains(fanout + "\tfanout\tfalse\ttrue\tfalse\t[]");
      assertThat(listing).contains(topic + "\ttopic\tfalse\tfalse\tfalse\t[]");
      assertThat(listing)
          .contains(headers + "\theaders\tfalse\tfalse\tfalse\t[{\"x-test-arg\",\"yes\"}]");
      assertThat(listing).contains(internal + "\ttopic\tfalse\tfalse\ttrue\t[]");
      // Passive declare of an existing exchange succeeds whatever its flags.
      ch.exchangeDeclare(ExchangeSpec.direct(direct).passive());
      // Redeclaring with other flags is refused: the flags really reach the broker.
      PreconditionFailedException e =
          catchThrowableOfType(
              PreconditionFailedException.class,
              () -> ch.exchangeDeclare(ExchangeSpec.direct(direct)));
      assertThat(e).isNotNull();
      assertThat(e.replyCode()).isEqualTo(406);
      assertThat(e.replyText()).contains("durable");
    } finally {
      Channel c = fresh();
      for (String x : new String[] {direct, fanout, topic, headers, internal}) {
        c.exchangeDelete(x);
      }
    }
  }

  @Test
  void passiveDeclareOfAMissingExchangeIs404() {
    String missing = Broker.unique("it-x-missing");
    NotFoundException e =
        catchThrowableOfType(
            NotFoundException.class,
            () -> ch.exchangeDeclare(ExchangeSpec.direct(missing).passive()));
    assertThat(e).isNotNull();
    assertThat(e.replyCode()).isEqualTo(404);
    assertThat(e.replyText()).contains(missing);
  }

  @Test
  void internalExchangeRefusesDirectPublishes() {
    String internal = Broker.unique("it-x-internal");
    ch.exchangeDeclare(ExchangeSpec.topic(internal).internal().autoDelete());
    Channel pub = fresh();
    LinkedBlockingQueue<ChannelClosedException> closed = new LinkedBlockingQueue<>();
    pub.addCloseListener(closed::add);
    pub.basicPublish(internal, "k", BasicProperties.EMPTY, bytes("x"));
    // basic.publish has no reply: the refusal comes as a channel.close, heard by the listener.
    ChannelClosedException e;
    try {
      e = closed.poll(10, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new AssertionError(interrupted);
    }
    assertThat(e).isInstanceOf(AccessRefusedException.class);
    assertThat(e.replyCode()).isEqualTo(403);
    assertThat(e.replyText()).contains("internal");
    ch.exchangeDelete(internal);
  }

  @Test
  void exchangeArgumentsReachTheBroker() {
    // An alternate exchange receives what the main exchange cannot route.
    String main = Broker.unique("it-x-main");
    String alternate = Broker.unique("it-x-ae");
    try {
      ch.exchangeDeclare(ExchangeSpec.fanout(alternate));
      ch.exchangeDeclare(ExchangeSpec.direct(main).argument("alternate-exchange", alternate));
      String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
      ch.queueBind(Binding.queue(q).to(alternate));
      ch.basicPublish(main, "nobody-bound", BasicProperties.EMPTY, bytes("via ae"));
      assertThat(awaitGet(ch, q).delivery().bodyAsString()).isEqualTo("via ae");
    } finally {
      ch.exchangeDelete(main);
      ch.exchangeDelete(alternate);
    }
  }

  @Test
  void exchangeDeleteIfUnused() {
    String x = Broker.unique("it-x-del");
    ch.exchangeDeclare(ExchangeSpec.direct(x));
    String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
    ch.queueBind(q, x, "k");
    Channel other = fresh();
    PreconditionFailedException e =
        catchThrowableOfType(
            PreconditionFailedException.class,
            () -> other.exchangeDelete(ExchangeDeletion.of(x).ifUnused()));
    assertThat(e).isNotNull();
    assertThat(e.replyCode()).isEqualTo(406);
    assertThat(e.replyText()).contains("in use");
    ch.queueUnbind(Binding.queue(q).to(x).withKey("k"));
    ch.exchangeDelete(ExchangeDeletion.of(x).ifUnused());
    assertThat(
            catchThrowableOfType(
                NotFoundException.class,
                () -> fresh().exchangeDeclare(ExchangeSpec.direct(x).passive())))
        .isNotNull();
  }

  @Test
  void exchangeToExchangeBindAndUnbindRouteMessages() {
    String source = Broker.unique("it-x-src");
    String destination = Broker.unique("it-x-dst");
    try {
      ch.exchangeDeclare(ExchangeSpec.topic(source));
      ch.exchangeDeclare(ExchangeSpec.fanout(destination));
      String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
      ch.queueBind(Binding.queue(q).to(destination));
      Binding e2e = Binding.exchange(destination).to(source).withKey("orders.*");
      ch.exchangeBind(e2e);
      ch.confirmSelect();

      ch.publishConfirmed(
          source, "orders.new", BasicProperties.EMPTY, bytes("routed"), mandatory());
      assertThat(ch.basicGet(q, AckMode.AUTO).orElseThrow().delivery().bodyAsString())
          .isEqualTo("routed");
      UnroutableException notBound =
          catchThrowableOfType(
              UnroutableException.class,
              () ->
                  ch.publishConfirmed(
                      source, "invoices.new", BasicProperties.EMPTY, bytes("no"), mandatory()));
      assertThat(notBound).isNotNull();

      ch.exchangeUnbind(e2e);
      UnroutableException unbound =
          catchThrowableOfType(
              UnroutableException.class,
              () ->
                  ch.publishConfirmed(
                      source, "orders.new", BasicProperties.EMPTY, bytes("gone"), mandatory()));
      assertThat(unbound).isNotNull();
      assertThat(ch.basicGet(q, AckMode.AUTO)).isEmpty();
    } finally {
      Channel c = fresh();
      c.exchangeDelete(source);
      c.exchangeDelete(destination);
    }
  }

  @Test
  void autoDeleteExchangeGoesWithItsLastBinding() {
    String x = Broker.unique("it-x-auto");
    ch.exchangeDeclare(ExchangeSpec.fanout(x).autoDelete());
    String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
    ch.queueBind(Binding.queue(q).to(x));
    ch.exchangeDeclare(ExchangeSpec.fanout(x).passive());
    ch.queueUnbind(Binding.queue(q).to(x));
    assertThat(
            catchThrowableOfType(
                NotFoundException.class,
                () -> ch.exchangeDeclare(ExchangeSpec.fanout(x).passive())))
        .isNotNull();
  }

  @Test
  void exchangeNoWaitVariants() {
    String x = Broker.unique("it-x-nowait");
    String y = Broker.unique("it-x-nowait2");
    ch.exchangeDeclare(ExchangeSpec.direct(x).noWait());
    ch.exchangeDeclare(ExchangeSpec.fanout(y).noWait());
    ch.exchangeBind(Binding.exchange(y).to(x).withKey("k").noWait());
    String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
    ch.queueBind(Binding.queue(q).to(y).noWait());
    ch.basicPublish(x, "k", BasicProperties.EMPTY, bytes("nowait"));
    assertThat(awaitGet(ch, q).delivery().bodyAsString()).isEqualTo("nowait");
    ch.exchangeUnbind(Binding.exchange(y).to(x).withKey("k").noWait());
    ch.exchangeDelete(ExchangeDeletion.of(x).noWait());
    ch.exchangeDelete(ExchangeDeletion.of(y).noWait());
    // A synchronous method on the same channel: the broker has handled everything before it.
    ch.queueDeclare(QueueSpec.named(q).passive());
    assertThat(ch.isOpen()).isTrue();
    Channel check = fresh();
    assertThat(
            catchThrowableOfType(
                NotFoundException.class,
                () -> check.exchangeDeclare(ExchangeSpec.direct(x).passive())))
        .isNotNull();
  }

  // ---- queues ----

  @Test
  void serverNamedQueueAndCounts() {
    QueueDeclareOk ok = ch.queueDeclare(QueueSpec.serverNamed().exclusive());
    assertThat(ok.queue()).startsWith("amq.gen-");
    assertThat(ok.messageCount()).isZero();
    assertThat(ok.consumerCount()).isZero();
    for (int i = 0; i < 3; i++) {
      ch.basicPublish("", ok.queue(), BasicProperties.EMPTY, bytes("m" + i));
    }
    ItSupport.waitUntil(
        Duration.ofSeconds(5),
        "3 messages in the queue",
        () -> ch.queueDeclare(QueueSpec.named(ok.queue()).passive()).messageCount() == 3);
    ch.basicConsume(ConsumeSpec.queue(ok.queue()).tag("c1"), d -> {});
    fresh().basicConsume(ConsumeSpec.queue(ok.queue()).tag("c2"), d -> {});
    QueueDeclareOk passive = ch.queueDeclare(QueueSpec.named(ok.queue()).passive());
    assertThat(passive.queue()).isEqualTo(ok.queue());
    assertThat(passive.consumerCount()).isEqualTo(2);
    assertThat(passive.messageCount()).isZero(); // all 3 delivered and unacked
  }

  @Test
  void queueFlagsAndArgumentsAsTheBrokerSeesThem() {
    String durable = Broker.unique("it-q-durable");
    String auto = Broker.unique("it-q-auto");
    String excl = Broker.unique("it-q-excl");
    try {
      ch.queueDeclare(QueueSpec.named(durable).durable().argument("x-max-length", 10));
      ch.queueDeclare(QueueSpec.named(auto).autoDelete().argument("x-message-ttl", 60000));
      ch.queueDeclare(QueueSpec.named(excl).exclusive());
      String listing =
          ItSupport.ctl("list_queues", "name", "durable", "auto_delete", "exclusive", "arguments");
      assertThat(listing).contains(durable + "\ttrue\tfalse\tfalse\t[{\"x-max-length\",10}]");
      assertThat(listing).contains(auto + "\tfalse\ttrue\tfalse\t[{\"x-message-ttl\",60000}]");
      assertThat(listing).contains(excl + "\tfalse\tfalse\ttrue\t[]");
      PreconditionFailedException e =
          catchThrowableOfType(
              PreconditionFailedException.class,
              () -> ch.queueDeclare(QueueSpec.named(durable).durable()));
      assertThat(e).isNotNull();
      assertThat(e.replyText()).contains("x-max-length");
    } finally {
      fresh().queueDelete(durable);
      fresh().queueDelete(auto);
    }
  }

  @Test
  void exclusiveQueueBelongsToItsConnectionAndGoesWithIt() throws Exception {
    String q = Broker.unique("it-q-excl");
    Connection owner = Broker.connect();
    owner.openChannel().queueDeclare(QueueSpec.named(q).exclusive());
    ResourceLockedException e =
        catchThrowableOfType(
            ResourceLockedException.class, () -> ch.queueDeclare(QueueSpec.named(q).passive()));
    assertThat(e).isNotNull();
    assertThat(e.replyCode()).isEqualTo(405);
    owner.close();
    Channel c = fresh();
    ItSupport.waitUntil(
        Duration.ofSeconds(5),
        "the exclusive queue to go with its connection",
        () -> {
          try {
            conn.openChannel().queueDeclare(QueueSpec.named(q).passive());
            return false;
          } catch (NotFoundException gone) {
            return true;
          }
        });
    assertThat(c.isOpen()).isTrue();
  }

  @Test
  void autoDeleteQueueGoesWithItsLastConsumer() {
    String q = Broker.unique("it-q-auto");
    ch.queueDeclare(QueueSpec.named(q).autoDelete());
    String tag = ch.basicConsume(ConsumeSpec.queue(q), d -> {});
    ch.queueDeclare(QueueSpec.named(q).passive());
    ch.basicCancel(tag);
    ItSupport.waitUntil(
        Duration.ofSeconds(5),
        "the auto-delete queue to be deleted",
        () -> {
          try {
            conn.openChannel().queueDeclare(QueueSpec.named(q).passive());
            return false;
          } catch (NotFoundException gone) {
            return true;
          }
        });
  }

  @Test
  void messageTtlArgumentExpiresMessages() {
    String q =
        ch.queueDeclare(QueueSpec.serverNamed().exclusive().argument("x-message-ttl", 100)).queue();
    ch.basicPublish("", q, BasicProperties.EMPTY, bytes("short-lived"));
    ItSupport.waitUntil(
        Duration.ofSeconds(5),
        "the message to be in the queue or expire",
        () -> ch.queueDeclare(QueueSpec.named(q).passive()).messageCount() <= 1);
    ItSupport.sleep(Duration.ofMillis(300));
    assertThat(ch.basicGet(q, AckMode.AUTO)).isEmpty();
    assertThat(ch.queueDeclare(QueueSpec.named(q).passive()).messageCount()).isZero();
  }

  @Test
  void queueBindUnbindRouteMessages() {
    String x = Broker.unique("it-x-bind");
    try {
      ch.exchangeDeclare(ExchangeSpec.headers(x));
      String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
      Binding b = Binding.queue(q).to(x).argument("x-match", "all").argument("kind", "order");
      ch.queueBind(b);
      ch.confirmSelect();
      BasicProperties order = BasicProperties.builder().header("kind", "order").build();
      BasicProperties invoice = BasicProperties.builder().header("kind", "invoice").build();
      ch.publishConfirmed(x, "", order, bytes("order"), mandatory());
      assertThat(
              catchThrowableOfType(
                  UnroutableException.class,
                  () -> ch.publishConfirmed(x, "", invoice, bytes("invoice"), mandatory())))
          .isNotNull();
      assertThat(ch.basicGet(q, AckMode.AUTO).orElseThrow().delivery().bodyAsString())
          .isEqualTo("order");
      ch.queueUnbind(b);
      assertThat(
              catchThrowableOfType(
                  UnroutableException.class,
                  () -> ch.publishConfirmed(x, "", order, bytes("order"), mandatory())))
          .isNotNull();
    } finally {
      fresh().exchangeDelete(x);
    }
  }

  @Test
  void purgeReturnsTheCount() {
    String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
    publishAndWait(q, 5);
    assertThat(ch.queuePurge(q)).isEqualTo(5);
    assertThat(ch.queuePurge(q)).isZero();
    assertThat(ch.basicGet(q, AckMode.AUTO)).isEmpty();
  }

  @Test
  void deleteReturnsTheCountAndHonoursItsConditions() {
    String q = ch.queueDeclare(QueueSpec.named(Broker.unique("it-q-del"))).queue();
    publishAndWait(q, 4);
    // if-empty with messages: 406
    PreconditionFailedException notEmpty =
        catchThrowableOfType(
            PreconditionFailedException.class,
            () -> fresh().queueDelete(QueueDeletion.of(q).ifEmpty()));
    assertThat(notEmpty).isNotNull();
    assertThat(notEmpty.replyText()).contains("not empty");
    // if-unused with a consumer: 406
    Channel consumer = fresh();
    consumer.basicQos(Qos.prefetch(1));
    String tag = consumer.basicConsume(ConsumeSpec.queue(q), d -> {});
    PreconditionFailedException inUse =
        catchThrowableOfType(
            PreconditionFailedException.class,
            () -> fresh().queueDelete(QueueDeletion.of(q).ifUnused()));
    assertThat(inUse).isNotNull();
    assertThat(inUse.replyText()).contains("in use");
    consumer.basicCancel(tag);
    consumer.close(); // the unacked message goes back: 4 ready again
    ItSupport.waitUntil(
        Duration.ofSeconds(5),
        "4 ready messages",
        () -> ch.queueDeclare(QueueSpec.named(q).passive()).messageCount() == 4);
    assertThat(ch.queueDelete(QueueDeletion.of(q).ifUnused())).isEqualTo(4);
    String empty = ch.queueDeclare(QueueSpec.named(Broker.unique("it-q-del"))).queue();
    assertThat(ch.queueDelete(QueueDeletion.of(empty).ifEmpty().ifUnused())).isZero();
  }

  @Test
  void queueNoWaitVariants() {
    String q = Broker.unique("it-q-nowait");
    String x = Broker.unique("it-x-nowait");
    QueueDeclareOk ok = ch.queueDeclare(QueueSpec.named(q).noWait());
    assertThat(ok.queue()).isEqualTo(q);
    ch.exchangeDeclare(ExchangeSpec.direct(x));
    ch.queueBind(Binding.queue(q).to(x).withKey("k").noWait());
    ch.basicPublish(x, "k", BasicProperties.EMPTY, bytes("nowait"));
    assertThat(awaitGet(ch, q).delivery().bodyAsString()).isEqualTo("nowait");
    ch.queueDelete(QueueDeletion.of(q).noWait());
    ch.exchangeDelete(x);
    assertThat(
            catchThrowableOfType(
                NotFoundException.class, () -> ch.queueDeclare(QueueSpec.named(q).passive())))
        .isNotNull();
  }

  // ---- helpers ----

  private static PublishOptions mandatory() {
    return PublishOptions.defaults().mandatory();
  }

  private void publishAndWait(String q, int n) {
    for (int i = 0; i < n; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("m" + i));
    }
    ItSupport.waitUntil(
        Duration.ofSeconds(5),
        n + " messages in " + q,
        () -> ch.queueDeclare(QueueSpec.named(q).passive()).messageCount() == n);
  }

  static GetResponse awaitGet(Channel ch, String q) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      Optional<GetResponse> r = ch.basicGet(q, AckMode.AUTO);
      if (r.isPresent()) {
        return r.get();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("no message arrived in " + q + " within 5 s");
      }
      ItSupport.sleep(Duration.ofMillis(20));
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
