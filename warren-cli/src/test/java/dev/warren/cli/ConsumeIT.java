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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** consume: counts, JSON lines, files, acks and the inactivity timeout. */
@Timeout(60)
class ConsumeIT {
  private String q;

  @BeforeEach
  void declare() {
    q = Cli.unique("consume");
    Cli.ok("declare", "queue", q, "--no-durable");
  }

  @AfterEach
  void delete() {
    Cli.run("delete", "queue", q);
  }

  private void publishLines(String... lines) {
    Result r =
        Cli.runWithInput(String.join("\n", lines) + "\n", "publish", "-q", q, "--lines", "-c");
    assertThat(r.code()).as(r.toString()).isZero();
  }

  @Test
  void countStopsAfterNMessagesAndLeavesTheRest() {
    publishLines("m1", "m2", "m3", "m4", "m5");
    Result r = Cli.run("consume", q, "--count", "3");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.outLines()).containsExactly("m1", "m2", "m3");
    // No fourth message was sent to that consumer and handed back: m4 was never delivered.
    Map<String, Object> next = MiniJson.object(Cli.run("get", q, "--json", "--requeue").out());
    assertThat(next).containsEntry("body", "m4").containsEntry("redelivered", false);
    // The three were acknowledged; the other two are still there, in order.
    Result rest = Cli.run("consume", q, "--inactivity-timeout", "500ms");
    assertThat(rest.code()).as(rest.toString()).isZero();
    assertThat(rest.outLines()).containsExactly("m4", "m5");
    assertThat(Cli.run("get", q).code()).isEqualTo(ExitCodes.EMPTY);
  }

  @Test
  void jsonLinesParseWithPropertiesEnvelopeAndBody() {
    Result p =
        Cli.run(
            "publish",
            "-q",
            q,
            "--count",
            "2",
            "--content-type",
            "text/plain",
            "--message-id",
            "id-7",
            "-H",
            "n=1",
            "hello");
    assertThat(p.code()).as(p.toString()).isZero();
    Result r = Cli.run("consume", q, "--json", "--count", "2", "--auto-ack");
    assertThat(r.code()).as(r.toString()).isZero();
    List<String> lines = r.outLines();
    assertThat(lines).hasSize(2);
    long previousTag = 0;
    for (String line : lines) {
      Map<String, Object> m = MiniJson.object(line);
      assertThat(m).containsKeys("consumer_tag", "delivery_tag", "redelivered", "exchange");
      assertThat(m).containsEntry("routing_key", q).containsEntry("exchange", "");
      assertThat(m).containsEntry("body", "hello").containsEntry("body_size", 5L);
      assertThat((Long) m.get("delivery_tag")).isGreaterThan(previousTag);
      previousTag = (Long) m.get("delivery_tag");
      @SuppressWarnings("unchecked")
      Map<String, Object> props = (Map<String, Object>) m.get("properties");
      assertThat(props)
          .containsEntry("content_type", "text/plain")
          .containsEntry("message_id", "id-7")
          .containsEntry("headers", Map.of("n", 1L));
    }
  }

  @Test
  void outputDirWritesOneFilePerMessage(@TempDir Path dir) throws Exception {
    publishLines("alpha", "beta");
    Result p = Cli.run("publish", "-q", q, "--content-type", "application/json", "{\"a\":1}");
    assertThat(p.code()).isZero();
    Path out = dir.resolve("msgs");
    Result r = Cli.run("consume", q, "--output-dir", out.toString(), "--count", "3");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.outLines())
        .containsExactly(
            out.resolve("message-000001.bin").toString(),
            out.resolve("message-000002.bin").toString(),
            out.resolve("message-000003.json").toString());
    assertThat(Files.readString(out.resolve("message-000001.bin"))).isEqualTo("alpha");
    assertThat(Files.readString(out.resolve("message-000003.json"))).isEqualTo("{\"a\":1}");

    // A second run numbers after the files already there.
    publishLines("gamma");
    Result again = Cli.run("consume", q, "-o", out.toString(), "-n", "1");
    assertThat(again.outLines()).containsExactly(out.resolve("message-000004.bin").toString());
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.count()).isEqualTo(4);
    }
  }

  @Test
  void inactivityTimeoutWithoutCountIsANormalEnd() {
    publishLines("only");
    long start = System.nanoTime();
    Result r = Cli.run("consume", q, "--inactivity-timeout", "400ms", "--prefetch", "1");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.outLines()).containsExactly("only");
    assertThat(millis).isBetween(350L, 20_000L);
  }

  @Test
  void consumingAMissingQueueIsRefused() {
    Result r = Cli.run("consume", Cli.unique("missing"), "--count", "1");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
    assertThat(r.err()).contains("404 NOT_FOUND");
  }
}
