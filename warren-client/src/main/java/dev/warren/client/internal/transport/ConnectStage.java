/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.transport;

/** Where a connection attempt was when it failed, for error messages. */
public enum ConnectStage {
  TCP("TCP connect"),
  TLS("TLS handshake"),
  AMQP("AMQP handshake");

  public final String description;

  ConnectStage(String description) {
    this.description = description;
  }
}
