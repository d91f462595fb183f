/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import dev.warren.errors.AmqpException;
import dev.warren.errors.ConnectionClosedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Helpers for the recovery integration tests: policies, an event recorder, broker levers. */
final class RecoverySupport {
  private RecoverySupport() {}

  /** Quick retries, so tests do not wait for the default backoff. */
  static RecoveryPolicy.Builder fastPolicy() {
    return RecoveryPolicy.builder().backoff(Duration.ofMillis(50), Duration.ofMillis(500));
  }

  /** The broker's parameters with a connection name and a recovery policy. */
  static ConnectionParameters.Builder params(String name, RecoveryPolicy policy) {
    return Broker.parameters().toBuilder().connectionName(name).recovery(policy);
  }

  /** The broker's parameters, reached through {@code proxyPort} on localhost. */
  static ConnectionParameters.Builder viaProxy(String name, RecoveryPolicy policy, int proxyPort) {
    return params(name, policy).host("localhost").port(proxyPort);
  }

  /** The broker's AMQP port (from AMQP_URL). */
  static int brokerPort() {
    return Broker.parameters().port();
  }

  static String brokerHost() {
    return Broker.parameters().host();
  }

  /** A TCP port nothing listens on (bound and released just now). */
  static int unusedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError("no free port", e);
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Closes the broker's connection named {@code name} (rabbitmqctl close_connection, found and
   * closed in one rabbitmqctl call); fails if there is none.
   */
  static void forceClose(String name) {
    String out =
        eval(
            "length([rabbit_networking:close_connection(P, \"test: forced close\") || "
                + findConnections(name)
                + "]).");
    if (!out.trim().equals("1")) {
      throw new AssertionError("expected one connection named " + name + ", closed " + out);
    }
  }

  /** An Erlang list-comprehension generator for the pids of connections named {@code name}. */
  static String findConnections(String name) {
    return "P <- rabbit_networking:connections(), "
        + "(catch lists:member({<<\"connection_name\">>, longstr, <<\""
        + name
        + "\">>}, proplists:get_value(client_properties, "
        + "rabbit_networking:connection_info(P, [client_properties])))) =:= true";
  }

  /** {@code rabbitmqctl eval EXPR} on the default node; its printed result. */
  static String eval(String expression) {
    return ItSupport.ctl("eval", expression);
  }

  /**
   * Runs rabbitmqctl (through scripts/broker ctl) without failing on a non-zero exit: for the
   * finally blocks that must put the broker back whatever happened.
   */
  static String ctlQuietly(Duration timeout, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ItSupport.brokerScript().toString());
    cmd.add("ctl");
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out;
      try (InputStream in = p.getInputStream()) {
        out = in.readAllBytes();
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return "timed out";
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Records every recovery step, in order, and lets tests wait for counts. */
  static final class Events implements RecoveryListener {
    final List<String> steps = new CopyOnWriteArrayList<>();
    final List<ConnectionClosedException> losses = new CopyOnWriteArrayList<>();
    final List<String> recoveredAt = new CopyOnWriteArrayList<>();
    final List<AmqpException> entityFailures = new CopyOnWriteArrayList<>();
    final AtomicInteger attempts = new AtomicInteger();
    volatile ConnectionClosedException failed;

    @Override
    public void connectionLost(ConnectionClosedException cause) {
      losses.add(cause);
      steps.add("lost");
    }

    @Override
    public void recoveryAttempt(int attempt, String endpoint) {
      attempts.incrementAndGet();
      steps.add("attempt:" + attempt + ":" + endpoint);
    }

    @Override
    public void entityRecoveryFailed(Object entity, AmqpException failure) {
      entityFailures.add(failure);
      steps.add("entity-failed:" + entity);
    }

    @Override
    public void recovered(String endpoint) {
      recoveredAt.add(endpoint);
      steps.add("recovered:" + endpoint);
    }

    @Override
    public void recoveryFailed(ConnectionClosedException cause) {
      failed = cause;
      steps.add("failed");
    }

    void awaitLost(int count, Duration timeout) {
      ItSupport.waitUntil(
          timeout, count + " connection losses; steps " + steps, () -> losses.size() >= count);
    }

    void awaitRecovered(int count, Duration timeout) {
      ItSupport.waitUntil(
          timeout, count + " recoveries; steps " + steps, () -> recoveredAt.size() >= count);
    }

    void awaitAttempts(int count, Duration timeout) {
      ItSupport.waitUntil(
          timeout, count + " recovery attempts; steps " + steps, () -> attempts.get() >= count);
    }
  }

  /** Opens {@code params}' connection with an {@link Events} listener attached. */
  static Connection open(ConnectionParameters params, Events events) {
    Connection c = Connection.open(params);
    c.addRecoveryListener(events);
    return c;
  }
}
