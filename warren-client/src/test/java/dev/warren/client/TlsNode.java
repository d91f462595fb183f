/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The TLS-enabled RabbitMQ node of {@code scripts/tls-broker} (warren-tls@localhost, TLS on 5681,
 * plain AMQP on 5682), for the TLS integration tests. Register it in a test class:
 *
 * <pre>{@code
 * @RegisterExtension static final TlsNode node = TlsNode.presenting("server");
 * }</pre>
 *
 * <p>Before the class's first test it makes sure certificates exist (generated once per test run
 * with {@code scripts/gen-certs} into a fresh temporary directory, deleted at the end of the run)
 * and starts the node presenting {@code DIR/<serverCert>.pem} as its server certificate ({@code
 * WARREN_TLS_SERVER_CERT}); after the class's last test it stops the node. Every script call is
 * bounded.
 */
final class TlsNode implements BeforeAllCallback, AfterAllCallback {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(150);
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(TlsNode.class);

  private final String serverCert;
  private Path dir;
  private Properties env;

  private TlsNode(String serverCert) {
    this.serverCert = serverCert;
  }

  /** A node presenting {@code DIR/serverCert.pem}: "server", "expired-server", ... */
  static TlsNode presenting(String serverCert) {
    return new TlsNode(serverCert);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    dir =
        context
            .getRoot()
            .getStore(NS)
            .getOrComputeIfAbsent("certs", k -> Certificates.generate(), Certificates.class)
            .dir;
    run(
        Map.of("WARREN_TLS_SERVER_CERT", serverCert),
        script("tls-broker").toString(),
        "start",
        dir.toString());
    env = new Properties();
    try (Reader r = Files.newBufferedReader(dir.resolve("tls-broker.env"))) {
      env.load(r);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + dir.resolve("tls-broker.env"), e);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (dir != null) {
      run(Map.of(), script("tls-broker").toString(), "stop", dir.toString());
    }
  }

  /** The certificate directory (ca.pem, client.pem, truststore.jks ... see scripts/README.md). */
  Path dir() {
    return dir;
  }

  Path file(String name) {
    return dir.resolve(name);
  }

  int amqpsPort() {
    return Integer.parseInt(env.getProperty("TLS_BROKER_AMQPS_PORT"));
  }

  int amqpPort() {
    return Integer.parseInt(env.getProperty("TLS_BROKER_AMQP_PORT"));
  }

  /** {@code rabbitmqctl -q ARGS} against the TLS node. */
  String ctl(String... args) {
    List<String> cmd = new ArrayList<>(List.of(script("tls-broker").toString(), "ctl"));
    cmd.add(dir.toString());
    cmd.add("-q");
    cmd.addAll(List.of(args));
    return run(Map.of(), cmd.toArray(String[]::new));
  }

  /** The TLS node's list_connections line (these columns) of the connection named so. */
  String connectionInfo(String connectionName, String... columns) {
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
        throw new AssertionError("the TLS node lists no connection named " + connectionName);
      }
      ItSupport.sleep(Duration.ofMillis(100));
    }
  }

  /** scripts/NAME, found by walking up from the working directory. */
  static Path script(String name) {
    Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (d != null) {
      Path candidate = d.resolve("scripts").resolve(name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
      d = d.getParent();
    }
    throw new AssertionError(
        "scripts/" + name + " not found above " + System.getProperty("user.dir"));
  }

  /** Runs a command with a deadline; fails the test with its output when it fails. */
  static String run(Map<String, String> extraEnv, String... command) {
    Path out = null;
    try {
      // Output goes to a file, so a chatty command can never block on a full pipe.
      out = Files.createTempFile("warren-tls-it-", ".out");
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
      pb.environment().putAll(extraEnv);
      Process p = pb.start();
      if (!p.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(
            String.join(" ", command)
                + " did not finish within "
                + SCRIPT_TIMEOUT.toSeconds()
                + " s");
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError(
            String.join(" ", command) + " failed (" + p.exitValue() + "): " + text);
      }
      return text;
    } catch (IOException e) {
      throw new AssertionError("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + String.join(" ", command), e);
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException e) {
          // a leftover temp file is harmless
        }
      }
    }
  }

  /**
   * The run's certificate directory; deleted (after stopping the node) when the run ends: JUnit
   * closes AutoCloseable values of the root store then.
   */
  static final class Certificates implements AutoCloseable {
    final Path dir;

    private Certificates(Path dir) {
      this.dir = dir;
    }

    static Certificates generate() {
      try {
        // No spaces in the path (scripts/tls-broker refuses them): the JVM's temp dir.
        Path d = Files.createTempDirectory("warren-tls-it-");
        run(Map.of(), script("gen-certs").toString(), d.toString());
        return new Certificates(d);
      } catch (IOException e) {
        throw new AssertionError("cannot create a temporary directory", e);
      }
    }

    @Override
    public void close() throws IOException {
      if (!Files.exists(dir)) {
        return;
      }
      // The last class stopped the node already; stopping again is a no-op, but makes sure no
      // node is left running on a directory that is about to disappear.
      run(Map.of(), script("tls-broker").toString(), "stop", dir.toString());
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }
}
