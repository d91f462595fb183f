/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import dev.warren.client.Connection;
import dev.warren.client.ConnectionParameters;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command shares: its output streams, the broker URL, opening a connection. */
abstract class BaseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Runs the command; returns its exit code. Exceptions are turned into one line by Main. */
  abstract int run() throws Exception;

  @Override
  public final Integer call() throws Exception {
    return run();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  Warren root() {
    return (Warren) spec.root().userObject();
  }

  /** The URL to connect to (--url, AMQP_URL or the default). */
  String url() {
    return Urls.resolve(root().url);
  }

  /** The URL without credentials, for messages. */
  String displayUrl() {
    return Urls.display(url());
  }

  ConnectionParameters parameters(String connectionName) {
    ConnectionParameters.Builder b =
        ConnectionParameters.fromUri(url()).toBuilder().connectionName(connectionName);
    // -Dwarren.observer=CLASS: a Supplier<ClientObserver> on the class path, bound to the
    // connection (bench/compare --warren-observer measures the client with metrics or tracing on).
    String observer = System.getProperty("warren.observer");
    if (observer != null && !observer.isBlank()) {
      b.observer(loadObserver(observer.trim()));
    }
    return b.build();
  }

  private static dev.warren.client.ClientObserver loadObserver(String className) {
    try {
      Object supplier = Class.forName(className).getConstructor().newInstance();
      @SuppressWarnings("unchecked")
      java.util.function.Supplier<dev.warren.client.ClientObserver> s =
          (java.util.function.Supplier<dev.warren.client.ClientObserver>) supplier;
      return s.get();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalArgumentException(
          "-Dwarren.observer="
              + className
              + ": not a Supplier<ClientObserver> with a public no-argument constructor on the"
              + " class path ("
              + e
              + ")",
          e);
    }
  }

  /** Opens a connection named after the command ("warren publish"). */
  Connection connect() {
    return Connection.open(parameters("warren " + spec.name()));
  }

  /** Writes a note to stderr (only with --verbose). */
  void note(String message) {
    if (root().verbose) {
      err().println("warren: " + message);
      err().flush();
    }
  }
}
