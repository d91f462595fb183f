/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.micrometer;

import dev.warren.client.ConnectionParameters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The broker of the integration tests (AMQP_URL) and the levers they pull on it. */
final class BrokerLevers {
  private BrokerLevers() {}

  static ConnectionParameters parameters() {
    String url = System.getenv().getOrDefault("AMQP_URL", "amqp://guest:guest@localhost:5672/%2F");
    return ConnectionParameters.fromUri(url);
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static void waitUntil(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /** Closes the broker's connection named {@code name} (one rabbitmqctl eval); fails if none. */
  static void forceClose(String name) {
    String out =
        ctl(
            "eval",
            "length([rabbit_networking:close_connection(P, \"test: forced close\") || "
                + "P <- rabbit_networking:connections(), "
                + "(catch lists:member({<<\"connection_name\">>, longstr, <<\""
                + name
                + "\">>}, proplists:get_value(client_properties, "
                + "rabbit_networking:connection_info(P, [client_properties])))) =:= true]).");
    if (!out.trim().equals("1")) {
      throw new AssertionError("expected one connection named " + name + ", closed " + out);
    }
  }

  private static Path brokerScript() {
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

  /** rabbitmqctl -q ARGS through scripts/broker ctl; its output. */
  static String ctl(String... args) {
    List<String> cmd = new ArrayList<>(List.of(brokerScript().toString(), "ctl", "-q"));
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
        throw new AssertionError("rabbitmqctl failed (" + p.exitValue() + "): " + text);
      }
      return text;
    } catch (IOException e) {
      throw new AssertionError("cannot run rabbitmqctl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
