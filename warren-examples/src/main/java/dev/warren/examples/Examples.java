/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.examples;

/** What the examples share: where the broker is. */
final class Examples {
  private Examples() {}

  /** The broker's URL: the AMQP_URL environment variable, or the local broker as guest. */
  static String url() {
    String url = System.getenv("AMQP_URL");
    return url == null || url.isBlank() ? "amqp://guest:guest@localhost:5672/%2F" : url;
  }

  /** The argument at {@code index}, or {@code fallback} when there are fewer. */
  static String arg(String[] args, int index, String fallback) {
    return args.length > index ? args[index] : fallback;
  }
}
