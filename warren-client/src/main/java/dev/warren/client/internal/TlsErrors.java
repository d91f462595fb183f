package dev.warren.client.internal;

/** One-line explanations of TLS failures (delegates to the TLS package's classifier). */
final class TlsErrors {
  private TlsErrors() {}

  static String describe(Throwable cause) {
    return dev.warren.client.internal.tls.TlsFailures.describe(cause);
  }
}
