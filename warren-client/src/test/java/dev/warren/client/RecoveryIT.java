/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.errors.AmqpException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.protocol.BasicProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Automatic recovery against the real broker: the broker closes the connection under load. */
@Timeout(90)
class RecoveryIT {

  private static Connection connect(String name) {
    return Connection.open(
        Broker.parameters().toBuilder()
            .connectionName(name)
            .recovery(
                RecoveryPolicy.builder()
                    .backoff(Duration.ofMillis(50), Duration.ofSeconds(1))
                    .build())
            .build());
  }

  /** A latch that opens when {@code conn} next hears {@code recovered}. */
  private static CountDownLatch recoveredLatch(Connection conn) {
    CountDownLatch recovered = new CountDownLatch(1);
    conn.addRecoveryListener(
        new RecoveryListener() {
          @Override
          public void recovered(String endpoint) {
            recovered.countDown();
          }
        });
    return recovered;
  }

  private static void forceClose(String name) {
    ItSupport.ctl("close_connection", ItSupport.connectionPid(name), "test: forced close");
  }

  @Test
  void topologyAndConsumersComeBackOnTheSameObjects() throws Exception {
    String name = Broker.unique("recovery-topology");
    String exchange = Broker.unique("x");
    String durable = Broker.unique("q");
    try (Connection conn = connect(name)) {
      List<String> steps = new CopyOnWriteArrayList<>();
      CountDownLatch recovered = new CountDownLatch(1);
      conn.addRecoveryListener(
          new RecoveryListener() {
            @Override
            public void connectionLost(ConnectionClosedException cause) {
              steps.add("lost:" + cause.replyCode());
            }

            @Override
            public void recoveryAttempt(int attempt, String endpoint) {
              steps.add("attempt:" + attempt);
            }

            @Override
            public void recovered(String endpoint) {
              steps.add("recovered");
              recovered.countDown();
            }
          });
      Channel ch = conn.openChannel();
      ch.exchangeDeclare(ExchangeSpec.topic(exchange).autoDelete());
      ch.queueDeclare(QueueSpec.named(durable).durable());
      String serverNamed = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
      ch.queueBind(Binding.queue(durable).to(exchange).withKey("a.*"));
      ch.queueBind(Binding.queue(serverNamed).to(exchange).withKey("a.*"));
      ch.basicQos(Qos.prefetch(10));
      var durableGot = new java.util.concurrent.LinkedBlockingQueue<Delivery>();
      var serverNamedGot = new java.util.concurrent.LinkedBlockingQueue<Delivery>();
      String tag1 = ch.basicConsume(ConsumeSpec.queue(durable).autoAck(), durableGot::add);
      String tag2 = ch.basicConsume(ConsumeSpec.queue(serverNamed).autoAck(), serverNamedGot::add);

      forceClose(name);
      assertThat(recovered.await(20, TimeUnit.SECONDS)).as("recovered").isTrue();
      assertThat(steps).first().isEqualTo("lost:320");
      assertThat(steps).contains("attempt:1", "recovered");
      assertThat(conn.isOpen()).isTrue();
      assertThat(ch.isOpen()).isTrue();

      // The same channel object works, and the broker routes through the recovered bindings.
      ch.basicPublish(exchange, "a.b", BasicProperties.EMPTY, bytes("after"));
      assertThat(durableGot.poll(5, TimeUnit.SECONDS)).isNotNull();
      Delivery d = serverNamedGot.poll(5, TimeUnit.SECONDS);
      assertThat(d).isNotNull();
      assertThat(d.consumerTag()).isEqualTo(tag2);
      // The broker's own listing shows both consumers back, with their tags.
      String consumers = ItSupport.ctl("list_consumers", "queue_name", "consumer_tag");
      assertThat(consumers).contains(tag1).contains(tag2);
      ch.queueDelete(durable);
    }
  }

  @Test
  void confirmedMessagesAreNeverLostAcrossAForcedClose() throws Exception {
    String name = Broker.unique("recovery-load");
    String queue = Broker.unique("load");
    int total = 3000;
    try (Connection conn = connect(name)) {
      Channel setup = conn.openChannel();
      setup.queueDeclare(QueueSpec.named(queue).durable());
      Channel consumerCh = conn.openChannel();
      consumerCh.basicQos(Qos.prefetch(50));
      Set<String> received = ConcurrentHashMap.newKeySet();
      AtomicInteger duplicates = new AtomicInteger();
      consumerCh.basicConsume(
          ConsumeSpec.queue(queue),
          delivery -> {
            if (!received.add(delivery.bodyAsString())) {
              duplicates.incrementAndGet();
            }
            consumerCh.basicAck(delivery.deliveryTag());
          });
      Channel pub = conn.openChannel();
      pub.confirmSelect();
      Set<String> confirmed = ConcurrentHashMap.newKeySet();
      AtomicBoolean closed = new AtomicBoolean();
      for (int i = 0; i < total; i++) {
        if (i == total / 3 && closed.compareAndSet(false, true)) {
          forceClose(name);
        }
        String body = "m-" + i;
        try {
          pub.publishConfirmed(
              "", queue, BasicProperties.EMPTY, bytes(body), PublishOptions.DEFAULT);
          confirmed.add(body);
        } catch (AmqpException e) {
          // Lost in flight: the exception says so; the message may or may not have arrived.
        }
      }
      ItSupport.waitUntil(
          Duration.ofSeconds(30),
          "every confirmed message consumed",
          () -> received.containsAll(confirmed));
      assertThat(confirmed.size()).isGreaterThan(total - 200);
      setup.queueDelete(queue);
    }
  }

