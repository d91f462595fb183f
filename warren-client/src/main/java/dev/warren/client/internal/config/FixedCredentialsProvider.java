/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.config;

import dev.warren.client.Credentials;
import dev.warren.client.CredentialsProvider;
import java.util.Objects;

/**
 * A {@link CredentialsProvider} that always returns the same credentials. Its {@code toString()} is
 * that of the credentials, which never shows a secret.
 */
public record FixedCredentialsProvider(Credentials credentials) implements CredentialsProvider {
  public FixedCredentialsProvider {
    Objects.requireNonNull(credentials, "credentials");
  }

  @Override
  public Credentials get() {
    return credentials;
  }

  @Override
  public String toString() {
    return credentials.toString();
  }
}
