/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.engine;

/**
 * One SASL exchange of one connection attempt, as the engine drives it: the initial response in
 * connection.start-ok and an answer to every connection.secure challenge.
 */
public interface SaslClient {
  /** The mechanism's name as the broker lists it, such as {@code PLAIN}. */
  String mechanism();

  /** The response sent in connection.start-ok. */
  byte[] initialResponse();

  /**
   * The answer to a connection.secure challenge, sent in connection.secure-ok.
   *
   * @throws RuntimeException when the mechanism does not expect a challenge; the engine closes the
   *     connection with it as the cause
   */
  byte[] respond(byte[] challenge);
}
