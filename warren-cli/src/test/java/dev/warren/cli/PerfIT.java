/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.cli.Cli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** perf against the real broker: progress lines, summary, JSON summary, queue types. */
@Timeout(90)
class PerfIT {
  static final Pattern PROGRESS =
      Pattern.compile(
          "time +(\\d+\\.\\d) s, sent +(\\d+) msg/s, received +(\\d+) msg/s, confirmed +(\\d+)"
              + " msg/s, latency p50/p99 (\\d+|-)/(\\d+|-) µs");
  static final Pattern LATENCY =
      Pattern.compile(
          "  latency     p50 (\\d+) µs, p90 (\\d+) µs, p99 (\\d+) µs, p99\\.9 (\\d+) µs, max (\\d+)"
              + " µs .*");
  static final Pattern QUEUE = Pattern.compile("queue '(warren-perf-[0-9a-f]{8})'");

  @Test
  void threeSecondsWithConfirmsPrintsProgressAndSummary(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("summary.json");
    Result r =
        Cli.run(
            "perf",
            "-z",
            "3s",
            "-r",
            "4000",
            "-c",
            "100",
            "-q",
            "200",
            "-s",
            "64",
            "--json-summary",
            json.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    List<String> progress =
        r.outLines().stream().filter(l -> PROGRESS.matcher(l).matches()).toList();
    assertThat(progress).as(r.toString()).hasSizeBetween(2, 4);
    Matcher last = PROGRESS.matcher(progress.get(progress.size() - 1));
    assertThat(last.matches()).isTrue();
    assertThat(Long.parseLong(last.group(2))).as("sent/s").isPositive();
    assertThat(Long.parseLong(last.group(3))).as("received/s").isPositive();
    assertThat(Long.parseLong(last.group(4))).as("confirmed/s").isPositive();
    assertThat(last.group(5)).isNotEqualTo("-");

    assertThat(r.out()).containsPattern("(?m)^summary: 3\\.\\d s; 1 producer, 1 consumer, 64-byte");
    assertThat(r.out()).containsPattern("(?m)^  sent +[\\d,]+ messages, +[1-9][\\d,]* msg/s$");
    assertThat(r.out()).containsPattern("(?m)^  received +[\\d,]+ messages, +[1-9][\\d,]* msg/s$");
    assertThat(r.out()).containsPattern("(?m)^  confirmed +[\\d,]+ messages, +[1-9][\\d,]* msg/s$");
    String latencyLine =
        r.outLines().stream().filter(l -> LATENCY.matcher(l).matches()).findFirst().orElseThrow();
    Matcher lat = LATENCY.matcher(latencyLine);
    assertThat(lat.matches()).isTrue();
    long p50 = Long.parseLong(lat.group(1));
    long p99 = Long.parseLong(lat.group(3));
    long max = Long.parseLong(lat.group(5));
    assertThat(p50).isPositive();
    assertThat(p99).isGreaterThanOrEqualTo(p50);
    assertThat(max).isGreaterThanOrEqualTo(p99);

    Map<String, Object> s = MiniJson.object(Files.readString(json));
    assertThat(((Number) s.get("duration_s")).doubleValue()).isBetween(2.9, 4.5);
    // 4000 msg/s asked: allow for a slow, shared machine.
    assertThat(((Number) s.get("sent_msg_s")).doubleValue()).isBetween(1000.0, 4400.0);
    assertThat(((Number) s.get("received_msg_s")).doubleValue()).isPositive();
    assertThat(((Number) s.get("confirmed_msg_s")).doubleValue()).isPositive();
    @SuppressWarnings("unchecked")
    Map<String, Object> l = (Map<String, Object>) s.get("latency_us");
    assertThat(l).containsKeys("p50", "p90", "p99", "p99_9", "max");
    assertThat(((Number) l.get("p50")).longValue()).isEqualTo(p50);
    assertThat((List<?>) s.get("per_second")).hasSizeBetween(2, 4);

    // The generated queue is gone.
    Matcher q = QUEUE.matcher(r.out());
    assertThat(q.find()).isTrue();
    assertThat(Cli.run("get", q.group(1)).code()).isEqualTo(ExitCodes.REFUSED);
  }

  /**
   * Rate-limited producers past twice the core count run as tasks on a few scheduler threads, not a
   * thread each, and still publish at the rate asked (40 producers at 10 msg/s, with confirms).
   */
  @Test
  void manyRateLimitedProducersShareAFewThreads(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("paced.json");
    int producers = Math.max(40, 4 * Runtime.getRuntime().availableProcessors());
    java.util.concurrent.CompletableFuture<Result> run =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                Cli.run(
                    "perf",
                    "-x",
                    Integer.toString(producers),
                    "-y",
                    "1",
                    "-r",
                    "10",
                    "-c",
                    "10",
                    "-s",
                    "16",
                    "-a",
                    "-z",
                    "4s",
                    "--json-summary",
                    json.toString()));
    int producerThreads = 0;
    int schedulerThreads = 0;
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (!run.isDone() && System.nanoTime() < deadline) {
      int p = 0;
      int sch = 0;
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        p += t.getName().startsWith("warren-perf-producer-") ? 1 : 0;
        sch += t.getName().startsWith("warren-perf-scheduler-") ? 1 : 0;
      }
      producerThreads = Math.max(producerThreads, p);
      schedulerThreads = Math.max(schedulerThreads, sch);
      Thread.sleep(50);
    }
    Result r = run.get(60, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(producerThreads).as("threads of their own").isZero();
    assertThat(schedulerThreads)
        .as("scheduler threads")
        .isBetween(1, Runtime.getRuntime().availableProcessors());
    Map<String, Object> s = MiniJson.object(Files.readString(json));
    // producers × 10 msg/s asked: allow for a slow, shared machine, never more than asked.
    assertThat(((Number) s.get("sent_msg_s")).doubleValue())
        .isBetween(producers * 10 * 0.6, producers * 10 * 1.1);
    assertThat(((Number) s.get("confirmed_msg_s")).doubleValue()).isPositive();
  }

