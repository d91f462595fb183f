/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code warren purge QUEUE}. */
@Command(
    name = "purge",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    header = "Remove every ready message from a queue.",
    footerHeading = "%nExamples:%n",
    footer = {"  warren purge orders"})
final class PurgeCommand extends BaseCommand {
  @Parameters(paramLabel = "QUEUE", description = "Queue name")
  String queue;

  @Override
  int run() {
    long n;
    try (Connection conn = connect();
        Channel ch = conn.openChannel()) {
      n = ch.queuePurge(queue);
    }
    out().println("purged queue '" + queue + "' (" + n + " messages)");
    return ExitCodes.OK;
  }
}
