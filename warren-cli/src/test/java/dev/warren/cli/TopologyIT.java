/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.cli.Cli.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** declare, bind, unbind, purge and delete, each checked by what get (or the broker) says. */
@Timeout(60)
class TopologyIT {

  @Test
  void typedQueueArgumentsReachTheBroker() {
    String q = Cli.unique("maxlen");
    try {
      // x-max-length must be a number: as a string RabbitMQ would refuse the declare (406).
      Result d =
          Cli.run(
              "declare",
              "queue",
              q,
              "--no-durable",
              "--argument",
              "x-max-length=2",
              "--argument",
              "x-overflow=drop-head");
      assertThat(d.code()).as(d.toString()).isZero();
      assertThat(d.out()).contains("\"x-max-length\":2", "0 messages, 0 consumers");
      assertThat(Cli.runWithInput("1\n2\n3\n", "publish", "-q", q, "--lines", "-c").code())
          .isZero();
      Result passive = Cli.run("declare", "queue", q, "--passive");
      assertThat(passive.out()).isEqualTo("queue '" + q + "' exists: 2 messages, 0 consumers\n");
      Result g = Cli.run("get", q, "--count", "5", "--body-only");
      assertThat(g.outLines()).containsExactly("2", "3");

      // Redeclaring with another argument is refused (406: exit 3).
      Result other = Cli.run("declare", "queue", q, "--no-durable", "--argument", "x-max-length=3");
      assertThat(other.code()).as(other.toString()).isEqualTo(ExitCodes.REFUSED);
      assertThat(other.err()).contains("406 PRECONDITION_FAILED");
    } finally {
      Cli.run("delete", "queue", q);
    }
  }

  @Test
  void bindUnbindPurgeDelete() {
    String q = Cli.unique("topo");
    String x = Cli.unique("ex");
    try {
      assertThat(Cli.run("declare", "exchange", x, "--type", "direct").out())
          .isEqualTo("declared exchange '" + x + "' (direct, durable)\n");
      Cli.ok("declare", "queue", q);
      Result b = Cli.run("bind", "--exchange", x, "--queue", q, "--routing-key", "k1");
      assertThat(b.code()).as(b.toString()).isZero();
      assertThat(b.out())
          .isEqualTo("bound queue '" + q + "' to exchange '" + x + "' with key 'k1'\n");

      Cli.ok("publish", "-e", x, "-k", "k1", "--count", "3", "--mandatory", "v");
      assertThat(Cli.run("get", q, "--body-only").out()).isEqualTo("v\n");

      Result purge = Cli.run("purge", q);
      assertThat(purge.out()).isEqualTo("purged queue '" + q + "' (2 messages)\n");
      assertThat(Cli.run("get", q).code()).isEqualTo(ExitCodes.EMPTY);

      Result u = Cli.run("unbind", "-e", x, "-q", q, "-k", "k1");
      assertThat(u.code()).as(u.toString()).isZero();
      assertThat(u.out()).startsWith("unbound queue '" + q + "'");
      // Nothing is bound any more: a mandatory publish comes back.
      assertThat(Cli.run("publish", "-e", x, "-k", "k1", "--mandatory", "v").code())
          .isEqualTo(ExitCodes.NOT_DELIVERED);

      Cli.run("publish", "-q", q, "left");
      Result del = Cli.run("delete", "queue", q);
      assertThat(del.out()).isEqualTo("deleted queue '" + q + "' (1 messages)\n");
      assertThat(Cli.run("get", q).code()).isEqualTo(ExitCodes.REFUSED);

      assertThat(Cli.run("delete", "exchange", x).out())
          .isEqualTo("deleted exchange '" + x + "'\n");
      assertThat(Cli.run("declare", "exchange", x, "--passive").code())
          .isEqualTo(ExitCodes.REFUSED);
    } finally {
      Cli.run("delete", "queue", q);
      Cli.run("delete", "exchange", x);
    }
  }

  @Test
  void exchangeToExchangeAndHeadersBindingsWithArguments() {
    String src = Cli.unique("src");
    String dst = Cli.unique("hdr");
    String q = Cli.unique("pdfs");
    try {
      Cli.ok("declare", "exchange", src, "-t", "fanout", "--no-durable");
      Cli.ok("declare", "exchange", dst, "-t", "headers", "--no-durable");
      Cli.ok("declare", "queue", q, "--no-durable");
      Cli.ok("bind", "-e", src, "-d", dst);
      Result hb =
          Cli.run(
              "bind",
              "-e",
              dst,
              "-q",
              q,
              "--argument",
              "x-match=all",
              "--argument",
              "format=pdf",
              "--argument",
              "pages=2");
      assertThat(hb.code()).as(hb.toString()).isZero();
      assertThat(hb.out()).contains("\"pages\":2");

      // pages is an int on both sides, so the headers exchange matches.
      Cli.ok("publish", "-e", src, "-H", "format=pdf", "-H", "pages=2", "yes");
      Cli.ok("publish", "-e", src, "-H", "format=pdf", "-H", "pages=3", "no");
      assertThat(Cli.run("get", q, "--count", "5", "--body-only").outLines())
          .containsExactly("yes");

      Cli.ok("unbind", "-e", src, "-d", dst);
      Cli.ok("publish", "-e", src, "-H", "format=pdf", "-H", "pages=2", "x");
      assertThat(Cli.run("get", q).code()).isEqualTo(ExitCodes.EMPTY);
    } finally {
      Cli.run("delete", "queue", q);
      Cli.run("delete", "exchange", dst);
      Cli.run("delete", "exchange", src);
    }
  }

  @Test
  void quorumQueueDeclare() {
    String q = Cli.unique("qq");
    try {
      Result d =
          Cli.run("declare", "queue", q, "--type", "quorum", "--argument", "x-delivery-limit=5");
      assertThat(d.code()).as(d.toString()).isZero();
      assertThat(d.out()).contains("\"x-queue-type\":\"quorum\"");
      Cli.ok("publish", "-q", q, "-c", "in a quorum queue");
      assertThat(Cli.run("get", q, "--body-only").out()).isEqualTo("in a quorum queue\n");
    } finally {
      Cli.run("delete", "queue", q);
    }
  }

  @Test
  void bindToAMissingExchangeIsRefused() {
    String q = Cli.unique("orphan");
    try {
      Cli.ok("declare", "queue", q, "--no-durable");
      Result r = Cli.run("bind", "-e", Cli.unique("nope"), "-q", q);
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
      assertThat(r.err()).startsWith("warren: the broker refused queue.bind: 404 NOT_FOUND");
    } finally {
      Cli.run("delete", "queue", q);
    }
  }
}
