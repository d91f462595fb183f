/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code warren bind}. */
@Command(
    name = "bind",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Bind a queue (or an exchange) to an exchange.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  warren bind --exchange events --queue orders --routing-key 'order.*'",
      "  warren bind -e events -d audit -k '#'",
      "  warren bind -e docs -q pdfs --argument x-match=all --argument format=pdf"
    })
final class BindCommand extends BaseCommand {
  @Mixin BindingOptions binding;

  @Override
  int run() {
    try (Connection conn = connect();
        Channel ch = conn.openChannel()) {
      if (binding.toQueue()) {
        ch.queueBind(binding.binding());
      } else {
        ch.exchangeBind(binding.binding());
      }
    }
    out().println("bound " + binding.describe());
    return ExitCodes.OK;
  }
}
