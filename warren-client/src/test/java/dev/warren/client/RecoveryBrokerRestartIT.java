/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.RecoverySupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.errors.ReplyCode;
import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The broker application stops and starts again (rabbitmqctl stop_app / start_app): non-durable
 * exchanges, bindings and server-named queues are gone, durable queues stay. Everything the
 * connection declared comes back, and the broker's own listing shows the consumers again.
 */
@Timeout(150)
class RecoveryBrokerRestartIT {

  @Test
  void topologyAndConsumersComeBackAfterStopAppAndStartApp() throws Exception {
    String name = Broker.unique("recovery-restart");
    String upstream = Broker.unique("x-up");
    String downstream = Broker.unique("x-down");
    String durable = Broker.unique("q-durable");
    String direct = Broker.unique("q-direct");
    RecoverySupport.Events events = new RecoverySupport.Events();
    RecoveryPolicy policy =
        RecoveryPolicy.builder().backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build();
    try (Connection conn =
        RecoverySupport.open(RecoverySupport.params(name, policy).build(), events)) {
      Channel setup = conn.openChannel();
      // Non-durable exchanges: the restart removes them (and the bindings from them).
      setup.exchangeDeclare(ExchangeSpec.direct(upstream));
      setup.exchangeDeclare(ExchangeSpec.fanout(downstream));
      setup.exchangeBind(Binding.exchange(downstream).to(upstream).withKey("fan"));
      setup.queueDeclare(QueueSpec.named(durable).durable());
      setup.queueDeclare(QueueSpec.named(direct).durable());
      String serverNamed = setup.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
      setup.queueBind(Binding.queue(durable).to(downstream));
      setup.queueBind(Binding.queue(serverNamed).to(downstream));
      setup.queueBind(Binding.queue(direct).to(upstream).withKey("direct"));

      Channel consumers = conn.openChannel();
      consumers.basicQos(Qos.prefetch(5));
      BlockingQueue<Delivery> durableGot = new LinkedBlockingQueue<>();
      BlockingQueue<Delivery> serverNamedGot = new LinkedBlockingQueue<>();
      BlockingQueue<Delivery> directGot = new LinkedBlockingQueue<>();
      String durableTag =
          consumers.basicConsume(
              ConsumeSpec.queue(durable),
              d -> {
                durableGot.add(d);
                consumers.basicAck(d.deliveryTag());
              });
      String serverNamedTag =
          consumers.basicConsume(ConsumeSpec.queue(serverNamed).autoAck(), serverNamedGot::add);
      Channel other = conn.openChannel();
      String directTag =
          other.basicConsume(
              ConsumeSpec.queue(direct).tag("direct-consumer").autoAck(), directGot::add);

      // Before: routed through the exchange-to-exchange binding to both queues.
      setup.basicPublish(upstream, "fan", BasicProperties.EMPTY, bytes("before"));
      assertThat(durableGot.poll(5, TimeUnit.SECONDS)).isNotNull();
      assertThat(serverNamedGot.poll(5, TimeUnit.SECONDS)).isNotNull();

      restartBrokerApp(events);

      events.awaitRecovered(1, Duration.ofSeconds(60));
      assertThat(events.losses.get(0).replyCode()).isEqualTo(ReplyCode.CONNECTION_FORCED);
      assertThat(events.attempts.get())
          .as("attempts while the broker was down (steps %s)", events.steps)
          .isGreaterThan(1);
      assertThat(events.entityFailures).as("entity failures").isEmpty();
      assertThat(conn.isOpen()).isTrue();
      assertThat(setup.isOpen() && consumers.isOpen() && other.isOpen()).isTrue();

      // The broker's own listing: the three consumers are back, with their tags, on the queues
      // (the server-named one under its new name).
      String listing = ItSupport.ctl("list_consumers", "queue_name", "consumer_tag");
      assertThat(listing).contains(durableTag).contains(serverNamedTag).contains(directTag);
      assertThat(listing).contains(durable).contains(direct).doesNotContain(serverNamed + "\t");

      // Routed again through the recovered exchanges and exchange-to-exchange binding.
      setup.basicPublish(upstream, "fan", BasicProperties.EMPTY, bytes("after"));
      setup.basicPublish(upstream, "direct", BasicProperties.EMPTY, bytes("after-direct"));
      Delivery d1 = durableGot.poll(10, TimeUnit.SECONDS);
      Delivery d2 = serverNamedGot.poll(10, TimeUnit.SECONDS);
      Delivery d3 = directGot.poll(10, TimeUnit.SECONDS);
      assertThat(d1).as("durable queue via e2e binding").isNotNull();
      assertThat(d1.bodyAsString()).isEqualTo("after");
      assertThat(d1.consumerTag()).isEqualTo(durableTag);
      assertThat(d2).as("renamed server-named queue via e2e binding").isNotNull();
      assertThat(d2.consumerTag()).isEqualTo(serverNamedTag);
      assertThat(d3).as("direct binding").isNotNull();
      assertThat(d3.consumerTag()).isEqualTo(directTag);

      setup.queueDelete(durable);
      setup.queueDelete(direct);
      setup.exchangeDelete(upstream);
      setup.exchangeDelete(downstream);
    }
  }

  /** stop_app, wait until the client noticed and failed to reconnect at least once, start_app. */
  private static void restartBrokerApp(RecoverySupport.Events events) {
    try {
      ItSupport.ctl("stop_app");
      events.awaitLost(1, Duration.ofSeconds(20));
      events.awaitAttempts(3, Duration.ofSeconds(20)); // refused while the app is down
    } finally {
      // Whatever happened, the shared broker must come back.
      RecoverySupport.ctlQuietly(Duration.ofSeconds(60), "start_app");
      RecoverySupport.ctlQuietly(Duration.ofSeconds(60), "await_startup");
      ItSupport.waitUntil(
          Duration.ofSeconds(60),
          "the broker to accept connections again",
          () -> {
            try (java.net.Socket s =
                new java.net.Socket(RecoverySupport.brokerHost(), RecoverySupport.brokerPort())) {
              return true;
            } catch (java.io.IOException e) {
              return false;
            }
          });
    }
  }
}
