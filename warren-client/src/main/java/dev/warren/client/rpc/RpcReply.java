/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.rpc;

import dev.warren.protocol.BasicProperties;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What an {@link RpcHandler} answers: the reply's properties and body. The server sets the reply's
 * correlation id to the request's (replacing any in {@code properties}).
 *
 * @param properties the reply's properties; never null
 * @param body the reply's body; never null
 * @since 0.2
 */
public record RpcReply(BasicProperties properties, byte[] body) {
  /**
   * Checks the components.
   *
   * @param properties the reply's properties; never null
   * @param body the reply's body; never null
   * @throws NullPointerException if either is null
   */
  public RpcReply {
    Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(body, "body");
  }

  /**
   * A reply with this body and no properties.
   *
   * @param body the reply's body
   * @return the reply, with {@link BasicProperties#EMPTY}
   * @throws NullPointerException if {@code body} is null
   */
  public static RpcReply of(byte[] body) {
    return new RpcReply(BasicProperties.EMPTY, body);
  }

  /**
   * A reply with this text as its UTF-8 body and content type {@code text/plain}.
   *
   * @param text the reply's text
   * @return the reply, with content type {@code text/plain} and content encoding {@code utf-8}
   * @throws NullPointerException if {@code text} is null
   */
  public static RpcReply text(String text) {
    return new RpcReply(
        BasicProperties.builder().contentType("text/plain").contentEncoding("utf-8").build(),
        text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "RpcReply[properties=" + properties + ", body=" + body.length + " bytes]";
  }
}
