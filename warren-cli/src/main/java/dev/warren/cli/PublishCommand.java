/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.PublishOptions;
import dev.warren.client.Qos;
import dev.warren.client.ReturnedMessage;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.Initiator;
import dev.warren.protocol.BasicProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warren publish}: send messages. */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Publish messages.",
    description = {
      "The body is BODY, or each --file, or else standard input (one message, or one per line"
          + " with --lines). Each body is published --count times."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  warren publish -q orders '{\"id\": 1}' --content-type application/json",
      "  warren publish -e events -k order.created -H tenant=acme -H attempt=1 'hi'",
      "  seq 1 100 | warren publish -q numbers --lines --confirm",
      "  warren publish -q blobs --file a.bin --file b.bin --mandatory"
    })
final class PublishCommand extends BaseCommand {

  @Parameters(arity = "0..1", paramLabel = "BODY", description = "The message body (text)")
  String body;

  @Option(
      names = {"-e", "--exchange"},
      paramLabel = "EXCHANGE",
      description = "Exchange to publish to (default: the default exchange \"\")")
  String exchange = "";

  @Option(
      names = {"-k", "--routing-key"},
      paramLabel = "KEY",
      description = "Routing key (default: \"\")")
  String routingKey;

  @Option(
      names = {"-q", "--queue"},
      paramLabel = "QUEUE",
      description = "Shorthand for the default exchange with routing key QUEUE")
  String queue;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "Publish the content of FILE as one message (repeatable)")
  List<Path> files = new ArrayList<>();

  @Option(names = "--lines", description = "Standard input: one message per line")
  boolean lines;

  @Option(
      names = {"-n", "--count"},
      paramLabel = "N",
      description = "Publish each body N times (default: ${DEFAULT-VALUE})")
  long count = 1;

  @Option(
      names = {"-r", "--rate"},
      paramLabel = "MSG/S",
      description = "At most this many messages per second (default: no limit)")
  double rate;

  @Option(
      names = "--mandatory",
      description =
          "Ask the broker to return messages no queue takes; fails with exit code 5 if one is"
              + " returned (implies --confirm)")
  boolean mandatory;

  @Option(
      names = {"-c", "--confirm"},
      description =
          "Publisher confirms: wait until the broker has taken every message; a nack exits 5")
  boolean confirm;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = Durations.class,
      defaultValue = "30s",
      description = "How long to wait for confirms (default: ${DEFAULT-VALUE})")
  Duration timeout;

  @Option(names = "--quiet", description = "Do not print the line saying what was published")
  boolean quiet;

  @ArgGroup(exclusive = false, heading = "%nMessage properties:%n")
  Props props = new Props();

  static final class Props {
    @Option(names = "--content-type", paramLabel = "TYPE", description = "e.g. application/json")
    String contentType;

    @Option(names = "--content-encoding", paramLabel = "ENC", description = "e.g. gzip, utf-8")
    String contentEncoding;

    @Option(
        names = {"-H", "--header"},
        paramLabel = "KEY=VALUE",
        description =
            "A header (repeatable). Numbers become numbers, true/false booleans, \"quoted\""
                + " values strings")
    List<String> headers = new ArrayList<>();

    @Option(
        names = "--delivery-mode",
        paramLabel = "1|2",
        description = "1 transient, 2 persistent")
    Integer deliveryMode;

    @Option(names = "--persistent", description = "Same as --delivery-mode 2")
    boolean persistent;

    @Option(names = "--priority", paramLabel = "0-255", description = "Message priority")
    Integer priority;

    @Option(names = "--correlation-id", paramLabel = "ID")
    String correlationId;

    @Option(names = "--reply-to", paramLabel = "QUEUE")
    String replyTo;

    @Option(
        names = "--expiration",
        paramLabel = "MS",
        description = "Per-message TTL in milliseconds")
    String expiration;

    @Option(names = "--message-id", paramLabel = "ID")
    String messageId;

    @Option(
        names = "--timestamp",
        paramLabel = "TIME",
        description = "now, seconds since 1970, or ISO-8601 (2024-05-01T12:00:00Z)")
    String timestamp;

    @Option(names = "--type", paramLabel = "TYPE", description = "Message type name")
    String type;

    @Option(
        names = "--user-id",
        paramLabel = "USER",
        description = "RabbitMQ checks it against the connection's user")
    String userId;

    @Option(names = "--app-id", paramLabel = "APP")
    String appId;

    @Option(names = "--cluster-id", paramLabel = "ID")
    String clusterId;
  }

  @Override
  int run() throws Exception {
    if (queue != null) {
      if (!exchange.isEmpty() || routingKey != null) {
        throw CliException.usage("--queue goes with neither --exchange nor --routing-key");
      }
      routingKey = queue;
    }
    if (routingKey == null) {
      routingKey = "";
    }
    if (count < 1) {
      throw CliException.usage("--count must be at least 1");
    }
    BasicProperties properties = properties(props);
    List<byte[]> bodies = bodies();
    boolean confirms = confirm || mandatory;
    PublishOptions options =
        mandatory ? PublishOptions.DEFAULT.mandatory() : PublishOptions.DEFAULT;
    long total = count * bodies.size();

    try (Interrupts interrupts = Interrupts.install(Duration.ofSeconds(10), out(), err());
        Connection conn = connect();
        Channel ch = conn.openChannel()) {
      AtomicReference<ChannelClosedException> closed = new AtomicReference<>();
      ch.addCloseListener(closed::set);
      BooleanSupplier stop = () -> interrupts.requested() || closed.get() != null;
      ConfirmWindow window = null;
      AtomicLong returned = new AtomicLong();
      AtomicReference<ReturnedMessage> firstReturn = new AtomicReference<>();
      if (confirms) {
        ch.confirmSelect();
        window = new ConfirmWindow(10_000);
        ch.addConfirmListener(window);
        ch.addReturnListener(
            r -> {
              returned.incrementAndGet();
              firstReturn.compareAndSet(null, r);
            });
      }
      Pacer pacer = new Pacer(rate);
      long sent = 0;
      outer:
      for (long i = 0; i < count; i++) {
        for (byte[] b : bodies) {
          if (stop.getAsBoolean()) {
            break outer;
          }
          pacer.await(stop);
          if (window != null) {
            if (!window.acquire(stop, timeout)) {
              if (stop.getAsBoolean()) {
                break outer;
              }
              throw new CliException(
                  ExitCodes.TIMEOUT,
                  "no publisher confirm for " + Durations.format(timeout) + " (10000 unconfirmed)");
            }
            window.published();
          }
          ch.basicPublish(exchange, routingKey, properties, b, options);
          sent++;
        }
      }
      String confirmed = "";
      if (closed.get() != null && closed.get().initiator() == Initiator.BROKER) {
        throw closed.get();
      }
      if (window == null && !interrupts.requested()) {
        // A round trip after the publishes: if the broker closed the channel because of one
        // (404 no such exchange, 403), this fails with that error instead of passing silently.
        ch.basicQos(Qos.unlimited());
      }
      if (window != null) {
        boolean settled = window.awaitSettled(timeout, stop);
        if (closed.get() != null && closed.get().initiator() == Initiator.BROKER) {
          throw closed.get();
        }
        if (!settled && !interrupts.requested()) {
          throw new CliException(
              ExitCodes.TIMEOUT,
              window.unconfirmed()
                  + " of "
                  + sent
                  + " messages still unconfirmed after "
                  + Durations.format(timeout));
        }
        confirmed = ", " + window.acked() + " confirmed";
        if (window.nacked() > 0) {
          throw new CliException(
              ExitCodes.NOT_DELIVERED,
              window.nacked() + " of " + sent + " messages were nacked by the broker");
        }
        if (returned.get() > 0) {
          ReturnedMessage r = firstReturn.get();
          throw new CliException(
              ExitCodes.NOT_DELIVERED,
              returned.get()
                  + " of "
                  + sent
                  + " messages were returned: "
                  + Errors.brokerText(r.replyCode(), r.replyText(), r.replyText())
                  + " (exchange '"
                  + r.exchange()
                  + "', routing key '"
                  + r.routingKey()
                  + "') — no queue is bound for them");
        }
      }
      if (interrupts.requested()) {
        err().println("warren: interrupted after " + sent + " of " + total + " messages");
        return ExitCodes.INTERRUPTED;
      }
      if (!quiet) {
        out()
            .println(
                "published "
                    + sent
                    + (sent == 1 ? " message" : " messages")
                    + " to exchange '"
                    + exchange
                    + "' with routing key '"
                    + routingKey
                    + "'"
                    + confirmed);
      }
      return ExitCodes.OK;
    }
  }

  private List<byte[]> bodies() throws IOException {
    List<byte[]> result = new ArrayList<>();
    if (body != null) {
      if (!files.isEmpty()) {
        throw CliException.usage("give either BODY or --file, not both");
      }
      result.add(body.getBytes(StandardCharsets.UTF_8));
      return result;
    }
    if (!files.isEmpty()) {
      for (Path f : files) {
        result.add(Files.readAllBytes(f));
      }
      return result;
    }
    if (System.console() != null && root().stdin == System.in) {
      err().println("warren: reading the message body from standard input (end with Ctrl-D)");
      err().flush();
    }
    byte[] all = root().stdin.readAllBytes();
    if (!lines) {
      result.add(all);
      return result;
    }
    String text = new String(all, StandardCharsets.UTF_8);
    for (String line : text.split("\n", -1)) {
      result.add(line.replaceAll("\r$", "").getBytes(StandardCharsets.UTF_8));
    }
    if (text.endsWith("\n") || text.isEmpty()) {
      result.remove(result.size() - 1);
    }
    if (result.isEmpty()) {
      throw CliException.usage("standard input had no lines to publish");
    }
    return result;
  }

  static BasicProperties properties(Props p) {
    BasicProperties.Builder b = BasicProperties.builder();
    b.contentType(p.contentType)
        .contentEncoding(p.contentEncoding)
        .priority(p.priority)
        .correlationId(p.correlationId)
        .replyTo(p.replyTo)
        .expiration(p.expiration)
        .messageId(p.messageId)
        .type(p.type)
        .userId(p.userId)
        .appId(p.appId)
        .clusterId(p.clusterId);
    if (p.persistent && p.deliveryMode != null && p.deliveryMode != 2) {
      throw CliException.usage("--persistent contradicts --delivery-mode " + p.deliveryMode);
    }
    b.deliveryMode(p.persistent ? Integer.valueOf(2) : p.deliveryMode);
    if (p.priority != null && (p.priority < 0 || p.priority > 255)) {
      throw CliException.usage("--priority must be 0..255");
    }
    if (p.deliveryMode != null && (p.deliveryMode < 0 || p.deliveryMode > 255)) {
      throw CliException.usage("--delivery-mode must be 1 (transient) or 2 (persistent)");
    }
    if (p.expiration != null && !p.expiration.matches("\\d+")) {
      throw CliException.usage("--expiration is a number of milliseconds, such as 60000");
    }
    if (p.timestamp != null) {
      b.timestamp(timestamp(p.timestamp));
    }
    if (!p.headers.isEmpty()) {
      Map<String, Object> headers = TypedValues.parse(p.headers, "header");
      b.headers(headers);
    }
    return b.build();
  }

  static Instant timestamp(String v) {
    if (v.equalsIgnoreCase("now")) {
      return Instant.ofEpochSecond(Instant.now().getEpochSecond());
    }
    if (v.matches("\\d+")) {
      return Instant.ofEpochSecond(Long.parseLong(v));
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeException e) {
      try {
        return Instant.parse(v);
      } catch (DateTimeException e2) {
        throw CliException.usage(
            "--timestamp '" + v + "' is not now, seconds since 1970, or ISO-8601");
      }
    }
  }
}
