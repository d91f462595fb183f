/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The threads connections run on (docs/threading.md): the default resources end with their last
 * connection, and application-owned {@link ClientResources} are shared, run callbacks on the
 * application's executor and refuse connections once closed.
 */
@Timeout(120)
class ClientResourcesIT {
  private static final int CONNECTIONS = 100;

  @Test
  void hundredConnectionsWithConsumersAndConfirmsLeaveTheThreadCountAtItsBaseline()
      throws Exception {
    // One connection first, so that what the JVM starts once (its own lazy threads) is in the
    // baseline; then no thread of Warren's may be left.
    Broker.connect().close();
    assertThat(awaitNoWarrenThreads(Duration.ofSeconds(10)))
        .as("Warren's threads before the baseline")
        .isEmpty();
    int baseline = Thread.getAllStackTraces().size();

    List<Connection> connections = new ArrayList<>();
    CountDownLatch delivered = new CountDownLatch(CONNECTIONS);
    for (int i = 0; i < CONNECTIONS; i++) {
      Connection c = Broker.connect();
      connections.add(c);
      Channel ch = c.openChannel();
      ch.confirmSelect();
      String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive().autoDelete()).queue();
      ch.basicConsume(
          ConsumeSpec.queue(q),
          d -> {
            ch.basicAck(d.deliveryTag());
            delivered.countDown();
          });
      ch.basicPublish("", q, BasicProperties.EMPTY, ("m" + i).getBytes(UTF_8));
      ch.waitForConfirms(Duration.ofSeconds(30));
    }
    assertThat(delivered.await(60, TimeUnit.SECONDS)).as("every connection's delivery").isTrue();
    int busy = Thread.getAllStackTraces().size();
    for (Connection c : connections) {
      c.close();
    }

    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    int now;
    while ((now = Thread.getAllStackTraces().size()) > baseline && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(now)
        .as(
            "live threads 2 s after closing %d connections (baseline %d, %d while open; left: %s)",
            CONNECTIONS, baseline, busy, warrenThreads())
        .isLessThanOrEqualTo(baseline);
    assertThat(warrenThreads()).isEmpty();
    // and while they were open, the default callback pool stayed bounded (four per core)
    assertThat(busy - baseline)
        .as("threads added by %d open connections", CONNECTIONS)
        .isLessThanOrEqualTo(
            Runtime.getRuntime().availableProcessors() /* I/O */
                + Math.max(4, 4 * Runtime.getRuntime().availableProcessors()) /* callbacks */);
  }

  @Test
  void applicationResourcesAreSharedRunCallbacksOnTheirExecutorAndRefuseConnectionsOnceClosed()
      throws Exception {
    AtomicInteger made = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2, r -> new Thread(r, "app-callback-" + made.incrementAndGet()));
    try {
      ClientResources resources =
          ClientResources.builder().ioThreads(1).callbackExecutor(executor).build();
      assertThat(resources.ioThreads()).isEqualTo(1);
      assertThat(resources.callbackExecutor()).isSameAs(executor);
      ConnectionParameters p = Broker.parameters().toBuilder().resources(resources).build();
      assertThat(p.resources()).containsSame(resources);

      Set<String> ioThreads = ConcurrentHashMap.newKeySet();
      Set<String> callbackThreads = ConcurrentHashMap.newKeySet();
      CountDownLatch got = new CountDownLatch(4);
      List<Connection> connections = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Connection c = Connection.open(p);
        connections.add(c);
        Channel ch = c.openChannel();
        String q = ch.queueDeclare(QueueSpec.serverNamed().exclusive().autoDelete()).queue();
        ch.basicConsume(
            ConsumeSpec.queue(q).callbackThread(CallbackThread.IO_THREAD),
            d -> {
              ioThreads.add(Thread.currentThread().getName());
              got.countDown();
            });
        String q2 = ch.queueDeclare(QueueSpec.serverNamed().exclusive().autoDelete()).queue();
        ch.basicConsume(
            ConsumeSpec.queue(q2),
            d -> {
              callbackThreads.add(Thread.currentThread().getName());
              got.countDown();
            });
        ch.basicPublish("", q, BasicProperties.EMPTY, "io".getBytes(UTF_8));
        ch.basicPublish("", q2, BasicProperties.EMPTY, "cb".getBytes(UTF_8));
      }
      assertThat(got.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(ioThreads).as("one I/O thread serves both connections").hasSize(1);
      assertThat(ioThreads.iterator().next()).startsWith("warren-io");
      assertThat(callbackThreads).allSatisfy(n -> assertThat(n).startsWith("app-callback-"));

      resources.close();
      assertThat(resources.isClosed()).isTrue();
      // connections already open keep working
      Channel still = connections.get(0).openChannel();
      still.close();
      assertThatThrownBy(() -> Connection.open(p))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("ClientResources are closed");
      for (Connection c : connections) {
        c.close();
      }
      assertThat(awaitNoWarrenThreads(Duration.ofSeconds(5)))
          .as("the I/O thread ends with the last connection of closed resources")
          .isEmpty();
      assertThat(executor.isShutdown()).as("the application's executor is its own").isFalse();
    } finally {
      executor.shutdownNow();
    }
  }

  private static List<String> awaitNoWarrenThreads(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    List<String> left = warrenThreads();
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      left = warrenThreads();
    }
    return left;
  }

  private static List<String> warrenThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(n -> n.startsWith("warren-"))
        .sorted()
        .toList();
  }
}
