/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.util.Objects;

/**
 * One SASL exchange of one connection attempt: the initial response carried by {@code
 * connection.start-ok} and an answer to each {@code connection.secure} challenge.
 *
 * <p>Thread-safety: a session is used by one connection attempt, from one thread at a time.
 *
 * @since 0.1
 */
public interface SaslSession {
  /** {@return the name of the mechanism this session belongs to, such as {@code PLAIN}} */
  String mechanism();

  /** {@return the response sent in {@code connection.start-ok}; a new array at each call} */
  byte[] initialResponse();

  /**
   * The answer to a {@code connection.secure} challenge, sent in {@code connection.secure-ok}.
   *
   * <p>The default is for mechanisms that complete in one step: it throws.
   *
   * @param challenge the broker's challenge
   * @return the response
   * @throws IllegalStateException when the mechanism does not expect a challenge (the default)
   */
  default byte[] respond(byte[] challenge) {
    throw new IllegalStateException(
        "mechanism " + mechanism() + " does not expect a challenge, but the broker sent one");
  }

  /**
   * A one-step session: {@code initialResponse} (copied) and no challenge expected.
   *
   * @param initialResponse the response to send
   * @param mechanism the mechanism's name
   * @return the session
   * @throws NullPointerException when an argument is null
   */
  static SaslSession of(String mechanism, byte[] initialResponse) {
    Objects.requireNonNull(mechanism, "mechanism");
    byte[] response = Objects.requireNonNull(initialResponse, "initialResponse").clone();
    return new SaslSession() {
      @Override
      public String mechanism() {
        return mechanism;
      }

      @Override
      public byte[] initialResponse() {
        return response.clone();
      }

      @Override
      public String toString() {
        return "SaslSession[" + mechanism + "]";
      }
    };
  }
}
