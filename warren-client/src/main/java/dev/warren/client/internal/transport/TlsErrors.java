/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.transport;

/** One-line explanations of TLS failures (delegates to the TLS package's classifier). */
public final class TlsErrors {
  private TlsErrors() {}

  public static String describe(Throwable cause) {
    return dev.warren.client.internal.transport.tls.TlsFailures.describe(cause);
  }
}
