/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import dev.warren.cli.perf.HtmlReport;
import dev.warren.cli.perf.PerfConfig;
import dev.warren.cli.perf.PerfResult;
import dev.warren.cli.perf.PerfRun;
import dev.warren.cli.perf.Reports;
import dev.warren.client.CallbackThread;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warren perf}: the throughput and latency benchmark (PerfTest's core options). */
@Command(
    name = "perf",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header =
        "Measure throughput and latency: producers publish, consumers consume, as PerfTest does.",
    description = {
      "Each producer and each consumer has its own connection (PerfTest's default) with -X/-Y"
          + " channels on it; every producer channel publishes from its own thread in a tight"
          + " loop. Messages carry a timestamp, so the latency is publish to delivery. Prints one"
          + " progress line per second and a summary at the end, also after Ctrl-C.",
      "",
      "Without -u the queue gets a generated name and is deleted at the end.",
      "Runs until --duration, until every producer has published --pmessages (and they were"
          + " consumed), or until Ctrl-C."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  warren perf --duration 10s",
      "  warren perf -x 2 -y 2 -s 1000 -c 100 -q 200 -z 30s --report perf.html",
      "  warren perf -r 5000 -z 20s --json-summary out.json",
      "  warren perf -u perf.qq --queue-argument x-queue-type=quorum -c 200 -q 500 -z 30s",
      "  warren perf -u perf.s --queue-argument x-queue-type=stream -q 1000 -C 100000 -y 1"
    })
final class PerfCommand extends BaseCommand {

  @Option(
      names = {"-x", "--producers"},
      paramLabel = "N",
      description = "Producer connections (default: ${DEFAULT-VALUE})")
  int producers = 1;

  @Option(
      names = {"-y", "--consumers"},
      paramLabel = "N",
      description = "Consumer connections (default: ${DEFAULT-VALUE})")
  int consumers = 1;

  @Option(
      names = {"-X", "--producer-channel-count"},
      paramLabel = "N",
      description = "Channels per producer connection, each a publishing thread (default: 1)")
  int producerChannels = 1;

  @Option(
      names = {"-Y", "--consumer-channel-count"},
      paramLabel = "N",
      description = "Channels per consumer connection, each one consumer (default: 1)")
  int consumerChannels = 1;

  @Option(
      names = "--shared-connection",
      description = "Put every producer and consumer channel on one connection")
  boolean sharedConnection;

  @Option(
      names = {"-s", "--size"},
      paramLabel = "BYTES",
      description = "Message size; at least 12 (timestamp and run id) (default: ${DEFAULT-VALUE})")
  int size = 12;

  @Option(
      names = {"-r", "--rate"},
      paramLabel = "MSG/S",
      description = "Rate limit per producer channel (default: no limit)")
  double rate;

  @Option(
      names = {"-c", "--confirm"},
      paramLabel = "N",
      description =
          "Publisher confirms, at most N unconfirmed messages per producer channel (default: off)")
  int confirm;

  @Option(
      names = "--max-in-flight",
      paramLabel = "N",
      description =
          "Producers pause while N messages are published and not yet consumed, so that latency"
              + " measures the clients, not a growing queue; 0 = no bound (default:"
              + " ${DEFAULT-VALUE}; --perftest sets 0)")
  int maxInFlight = 1000;

  @Option(
      names = "--perftest",
      description =
          "PerfTest's behaviour for side-by-side comparisons: producers never wait for consumers"
              + " (same as --max-in-flight 0)")
  boolean perftest;

  @Option(
      names = {"-a", "--auto-ack"},
      description = "Consumers use auto-ack (default: manual ack)")
  boolean autoAck;

  @Option(
      names = {"-A", "--multi-ack-every"},
      paramLabel = "N",
      description = "Manual ack: one multiple ack every N messages (default: ack each)")
  int multiAckEvery;

  @Option(
      names = {"-q", "--qos"},
      paramLabel = "N",
      description = "Consumer prefetch (default: 0 = no limit, as PerfTest)")
  int qos;

  @Option(
      names = "--callback-thread",
      paramLabel = "THREAD",
      description =
          "Where consumer callbacks run: DISPATCHER (default, Warren's callback pool) or"
              + " IO_THREAD (the connection's I/O thread; the perf consumer never blocks)")
  CallbackThread callbackThread = CallbackThread.DISPATCHER;

  @Option(
      names = {"-f", "--flag"},
      paramLabel = "FLAG",
      description = "persistent (delivery mode 2, durable queue) or mandatory (repeatable)")
  List<String> flags = new ArrayList<>();

  @Option(
      names = {"-u", "--queue"},
      paramLabel = "NAME",
      description = "Queue name (default: a generated name, deleted at the end)")
  String queue;

  @Option(
      names = {"--queue-argument", "--qa"},
      paramLabel = "KEY=VALUE",
      split = ",",
      description =
          "Queue argument (repeatable, or comma-separated), e.g. x-queue-type=quorum,"
              + " x-queue-type=stream, x-max-length=100000")
  List<String> queueArguments = new ArrayList<>();

  @Option(
      names = {"--auto-delete"},
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "A named classic queue is auto-delete (default: true)")
  boolean autoDelete;

  @Option(
      names = {"-e", "--exchange"},
      paramLabel = "NAME",
      description = "Exchange to publish to; declared and bound to the queue (default: \"\")")
  String exchange = "";

  @Option(
      names = {"-t", "--type"},
      paramLabel = "TYPE",
      description = "Type of the exchange declared with -e (default: ${DEFAULT-VALUE})")
  String exchangeType = "direct";

  @Option(
      names = {"-k", "--routing-key"},
      paramLabel = "KEY",
      description = "Routing key (default: the queue name)")
  String routingKey;

  @Option(
      names = {"-z", "--duration"},
      paramLabel = "DURATION",
      converter = Durations.class,
      description = "How long to run: 10s, 2m, 500ms, or seconds (default: until Ctrl-C)")
  Duration duration;

  @Option(
      names = {"-C", "--pmessages"},
      paramLabel = "N",
      description = "Messages per producer channel, then stop once they are consumed")
  long pmessages;

  @Option(
      names = "--report",
      paramLabel = "FILE.html",
      description = "Write a self-contained HTML page with throughput and latency charts")
  Path report;

  @Option(
      names = "--json-summary",
      paramLabel = "FILE",
      description = "Write the summary as JSON (rates, latency percentiles in µs, per second)")
  Path jsonSummary;

  @Override
  int run() throws IOException {
    PerfConfig config = config();
    PerfResult result;
    String queueName;
    try (Interrupts interrupts = Interrupts.install(Duration.ofSeconds(20), out(), err())) {
      PerfRun run = new PerfRun(config, parameters("warren perf"), out(), interrupts::requested);
      out()
          .println(
              "warren perf: " + Reports.describe(config, queue == null ? "(generated)" : queue));
      out().println("broker: " + displayUrl());
      out().flush();
      boolean started;
      try {
        result = run.run();
        queueName = run.queue();
        // The summary first, then the clean-up (closing behind a backlog can take seconds).
        started = result.seconds() > 0 || !result.samples().isEmpty();
        if (started) {
          out().print(Reports.text(result, queueName));
          out().flush();
          writeReports(result, queueName);
        }
      } finally {
        run.close();
      }
      if (result.error() != null) {
        Errors.Failure f = Errors.describe(result.error(), displayUrl());
        if (root().verbose) {
          result.error().printStackTrace(err());
        }
        err().println("warren: " + (started ? "perf stopped: " : "") + f.message());
        err().flush();
        return f.exitCode();
      }
      if (result.interrupted()) {
        return ExitCodes.INTERRUPTED;
      }
      if (result.nacked() > 0 || result.returned() > 0) {
        err()
            .println(
                "warren: "
                    + result.nacked()
                    + " messages nacked, "
                    + result.returned()
                    + " returned unroutable");
        return ExitCodes.NOT_DELIVERED;
      }
      return ExitCodes.OK;
    }
  }

  private void writeReports(PerfResult result, String queueName) throws IOException {
    if (report != null) {
      write(report, HtmlReport.render(result, queueName));
      out().println("report: " + report.toAbsolutePath().normalize());
    }
    if (jsonSummary != null) {
      write(jsonSummary, Reports.json(result, queueName) + "\n");
      out().println("json summary: " + jsonSummary.toAbsolutePath().normalize());
    }
    out().flush();
  }

  private static void write(Path file, String text) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  PerfConfig config() {
    positive("--producers", producers, 0);
    positive("--consumers", consumers, 0);
    positive("--producer-channel-count", producerChannels, 1);
    positive("--consumer-channel-count", consumerChannels, 1);
    positive("--confirm", confirm, 0);
    positive("--max-in-flight", maxInFlight, 0);
    positive("--multi-ack-every", multiAckEvery, 0);
    if (qos < 0 || qos > 65535) {
      throw CliException.usage("--qos must be 0..65535");
    }
    if (size < 0) {
      throw CliException.usage("--size must not be negative");
    }
    if (rate < 0) {
      throw CliException.usage("--rate must not be negative");
    }
    if (pmessages < 0) {
      throw CliException.usage("--pmessages must not be negative");
    }
    if (producers == 0 && consumers == 0) {
      throw CliException.usage("nothing to run: no producers and no consumers");
    }
    if (size < PerfRun.MIN_SIZE) {
      size = PerfRun.MIN_SIZE;
    }
    boolean persistent = false;
    boolean mandatory = false;
    for (String f : flags) {
      switch (f.toLowerCase(Locale.ROOT)) {
        case "persistent" -> persistent = true;
        case "mandatory" -> mandatory = true;
        default ->
            throw CliException.usage("unknown --flag '" + f + "': use persistent or mandatory");
      }
    }
    Map<String, Object> args = TypedValues.parse(queueArguments, "queue argument");
    if ("stream".equals(args.get("x-queue-type"))) {
      if (autoAck) {
        throw CliException.usage("stream queues need manual acknowledgements: drop --auto-ack");
      }
      if (qos == 0 && consumers > 0) {
        qos = 1000;
        err().println("warren: stream queues need a prefetch; using --qos 1000");
      }
    }
    return new PerfConfig(
        producers,
        producerChannels,
        consumers,
        consumerChannels,
        sharedConnection,
        size,
        rate,
        confirm,
        autoAck,
        multiAckEvery,
        qos,
        persistent,
        mandatory,
        queue,
        args,
        autoDelete,
        exchange,
        exchangeType,
        routingKey,
        duration,
        pmessages,
        callbackThread,
        perftest ? 0 : maxInFlight);
  }

  private static void positive(String name, long value, long min) {
    if (value < min) {
      throw CliException.usage(name + " must be at least " + min);
    }
  }
}
