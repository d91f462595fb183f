/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.RecoverySupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.errors.AmqpException;
import dev.warren.protocol.BasicProperties;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many recoveries in a row while a publisher and a consumer run: nothing leaks (threads, heap,
 * channels at the broker) and the consumer still receives.
 *
 * <p>rabbitmqctl takes about a second per call here, so the closing loop runs inside the broker in
 * one {@code rabbitmqctl eval}: for each round it waits for the test's go-ahead (a queue named
 * {@code <signal>-<round>}, declared by the test once the client reported {@code recovered}) and
 * then closes the connection (rabbit_networking:close_connection, what {@code rabbitmqctl
 * close_connection} calls).
 */
@Timeout(120)
class RecoveryLoopIT {
  private static final int WARM_UP = 5;
  private static final int ROUNDS = 50;

  @Test
  void fiftyRecoveriesInARowLeakNothing() throws Exception {
    String name = Broker.unique("recovery-loop");
    String queue = Broker.unique("loop");
    String signal = Broker.unique("loop-signal");
    RecoverySupport.Events events = new RecoverySupport.Events();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong received = new AtomicLong();
    AtomicLong published = new AtomicLong();
    AtomicLong publishFailures = new AtomicLong();
    Process closer = null;
    try (Connection conn =
            RecoverySupport.open(
                RecoverySupport.params(name, RecoverySupport.fastPolicy().build()).build(),
                events);
        Connection admin = Broker.connect()) {
      Channel adminCh = admin.openChannel();
      Channel pub = conn.openChannel();
      pub.queueDeclare(QueueSpec.named(queue));
      Channel cons = conn.openChannel();
      cons.basicQos(Qos.prefetch(100));
      cons.basicConsume(
          ConsumeSpec.queue(queue),
          d -> {
            received.incrementAndGet();
            cons.basicAck(d.deliveryTag());
          });
      Thread publisher =
          new Thread(
              () -> {
                while (!stop.get()) {
                  try {
                    pub.basicPublish("", queue, BasicProperties.EMPTY, bytes("p"));
                    published.incrementAndGet();
                  } catch (AmqpException e) {
                    publishFailures.incrementAndGet();
                  }
                  ItSupport.sleep(Duration.ofMillis(2));
                }
              },
              "loop-publisher");
      publisher.setDaemon(true);
      publisher.start();

      closer = startCloser(name, signal, WARM_UP + ROUNDS);
      long[] before = null;
      for (int round = 1; round <= WARM_UP + ROUNDS; round++) {
        adminCh.queueDeclare(QueueSpec.named(signal + "-" + round).argument("x-expires", 60_000));
        events.awaitRecovered(round, Duration.ofSeconds(15));
        if (round == WARM_UP) {
          before = measure();
        }
      }
      long receivedAfterLoop = received.get();
      ItSupport.waitUntil(
          Duration.ofSeconds(10),
          "the consumer to keep receiving after the last recovery",
          () -> received.get() > receivedAfterLoop + 10);
      stop.set(true);
      publisher.join(5_000);
      long[] after = measure();

      assertThat(events.losses).hasSize(WARM_UP + ROUNDS);
      assertThat(events.recoveredAt).hasSize(WARM_UP + ROUNDS);
      assertThat(events.entityFailures).isEmpty();
      assertThat(conn.state()).isEqualTo(Connection.State.OPEN);
      assertThat(pub.isOpen() && cons.isOpen()).isTrue();

      // Threads: the I/O threads and the callback pool are shared and sized by configuration, so
      // the count stays put (the pool may keep a few idle threads for 30 s).
      assertThat(after[0])
          .as("live threads before %d, after %d: %s", before[0], after[0], threadNames())
          .isLessThanOrEqualTo(before[0] + 4);
      // Heap after a full GC, within a few MB.
      assertThat(after[1] - before[1])
          .as("used heap grew by %d KB", (after[1] - before[1]) / 1024)
          .isLessThan(16L * 1024 * 1024);
      // Channels: the broker lists exactly the application's two on the current connection (no
      // leftover of recovery's own channel).
      String pid = ItSupport.connectionPid(name);
      ItSupport.waitUntil(
          Duration.ofSeconds(5),
          "the broker to list 2 channels on " + pid,
          () -> brokerChannels(pid) == 2);
      assertThat(published.get()).isGreaterThan(0);
      System.out.printf(
          "recovery loop: %d recoveries; threads %d -> %d; heap %d KB -> %d KB; published %d"
              + " (%d failed), received %d%n",
          events.recoveredAt.size(),
          before[0],
          after[0],
          before[1] / 1024,
          after[1] / 1024,
          published.get(),
          publishFailures.get(),
          received.get());
      pub.queueDelete(queue);
    } finally {
      stop.set(true);
      if (closer != null) {
        closer.destroy();
        closer.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Starts the in-broker closing loop (see the class description); runs in the background. */
  private static Process startCloser(String name, String signal, int rounds) throws Exception {
    String script =
        "Find = fun() -> ["
            + "P || "
            + RecoverySupport.findConnections(name)
            + "] end, "
            + "Exists = fun(I) -> case rabbit_amqqueue:lookup(rabbit_misc:r(<<\"/\">>, queue, "
            + "list_to_binary(\""
            + signal
            + "-\" ++ integer_to_list(I)))) of {ok, _} -> true; _ -> false end end, "
            + "Wait = fun W(I, Old, Deadline) -> case Exists(I) andalso Find() of "
            + "[P] when P =/= Old -> P; "
            + "_ -> case erlang:monotonic_time(millisecond) > Deadline of "
            + "true -> timeout; false -> timer:sleep(10), W(I, Old, Deadline) end end end, "
            + "Loop = fun L(I, _) when I > "
            + rounds
            + " -> done; L(I, Old) -> "
            + "case Wait(I, Old, erlang:monotonic_time(millisecond) + 20000) of "
            + "timeout -> {timeout_in_round, I}; "
            + "P -> rabbit_networking:close_connection(P, \"test: recovery loop\"), L(I + 1, P) "
            + "end end, "
            + "Loop(1, none).";
    List<String> cmd =
        List.of(ItSupport.brokerScript().toString(), "ctl", "-q", "-t", "110", "eval", script);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    CompletableFuture.runAsync(
        () -> {
          try (InputStream in = p.getInputStream()) {
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!out.equals("done")) {
              System.err.println("recovery loop closer: " + out);
            }
          } catch (java.io.IOException e) {
            // the test fails on its own deadlines
          }
        });
    return p;
  }

  /** Live threads, and used heap after full collections. */
  private static long[] measure() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      ItSupport.sleep(Duration.ofMillis(200));
    }
    Runtime rt = Runtime.getRuntime();
    // (java.management is not readable from this module: live threads and heap from the runtime)
    return new long[] {Thread.getAllStackTraces().size(), rt.totalMemory() - rt.freeMemory()};
  }

  private static String threadNames() {
    Map<String, Long> byPrefix =
        Thread.getAllStackTraces().keySet().stream()
            .collect(
                Collectors.groupingBy(
                    t -> t.getName().replaceAll("[-0-9]+$", ""), Collectors.counting()));
    return byPrefix.toString();
  }

  /** How many channels the broker lists on the connection with this pid. */
  private static int brokerChannels(String connectionPid) {
    int n = 0;
    for (String line : ItSupport.ctl("list_channels", "connection", "number").split("\n")) {
      if (line.startsWith(connectionPid + "\t")) {
        n++;
      }
    }
    return n;
  }
}
