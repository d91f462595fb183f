/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A user name and password, sent with SASL {@code PLAIN} or {@code AMQPLAIN} (pika's {@code
 * PlainCredentials}; py-amqp's {@code userid} and {@code password}).
 *
 * <p>The password is kept as a private copy of the characters given and is never part of {@link
 * #toString()}, of log lines or of exception messages. Neither part may contain the NUL character
 * (SASL {@code PLAIN} uses it as the separator). Empty values are allowed: the AMQP URI
 * specification distinguishes an empty user name or password from an absent one.
 *
 * <p>RabbitMQ's default user {@code guest}/{@code guest} ({@link #guest()}) may only connect from
 * localhost unless the broker's {@code loopback_users} setting is changed.
 *
 * <p>A password that expires, such as an OAuth 2 access token that RabbitMQ's {@code
 * rabbitmq_auth_backend_oauth2} accepts as the password, carries its expiry: {@code
 * PlainCredentials.of("", token).withExpiry(expiresAt)}. Returned by a {@link CredentialsProvider},
 * such credentials are refreshed ahead of their expiry on every connection that uses them (see
 * {@link CredentialsProvider}).
 *
 * <p>Immutable and thread-safe. To supply a fresh secret at each connection attempt (rotating
 * passwords, OAuth 2 tokens), use a {@link CredentialsProvider}.
 *
 * @since 0.1
 */
public final class PlainCredentials implements Credentials {
  private static final PlainCredentials GUEST =
      new PlainCredentials("guest", "guest".toCharArray());

  private final String username;
  private final char[] password;
  private final Instant expiresAt; // null: never expires

  private PlainCredentials(String username, char[] password, Instant expiresAt) {
    this.username = username;
    this.password = password;
    this.expiresAt = expiresAt;
  }

  private PlainCredentials(String username, char[] password) {
    this(username, password, null);
  }

  /**
   * Credentials for {@code username} with {@code password}.
   *
   * @param password the password
   * @param username the user name
   * @return the credentials
   * @throws NullPointerException when either is null
   * @throws IllegalArgumentException when either contains the NUL character
   */
  public static PlainCredentials of(String username, String password) {
    Objects.requireNonNull(password, "password");
    return of(username, password.toCharArray());
  }

  /**
   * Credentials for {@code username} with a copy of {@code password}; the caller may clear its
   * array afterwards.
   *
   * @param password the password; copied, so the caller may clear it
   * @param username the user name
   * @return the credentials
   * @throws NullPointerException when either is null
   * @throws IllegalArgumentException when either contains the NUL character
   */
  public static PlainCredentials of(String username, char[] password) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (username.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("username must not contain the NUL character");
    }
    for (char c : password) {
      if (c == '\0') {
        throw new IllegalArgumentException("password must not contain the NUL character");
      }
    }
    return new PlainCredentials(username, password.clone());
  }

  /**
   * RabbitMQ's default user: {@code guest} with password {@code guest}. RabbitMQ lets it in only
   * from localhost by default.
   *
   * @return guest/guest
   */
  public static PlainCredentials guest() {
    return GUEST;
  }

  /**
   * The same user name and password, expiring at {@code expiresAt} (the {@code exp} claim of an
   * OAuth 2 token, say). The broker decides what an expired secret means; Warren only uses the
   * instant to refresh ahead of it.
   *
   * @param expiresAt when the password stops being accepted; not null
   * @return new credentials; this object is unchanged
   * @throws NullPointerException when {@code expiresAt} is null
   */
  public PlainCredentials withExpiry(Instant expiresAt) {
    Objects.requireNonNull(expiresAt, "expiresAt");
    return new PlainCredentials(username, password, expiresAt);
  }

  /** When the password expires, if {@link #withExpiry(Instant)} set it; empty by default. */
  @Override
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /** {@return the user name} */
  public String username() {
    return username;
  }

  /** {@return a new copy of the password; the caller may clear it after use} */
  public char[] password() {
    return password.clone();
  }

  /** The password as UTF-8 bytes, in a new array. */
  byte[] passwordUtf8() {
    try {
      ByteBuffer encoded =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPLACE)
              .onUnmappableCharacter(CodingErrorAction.REPLACE)
              .encode(CharBuffer.wrap(password));
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      if (encoded.hasArray()) {
        Arrays.fill(encoded.array(), (byte) 0);
      }
      return bytes;
    } catch (CharacterCodingException e) {
      // REPLACE never throws; keep the message free of the secret anyway.
      throw new IllegalStateException("the password cannot be encoded as UTF-8");
    }
  }

  /** Equal when the user name, the password and the expiry (or its absence) are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof PlainCredentials other
        && username.equals(other.username)
        && Arrays.equals(password, other.password)
        && Objects.equals(expiresAt, other.expiresAt);
  }

  @Override
  public int hashCode() {
    return username.hashCode();
  }

  /**
   * {@code PlainCredentials[username=NAME, password=<redacted>]}, with {@code , expiresAt=INSTANT}
   * when they expire: never the password.
   */
  @Override
  public String toString() {
    return "PlainCredentials[username="
        + username
        + ", password=<redacted>"
        + (expiresAt == null ? "" : ", expiresAt=" + expiresAt)
        + "]";
  }
}
