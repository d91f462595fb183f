/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.AckMode;
import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.QueueSpec;
import dev.warren.protocol.BasicProperties;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs every example's main against the real broker and checks what it prints. */
@Timeout(30)
class ExamplesIT {
  private Connection conn;
  private Channel ch;
  private String queue;

  @BeforeEach
  void connect() {
    conn = Connection.open(Examples.url());
    ch = conn.openChannel();
    queue = "examples-it-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void cleanUp() {
    ch.queueDelete(queue);
    conn.close();
  }

  /** Runs {@code main} with System.out captured, returning what it printed. */
  private static synchronized String run(MainMethod main, String... args) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      main.run(args);
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    original.print(out);
    return out;
  }

  @FunctionalInterface
  interface MainMethod {
    void run(String[] args) throws Exception;
  }

  private void publish(String body) {
    ch.basicPublish(
        "",
        queue,
        BasicProperties.builder().contentType("text/plain").build(),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private void declare() {
    ch.queueDeclare(QueueSpec.named(queue).durable());
  }

  private long ready() {
    return ch.queueDeclare(QueueSpec.named(queue).passive()).messageCount();
  }

  private void awaitReady(long n) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (ready() != n) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("expected " + n + " ready messages, have " + ready());
      }
      Thread.sleep(20);
    }
  }

  @Test
  void hello() throws Exception {
    String out = run(Hello::main);
    assertThat(out).contains("Connected to RabbitMQ 3.");
    assertThat(out).contains("publisher_confirms          true");
    assertThat(out).contains("consumer_cancel_notify      true");
    assertThat(out).containsPattern("channel_max \\d+, frame_max \\d+, heartbeat \\d+ s");
  }

  @Test
  void basicGetWithAndWithoutAMessage() throws Exception {
    declare();
    assertThat(run(BasicGetExample::main, queue)).contains("No message returned");
    publish("hello from the test");
    awaitReady(1);
    String out = run(BasicGetExample::main, queue);
    assertThat(out).contains("Got delivery 1 from exchange '' with routing key '" + queue + "'");
    assertThat(out).contains("0 left in the queue");
    assertThat(out).contains("Body: hello from the test");
    awaitReady(0); // acknowledged
  }

  @Test
  void publishThenGet() throws Exception {
    String exchange = queue + "-x";
    try {
      declare();
      ch.exchangeDeclare(dev.warren.client.ExchangeSpec.direct(exchange));
      ch.queueBind(queue, exchange, "test_routing_key");
      String out = run(PublishExample::main, exchange, "test_routing_key");
      assertThat(out)
          .contains(
              "Published 'message body value' to exchange '"
                  + exchange
                  + "' with routing key 'test_routing_key'");
      awaitReady(1);
      var got = ch.basicGet(queue, AckMode.AUTO).orElseThrow();
      assertThat(got.delivery().bodyAsString()).isEqualTo("message body value");
      assertThat(got.delivery().properties().contentType()).isEqualTo("text/plain");
      assertThat(got.delivery().properties().deliveryMode()).isEqualTo(1);
    } finally {
      ch.exchangeDelete(exchange);
    }
  }

  @Test
  void consumeWithACallback() throws Exception {
    declare();
    for (int i = 1; i <= 3; i++) {
      publish("message " + i);
    }
    awaitReady(3);
    String out = run(ConsumeExample::main, queue, "3");
    assertThat(out).contains("1\nmessage 1\n", "2\nmessage 2\n", "3\nmessage 3\n");
    assertThat(out).contains("Consumed 3 messages");
    awaitReady(0);
  }

  @Test
  void consumeOnTheIoThread() throws Exception {
    declare();
    for (int i = 1; i <= 250; i++) {
      publish("message " + (1000 + i)); // 12 bytes each
    }
    awaitReady(250);
    String out = run(IoThreadConsumeExample::main, queue, "250");
    assertThat(out).contains("Consumed 250 messages, 3000 bytes");
    awaitReady(0); // every one acknowledged: nothing came back when the connection closed
  }

  @Test
  void consumeGeneratorTakesTenAndRequeuesTheRest() throws Exception {
    declare();
    for (int i = 1; i <= 15; i++) {
      publish("message " + i);
    }
    awaitReady(15);
    String out = run(ConsumeGeneratorExample::main, queue, "1");
    assertThat(out).contains("message 1\n", "message 10\n").doesNotContain("message 11\n");
    assertThat(out).containsPattern("Requeued [0-5] messages");
    awaitReady(5);
    // With fewer than ten, it leaves on inactivity.
    ch.queuePurge(queue);
    publish("only one");
    awaitReady(1);
    String short_ = run(ConsumeGeneratorExample::main, queue, "1");
    assertThat(short_).contains("only one", "Nothing arrived for 1 s", "Requeued 0 messages");
  }

  @Test
  void confirmedPublish() throws Exception {
    String out = run(ConfirmExample::main, queue);
    assertThat(out).contains("Message publish was confirmed");
    awaitReady(1);
  }

  @Test
  void mandatoryPublishRoutedAndReturned() throws Exception {
    assertThat(run(MandatoryExample::main, queue)).contains("Message was published");
    awaitReady(1);
    String out = run(MandatoryExample::main, queue, queue + "-nobody");
    assertThat(out)
        .contains("Message was returned: 312 NO_ROUTE, routing key '" + queue + "-nobody'")
        .contains("body 'Hello World!'");
    awaitReady(1);
  }
}
