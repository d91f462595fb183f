/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.config;

import dev.warren.client.InvalidUriException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an {@code amqp://} URI whose authority names several hosts ({@code
 * amqp://user:pass@h1:5672,h2:5673/vhost?query}) into one single-host URI per host, each with the
 * same scheme, user information, path and query. The structure is found as {@link AmqpUriParser}
 * finds it (query at the first '?', path at the first '/', user information up to the last '@'), so
 * each part is then parsed by the usual rules.
 */
public final class HostList {
  private HostList() {}

  /**
   * The single-host URIs of {@code uri}; {@code uri} itself (stripped) when it names one host.
   *
   * @throws InvalidUriException when an entry of the host list is empty
   */
  public static List<String> split(String uri) {
    String text = uri.strip();
    int sep = text.indexOf("://");
    if (sep < 0) {
      return List.of(text); // the parser says what is wrong
    }
    String rest = text.substring(sep + 3);
    int end = firstOf(rest, "?#/");
    String authority = end >= 0 ? rest.substring(0, end) : rest;
    String tail = end >= 0 ? rest.substring(end) : "";
    int at = authority.lastIndexOf('@');
    String userInfo = at >= 0 ? authority.substring(0, at + 1) : "";
    String hosts = authority.substring(at + 1);
    if (hosts.indexOf(',') < 0) {
      return List.of(text);
    }
    String head = text.substring(0, sep + 3) + userInfo;
    List<String> out = new ArrayList<>();
    for (String host : hosts.split(",", -1)) {
      String h = host.strip();
      if (h.isEmpty()) {
        throw new InvalidUriException(
            "invalid AMQP URI "
                + AmqpUriParser.redact(text)
                + ": the host list '"
                + hosts
                + "' has an empty entry; separate hosts with single commas, as in"
                + " amqp://host1:5672,host2:5673/vhost");
      }
      out.add(head + h + tail);
    }
    return List.copyOf(out);
  }

  /** Whether {@code uri} names more than one host. */
  public static boolean hasSeveral(String uri) {
    return split(uri).size() > 1;
  }

  private static int firstOf(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