  @Test
  void messageCountWithSeveralProducersConsumersAndMultiAck(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("count.json");
    Result r =
        Cli.run(
            "perf",
            "-x",
            "2",
            "-y",
            "2",
            "-C",
            "500",
            "-A",
            "10",
            "-q",
            "50",
            "-s",
            "100",
            "--json-summary",
            json.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    Map<String, Object> s = MiniJson.object(Files.readString(json));
    assertThat(s).containsEntry("sent", 1000L).containsEntry("received", 1000L);
    assertThat(r.out()).contains("2 producers, 2 consumers, 100-byte messages", "ack every 10");
  }

  @Test
  void quorumQueueWithConfirmsAndASharedConnection(@TempDir Path dir) throws Exception {
    String q = Cli.unique("perf-qq");
    Path json = dir.resolve("qq.json");
    try {
      Result r =
          Cli.run(
              "perf",
              "-u",
              q,
              "--queue-argument",
              "x-queue-type=quorum",
              "-C",
              "400",
              "-c",
              "50",
              "-q",
              "100",
              "--shared-connection",
              "--json-summary",
              json.toString());
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.out()).contains("quorum queue '" + q + "'", "one shared connection");
      Map<String, Object> s = MiniJson.object(Files.readString(json));
      assertThat(s)
          .containsEntry("sent", 400L)
          .containsEntry("received", 400L)
          .containsEntry("confirmed", 400L);
    } finally {
      Cli.run("delete", "queue", q);
    }
  }

  @Test
  void streamQueue(@TempDir Path dir) throws Exception {
    String q = Cli.unique("perf-stream");
    Path json = dir.resolve("stream.json");
    try {
      Result r =
          Cli.run(
              "perf",
              "-u",
              q,
              "--qa",
              "x-queue-type=stream",
              "-C",
              "300",
              "-c",
              "100",
              "--json-summary",
              json.toString());
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.err()).contains("using --qos 1000");
      Map<String, Object> s = MiniJson.object(Files.readString(json));
      assertThat(s).containsEntry("sent", 300L).containsEntry("received", 300L);
    } finally {
      Cli.run("delete", "queue", q);
    }
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThat(Cli.run("perf", "-x", "0", "-y", "0").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run("perf", "-f", "sticky").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run("perf", "--qa", "x-queue-type=stream", "-a").code())
        .isEqualTo(ExitCodes.USAGE);
  }
}
