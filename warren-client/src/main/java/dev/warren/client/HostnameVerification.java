/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * Whether a TLS connection checks that the broker's certificate names the host it connects to (RFC
 * 2818 / RFC 6125 rules, as HTTPS does), in addition to checking that a trusted CA issued it.
 *
 * <p>{@link #ENABLED} is the default. {@link #DISABLED} lets anyone holding any certificate from a
 * trusted CA impersonate the broker; every connection built with it logs a WARN.
 *
 * @since 0.1
 */
public enum HostnameVerification {
  /** The certificate must name the host (or {@link TlsOptions#serverName()}). The default. */
  ENABLED,
  /** Any host name is accepted. Insecure: logged as a WARN at each connection. */
  DISABLED
}
