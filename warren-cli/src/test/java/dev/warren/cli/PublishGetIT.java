/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.cli.Cli.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** publish, then get: the body and every property come back. */
@Timeout(60)
class PublishGetIT {
  private String q;

  @BeforeEach
  void declare() {
    q = Cli.unique("pub");
    Result r = Cli.run("declare", "queue", q, "--no-durable");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("declared queue '" + q + "'");
  }

  @AfterEach
  void delete() {
    Cli.run("delete", "queue", q);
  }

  @Test
  void everyPropertyAndHeaderSurvivesTheRoundTrip() {
    Result p =
        Cli.run(
            "publish",
            "-q",
            q,
            "--confirm",
            "--content-type",
            "application/json",
            "--content-encoding",
            "utf-8",
            "--persistent",
            "--priority",
            "7",
            "--correlation-id",
            "corr-1",
            "--reply-to",
            "replies",
            "--expiration",
            "60000",
            "--message-id",
            "msg-1",
            "--timestamp",
            "2024-05-01T12:00:00Z",
            "--type",
            "order.created",
            "--user-id",
            "guest",
            "--app-id",
            "warren-tests",
            "--cluster-id",
            "c1",
            "-H",
            "tenant=acme",
            "-H",
            "attempt=3",
            "-H",
            "urgent=true",
            "-H",
            "ratio=0.5",
            "-H",
            "code=\"42\"",
            "{\"id\": 1}");
    assertThat(p.code()).as(p.toString()).isZero();
    assertThat(p.out())
        .isEqualTo(
            "published 1 message to exchange '' with routing key '" + q + "', 1 confirmed\n");

    Result g = Cli.run("get", q, "--requeue");
    assertThat(g.code()).as(g.toString()).isZero();
    assertThat(g.outLines())
        .containsSubsequence(
            "--- message 1: exchange '', routing key '" + q + "', 0 left in the queue",
            "content-type: application/json",
            "content-encoding: utf-8",
            "header: tenant=acme",
            "header: attempt=3",
            "header: urgent=true",
            "header: ratio=0.5",
            "header: code=42",
            "delivery-mode: 2",
            "priority: 7",
            "correlation-id: corr-1",
            "reply-to: replies",
            "expiration: 60000",
            "message-id: msg-1",
            "timestamp: 1714564800 (2024-05-01T12:00:00Z)",
            "type: order.created",
            "user-id: guest",
            "app-id: warren-tests",
            "cluster-id: c1",
            "body: 9 bytes",
            "",
            "{\"id\": 1}");

    // --requeue left it there; --json shows typed headers, then removes it.
    Result j = Cli.run("get", q, "--json");
    assertThat(j.code()).as(j.toString()).isZero();
    Map<String, Object> m = MiniJson.object(j.out().strip());
    assertThat(m).containsEntry("routing_key", q).containsEntry("redelivered", true);
    assertThat(m).containsEntry("body", "{\"id\": 1}").containsEntry("body_encoding", "utf-8");
    @SuppressWarnings("unchecked")
    Map<String, Object> props = (Map<String, Object>) m.get("properties");
    assertThat(props)
        .containsEntry("content_type", "application/json")
        .containsEntry("delivery_mode", 2L)
        .containsEntry("priority", 7L)
        .containsEntry("timestamp", 1714564800L)
        .containsEntry("user_id", "guest");
    @SuppressWarnings("unchecked")
    Map<String, Object> headers = (Map<String, Object>) props.get("headers");
    assertThat(headers)
        .containsEntry("tenant", "acme")
        .containsEntry("attempt", 3L)
        .containsEntry("urgent", true)
        .containsEntry("ratio", 0.5)
        .containsEntry("code", "42");

    assertThat(Cli.run("get", q).code()).isEqualTo(ExitCodes.EMPTY);
  }

  @Test
  void bodiesFromStandardInputLinesAndFiles(@TempDir Path dir) throws Exception {
    Result lines = Cli.runWithInput("one\ntwo\nthree\n", "publish", "-q", q, "--lines");
    assertThat(lines.code()).as(lines.toString()).isZero();
    assertThat(lines.out()).startsWith("published 3 messages");

    Result whole = Cli.runWithInput("all\nof it\n", "publish", "-q", q);
    assertThat(whole.code()).as(whole.toString()).isZero();

    Path a = dir.resolve("a.bin");
    Files.write(a, new byte[] {0, 1, 2, (byte) 0xff});
    Path b = dir.resolve("b.txt");
    Files.writeString(b, "from a file");
    Result files = Cli.run("publish", "-q", q, "--file", a.toString(), "--file", b.toString());
    assertThat(files.code()).as(files.toString()).isZero();
    assertThat(files.out()).startsWith("published 2 messages");

    Result bodies = Cli.run("get", q, "--count", "4", "--body-only");
    assertThat(bodies.code()).as(bodies.toString()).isZero();
    assertThat(bodies.out()).isEqualTo("one\ntwo\nthree\nall\nof it\n\n");

    Result bin = Cli.run("get", q, "--count", "2", "--json");
    String[] jsonLines = bin.out().split("\n");
    assertThat(jsonLines).hasSize(2);
    Map<String, Object> binary = MiniJson.object(jsonLines[0]);
    assertThat(binary).containsEntry("body_encoding", "base64").containsEntry("body_size", 4L);
    assertThat(Base64.getDecoder().decode((String) binary.get("body")))
        .containsExactly(0, 1, 2, 0xff);
    assertThat(MiniJson.object(jsonLines[1])).containsEntry("body", "from a file");
  }

  @Test
  void countAndRate() {
    long start = System.nanoTime();
    Result r = Cli.run("publish", "-q", q, "--count", "20", "--rate", "100", "--confirm", "tick");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("published 20 messages", "20 confirmed");
    assertThat(millis).as("20 messages at 100 msg/s").isGreaterThanOrEqualTo(180);
    Result get = Cli.run("get", q, "--count", "25", "--body-only");
    assertThat(get.outLines()).hasSize(20).allMatch("tick"::equals);
  }

  @Test
  void publishToAnExchangeWithARoutingKey() {
    String x = Cli.unique("x");
    try {
      assertThat(Cli.run("declare", "exchange", x, "--type", "topic", "--no-durable").code())
          .isZero();
      assertThat(Cli.run("bind", "-e", x, "-q", q, "-k", "order.*").code()).isZero();
      Result p = Cli.run("publish", "-e", x, "-k", "order.created", "--mandatory", "routed");
      assertThat(p.code()).as(p.toString()).isZero();
      Result g = Cli.run("get", q);
      assertThat(g.out())
          .contains("exchange '" + x + "', routing key 'order.created'")
          .endsWith("\nrouted\n");
    } finally {
      Cli.run("delete", "exchange", x);
    }
  }

  @Test
  void unicodeBodies() {
    String body = "grüße — 日本語 ✓";
    assertThat(Cli.run("publish", "-q", q, body).code()).isZero();
    Result g = Cli.run("get", q, "--body-only");
    assertThat(g.out()).isEqualTo(body + "\n");
    assertThat(g.out().getBytes(StandardCharsets.UTF_8)).isNotEmpty();
  }
}
