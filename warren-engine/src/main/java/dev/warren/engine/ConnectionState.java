/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.engine;

/** The life of a connection, as the engine sees it. */
public enum ConnectionState {
  /** Protocol header sent; waiting for connection.start. */
  AWAITING_START,
  /** start-ok sent; waiting for connection.secure or connection.tune. */
  AUTHENTICATING,
  /** connection.open sent; waiting for open-ok. */
  OPENING,
  /** Open for business. */
  OPEN,
  /** connection.close sent or received; waiting for the close to finish. */
  CLOSING,
  /** Closed; nothing more will happen. */
  CLOSED
}
