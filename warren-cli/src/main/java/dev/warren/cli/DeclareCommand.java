/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ExchangeSpec;
import dev.warren.client.QueueDeclareOk;
import dev.warren.client.QueueSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warren declare queue|exchange}. */
@Command(
    name = "declare",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    header = "Declare (create, or check) a queue or an exchange.",
    subcommands = {DeclareCommand.Queue.class, DeclareCommand.Exchange.class})
final class DeclareCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(),
        "say what to declare: 'warren declare queue' or 'warren declare exchange'");
  }

  /** {@code warren declare queue}. */
  @Command(
      name = "queue",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      usageHelpAutoWidth = true,
      header = "Declare a queue.",
      description = {
        "Durable by default. Declaring a queue that exists with other properties or arguments is"
            + " refused with 406 PRECONDITION_FAILED (exit 3)."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  warren declare queue orders",
        "  warren declare queue orders.q --type quorum --argument x-delivery-limit=5",
        "  warren declare queue events.s --type stream --argument x-max-length-bytes=1000000000",
        "  warren declare queue tmp --no-durable --auto-delete --argument x-message-ttl=60000",
        "  warren declare queue orders --passive      # does it exist? how many messages?"
      })
  static final class Queue extends BaseCommand {
    @Parameters(
        arity = "0..1",
        paramLabel = "NAME",
        description = "Queue name (none: the broker names it; pointless unless --passive is off)")
    String name = "";

    @Option(
        names = "--durable",
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description = "Survive a broker restart (default: true; --no-durable for a transient one)")
    boolean durable;

    @Option(names = "--auto-delete", description = "Delete when its last consumer goes")
    boolean autoDelete;

    @Option(
        names = "--exclusive",
        description = "Only this connection may use it (so it goes when warren exits)")
    boolean exclusive;

    @Option(
        names = "--passive",
        description = "Only check that it exists and show its counts (404 if not: exit 3)")
    boolean passive;

    @Option(
        names = "--type",
        paramLabel = "classic|quorum|stream",
        description = "Queue type (the x-queue-type argument)")
    String type;

    @Option(
        names = "--argument",
        paramLabel = "KEY=VALUE",
        description =
            "Queue argument (repeatable); numbers become numbers, true/false booleans, e.g."
                + " x-max-length=1000, x-dead-letter-exchange=dlx")
    List<String> arguments = new ArrayList<>();

    @Override
    int run() {
      Map<String, Object> args = TypedValues.parse(arguments, "argument");
      if (type != null) {
        args.put("x-queue-type", type);
      }
      QueueSpec q = QueueSpec.named(name).arguments(args);
      if (durable) {
        q = q.durable();
      }
      if (autoDelete) {
        q = q.autoDelete();
      }
      if (exclusive) {
        q = q.exclusive();
      }
      if (passive) {
        q = q.passive();
      }
      try (Connection conn = connect();
          Channel ch = conn.openChannel()) {
        QueueDeclareOk ok = ch.queueDeclare(q);
        out()
            .println(
                (passive
                        ? "queue '" + ok.queue() + "' exists"
                        : "declared queue '" + ok.queue() + "'")
                    + (passive ? "" : " (" + describe(q) + ")")
                    + ": "
                    + ok.messageCount()
                    + " messages, "
                    + ok.consumerCount()
                    + " consumers");
      }
      return ExitCodes.OK;
    }

    private static String describe(QueueSpec q) {
      List<String> parts = new ArrayList<>();
      parts.add(q.isDurable() ? "durable" : "transient");
      if (q.isAutoDelete()) {
        parts.add("auto-delete");
      }
      if (q.isExclusive()) {
        parts.add("exclusive");
      }
      if (!q.arguments().isEmpty()) {
        parts.add("arguments " + Json.write(q.arguments()));
      }
      return String.join(", ", parts);
    }
  }

  /** {@code warren declare exchange}. */
  @Command(
      name = "exchange",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      usageHelpAutoWidth = true,
      header = "Declare an exchange.",
      description = {"Durable by default."},
      footerHeading = "%nExamples:%n",
      footer = {
        "  warren declare exchange events --type topic",
        "  warren declare exchange dlx --type fanout",
        "  warren declare exchange alt --type headers --argument alternate-exchange=unrouted"
      })
  static final class Exchange extends BaseCommand {
    @Parameters(paramLabel = "NAME", description = "Exchange name")
    String name;

    @Option(
        names = {"-t", "--type"},
        paramLabel = "TYPE",
        description =
            "direct, fanout, topic, headers or a plugin's type (default: ${DEFAULT-VALUE})")
    String type = "direct";

    @Option(
        names = "--durable",
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description = "Survive a broker restart (default: true)")
    boolean durable;

    @Option(names = "--auto-delete", description = "Delete when its last binding goes")
    boolean autoDelete;

    @Option(names = "--internal", description = "Only exchange-to-exchange bindings may feed it")
    boolean internal;

    @Option(names = "--passive", description = "Only check that it exists (404 if not: exit 3)")
    boolean passive;

    @Option(
        names = "--argument",
        paramLabel = "KEY=VALUE",
        description = "Exchange argument (repeatable), e.g. alternate-exchange=unrouted")
    List<String> arguments = new ArrayList<>();

    @Override
    int run() {
      ExchangeSpec x =
          ExchangeSpec.of(name, type).arguments(TypedValues.parse(arguments, "argument"));
      if (durable) {
        x = x.durable();
      }
      if (autoDelete) {
        x = x.autoDelete();
      }
      if (internal) {
        x = x.internal();
      }
      if (passive) {
        x = x.passive();
      }
      try (Connection conn = connect();
          Channel ch = conn.openChannel()) {
        ch.exchangeDeclare(x);
      }
      if (passive) {
        out().println("exchange '" + name + "' exists");
      } else {
        out()
            .println(
                "declared exchange '"
                    + name
                    + "' ("
                    + type
                    + ", "
                    + (durable ? "durable" : "transient")
                    + (autoDelete ? ", auto-delete" : "")
                    + (internal ? ", internal" : "")
                    + (x.arguments().isEmpty() ? "" : ", arguments " + Json.write(x.arguments()))
                    + ")");
      }
      return ExitCodes.OK;
    }
  }
}
