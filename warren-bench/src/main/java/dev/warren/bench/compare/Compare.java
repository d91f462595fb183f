/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.bench.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Side by side: {@code warren perf} against PerfTest 2.22.1 (amqp-client 5.23.0) on the same
 * broker, alternating A B A B, sampling the client's and the broker's CPU time in the steady state.
 *
 * <p>Run through {@code bench/compare}, which builds everything and passes the paths. Each run
 * lasts warm-up + measurement + 1 s; the window starts at the progress line whose time reaches the
 * warm-up and ends at the one that reaches warm-up + measurement, and the CPU of the client JVM and
 * of {@code beam.smp} is read from /proc at exactly those two lines. The received rate is the mean
 * of the per-second rates the tool printed inside the window; latency percentiles are the medians
 * of the per-second percentiles inside the window (neither tool prints p99.9 per second; scenario
 * {@code f*} measures exact percentiles with {@link LatencyProbe}, the same code on both clients).
 */
public final class Compare {

  enum Tool {
    WARREN("warren"),
    AMQP("amqp-client"),
    PIKA("pika"),
    PYAMQP("py-amqp");

    final String label;

    Tool(String label) {
      this.label = label;
    }
  }

  /** The figures of one run. NaN where not measured. */
  record Run(
      String scenario,
      Tool tool,
      int pair,
      double rate,
      double clientCpuPerM,
      double brokerCpuPerM,
      double p50,
      double p99,
      double p999,
      double window,
      int lines,
      double threads,
      String load,
      String error,
      int maxThreads) {}

  private final Map<String, String> opts;
  private final Path out;
  private final List<Run> runs = new ArrayList<>();
  private final int port;

