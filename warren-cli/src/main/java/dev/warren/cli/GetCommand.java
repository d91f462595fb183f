/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import dev.warren.client.AckMode;
import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.GetResponse;
import dev.warren.client.Requeue;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warren get}: fetch messages one at a time (basic.get). */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Fetch messages from a queue (basic.get) and show them with their properties.",
    description = {
      "Shows each message as a title line (exchange, routing key, messages left), one line per"
          + " property and header, a blank line and the body. The messages are removed from the"
          + " queue unless --requeue is given. Exits 6 if the queue is empty."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  warren get orders",
      "  warren get orders --count 5 --requeue",
      "  warren get orders --json"
    })
final class GetCommand extends BaseCommand {

  @Parameters(paramLabel = "QUEUE", description = "The queue to fetch from")
  String queue;

  @Option(
      names = {"-n", "--count"},
      paramLabel = "N",
      description = "Fetch up to N messages (default: ${DEFAULT-VALUE})")
  int count = 1;

  @Option(
      names = "--requeue",
      description = "Leave the messages in the queue (they come back marked redelivered)")
  boolean requeue;

  @Option(names = "--json", description = "One JSON object per message and line")
  boolean json;

  @Option(
      names = {"-b", "--body-only"},
      description = "Print only the bodies")
  boolean bodyOnly;

  @Override
  int run() {
    if (count < 1) {
      throw CliException.usage("--count must be at least 1");
    }
    int got = 0;
    try (Connection conn = connect();
        Channel ch = conn.openChannel()) {
      long lastTag = -1;
      for (int i = 1; i <= count; i++) {
        Optional<GetResponse> r = ch.basicGet(queue, requeue ? AckMode.MANUAL : AckMode.AUTO);
        if (r.isEmpty()) {
          break;
        }
        got++;
        GetResponse g = r.get();
        lastTag = g.delivery().deliveryTag();
        if (json) {
          out().println(Messages.json(g.delivery(), g.messageCount()));
        } else if (bodyOnly) {
          out().println(g.delivery().bodyAsString());
        } else {
          if (i > 1) {
            out().println();
          }
          out().print(Messages.text(g.delivery(), i, g.messageCount()));
        }
        out().flush();
      }
      if (requeue && lastTag >= 0) {
        ch.basicNackUpTo(lastTag, Requeue.REQUEUE);
      }
    }
    if (got == 0) {
      throw new CliException(ExitCodes.EMPTY, "queue '" + queue + "' is empty");
    }
    return ExitCodes.OK;
  }
}
