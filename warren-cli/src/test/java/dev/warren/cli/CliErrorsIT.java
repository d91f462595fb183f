/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.cli.Cli.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Help, usage errors and the documented exit codes: one line each, no stack trace. */
@Timeout(60)
class CliErrorsIT {

  @Test
  void helpListsCommandsAndExitCodes() {
    Result r = Cli.runRaw("", "--help");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("publish", "consume", "get", "declare", "delete", "purge", "bind", "unbind")
        .contains("perf")
        .contains("Exit codes:");
    for (String code : new String[] {"0", "1", "2", "3", "4", "5", "6", "70", "130"}) {
      assertThat(r.out()).containsPattern("(?m)^\\s+" + code + "\\s+\\S");
    }
  }

  @Test
  void everyCommandHasHelp() {
    String[][] commands = {
      {"publish"},
      {"consume"},
      {"get"},
      {"declare"},
      {"declare", "queue"},
      {"declare", "exchange"},
      {"delete"},
      {"delete", "queue"},
      {"delete", "exchange"},
      {"purge"},
      {"bind"},
      {"unbind"},
      {"perf"}
    };
    for (String[] c : commands) {
      String[] args = java.util.Arrays.copyOf(c, c.length + 1);
      args[c.length] = "--help";
      Result r = Cli.runRaw("", args);
      assertThat(r.code()).as(String.join(" ", c) + "\n" + r).isZero();
      assertThat(r.out()).as(String.join(" ", c)).contains("Usage: warren " + String.join(" ", c));
    }
    assertThat(Cli.runRaw("", "perf", "--help").out())
        .contains("--producers", "--consumers", "--confirm", "--multi-ack-every", "--qos")
        .contains("--duration", "--pmessages", "--report", "--json-summary", "--queue-argument");
  }

  @Test
  void usageErrorsExitOneWithOneLine() {
    assertUsage(Cli.run("publish", "--bogus"), "Unknown option: '--bogus'");
    assertUsage(Cli.run("publsh"), "did you mean publish");
    assertUsage(Cli.run("perf", "--duration", "soon"), "is not a duration");
    assertUsage(Cli.run("declare"), "say what to declare");
    assertUsage(Cli.run("bind", "-e", "x"), "Missing required");
    assertUsage(Cli.run("declare", "queue", "q", "--argument", "novalue"), "is not key=value");
    assertUsage(Cli.runRaw("", "--url", "http://localhost", "get", "q"), "bad broker URL");
    assertUsage(Cli.run("publish", "-q", "q", "--file", "/nonexistent/file"), "/nonexistent/file");
  }

  @Test
  void unreachableBrokerExitsTwoWithAHint() {
    Result r = Cli.runRaw("", "--url", "amqp://guest:secret@127.0.0.1:1/%2F", "get", "q");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.CONNECTION);
    assertOneLine(r);
    assertThat(r.err())
        .startsWith("warren: could not connect to amqp://127.0.0.1:1/%2F: ")
        .contains("is the broker running? try scripts/broker ensure")
        .doesNotContain("secret");
  }

  @Test
  void refusedLoginAndVirtualHostExitTwo() {
    String hostPart = Cli.url().replaceFirst("^amqps?://([^@/]*@)?", "").replaceFirst("/.*$", "");
    Result login = Cli.runRaw("", "--url", "amqp://guest:wrong@" + hostPart + "/%2F", "get", "q");
    assertThat(login.code()).as(login.toString()).isEqualTo(ExitCodes.CONNECTION);
    assertOneLine(login);
    assertThat(login.err()).contains("refused the login", "ACCESS_REFUSED");

    Result vhost =
        Cli.runRaw("", "--url", "amqp://guest:guest@" + hostPart + "/no-such-vhost", "get", "q");
    assertThat(vhost.code()).as(vhost.toString()).isEqualTo(ExitCodes.CONNECTION);
    assertOneLine(vhost);
    assertThat(vhost.err()).contains("virtual host 'no-such-vhost'");
  }

  @Test
  void channelErrorsExitThree() {
    Result r = Cli.run("get", Cli.unique("missing"));
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
    assertOneLine(r);
    assertThat(r.err()).contains("the broker refused basic.get: 404 NOT_FOUND - no queue");
  }

  @Test
  void verboseShowsTheStackTrace() {
    Result r = Cli.run("--verbose", "get", Cli.unique("missing"));
    assertThat(r.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(r.err()).contains("\tat ").contains("NotFoundException");
  }

  @Test
  void tooFewMessagesBeforeTheInactivityTimeoutExitsFour() {
    String q = Cli.unique("timeout");
    Cli.ok("declare", "queue", q, "--no-durable", "--auto-delete");
    try {
      Result r = Cli.run("consume", q, "--count", "2", "--inactivity-timeout", "300ms");
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.TIMEOUT);
      assertOneLine(r);
      assertThat(r.err()).contains("got 0 of 2 messages");
    } finally {
      Cli.run("delete", "queue", q);
    }
  }

  @Test
  void unroutableMandatoryMessageExitsFive() {
    Result r = Cli.run("publish", "-q", Cli.unique("nobody"), "--mandatory", "lost");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.NOT_DELIVERED);
    assertOneLine(r);
    assertThat(r.err()).contains("returned: 312 NO_ROUTE");
  }

  @Test
  void getFromAnEmptyQueueExitsSix() {
    String q = Cli.unique("empty");
    Cli.ok("declare", "queue", q, "--no-durable");
    try {
      Result r = Cli.run("get", q);
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.EMPTY);
      assertThat(r.err()).isEqualTo("warren: queue '" + q + "' is empty\n");
    } finally {
      Cli.run("delete", "queue", q);
    }
  }

  private static void assertUsage(Result r, String message) {
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertOneLine(r);
    assertThat(r.err()).contains(message);
  }

  private static void assertOneLine(Result r) {
    assertThat(r.errLines()).as(r.toString()).hasSize(1);
    assertThat(r.err()).startsWith("warren: ").doesNotContain("\tat ").doesNotContain("Exception");
  }
}