  private Compare(Map<String, String> opts) {
    this.opts = opts;
    this.out = Path.of(opts.getOrDefault("out", "warren-bench/target/compare"));
    this.port = Integer.parseInt(opts.getOrDefault("port", "5672"));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + a);
      }
      if (a.equals("--help")) {
        System.out.println(
            "options: --scenarios a,b,c,d,e,c-io,d-io,e-io,f,f*,f*-io,f20,r1,r1p,r2,m1,g,h,h1000 --pairs 3 --warmup 5 --measure 20"
                + " --warren-jar JAR --perftest-dir DIR --bench-jar JAR --out DIR"
                + " --markdown FILE --chart FILE.svg --jvm-opts '...' --port 5672"
                + " --tools warren,amqp-client --warren-observer CLASS --warren-observer-cp CP");
        return;
      }
      opts.put(a.substring(2), args[++i]);
    }
    new Compare(opts).run();
  }

  private void run() throws Exception {
    Files.createDirectories(out);
    int pairs = Integer.parseInt(opts.getOrDefault("pairs", "3"));
    int warmup = Integer.parseInt(opts.getOrDefault("warmup", "5"));
    int measure = Integer.parseInt(opts.getOrDefault("measure", "20"));
    List<String> wanted =
        Arrays.asList(
            opts.getOrDefault(
                    "scenarios", "a,b,c,d,e,c-io,d-io,e-io,f,f*,f*-io,f20,r1,r1p,r2,m1,g,h,h1000")
                .split(","));
    long broker = ProcStat.brokerPid(port);
    if (broker < 0) {
      throw new IllegalStateException("no beam.smp process: start the broker (scripts/broker)");
    }
    String started = Instant.now().toString();
    System.out.printf(
        Locale.ROOT,
        "compare: %d pair(s) per scenario, warm-up %d s, measured %d s; broker pid %d; load %s%n",
        pairs,
        warmup,
        measure,
        broker,
        ProcStat.loadAverage());
    for (Scenarios.Scenario s : Scenarios.ALL) {
      if (!wanted.contains(s.id())) {
        continue;
      }
      for (int pair = 1; pair <= pairs; pair++) {
        for (Tool tool : tools(s)) {
          // looked up again for every run: other users of the machine may restart the broker
          int nodePort = s.port() > 0 ? s.port() : port;
          long pid = ProcStat.brokerPid(nodePort);
          if (pid < 0 && nodePort != port) {
            throw new IllegalStateException(
                "scenario "
                    + s.id()
                    + " needs the node on port "
                    + nodePort
                    + " (bench/idle-broker)");
          }
          Run r = runOnce(s, tool, pair, warmup, measure, pid < 0 ? broker : pid);
          runs.add(r);
          System.out.println(describe(r));
          Thread.sleep(3000); // let the broker drop the queue and settle
        }
      }
      System.out.print(table(List.of(s)));
      System.out.flush();
    }
    List<Scenarios.Scenario> done =
        Scenarios.ALL.stream().filter(s -> wanted.contains(s.id())).toList();
    String table = table(done);
    System.out.println();
    System.out.print(table);
    String header =
        String.format(
            Locale.ROOT,
            "Measured %s to %s: %d pair(s) per scenario, warm-up %d s, measured %d s, load average"
                + " at the end %s.%n%n",
            started,
            Instant.now(),
            pairs,
            warmup,
            measure,
            ProcStat.loadAverage());
    Files.writeString(out.resolve("runs.tsv"), tsv());
    if (opts.containsKey("markdown")) {
      Files.writeString(Path.of(opts.get("markdown")), header + table + "\n" + runsTable());
      System.out.println("markdown: " + opts.get("markdown"));
    }
    if (opts.containsKey("chart")) {
      Files.writeString(Path.of(opts.get("chart")), Chart.svg(done, this));
      System.out.println("chart: " + opts.get("chart"));
    }
  }

  /**
   * Warren and amqp-client always; the seeds (pika, py-amqp) where {@link Scenarios#WITH_SEEDS}.
   */
  /**
   * Warren and amqp-client always; the seeds (pika, py-amqp) where {@link Scenarios#WITH_SEEDS};
   * only those {@code --tools} names (labels, comma-separated) when given.
   */
  List<Tool> tools(Scenarios.Scenario s) {
    List<Tool> all =
        Scenarios.WITH_SEEDS.contains(s.id())
            ? List.of(Tool.values())
            : List.of(Tool.WARREN, Tool.AMQP);
    if (!opts.containsKey("tools")) {
      return all;
    }
    List<String> names = Arrays.asList(opts.get("tools").split(","));
    return all.stream().filter(t -> names.contains(t.label)).toList();
  }

  // ---------------------------------------------------------------------------------- one run

  private static final Pattern TIME = Pattern.compile("time\\s+([0-9.]+) s,");
  private static final Pattern RECEIVED = Pattern.compile("received:?\\s+([0-9]+) msg/s");
  private static final Pattern PERFTEST_LATENCY =
      Pattern.compile("consumer latency: (\\d+)/(\\d+)/(\\d+)/(\\d+)/(\\d+)");
  private static final Pattern WARREN_LATENCY = Pattern.compile("latency p50/p99 (\\d+)/(\\d+)");
  private static final Pattern STEADY =
      Pattern.compile("steady latency p50/p99/p99.9 (\\d+)/(\\d+)/(\\d+)");

  record Line(double time, double received, double p50, double p99, String text) {}

  private List<String> command(Scenarios.Scenario s, Tool tool, int pair, int total) {
    if (tool == Tool.PIKA || tool == Tool.PYAMQP) {
      return seedCommand(s, tool, pair, total);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String jvm = opts.getOrDefault("jvm-opts", "").trim();
    if (!jvm.isEmpty()) {
      cmd.addAll(List.of(jvm.split("\\s+")));
    }
    if (s.kind() != Scenarios.Kind.CLI) {
      cmd.addAll(
          List.of(
              "-cp",
              opts.getOrDefault("bench-jar", "warren-bench/target/benchmarks.jar"),
              (s.kind() == Scenarios.Kind.PROBE ? LatencyProbe.class : RoundTripProbe.class)
                  .getName(),
              "--client",
              tool == Tool.WARREN ? "warren" : "amqp",
              "--seconds",
              Integer.toString(total),
              "--warmup",
              opts.getOrDefault("warmup", "5")));
      cmd.addAll(s.flags());
      if (tool == Tool.WARREN) {
        cmd.addAll(s.warrenFlags());
      }
      return cmd;
    }
    String queue =
        "bench-" + s.id().replaceAll("[^a-z]", "x") + "-" + tool.name().toLowerCase() + "-" + pair;
    String observer = opts.get("warren-observer");
    if (tool == Tool.WARREN) {
      String jar = opts.getOrDefault("warren-jar", "warren-cli/target/warren-cli.jar");
      if (observer != null) {
        // The CLI first on the class path, the observer and its libraries (--warren-observer-cp)
        // after.
        cmd.addAll(
            List.of(
                "-Dwarren.observer=" + observer,
                "-cp",
                jar + java.io.File.pathSeparator + opts.getOrDefault("warren-observer-cp", ""),
                "dev.warren.cli.Main"));
      } else {
        cmd.addAll(List.of("-jar", jar));
      }
      // The same workload with or without an observer: PerfTest's behaviour, producers never wait
      // for the consumers.
      cmd.addAll(List.of("perf", "-z", total + "s", "-u", queue, "--perftest"));
      if (s.port() > 0) {
        cmd.addAll(List.of("--url", "amqp://guest:guest@localhost:" + s.port() + "/%2F"));
      }
      cmd.addAll(s.warrenFlags());
    } else {
      cmd.addAll(
          List.of(
              "-cp",
              opts.getOrDefault("perftest-dir", "warren-bench/target/perftest") + "/*",
              "com.rabbitmq.perf.PerfTest",
              "-z",
              Integer.toString(total),
              "-u",
              queue));
      if (s.port() > 0) {
        cmd.addAll(List.of("-h", "amqp://guest:guest@localhost:" + s.port()));
      }
    }
    cmd.addAll(s.flags());
    return cmd;
  }

  /** The seeds' program: {@code python3 bench/python/seedperf.py} with the scenario's load. */
  private List<String> seedCommand(Scenarios.Scenario s, Tool tool, int pair, int total) {
    List<String> cmd = new ArrayList<>();
    cmd.add(opts.getOrDefault("python", "/usr/bin/python3"));
    cmd.add(opts.getOrDefault("seed-script", "bench/python/seedperf.py"));
    String lib = tool == Tool.PIKA ? "pika" : "amqp";
    if (s.kind() == Scenarios.Kind.ROUND_TRIP) {
      cmd.addAll(
          List.of(
              "roundtrip",
              "--lib",
              lib,
              "--seconds",
              Integer.toString(total),
              "--warmup",
              opts.getOrDefault("warmup", "5")));
    } else {
      cmd.addAll(
          List.of(
              "throughput",
              "--lib",
              lib,
              "-z",
              Integer.toString(total),
              "-u",
              "bench-" + s.id() + "-" + lib + "-" + pair));
    }
    cmd.addAll(s.flags());
    return cmd;
  }

  private Run runOnce(
      Scenarios.Scenario s, Tool tool, int pair, int warmup, int measure, long broker)
      throws Exception {
    int total = warmup + measure + 1;
    List<String> cmd = command(s, tool, pair, total);
    Path log =
        out.resolve(
            "run-"
                + s.id().replace("*", "x")
                + "-"
                + tool.name().toLowerCase()
                + "-"
                + pair
                + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("AMQP_URL");
    Process p = pb.start();
    BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
    StringBuilder text = new StringBuilder(String.join(" ", cmd)).append('\n');
    double[] steady = {Double.NaN, Double.NaN, Double.NaN};
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                  synchronized (text) {
                    text.append(l).append('\n');
                  }
                  Matcher st = STEADY.matcher(l);
                  if (st.find()) {
                    synchronized (steady) {
                      for (int i = 0; i < 3; i++) {
                        steady[i] = Double.parseDouble(st.group(i + 1));
                      }
                    }
                  }
                  Line parsed = parse(l);
                  if (parsed != null) {
                    lines.add(parsed);
                  }
                }
              } catch (IOException e) {
                // process gone
              }
            },
            "reader");
    reader.setDaemon(true);
    reader.start();

    String error = null;
    List<Line> window = new ArrayList<>();
    double cpu0 = Double.NaN;
    double cpu1 = Double.NaN;
    double beam0 = Double.NaN;
    double beam1 = Double.NaN;
    double threads = Double.NaN;
    long wall0 = 0;
    long wall1 = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(total + 90L);
    // The client JVM's threads (/proc), sampled at every progress line: how far its pools grew.
    int maxThreads = -1;
    try {
      boolean inWindow = false;
      while (true) {
        long left = deadline - System.nanoTime();
        Line l = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
        if (l == null) {
          error = inWindow ? "ended inside the window" : "no progress line reached the warm-up";
          break;
        }
        maxThreads = Math.max(maxThreads, ProcStat.threads(p.pid()));
        if (!inWindow && l.time() >= warmup - 0.01) {
          cpu0 = ProcStat.cpuSeconds(p.pid());
          beam0 = ProcStat.cpuSeconds(broker);
          wall0 = System.nanoTime();
          inWindow = true;
          continue;
        }
        if (inWindow) {
          window.add(l);
          if (l.time() >= warmup + measure - 0.01) {
            cpu1 = ProcStat.cpuSeconds(p.pid());
            threads = ProcStat.threads(p.pid());
            beam1 = ProcStat.cpuSeconds(broker);
            wall1 = System.nanoTime();
            break;
          }
        }
      }
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      reader.join(5000);
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
      synchronized (text) {
        Files.writeString(log, text.toString());
      }
    }
    if (error == null && ProcStat.brokerPid(s.port() > 0 ? s.port() : port) != broker) {
      error = "the broker restarted during the run";
    }
    if (error == null && p.exitValue() != 0) {
      error = "exit code " + p.exitValue() + " (see " + log + ")";
    }
    double rate = window.stream().mapToDouble(Line::received).average().orElse(Double.NaN);
    double seconds = (wall1 - wall0) / 1e9;
    double millions = rate * seconds / 1e6;
    double clientPerM = (cpu1 - cpu0) / millions;
    double brokerPerM = (beam1 - beam0) / millions;
    double p50 = median(window.stream().mapToDouble(Line::p50).filter(v -> !Double.isNaN(v)));
    double p99 = median(window.stream().mapToDouble(Line::p99).filter(v -> !Double.isNaN(v)));
    double p999 = Double.NaN;
    synchronized (steady) {
      if (!Double.isNaN(steady[0])) {
        p50 = steady[0];
        p99 = steady[1];
        p999 = steady[2];
      }
    }
    return new Run(
        s.id(),
        tool,
        pair,
        rate,
        clientPerM,
        brokerPerM,
        p50,
        p99,
        p999,
        seconds,
        window.size(),
        threads,
        ProcStat.loadAverage(),
        error == null && window.isEmpty() ? "no line in the window" : error,
        maxThreads);
  }

  static Line parse(String l) {
    Matcher t = TIME.matcher(l);
    Matcher r = RECEIVED.matcher(l);
    if (!t.find() || !r.find()) {
      return null;
    }
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    Matcher pt = PERFTEST_LATENCY.matcher(l);
    Matcher w = WARREN_LATENCY.matcher(l);
    if (pt.find()) {
      p50 = Double.parseDouble(pt.group(2));
      p99 = Double.parseDouble(pt.group(5));
    } else if (w.find()) {
      p50 = Double.parseDouble(w.group(1));
      p99 = Double.parseDouble(w.group(2));
    }
    return new Line(Double.parseDouble(t.group(1)), Double.parseDouble(r.group(1)), p50, p99, l);
  }

  static double median(java.util.stream.DoubleStream values) {
    double[] v = values.filter(x -> !Double.isNaN(x) && !Double.isInfinite(x)).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  // ---------------------------------------------------------------------------------- results

  /** The metrics of the table: name, value of a run, whether lower is better. */
  record Metric(String name, ToDoubleFunction<Run> value, boolean lowerIsBetter) {}

  static final List<Metric> METRICS =
      List.of(
          new Metric("received msg/s", Run::rate, false),
          new Metric("client CPU-s/M", Run::clientCpuPerM, true),
          new Metric("broker CPU-s/M", Run::brokerCpuPerM, true),
          new Metric("p50 µs", Run::p50, true),
          new Metric("p99 µs", Run::p99, true),
          new Metric("p99.9 µs", Run::p999, true),
          new Metric("max threads", r -> r.maxThreads() < 0 ? Double.NaN : r.maxThreads(), true));

  List<Run> runs(String scenario, Tool tool) {
    return runs.stream()
        .filter(r -> r.scenario().equals(scenario) && r.tool() == tool && r.error() == null)
        .toList();
  }

  double medianOf(String scenario, Tool tool, Metric m) {
    return median(runs(scenario, tool).stream().mapToDouble(m.value()));
  }

  /**
   * The median over the pairs of Warren / amqp-client. Latency only where the rate is limited (f,
   * f*): unlimited producers outrun the consumer and latency there is the age of the queue.
   */
  double ratio(String scenario, Metric m) {
    if (m.name().startsWith("p") && !scenario.startsWith("f") && !scenario.startsWith("r")) {
      return Double.NaN;
    }
    List<Run> w = runs(scenario, Tool.WARREN);
    List<Run> a = runs(scenario, Tool.AMQP);
    List<Double> ratios = new ArrayList<>();
    for (Run rw : w) {
      for (Run ra : a) {
        if (ra.pair() == rw.pair()) {
          ratios.add(m.value().applyAsDouble(rw) / m.value().applyAsDouble(ra));
        }
      }
    }
    return median(ratios.stream().mapToDouble(Double::doubleValue));
  }

  private String table(List<Scenarios.Scenario> scenarios) {
    StringBuilder sb = new StringBuilder();
    sb.append("| scenario | ");
    for (Metric m : METRICS) {
      sb.append(m.name()).append(" W/A | ");
    }
    sb.append(
        "Warren: msg/s, client, broker CPU-s/M | amqp-client: msg/s, client, broker CPU-s/M |"
            + " seeds (pika, py-amqp) |\n");
    sb.append("|---".repeat(METRICS.size() + 4)).append("|\n");
    for (Scenarios.Scenario s : scenarios) {
      sb.append("| ").append(s.id()).append(": ").append(s.title()).append(" | ");
      for (Metric m : METRICS) {
        sb.append(fmt(ratio(s.id(), m), "%.2f")).append(" | ");
      }
      for (Tool t : List.of(Tool.WARREN, Tool.AMQP)) {
        sb.append(fmt(medianOf(s.id(), t, METRICS.get(0)), "%,.0f"))
            .append(", ")
            .append(fmt(medianOf(s.id(), t, METRICS.get(1)), "%.1f"))
            .append(", ")
            .append(fmt(medianOf(s.id(), t, METRICS.get(2)), "%.1f"));
        if (s.id().startsWith("f") || s.id().startsWith("r")) {
          sb.append("; p50/p99")
              .append(s.kind() != Scenarios.Kind.CLI ? "/p99.9 " : " ")
              .append(fmt(medianOf(s.id(), t, METRICS.get(3)), "%.0f"))
              .append("/")
              .append(fmt(medianOf(s.id(), t, METRICS.get(4)), "%.0f"));
          if (s.kind() != Scenarios.Kind.CLI) {
            sb.append("/").append(fmt(medianOf(s.id(), t, METRICS.get(5)), "%.0f"));
          }
          sb.append(" µs");
        }
        sb.append(" | ");
      }
      if (Scenarios.WITH_SEEDS.contains(s.id())) {
        for (Tool t : List.of(Tool.PIKA, Tool.PYAMQP)) {
          sb.append(t.label)
              .append(": ")
              .append(fmt(medianOf(s.id(), t, METRICS.get(0)), "%,.0f"))
              .append(" msg/s, client ")
              .append(fmt(medianOf(s.id(), t, METRICS.get(1)), "%.1f"))
              .append(" CPU-s/M");
          if (s.kind() == Scenarios.Kind.ROUND_TRIP) {
            sb.append(", p50/p99 ")
                .append(fmt(medianOf(s.id(), t, METRICS.get(3)), "%.0f"))
                .append("/")
                .append(fmt(medianOf(s.id(), t, METRICS.get(4)), "%.0f"))
                .append(" µs");
          }
          sb.append("; ");
        }
        sb.setLength(sb.length() - 2);
        sb.append(" | ");
      } else {
        sb.append("— | ");
      }
      int failed =
          (int) runs.stream().filter(r -> r.scenario().equals(s.id()) && r.error() != null).count();
      if (failed > 0) {
        sb.setLength(sb.length() - 3);
        sb.append(" (").append(failed).append(" failed run(s) left out) |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private String runsTable() {
    StringBuilder sb = new StringBuilder("Every run:\n\n");
    sb.append(
        "| scenario | client | pair | msg/s | client CPU-s/M | broker CPU-s/M | p50 | p99 | p99.9 | threads | window s | load |\n");
    sb.append("|---".repeat(12)).append("|\n");
    for (Run r : runs) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %.1f | %s |%s%n",
              r.scenario(),
              r.tool().label,
              r.pair(),
              fmt(r.rate(), "%,.0f"),
              fmt(r.clientCpuPerM(), "%.2f"),
              fmt(r.brokerCpuPerM(), "%.2f"),
              fmt(r.p50(), "%.0f"),
              fmt(r.p99(), "%.0f"),
              fmt(r.p999(), "%.0f"),
              fmt(r.threads(), "%.0f"),
              r.window(),
              r.load(),
              r.error() == null ? "" : " failed: " + r.error()));
    }
    return sb.toString();
  }

  private String tsv() {
    StringWriter sw = new StringWriter();
    PrintWriter pw = new PrintWriter(sw);
    pw.println(
        "scenario\tclient\tpair\tmsg_s\tclient_cpu_s_per_m\tbroker_cpu_s_per_m\tp50_us\tp99_us\tp999_us\tthreads\twindow_s\tload\terror");
    for (Run r : runs) {
      pw.printf(
          Locale.ROOT,
          "%s\t%s\t%d\t%.1f\t%.3f\t%.3f\t%.0f\t%.0f\t%.0f\t%.0f\t%.2f\t%s\t%s%n",
          r.scenario(),
          r.tool().label,
          r.pair(),
          r.rate(),
          r.clientCpuPerM(),
          r.brokerCpuPerM(),
          r.p50(),
          r.p99(),
          r.p999(),
          r.threads(),
          r.window(),
          r.load(),
          r.error() == null ? "" : r.error());
    }
    pw.flush();
    return sw.toString();
  }

  private static String describe(Run r) {
    return String.format(
        Locale.ROOT,
        "  %-3s %-11s pair %d: %s msg/s, client %s CPU-s/M, broker %s CPU-s/M, p50 %s p99 %s"
            + " p99.9 %s µs, %s threads (max %d), window %.1f s, load %s%s",
        r.scenario(),
        r.tool().label,
        r.pair(),
        fmt(r.rate(), "%,.0f"),
        fmt(r.clientCpuPerM(), "%.2f"),
        fmt(r.brokerCpuPerM(), "%.2f"),
        fmt(r.p50(), "%.0f"),
        fmt(r.p99(), "%.0f"),
        fmt(r.p999(), "%.0f"),
        fmt(r.threads(), "%.0f"),
        r.maxThreads(),
        r.window(),
        r.load(),
        r.error() == null ? "" : "  FAILED: " + r.error());
  }

  static String fmt(double v, String format) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "—" : String.format(Locale.ROOT, format, v);
  }
}
