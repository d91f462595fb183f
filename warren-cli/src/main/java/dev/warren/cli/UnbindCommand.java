/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code warren unbind}. */
@Command(
    name = "unbind",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Remove a binding (same options as bind).",
    footerHeading = "%nExamples:%n",
    footer = {"  warren unbind --exchange events --queue orders --routing-key 'order.*'"})
final class UnbindCommand extends BaseCommand {
  @Mixin BindingOptions binding;

  @Override
  int run() {
    try (Connection conn = connect();
        Channel ch = conn.openChannel()) {
      if (binding.toQueue()) {
        ch.queueUnbind(binding.binding());
      } else {
        ch.exchangeUnbind(binding.binding());
      }
    }
    out().println("unbound " + binding.describe());
    return ExitCodes.OK;
  }
}
