/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import java.io.InputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top command: global options, and the subcommands. */
@Command(
    name = "warren",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Publish, consume, inspect and benchmark an AMQP 0-9-1 broker (RabbitMQ).",
    description = {
      "The broker is --url, else the AMQP_URL environment variable, else"
          + " amqp://guest:guest@localhost:5672/%%2F (./warren starts the local broker when"
          + " neither is set)."
    },
    subcommands = {
      PublishCommand.class,
      ConsumeCommand.class,
      GetCommand.class,
      DeclareCommand.class,
      DeleteCommand.class,
      PurgeCommand.class,
      BindCommand.class,
      UnbindCommand.class,
      PerfCommand.class,
      picocli.CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:usage error (bad option or value, unreadable file)",
      "2:connection failure: broker unreachable, login or virtual host refused, connection lost",
      "3:the broker refused an operation (channel error: 404, 403, 405, 406 ...)",
      "4:timeout: no reply from the broker in time, or fewer messages than --count",
      "5:a message was not delivered: nacked, or returned as unroutable (--mandatory)",
      "6:get: the queue is empty",
      "70:internal error (rerun with --verbose for the stack trace)",
      "130:interrupted (Ctrl-C)"
    },
    footer = {"", "Documentation: docs/cli.md. Every command has --help."})
public final class Warren implements Runnable {

  @Option(
      names = "--url",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description =
          "Broker URL, amqp[s]://user:password@host:port/vhost?options (default: $AMQP_URL)")
  String url;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Log what the client does (on stderr) and show stack traces of errors")
  boolean verbose;

  /** Where publish reads bodies from when none is given (System.in, or a test's input). */
  InputStream stdin = System.in;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw CliException.usage("say which command to run (see above)");
  }
}
