/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.config;

import dev.warren.client.TlsOptions;

/**
 * How a {@link TlsOptions} is shown by its {@code toString()}: the trust and the client certificate
 * with their files and formats, then the handshake settings that differ from the defaults. A
 * password is never shown, only whether there is one, as {@code password=<redacted>}.
 */
public final class TlsOptionsText {
  private TlsOptionsText() {}

  /** {@code TlsOptions{trust=PEM_FILE /ca.pem, keyMaterial=NONE, protocols=[...], ...}}. */
  public static String describe(TlsSettings s) {
    StringBuilder sb = new StringBuilder("TlsOptions{trust=").append(s.trust);
    switch (s.trust) {
      case PEM_FILE -> sb.append(" ").append(s.trustPemFile);
      case TRUST_STORE -> {
        sb.append(" ").append(s.trustStoreFormat).append(" ").append(s.trustStoreFile);
        if (s.trustStorePassword != null) {
          sb.append(" password=<redacted>");
        }
      }
      default -> {}
    }
    sb.append(", keyMaterial=").append(s.keyMaterial);
    switch (s.keyMaterial) {
      case PEM_FILES -> {
        sb.append(" ").append(s.certificateChainFile).append(" ").append(s.privateKeyFile);
        if (s.privateKeyPassword != null) {
          sb.append(" password=<redacted>");
        }
      }
      case KEY_STORE -> {
        sb.append(" ").append(s.keyStoreFormat).append(" ").append(s.keyStoreFile);
        sb.append(" password=<redacted>");
      }
      default -> {}
    }
    sb.append(", protocols=").append(s.protocols);
    if (!s.ciphers.isEmpty()) {
      sb.append(", ciphers=").append(s.ciphers);
    }
    if (s.serverName != null) {
      sb.append(", serverName=").append(s.serverName);
    }
    if (!s.serverNameIndication) {
      sb.append(", sni=off");
    }
    sb.append(", hostnameVerification=").append(s.hostnameVerification);
    return sb.append('}').toString();
  }
}