  @Test
  void staleDeliveryTagsAreDroppedNotSent() throws Exception {
    String name = Broker.unique("recovery-tags");
    String queue = Broker.unique("tags");
    try (Connection conn = connect(name)) {
      Channel ch = conn.openChannel();
      ch.queueDeclare(QueueSpec.named(queue).autoDelete());
      ch.basicPublish("", queue, BasicProperties.EMPTY, bytes("one"));
      long staleTag = ch.basicGet(queue, AckMode.MANUAL).orElseThrow().delivery().deliveryTag();
      CountDownLatch recovered = recoveredLatch(conn);
      forceClose(name);
      assertThat(recovered.await(20, TimeUnit.SECONDS)).isTrue();
      ch.basicAck(staleTag); // would close the new channel with 406 if it were sent
      GetResponse again = ch.basicGet(queue, AckMode.MANUAL).orElseThrow();
      assertThat(again.delivery().redelivered()).isTrue();
      assertThat(again.delivery().deliveryTag()).isGreaterThan(staleTag);
      ch.basicAck(again.delivery().deliveryTag());
      assertThat(ch.queueDeclare(QueueSpec.named(queue).passive()).messageCount()).isZero();
      assertThat(ch.isOpen()).isTrue();
      ch.queueDelete(queue);
    }
  }

  /** {@code tag -> prefetch_count} of the broker's consumers on {@code queue}. */
  private static java.util.Map<String, Integer> prefetchByTag(String queue) {
    java.util.Map<String, Integer> m = new java.util.HashMap<>();
    for (String line :
        ItSupport.ctl("list_consumers", "queue_name", "consumer_tag", "prefetch_count")
            .split("\n")) {
      String[] f = line.trim().split("\t");
      if (f.length == 3 && f[0].equals(queue)) {
        m.put(f[1], Integer.parseInt(f[2]));
      }
    }
    return m;
  }

  @Test
  void eachConsumerComesBackWithThePrefetchItWasSubscribedWith() throws Exception {
    String name = Broker.unique("recovery-prefetch");
    String queue = Broker.unique("prefetch");
    try (Connection conn = connect(name)) {
      Channel ch = conn.openChannel();
      ch.queueDeclare(QueueSpec.named(queue).autoDelete());
      ch.basicQos(Qos.prefetch(10));
      String narrow = ch.basicConsume(ConsumeSpec.queue(queue), d -> {});
      ch.basicQos(Qos.prefetch(100));
      String wide = ch.basicConsume(ConsumeSpec.queue(queue), d -> {});
      assertThat(prefetchByTag(queue)).isEqualTo(java.util.Map.of(narrow, 10, wide, 100));
      CountDownLatch recovered = recoveredLatch(conn);

      forceClose(name);
      assertThat(recovered.await(20, TimeUnit.SECONDS)).as("recovered").isTrue();

      // Each consumer has the prefetch it was accepted with, not the channel's latest for both.
      ItSupport.waitUntil(
          Duration.ofSeconds(10), "both consumers back", () -> prefetchByTag(queue).size() == 2);
      assertThat(prefetchByTag(queue)).isEqualTo(java.util.Map.of(narrow, 10, wide, 100));
      // And the channel's own basic.qos is the latest again: a new consumer gets 100.
      String later = ch.basicConsume(ConsumeSpec.queue(queue), d -> {});
      assertThat(prefetchByTag(queue)).containsEntry(later, 100);
      ch.queueDelete(queue);
    }
  }

  @Test
  void applicationCloseNeverRecovers() throws Exception {
    Connection conn = connect(Broker.unique("recovery-none"));
    AtomicInteger attempts = new AtomicInteger();
    conn.addRecoveryListener(
        new RecoveryListener() {
          @Override
          public void recoveryAttempt(int attempt, String endpoint) {
            attempts.incrementAndGet();
          }
        });
    conn.close();
    ItSupport.sleep(Duration.ofMillis(300));
    assertThat(conn.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(attempts).hasValue(0);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
