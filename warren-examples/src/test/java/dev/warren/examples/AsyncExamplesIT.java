/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConnectionParameters;
import dev.warren.client.QueueSpec;
import dev.warren.examples.async.AsyncConsumer;
import dev.warren.examples.async.AsyncPublisher;
import dev.warren.protocol.BasicProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the Java versions of pika's asynchronous consumer and publisher examples against the real
 * broker: the consumer reconnects when the broker closes its connection and stops when its channel
 * is closed; the publisher has every message confirmed, tracks nacks, and stops when its channel is
 * closed.
 */
@Timeout(120)
class AsyncExamplesIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private String id;
  private String exchange;
  private String queue;
  private Connection admin;
  private Channel adminChannel;

  @BeforeEach
  void setUp() {
    id = UUID.randomUUID().toString().substring(0, 8);
    exchange = "async-example-x-" + id;
    queue = "async-example-q-" + id;
    admin = Connection.open(url());
    adminChannel = admin.openChannel();
  }

  @AfterEach
  void tearDown() {
    try {
      adminChannel.queueDelete(queue);
      adminChannel.exchangeDelete(exchange);
    } finally {
      admin.close();
    }
  }

  private static String url() {
    String url = System.getenv("AMQP_URL");
    return url == null || url.isBlank() ? "amqp://guest:guest@localhost:5672/%2F" : url;
  }

  private static ConnectionParameters params(String connectionName) {
    return ConnectionParameters.fromUri(url()).toBuilder().connectionName(connectionName).build();
  }

  private void publish(String text) {
    adminChannel.basicPublish(
        exchange, AsyncConsumer.ROUTING_KEY, BasicProperties.EMPTY, text.getBytes(UTF_8));
  }

  private static List<String> take(BlockingQueue<String> q, int n) throws InterruptedException {
    List<String> got = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String s = q.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(s).as("message %d of %d", i + 1, n).isNotNull();
      got.add(s);
    }
    return got;
  }

  @Test
  void theConsumerReconnectsWhenTheBrokerClosesTheConnectionAndStopsWhenItsChannelCloses()
      throws Exception {
    String name = "async-consumer-example-" + id;
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    AsyncConsumer consumer =
        new AsyncConsumer(
            params(name),
            exchange,
            queue,
            AsyncConsumer.ROUTING_KEY,
            d -> received.add(d.bodyAsString()));
    CompletableFuture<Void> stopped = consumer.start();
    waitUntil("the consumer to subscribe", consumer::isConsuming);
    publish("a");
    publish("b");
    publish("c");
    assertThat(take(received, 3)).containsExactly("a", "b", "c");
    assertThat(consumer.connections()).isEqualTo(1);

    // The broker closes the connection: the consumer reconnects and goes on.
    ctl("close_connection", connectionPid(name), "closed by AsyncExamplesIT");
    waitUntil(
        "the consumer to reconnect and subscribe again",
        () -> consumer.connections() == 2 && consumer.isConsuming());
    publish("d");
    publish("e");
    assertThat(take(received, 2)).containsExactly("d", "e");
    assertThat(stopped).isNotDone();

    // The broker cancels the consumer (its queue is deleted): it closes its channel and stops.
    adminChannel.queueDelete(queue);
    stopped.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(consumer.isConsuming()).isFalse();
    assertThat(consumer.connections()).as("no reconnect after the channel closed").isEqualTo(2);
    Thread.sleep(1_500);
    assertThat(consumer.connections()).isEqualTo(2);
  }

  @Test
  void theConsumerStopsCleanlyWhenAsked() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    AsyncConsumer consumer =
        new AsyncConsumer(
            params("async-consumer-stop-" + id),
            exchange,
            queue,
            AsyncConsumer.ROUTING_KEY,
            d -> received.add(d.bodyAsString()));
    CompletableFuture<Void> stopped = consumer.start();
    waitUntil("the consumer to subscribe", consumer::isConsuming);
    publish("only");
    assertThat(take(received, 1)).containsExactly("only");
    consumer.stop().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(stopped).isDone();
    assertThat(adminChannel.queueDeclare(QueueSpec.named(queue).passive()).consumerCount())
        .isZero();
    assertThat(adminChannel.queueDeclare(QueueSpec.named(queue).passive()).messageCount())
        .as("the message was acknowledged")
        .isZero();
  }

  @Test
  void thePublisherHasEveryMessageConfirmed() throws Exception {
    int n = 25;
    AsyncPublisher publisher =
        new AsyncPublisher(
            params("async-publisher-example-" + id),
            exchange,
            queue,
            AsyncPublisher.ROUTING_KEY,
            Duration.ofMillis(20),
            n);
    AsyncPublisher.Report report = publisher.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(report.published()).isEqualTo(n);
    assertThat(report.acked()).isEqualTo(n);
    assertThat(report.nacked()).isZero();
    assertThat(report.connections()).isEqualTo(1);
    assertThat(adminChannel.queueDeclare(QueueSpec.named(queue).passive()).messageCount())
        .isEqualTo(n);
  }

  @Test
  void thePublisherTracksNacks() throws Exception {
    // A policy caps the queue at 5 messages and refuses further publishes: those are nacked.
    String policy = "async-example-max5-" + id;
    ctl(
        "set_policy",
        "--apply-to",
        "queues",
        policy,
        "^" + queue + "$",
        "{\"max-length\":5,\"overflow\":\"reject-publish\"}");
    try {
      adminChannel.queueDeclare(QueueSpec.named(queue));
      waitUntil("the policy to apply", () -> ctl("list_queues", "name", "policy").contains(policy));
      int n = 12;
      AsyncPublisher publisher =
          new AsyncPublisher(
              params("async-publisher-nacks-" + id),
              exchange,
              queue,
              AsyncPublisher.ROUTING_KEY,
              Duration.ofMillis(10),
              n);
      AsyncPublisher.Report report = publisher.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(report.published()).isEqualTo(n);
      assertThat(report.acked()).isEqualTo(5);
      assertThat(report.nacked()).isEqualTo(n - 5);
    } finally {
      ctl("clear_policy", policy);
    }
  }

  @Test
  void thePublisherStopsWhenTheBrokerClosesItsChannel() throws Exception {
    adminChannel.queueDeclare(QueueSpec.named(queue));
    AsyncPublisher publisher =
        new AsyncPublisher(
            params("async-publisher-channel-" + id),
            exchange,
            queue,
            AsyncPublisher.ROUTING_KEY,
            Duration.ofMillis(50),
            0);
    CompletableFuture<AsyncPublisher.Report> finished = publisher.start();
    waitUntil(
        "a few messages published",
        () ->
            adminChannel.queueDeclare(QueueSpec.named(queue).passive()).messageCount() >= 3
                || finished.isDone());
    // Publishing to an exchange that is gone is a channel error (404): the channel closes.
    adminChannel.exchangeDelete(exchange);
    AsyncPublisher.Report report = finished.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(report.published()).isGreaterThanOrEqualTo(3);
    assertThat(report.connections()).isEqualTo(1);
  }

  // ---- helpers: rabbitmqctl through scripts/broker, waiting with a deadline ----

  private static void waitUntil(String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private static Path brokerScript() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("scripts").resolve("broker");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new AssertionError("scripts/broker not found above " + System.getProperty("user.dir"));
  }

  private static String ctl(String... args) {
    List<String> cmd = new ArrayList<>(List.of(brokerScript().toString(), "ctl", "-q"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out;
      try (InputStream in = p.getInputStream()) {
        out = in.readAllBytes();
      }
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError(
            "rabbitmqctl " + String.join(" ", args) + " failed: " + new String(out, UTF_8));
      }
      return new String(out, UTF_8);
    } catch (IOException e) {
      throw new AssertionError("cannot run rabbitmqctl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static String connectionPid(String connectionName) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      for (String line : ctl("list_connections", "pid", "client_properties").split("\n")) {
        if (line.contains("\"" + connectionName + "\"")) {
          return line.substring(0, line.indexOf('\t')).trim();
        }
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("the broker lists no connection named " + connectionName);
      }
      Thread.sleep(100);
    }
  }
}
