/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Helpers shared by the integration tests: rabbitmqctl, and waiting with a deadline. */
final class ItSupport {
  private ItSupport() {}

  /** Waits until {@code condition} holds, at most {@code timeout}; fails with {@code what}. */
  static void waitUntil(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "timed out after " + timeout.toMillis() + " ms waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The repository's scripts/broker, found by walking up from the working directory. */
  static Path brokerScript() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("scripts").resolve("broker");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new AssertionError("scripts/broker not found above " + System.getProperty("user.dir"));
  }

  /** Runs {@code rabbitmqctl -q ARGS} (through scripts/broker ctl) and returns its output. */
  static String ctl(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(brokerScript().toString());
    cmd.add("ctl");
    cmd.add("-q");
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out;
      try (InputStream in = p.getInputStream()) {
        out = in.readAllBytes();
      }
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("rabbitmqctl " + String.join(" ", args) + " did not finish");
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError(
            "rabbitmqctl " + String.join(" ", args) + " failed (" + p.exitValue() + "): " + text);
      }
      return text;
    } catch (IOException e) {
      throw new AssertionError("cannot run rabbitmqctl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * The Erlang pid of the broker's connection whose client properties carry {@code connectionName},
   * for {@code rabbitmqctl close_connection}.
   */
  static String connectionPid(String connectionName) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      for (String line : ctl("list_connections", "pid", "client_properties").split("\n")) {
        if (line.contains("\"" + connectionName + "\"")) {
          return line.substring(0, line.indexOf('\t')).trim();
        }
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("the broker lists no connection named " + connectionName);
      }
      sleep(Duration.ofMillis(100));
    }
  }

  /** The broker's line of list_connections for the named connection, with these columns. */
  static String connectionInfo(String connectionName, String... columns) {
    List<String> args = new ArrayList<>(List.of("list_connections"));
    args.addAll(List.of(columns));
    args.add("client_properties");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      for (String line : ctl(args.toArray(String[]::new)).split("\n")) {
        if (line.contains("\"" + connectionName + "\"")) {
          return line;
        }
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("the broker lists no connection named " + connectionName);
      }
      sleep(Duration.ofMillis(100));
    }
  }
}
