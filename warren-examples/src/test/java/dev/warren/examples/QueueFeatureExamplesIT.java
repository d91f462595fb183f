/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the RPC, stream and retry examples against the real broker and checks what they print. */
@Timeout(30)
class QueueFeatureExamplesIT {
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
    ch.queueDelete(queue + ".dlq");
    ch.queueDelete(queue + ".warren-delay");
    conn.close();
  }

  /** Runs {@code main} with System.out captured, returning what it printed. */
  private static String run(ExamplesIT.MainMethod main, String... args) throws Exception {
    synchronized (ExamplesIT.class) {
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
  }

  @Test
  void rpcTutorialFibonacci() throws Exception {
    String out = run(RpcExample::main, queue, "30");
    assertThat(out).contains(" [x] Awaiting RPC requests on " + queue);
    assertThat(out).contains(" [x] Requesting fib(0)\n", " [.] fib(0)\n", " [.] Got 0\n");
    assertThat(out).contains(" [x] Requesting fib(10)\n", " [.] Got 55\n");
    assertThat(out).contains(" [x] Requesting fib(30)\n", " [.] Got 832040\n");
  }

  @Test
  void streamReadFromAnOffset() throws Exception {
    String out = run(StreamExample::main, queue, "5", "2");
    assertThat(out).contains("Published 5 messages to stream " + queue);
    assertThat(out).contains("offset 2: Hello 2\n", "offset 3: Hello 3\n", "offset 4: Hello 4\n");
    assertThat(out).doesNotContain("offset 1:", "did not arrive");
  }

  @Test
  void retriesThenDeadLetter() throws Exception {
    String out = run(RetryExample::main, queue, "200");
    assertThat(out).contains("ok: delivery 1 ACKED\n");
    assertThat(out)
        .contains("bad: delivery 1 DELAYED\n", "bad: delivery 2 DELAYED\n")
        .contains("bad: delivery 3 DEAD_LETTERED\n");
    assertThat(out).contains("Dead-lettered: bad");
  }
}
