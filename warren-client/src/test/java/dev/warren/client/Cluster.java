/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The three-node cluster of {@code scripts/cluster} (warren-c1..c3@localhost, AMQP 5701-5703), for
 * the cluster integration tests. Register it in a test class:
 *
 * <pre>{@code
 * @RegisterExtension static final Cluster cluster = Cluster.shared();
 * }</pre>
 *
 * <p>Before a class's first test it takes an exclusive lock (a {@link FileLock} on {@code
 * $WARREN_NODES_DIR/cluster-tests.lock}, waiting {@link #LOCK_WAIT} at most) and starts the cluster
 * ({@code scripts/cluster start}, which also brings back a node a previous run left down or
 * drained); after its last test it stops the cluster and releases the lock. So a second test JVM
 * running cluster tests at the same time waits instead of killing nodes under the first one, and
 * the rest of the suite does not run beside three idle nodes. Every script call is bounded (see
 * {@link TlsNode#run}).
 */
final class Cluster implements BeforeAllCallback, AfterAllCallback {
  static final int NODES = 3;
  static final int BASE_PORT = 5701;
  static final String NAME = "warren-c1@localhost";
  static final Duration LOCK_WAIT = Duration.ofMinutes(6);
  private static final Pattern PID_NODE = Pattern.compile("<(warren-c[0-9]+@localhost)\\.");

  private Run run;

  private Cluster() {}

  static Cluster shared() {
    return new Cluster();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    run = Run.begin();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (run != null) {
      Run r = run;
      run = null;
      r.close();
    }
  }

  /** The AMQP port of node {@code n} (1..3). */
  static int port(int n) {
    return BASE_PORT + n - 1;
  }

  /** The node name of node {@code n}: {@code warren-cN@localhost}. */
  static String nodeName(int n) {
    return "warren-c" + n + "@localhost";
  }

  /** The node (1..3) an endpoint such as {@code amqp://localhost:5702/%2F} is on. */
  static int nodeOf(String endpoint) {
    for (int n = 1; n <= NODES; n++) {
      if (endpoint.contains(":" + port(n) + "/")) {
        return n;
      }
    }
    throw new AssertionError(endpoint + " is no node of the cluster");
  }

  /** The one-line cluster URI: every node, guest/guest, vhost "/". */
  static String uri() {
    return "amqp://guest:guest@localhost:"
        + port(1)
        + ",localhost:"
        + port(2)
        + ",localhost:"
        + port(3)
        + "/%2F";
  }

  /** Parameters for node {@code n} alone (guest/guest on localhost). */
  static ConnectionParameters.Builder node(int n) {
    return ConnectionParameters.builder().host("localhost").port(port(n));
  }

  /** kill -9 of node {@code n}'s beam.smp. */
  void kill(int n) {
    script("kill", Integer.toString(n));
  }

  /** Starts node {@code n} again (after a kill or stop) and waits until the others see it. */
  void restart(int n) {
    script("restart", Integer.toString(n));
  }

  /** Graceful stop of node {@code n} alone. */
  void stop(int n) {
    run(TlsNode.script("node").toString(), "stop", "warren-c" + n);
  }

  /** Maintenance mode: the node closes its client connections and hands its leaders over. */
  void drain(int n) {
    script("drain", Integer.toString(n));
  }

  void revive(int n) {
    script("revive", Integer.toString(n));
  }

  /** {@code rabbitmqctl -q ARGS} against node {@code n}. */
  String ctl(int n, String... args) {
    List<String> cmd = new ArrayList<>(List.of("ctl", Integer.toString(n), "-q"));
    cmd.addAll(List.of(args));
    return script(cmd.toArray(String[]::new));
  }

  /**
   * The node (as {@code warren-cN@localhost}) leading quorum queue {@code queue}, asked of {@code
   * askNode}.
   */
  String leaderOf(String queue, int askNode) {
    for (String line : ctl(askNode, "list_queues", "name", "leader").split("\n")) {
      String[] cols = line.split("\t");
      if (cols.length == 2 && cols[0].equals(queue)) {
        return cols[1].strip();
      }
    }
    throw new AssertionError("node " + askNode + " lists no queue " + queue);
  }

  /**
   * The nodes the broker's own {@code list_connections} shows for the connections named with {@code
   * namePrefix}, one entry per connection (the node is in the connection's pid).
   */
  List<String> connectionNodes(int askNode, String namePrefix) {
    List<String> nodes = new ArrayList<>();
    for (String line : ctl(askNode, "list_connections", "pid", "client_properties").split("\n")) {
      if (!line.contains("\"" + namePrefix)) {
        continue;
      }
      Matcher m = PID_NODE.matcher(line);
      if (m.find()) {
        nodes.add(m.group(1));
      }
    }
    return nodes;
  }

  private static String script(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(TlsNode.script("cluster").toString());
    cmd.addAll(List.of(args));
    return run(cmd.toArray(String[]::new));
  }

  private static String run(String... cmd) {
    return TlsNode.run(Map.of(), cmd);
  }

  /** One test class's use of the cluster: the lock, then the running cluster; closed at its end. */
  static final class Run implements AutoCloseable {
    private final FileChannel file;
    private final FileLock lock;

    private Run(FileChannel file, FileLock lock) {
      this.file = file;
      this.lock = lock;
    }

    static Run begin() {
      Path dir = Path.of(System.getenv().getOrDefault("WARREN_NODES_DIR", tmp() + "/warren-nodes"));
      FileChannel ch = null;
      try {
        Files.createDirectories(dir);
        ch =
            FileChannel.open(
                dir.resolve("cluster-tests.lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        FileLock lock;
        while ((lock = ch.tryLock()) == null) {
          if (System.nanoTime() - deadline > 0) {
            throw new AssertionError(
                "another test JVM has held "
                    + dir.resolve("cluster-tests.lock")
                    + " for "
                    + LOCK_WAIT.toMinutes()
                    + " min; let it finish (or end it) and run again");
          }
          ItSupport.sleep(Duration.ofMillis(500));
        }
        Run run = new Run(ch, lock);
        try {
          script("start");
        } catch (RuntimeException | AssertionError e) {
          run.close();
          throw e;
        }
        return run;
      } catch (IOException e) {
        closeQuietly(ch);
        throw new AssertionError("cannot lock " + dir.resolve("cluster-tests.lock"), e);
      }
    }

    private static String tmp() {
      String t = System.getenv("TMPDIR");
      return t == null || t.isEmpty() ? "/tmp" : t;
    }

    @Override
    public void close() {
      try {
        script("stop");
      } finally {
        try {
          lock.release();
        } catch (IOException e) {
          // closing the channel releases it too
        }
        closeQuietly(file);
      }
    }

    private static void closeQuietly(FileChannel ch) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException e) {
          // nothing held any more
        }
      }
    }
  }
}
