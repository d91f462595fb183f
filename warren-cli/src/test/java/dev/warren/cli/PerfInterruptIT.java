/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on running commands (the jar in a child process): a clean stop, perf's summary still
 * printed, exit code 130.
 */
@Timeout(90)
class PerfInterruptIT {

  @Test
  void sigintStopsCleanlyAndPrintsTheSummary(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("interrupted.json");
    Path html = dir.resolve("interrupted.html");
    try (Cli.Child perf =
        new Cli.Child(
            List.of(
                "perf",
                "-r",
                "2000",
                "-c",
                "100",
                "--json-summary",
                json.toString(),
                "--report",
                html.toString()))) {
      boolean running = perf.awaitLines(l -> PerfIT.PROGRESS.matcher(l).matches(), 2, 45);
      assertThat(running).as(perf.output()).isTrue();

      perf.signal("INT");
      int code = perf.awaitExit(30);
      assertThat(code).as(perf.output()).isEqualTo(ExitCodes.INTERRUPTED);

      String out = String.join("\n", perf.out);
      assertThat(out).containsPattern("(?m)^summary: \\d+\\.\\d s \\(interrupted\\); ");
      assertThat(out).containsPattern("(?m)^  sent +[\\d,]+ messages, +[1-9][\\d,]* msg/s$");
      assertThat(out).containsPattern("(?m)^  latency     p50 \\d+ µs, p90 \\d+ µs, p99 \\d+ µs");
      assertThat(perf.err).as(perf.output()).isEmpty();

      Map<String, Object> s = MiniJson.object(Files.readString(json));
      assertThat(s).containsEntry("interrupted", true);
      assertThat((Long) s.get("sent")).isPositive();
      assertThat(Files.readString(html)).contains("<svg id=\"throughput\"");

      // Connections were closed and the generated queue deleted before the JVM exited.
      Matcher q = PerfIT.QUEUE.matcher(out);
      assertThat(q.find()).as(out).isTrue();
      assertThat(Cli.run("get", q.group(1)).code()).isEqualTo(ExitCodes.REFUSED);
    }
  }

  @Test
  void sigintStopsAConsumer() throws Exception {
    String q = Cli.unique("ctrl-c");
    Cli.ok("declare", "queue", q, "--no-durable");
    try {
      Cli.ok("publish", "-q", q, "-n", "3", "body");
      try (Cli.Child consume = new Cli.Child(List.of("consume", q))) {
        assertThat(consume.awaitLines("body"::equals, 3, 45)).as(consume.output()).isTrue();
        consume.signal("INT");
        assertThat(consume.awaitExit(30)).as(consume.output()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(consume.err).containsExactly("warren: interrupted after 3 messages");
      }
      // The three were acknowledged before the exit.
      assertThat(Cli.run("get", q).code()).isEqualTo(ExitCodes.EMPTY);
    } finally {
      Cli.run("delete", "queue", q);
    }
  }
}
