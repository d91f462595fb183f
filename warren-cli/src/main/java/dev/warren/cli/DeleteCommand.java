/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ExchangeDeletion;
import dev.warren.client.QueueDeletion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code warren delete queue|exchange}. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    header = "Delete a queue or an exchange.",
    subcommands = {DeleteCommand.Queue.class, DeleteCommand.Exchange.class})
final class DeleteCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "say what to delete: 'warren delete queue' or 'warren delete exchange'");
  }

  /** {@code warren delete queue}. */
  @Command(
      name = "queue",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      usageHelpAutoWidth = true,
      header = "Delete a queue and the messages in it.",
      description = {"Deleting a queue that does not exist succeeds (RabbitMQ 3.x)."},
      footerHeading = "%nExamples:%n",
      footer = {
        "  warren delete queue orders",
        "  warren delete queue orders --if-empty --if-unused"
      })
  static final class Queue extends BaseCommand {
    @Parameters(paramLabel = "NAME", description = "Queue name")
    String name;

    @Option(names = "--if-unused", description = "Only if it has no consumers (else 406: exit 3)")
    boolean ifUnused;

    @Option(names = "--if-empty", description = "Only if it has no messages (else 406: exit 3)")
    boolean ifEmpty;

    @Override
    int run() {
      QueueDeletion d = QueueDeletion.of(name);
      if (ifUnused) {
        d = d.ifUnused();
      }
      if (ifEmpty) {
        d = d.ifEmpty();
      }
      long messages;
      try (Connection conn = connect();
          Channel ch = conn.openChannel()) {
        messages = ch.queueDelete(d);
      }
      out().println("deleted queue '" + name + "' (" + messages + " messages)");
      return ExitCodes.OK;
    }
  }

  /** {@code warren delete exchange}. */
  @Command(
      name = "exchange",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      usageHelpAutoWidth = true,
      header = "Delete an exchange.",
      footerHeading = "%nExamples:%n",
      footer = {"  warren delete exchange events"})
  static final class Exchange extends BaseCommand {
    @Parameters(paramLabel = "NAME", description = "Exchange name")
    String name;

    @Option(names = "--if-unused", description = "Only if it has no bindings (else 406: exit 3)")
    boolean ifUnused;

    @Override
    int run() {
      ExchangeDeletion d = ExchangeDeletion.of(name);
      if (ifUnused) {
        d = d.ifUnused();
      }
      try (Connection conn = connect();
          Channel ch = conn.openChannel()) {
        ch.exchangeDelete(d);
      }
      out().println("deleted exchange '" + name + "'");
      return ExitCodes.OK;
    }
  }
}
