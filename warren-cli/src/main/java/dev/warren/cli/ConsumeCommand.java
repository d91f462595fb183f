/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.ConsumerStream;
import dev.warren.client.Delivery;
import dev.warren.client.Qos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warren consume}: receive messages from a queue until a count, a quiet spell or Ctrl-C. */
@Command(
    name = "consume",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Consume messages from a queue and print them.",
    description = {
      "Prints each body on its own line (or a JSON line with --json, or writes one file per"
          + " message with --output-dir), acknowledging each message after it is written. Runs"
          + " until --count messages, --inactivity-timeout without one, or Ctrl-C."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  warren consume orders --count 10",
      "  warren consume orders --json --inactivity-timeout 2s | jq .properties",
      "  warren consume uploads --output-dir /tmp/uploads --prefetch 10"
    })
final class ConsumeCommand extends BaseCommand {
  private static final Duration TICK = Duration.ofMillis(100);

  @Parameters(paramLabel = "QUEUE", description = "The queue to consume from")
  String queue;

  @Option(
      names = {"-n", "--count"},
      paramLabel = "N",
      description = "Stop after N messages (default: no limit)")
  long count;

  @Option(
      names = {"-a", "--auto-ack"},
      description =
          "The broker forgets each message once sent (no-ack); messages in flight when warren"
              + " stops are lost")
  boolean autoAck;

  @Option(
      names = {"-p", "--prefetch"},
      paramLabel = "N",
      description =
          "Unacknowledged messages the broker may send ahead (default: ${DEFAULT-VALUE}; 0 = no"
              + " limit; lowered to --count)")
  int prefetch = 100;

  @Option(
      names = {"-t", "--inactivity-timeout"},
      paramLabel = "DURATION",
      converter = Durations.class,
      description =
          "Stop when no message arrived for this long (exit 4 if --count was not reached)")
  Duration inactivityTimeout;

  @Option(
      names = "--json",
      description =
          "One JSON object per line: envelope, properties and body (base64 when not UTF-8)")
  boolean json;

  @Option(
      names = {"-o", "--output-dir"},
      paramLabel = "DIR",
      description =
          "Write each body to DIR/message-NNNNNN.<ext> (numbered after the files already"
              + " there) and print the file's path")
  Path outputDir;

  @Option(names = "--consumer-tag", paramLabel = "TAG", description = "Consumer tag")
  String consumerTag;

  @Option(names = "--exclusive", description = "Be the queue's only consumer")
  boolean exclusive;

  @Option(
      names = "--argument",
      paramLabel = "KEY=VALUE",
      description = "basic.consume argument (repeatable), e.g. x-stream-offset=first, x-priority=5")
  List<String> arguments = new ArrayList<>();

  @Override
  int run() throws Exception {
    if (count < 0) {
      throw CliException.usage("--count must not be negative");
    }
    if (prefetch < 0 || prefetch > 65535) {
      throw CliException.usage("--prefetch must be 0..65535");
    }
    long fileIndex = 0;
    if (outputDir != null) {
      Files.createDirectories(outputDir);
      fileIndex = lastFileIndex(outputDir);
    }
    ConsumeSpec spec = ConsumeSpec.queue(queue).arguments(TypedValues.parse(arguments, "argument"));
    if (autoAck) {
      spec = spec.autoAck();
    }
    if (exclusive) {
      spec = spec.exclusive();
    }
    if (consumerTag != null) {
      spec = spec.tag(consumerTag);
    }
    int effectivePrefetch =
        count > 0 && (prefetch == 0 || prefetch > count) ? (int) count : prefetch;
    long received = 0;
    boolean timedOut = false;
    boolean cancelled = false;
    try (Interrupts interrupts = Interrupts.install(Duration.ofSeconds(10), out(), err());
        Connection conn = connect();
        Channel ch = conn.openChannel()) {
      if (!autoAck) {
        ch.basicQos(Qos.prefetch(effectivePrefetch));
      }
      long deferredAck = -1;
      try (ConsumerStream stream = ch.consume(spec, TICK)) {
        long lastActivity = System.nanoTime();
        Iterator<ConsumerStream.Item> it = stream.iterator();
        while (!interrupts.requested()) {
          if (!it.hasNext()) {
            cancelled = !interrupts.requested();
            break;
          }
          ConsumerStream.Item item = it.next();
          if (item.isInactive()) {
            if (inactivityTimeout != null
                && System.nanoTime() - lastActivity >= inactivityTimeout.toNanos()) {
              timedOut = true;
              break;
            }
            continue;
          }
          lastActivity = System.nanoTime();
          Delivery d = item.delivery();
          received++;
          write(d, ++fileIndex);
          if (!autoAck) {
            // With --count, the last `prefetch` messages are acknowledged together at the end:
            // an earlier ack would let the broker send more than --count.
            if (count == 0 || effectivePrefetch == 0 || received + effectivePrefetch <= count) {
              ch.basicAck(d.deliveryTag());
            } else {
              deferredAck = d.deliveryTag();
            }
          }
          if (count > 0 && received >= count) {
            break;
          }
        }
      }
      // After the cancel: acknowledging before it would let the broker send one more.
      if (deferredAck >= 0 && ch.isOpen()) {
        ch.basicAckUpTo(deferredAck);
      }
      out().flush();
      if (interrupts.requested()) {
        err().println("warren: interrupted after " + received + " messages");
        return ExitCodes.INTERRUPTED;
      }
    }
    if (cancelled) {
      throw new CliException(
          ExitCodes.REFUSED,
          "the broker cancelled the consumer after "
              + received
              + " messages (was queue '"
              + queue
              + "' deleted?)");
    }
    if (timedOut && count > 0 && received < count) {
      throw new CliException(
          ExitCodes.TIMEOUT,
          "got "
              + received
              + " of "
              + count
              + " messages: none arrived for "
              + Durations.format(inactivityTimeout));
    }
    note(received + " messages consumed from queue '" + queue + "'");
    return ExitCodes.OK;
  }

  private void write(Delivery d, long n) throws IOException {
    if (outputDir != null) {
      Path file = outputDir.resolve(String.format(Locale.ROOT, "message-%06d%s", n, extension(d)));
      Files.write(file, d.body());
      out().println(json ? Messages.json(d, null) : file.toString());
    } else if (json) {
      out().println(Messages.json(d, null));
    } else {
      out().println(d.bodyAsString());
    }
    out().flush();
  }

  /** The highest NNNNNN of the message-NNNNNN files already in {@code dir}: new ones go after. */
  private static long lastFileIndex(Path dir) throws IOException {
    long max = 0;
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        var m = FILE_NAME.matcher(f.getFileName().toString());
        if (m.matches()) {
          max = Math.max(max, Long.parseLong(m.group(1)));
        }
      }
    }
    return max;
  }

  private static final java.util.regex.Pattern FILE_NAME =
      java.util.regex.Pattern.compile("message-(\\d{1,18})(\\.\\w+)?");

  private static String extension(Delivery d) {
    String type = d.properties().contentType();
    if (type == null) {
      return ".bin";
    }
    type = type.toLowerCase(Locale.ROOT);
    if (type.contains("json")) {
      return ".json";
    }
    if (type.contains("xml")) {
      return ".xml";
    }
    if (type.startsWith("text/")) {
      return ".txt";
    }
    return ".bin";
  }
}
