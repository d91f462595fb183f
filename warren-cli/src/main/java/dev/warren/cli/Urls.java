/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

/** Broker URLs as shown to the user: never with a password. */
public final class Urls {
  private Urls() {}

  /** The default broker: the local one that scripts/broker starts. */
  public static final String DEFAULT = "amqp://guest:guest@localhost:5672/%2F";

  /** {@code --url}, else {@code AMQP_URL}, else {@link #DEFAULT}. */
  public static String resolve(String option) {
    if (option != null && !option.isBlank()) {
      return option.strip();
    }
    String env = System.getenv("AMQP_URL");
    return env == null || env.isBlank() ? DEFAULT : env.strip();
  }

  /** The URL without user name and password: {@code amqp://localhost:5672/%2F}. */
  public static String display(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return url;
    }
    int start = scheme + 3;
    int end = url.length();
    for (int i = start; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    int at = url.lastIndexOf('@', end - 1);
    if (at >= start) {
      return url.substring(0, start) + url.substring(at + 1);
    }
    return url;
  }
}
