/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Programs that never close their connection, run in a child JVM ({@link ExitProgram}): what they
 * published before the JVM's exit is in the queue (the shutdown hook closes the connection after
 * writing it), and a consumer whose {@code main} returns goes on consuming, because the open
 * connection's I/O thread keeps the JVM alive, until SIGTERM ends it.
 */
@Timeout(120)
class ExitWithoutCloseIT {
  private static final int MESSAGES = 1_000;
  private static final Duration CHILD_DEADLINE = Duration.ofSeconds(45);

  private Connection connection;
  private Channel channel;
  private String queue;
  private final List<Process> children = new ArrayList<>();

  @BeforeEach
  void declare() {
    connection = Broker.connect();
    channel = connection.openChannel();
    queue = Broker.unique("exit-without-close");
    channel.queueDeclare(QueueSpec.named(queue));
  }

  @AfterEach
  void cleanUp() {
    children.forEach(Process::destroyForcibly);
    channel.queueDelete(queue);
    connection.close();
  }

  @Test
  void systemExitAfterPublishingLeavesEveryAcceptedMessageInTheQueue() throws Exception {
    ChildJvm child = start("publish-exit", queue, String.valueOf(MESSAGES));
    assertThat(child.exitWithin(CHILD_DEADLINE))
        .as("exit status; output: %s", child.output())
        .isZero();
    assertThat(ready()).as("messages in the queue after System.exit").isEqualTo(MESSAGES);
  }

  @Test
  void sigtermAfterPublishingLeavesEveryAcceptedMessageInTheQueue() throws Exception {
    ChildJvm child = start("publish-wait", queue, String.valueOf(MESSAGES));
    assertThat(child.line(CHILD_DEADLINE)).isEqualTo("published");
    // main has returned: the open connection keeps the JVM alive until the signal
    Thread.sleep(500);
    assertThat(child.process.isAlive()).as("alive after main returned").isTrue();
    child.process.destroy(); // SIGTERM
    assertThat(child.exitWithin(CHILD_DEADLINE)).as("exit status after SIGTERM").isEqualTo(143);
    assertThat(ready()).as("messages in the queue after SIGTERM").isEqualTo(MESSAGES);
  }

  @Test
  void aConsumerWhoseMainReturnsGoesOnConsuming() throws Exception {
    ChildJvm child = start("consume", queue);
    assertThat(child.line(CHILD_DEADLINE)).isEqualTo("subscribed");
    Thread.sleep(500); // main has returned by now
    for (int i = 0; i < 3; i++) {
      channel.basicPublish("", queue, BasicProperties.EMPTY, ("after-main-" + i).getBytes(UTF_8));
    }
    for (int i = 0; i < 3; i++) {
      assertThat(child.line(CHILD_DEADLINE)).isEqualTo("got after-main-" + i);
    }
    assertThat(child.process.isAlive()).isTrue();
    child.process.destroy(); // SIGTERM: the hook closes the consumer's connection
    assertThat(child.exitWithin(CHILD_DEADLINE)).as("exit status after SIGTERM").isEqualTo(143);
  }

  private long ready() {
    return channel.queueDeclare(QueueSpec.named(queue).passive()).messageCount();
  }

  private ChildJvm start(String mode, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(mode, Broker.url()));
    all.addAll(List.of(args));
    ChildJvm child = ChildJvm.start(ExitProgram.class, List.of(), all);
    children.add(child.process);
    return child;
  }
}
