/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.bench.idle;

import com.rabbitmq.client.ConnectionFactory;
import dev.warren.bench.compare.ProcStat;
import dev.warren.client.Connection;
import dev.warren.client.ConnectionParameters;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Many idle connections with heartbeats, against the real broker: Java threads, OS threads and heap
 * per connection, Warren and amqp-client each in a JVM of its own (same JVM options).
 *
 * <p>The child opens {@code --base} connections (classes loaded, pools created), collects garbage
 * and measures; opens the rest up to {@code --connections}; holds them for {@code --hold} seconds
 * (several heartbeat intervals: the heartbeats flow); checks every connection is still open;
 * collects garbage and measures again. Heap per connection = the difference of heap used after a
 * full GC divided by the connections added. {@code bench/compare idle [--connections 1000
 * --heartbeat 5 --hold 20]}.
 */
public final class IdleConnections {
  private IdleConnections() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      o.put(args[i].substring(2), args[++i]);
    }
    if (o.containsKey("child")) {
      child(o);
    } else {
      parent(o);
    }
  }

  private static void parent(Map<String, String> o) throws Exception {
    String java = o.getOrDefault("java", "java");
    String jar = o.getOrDefault("jar", System.getProperty("java.class.path"));
    List<String> clients = List.of("warren", "amqp");
    Map<String, Map<String, String>> results = new LinkedHashMap<>();
    System.out.println(
        "idle: "
            + o.getOrDefault("connections", "1000")
            + " connections, heartbeat "
            + o.getOrDefault("heartbeat", "5")
            + " s, held "
            + o.getOrDefault("hold", "20")
            + " s; load "
            + ProcStat.loadAverage());
    for (String client : clients) {
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  java,
                  "-Xms64m",
                  "-Xmx1g",
                  "-XX:+UseG1GC",
                  "-cp",
                  jar,
                  IdleConnections.class.getName(),
                  "--child",
                  client));
      for (String k : List.of("connections", "heartbeat", "hold", "base", "host", "port")) {
        if (o.containsKey(k)) {
          cmd.add("--" + k);
          cmd.add(o.get(k));
        }
      }
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      Map<String, String> r = new LinkedHashMap<>();
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("RESULT ")) {
            for (String kv : line.substring(7).split(" ")) {
              int eq = kv.indexOf('=');
              r.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
          } else if (!line.startsWith("SLF4J")) {
            System.out.println("  [" + client + "] " + line);
          }
        }
      }
      p.waitFor();
      results.put(client, r);
    }
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.println();
    System.out.println(
        "| client | connections open | Java threads (before → after) | OS threads | heap after GC"
            + " (base → all) | heap per connection | direct buffers | RSS per connection |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (String client : clients) {
      Map<String, String> r = results.get(client);
      if (r.isEmpty()) {
        System.out.println("| " + client + " | failed (see above) |");
        continue;
      }
      System.out.printf(
          Locale.ROOT,
          "| %s | %s of %s | %s → %s | %s | %.1f → %.1f MiB | %,.0f B | %.1f MiB | %,.0f B |%n",
          client.equals("amqp") ? "amqp-client" : "Warren",
          r.get("open"),
          r.get("connections"),
          r.get("threads0"),
          r.get("threads"),
          r.get("osThreads"),
          Long.parseLong(r.get("heapBase")) / 1048576.0,
          Long.parseLong(r.get("heap")) / 1048576.0,
          Double.parseDouble(r.get("heapPerConn")),
          Long.parseLong(r.get("direct")) / 1048576.0,
          Double.parseDouble(r.get("rssPerConn")));
    }
    Map<String, String> w = results.get("warren");
    Map<String, String> a = results.get("amqp");
    if (!w.isEmpty() && !a.isEmpty()) {
      System.out.printf(
          Locale.ROOT,
          "heap per connection, Warren / amqp-client: %.3f (target ≤ 0.25); Warren's threads"
              + " beyond the JVM's own: %d (target ≤ 2 × %d cores + a handful)%n",
          Double.parseDouble(w.get("heapPerConn")) / Double.parseDouble(a.get("heapPerConn")),
          Integer.parseInt(w.get("threads")) - Integer.parseInt(w.get("threads0")),
          cores);
    }
    System.exit(0);
  }

  private static void child(Map<String, String> o) throws Exception {
    String client = o.get("child");
    int n = Integer.parseInt(o.getOrDefault("connections", "1000"));
    int base = Integer.parseInt(o.getOrDefault("base", "10"));
    int heartbeat = Integer.parseInt(o.getOrDefault("heartbeat", "5"));
    int hold = Integer.parseInt(o.getOrDefault("hold", "20"));
    String host = o.getOrDefault("host", "localhost");
    int port = Integer.parseInt(o.getOrDefault("port", "5672"));
    int threads0 = ManagementFactory.getThreadMXBean().getThreadCount();
    List<AutoCloseable> conns = new ArrayList<>();
    List<java.util.function.BooleanSupplier> open = new ArrayList<>();
    ConnectionFactory f = new ConnectionFactory();
    f.setHost(host);
    f.setPort(port);
    f.setRequestedHeartbeat(heartbeat);
    ConnectionParameters params =
        ConnectionParameters.builder()
            .host(host)
            .port(port)
            .heartbeat(Duration.ofSeconds(heartbeat))
            .build();
    long t0 = System.nanoTime();
    long heapBase = 0;
    long rssBase = 0;
    for (int i = 0; i < n; i++) {
      if (i == base) {
        heapBase = heapAfterGc();
        rssBase = rss();
      }
      if (client.equals("warren")) {
        Connection c = Connection.open(params);
        conns.add(c);
        open.add(c::isOpen);
      } else {
        com.rabbitmq.client.Connection c = f.newConnection();
        conns.add(c);
        open.add(c::isOpen);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%d connections opened in %.1f s; holding them %d s%n",
        n,
        (System.nanoTime() - t0) / 1e9,
        hold);
    Thread.sleep(hold * 1000L);
    int stillOpen =
        (int) open.stream().filter(java.util.function.BooleanSupplier::getAsBoolean).count();
    long heap = heapAfterGc();
    long rss = rss();
    int threads = ManagementFactory.getThreadMXBean().getThreadCount();
    int osThreads = ProcStat.threads(ProcessHandle.current().pid());
    long direct = 0;
    for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (b.getName().equals("direct")) {
        direct = b.getMemoryUsed();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "RESULT client=%s connections=%d open=%d threads0=%d threads=%d osThreads=%d heapBase=%d"
            + " heap=%d heapPerConn=%.1f direct=%d rssPerConn=%.1f%n",
        client,
        n,
        stillOpen,
        threads0,
        threads,
        osThreads,
        heapBase,
        heap,
        (heap - heapBase) / (double) (n - base),
        direct,
        (rss - rssBase) / (double) (n - base));
    for (AutoCloseable c : conns) {
      try {
        c.close();
      } catch (Exception e) {
        // closing anyway
      }
    }
    System.exit(0);
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long rss() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmRSS:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return 0;
  }
}
