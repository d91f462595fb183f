/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel.publish;

import dev.warren.protocol.BasicProperties;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Checks on the publishing thread that a message can be encoded (its shortstrs fit 255 bytes), so
 * the caller hears {@link IllegalArgumentException} instead of the publish failing on the I/O
 * thread after it returned. Headers and octets are already checked when BasicProperties is built.
 */
final class PublishChecks {
  private PublishChecks() {}

  /** Throws {@link IllegalArgumentException} naming the field that does not fit a shortstr. */
  static void check(String exchange, String routingKey, BasicProperties p) {
    shortstr(exchange, "basic.publish exchange");
    shortstr(routingKey, "basic.publish routing-key");
    if (p == null) {
      return;
    }
    shortstr(p.contentType(), "content-type");
    shortstr(p.contentEncoding(), "content-encoding");
    shortstr(p.correlationId(), "correlation-id");
    shortstr(p.replyTo(), "reply-to");
    shortstr(p.expiration(), "expiration");
    shortstr(p.messageId(), "message-id");
    shortstr(p.type(), "type");
    shortstr(p.userId(), "user-id");
    shortstr(p.appId(), "app-id");
    shortstr(p.clusterId(), "cluster-id");
  }

  /** Fails {@code future} and returns true when {@link #check} would throw. */
  static boolean failIfUnencodable(
      CompletableFuture<?> future, String exchange, String routingKey, BasicProperties p) {
    try {
      check(exchange, routingKey, p);
      return false;
    } catch (IllegalArgumentException e) {
      future.completeExceptionally(e);
      return true;
    }
  }

  private static void shortstr(String s, String what) {
    // A char is at most 3 bytes in UTF-8 (a surrogate pair is 2 chars for 4 bytes).
    if (s == null || s.length() <= 85) {
      return;
    }
    int len = s.getBytes(StandardCharsets.UTF_8).length;
    if (len > 255) {
      throw new IllegalArgumentException(
          what + ": shortstr is " + len + " bytes in UTF-8, more than the 255 allowed");
    }
  }
}
