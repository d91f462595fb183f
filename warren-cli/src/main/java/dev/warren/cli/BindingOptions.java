/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import dev.warren.client.Binding;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** What bind and unbind share: source exchange, destination, key, arguments. */
final class BindingOptions {
  @Option(
      names = {"-e", "--exchange", "--source"},
      required = true,
      paramLabel = "EXCHANGE",
      description = "The source exchange")
  String source;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Destination destination;

  static final class Destination {
    @Option(
        names = {"-q", "--queue"},
        required = true,
        paramLabel = "QUEUE",
        description = "The destination queue")
    String queue;

    @Option(
        names = {"-d", "--destination-exchange"},
        required = true,
        paramLabel = "EXCHANGE",
        description = "The destination exchange (exchange-to-exchange binding)")
    String exchange;
  }

  @Option(
      names = {"-k", "--routing-key"},
      paramLabel = "KEY",
      description = "The binding key (default: \"\")")
  String routingKey = "";

  @Option(
      names = "--argument",
      paramLabel = "KEY=VALUE",
      description =
          "Binding argument (repeatable), e.g. x-match=all format=pdf for headers exchanges")
  List<String> arguments = new ArrayList<>();

  Binding binding() {
    Binding b =
        destination.queue != null
            ? Binding.queue(destination.queue)
            : Binding.exchange(destination.exchange);
    return b.to(source).withKey(routingKey).arguments(TypedValues.parse(arguments, "argument"));
  }

  boolean toQueue() {
    return destination.queue != null;
  }

  String describe() {
    Binding b = binding();
    return (toQueue() ? "queue '" : "exchange '")
        + b.destination()
        + "' to exchange '"
        + b.source()
        + "' with key '"
        + b.routingKey()
        + "'"
        + (b.arguments().isEmpty() ? "" : " and arguments " + Json.write(b.arguments()));
  }
}
