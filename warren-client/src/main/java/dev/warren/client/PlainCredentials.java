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
import java.util.Arrays;
import java.util.Objects;

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

  private PlainCredentials(String username, char[] password) {
    this.username = username;
    this.password = password;
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

  /** Equal when both the user name and the password are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof PlainCredentials other
        && username.equals(other.username)
        && Arrays.equals(password, other.password);
  }

  @Override
  public int hashCode() {
    return username.hashCode();
  }

  /** {@code PlainCredentials[username=NAME, password=<redacted>]}: never the password. */
  @Override
  public String toString() {
    return "PlainCredentials[username=" + username + ", password=<redacted>]";
  }
}
