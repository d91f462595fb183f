/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A RabbitMQ node of a test class's own ({@code scripts/node}), for tests that kill, stop or
 * restart a broker without touching the shared default node. Register it in a test class:
 *
 * <pre>{@code
 * @RegisterExtension static final OwnNode node = OwnNode.named("warren-crash", 5691, 25691);
 * }</pre>
 *
 * <p>Started before the class's first test (or kept, when a run left it up with the same ports),
 * stopped after its last. Every script call is bounded (see {@link TlsNode#run}); the script holds
 * a lock per node, so concurrent test JVMs may share a node name.
 */
final class OwnNode implements BeforeAllCallback, AfterAllCallback {
  private final String name;
  private final int amqpPort;
  private final int distPort;
  private final Supplier<Map<String, String>> environment; // null: none of its own

  private OwnNode(
      String name, int amqpPort, int distPort, Supplier<Map<String, String>> environment) {
    this.name = name;
    this.amqpPort = amqpPort;
    this.distPort = distPort;
    this.environment = environment;
  }

  static OwnNode named(String name, int amqpPort, int distPort) {
    return new OwnNode(name, amqpPort, distPort, null);
  }

  /**
   * This node started with the environment {@code environment} returns when the class starts
   * ({@code WARREN_NODE_PLUGINS}, {@code WARREN_NODE_CONF_EXTRA}: see scripts/README.md), so a test
   * can write the node's config (a key generated for this run, say) first. Such a node is stopped
   * before the start, so that a node a previous run left up takes this config.
   */
  OwnNode withEnvironment(Supplier<Map<String, String>> environment) {
    return new OwnNode(name, amqpPort, distPort, environment);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (environment == null) {
      script("start", name, Integer.toString(amqpPort), Integer.toString(distPort));
      return;
    }
    Map<String, String> env = environment.get();
    if (isRunning()) {
      script("stop", name);
    }
    script(env, "start", name, Integer.toString(amqpPort), Integer.toString(distPort));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    script("stop", name);
  }

  /** Whether the node runs and lets guest in ({@code status}: pure bash, no Erlang CLI start). */
  private boolean isRunning() {
    try {
      script("status", name);
      return true;
    } catch (AssertionError notRunning) {
      return false; // exit 3
    }
  }

  int port() {
    return amqpPort;
  }

  /** Parameters for this node (guest/guest on localhost). */
  ConnectionParameters.Builder parameters() {
    return ConnectionParameters.builder().host("localhost").port(amqpPort);
  }

  /** kill -9 of the node's own beam.smp, by its pid. */
  void kill() {
    script("kill", name);
  }

  /** Starts the node again after {@link #kill} or a stop, with its data. */
  void restart() {
    script("restart", name);
  }

  /** {@code rabbitmqctl -q ARGS} against this node. */
  String ctl(String... args) {
    List<String> cmd = new ArrayList<>(List.of("ctl", name, "-q"));
    cmd.addAll(List.of(args));
    return script(cmd.toArray(String[]::new));
  }

  private static String script(String... args) {
    return script(Map.of(), args);
  }

  private static String script(Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(TlsNode.script("node").toString());
    cmd.addAll(List.of(args));
    return TlsNode.run(env, cmd.toArray(String[]::new));
  }

  @Override
  public String toString() {
    return name + "@localhost:" + amqpPort;
  }
}
