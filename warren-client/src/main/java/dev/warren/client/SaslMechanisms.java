/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The built-in SASL mechanisms and mechanism selection.
 *
 * <ul>
 *   <li>{@link #PLAIN}: RFC 4616, response {@code \0user\0password} (UTF-8). Needs {@link
 *       PlainCredentials}.
 *   <li>{@link #AMQPLAIN}: RabbitMQ's legacy mechanism, response is the body of a field table
 *       (without its 4-byte length): {@code LOGIN} and {@code PASSWORD} as long strings. Needs
 *       {@link PlainCredentials}.
 *   <li>{@link #EXTERNAL}: RFC 4422 appendix A, empty response; the broker takes the identity from
 *       the TLS client certificate. Works with any credentials (they are ignored).
 *   <li>{@link #raw(String, byte[])}: any mechanism name with a fixed response (py-amqp: {@code
 *       RAW}).
 * </ul>
 *
 * <p>{@code GSSAPI} (Kerberos) is not built in; a {@link SaslMechanism} implementation can provide
 * it, since {@link SaslSession#respond(byte[])} receives the broker's challenges.
 *
 * <p>All members are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class SaslMechanisms {
  /** SASL {@code PLAIN}: {@code \0username\0password} in UTF-8. Needs {@link PlainCredentials}. */
  public static final SaslMechanism PLAIN = BuiltIn.PLAIN;

  /**
   * RabbitMQ's {@code AMQPLAIN}: a field-table body {@code LOGIN}=username, {@code
   * PASSWORD}=password (both type {@code S}). Needs {@link PlainCredentials}.
   */
  public static final SaslMechanism AMQPLAIN = BuiltIn.AMQPLAIN;

  /** SASL {@code EXTERNAL}: an empty response; identity from the TLS client certificate. */
  public static final SaslMechanism EXTERNAL = BuiltIn.EXTERNAL;

  private static final Pattern NAME = Pattern.compile("[A-Z0-9_-]{1,20}");

  private SaslMechanisms() {}

  /**
   * A mechanism called {@code name} that answers {@code connection.start} with {@code response}
   * (copied) whatever the credentials, and expects no challenge (py-amqp's {@code RAW}). Its {@code
   * toString()} shows the name and the response's length only.
   *
   * @param response the response to send; copied
   * @param name the mechanism's name
   * @return the mechanism
   * @throws IllegalArgumentException when {@code name} is not 1 to 20 characters of {@code A-Z},
   *     {@code 0-9}, {@code -} and {@code _}
   */
  public static SaslMechanism raw(String name, byte[] response) {
    Objects.requireNonNull(response, "response");
    return new Raw(checkName(name), response.clone());
  }

  /**
   * The built-in mechanism called {@code name}, ignoring case: {@code PLAIN}, {@code AMQPLAIN} or
   * {@code EXTERNAL} (RabbitMQ URIs write {@code auth_mechanism=external}).
   *
   * @param name the mechanism's name, in any case
   * @return the mechanism
   * @throws IllegalArgumentException for any other name; the message lists the accepted names
   */
  public static SaslMechanism byName(String name) {
    Objects.requireNonNull(name, "name");
    for (BuiltIn m : BuiltIn.values()) {
      if (m.name().equalsIgnoreCase(name.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown SASL mechanism '"
            + name
            + "'; built-in mechanisms are PLAIN, AMQPLAIN and EXTERNAL (others: implement"
            + " SaslMechanism or use SaslMechanisms.raw)");
  }

  /**
   * The mechanisms used when none were configured: {@code [PLAIN, AMQPLAIN]} for {@link
   * PlainCredentials}, {@code [EXTERNAL]} for {@link ExternalCredentials}.
   *
   * @param credentials the credentials
   * @return the mechanisms, in order of preference
   */
  public static List<SaslMechanism> defaultsFor(Credentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    if (credentials instanceof ExternalCredentials) {
      return List.of(EXTERNAL);
    }
    return List.of(PLAIN, AMQPLAIN);
  }

  /**
   * Splits the {@code mechanisms} field of {@code connection.start} (space-separated, such as
   * {@code "AMQPLAIN PLAIN"}) into names, in the broker's order.
   *
   * @param mechanismsField the mechanisms field
   * @return the names; empty for a blank field
   */
  public static List<String> parseOffered(String mechanismsField) {
    Objects.requireNonNull(mechanismsField, "mechanismsField");
    String trimmed = mechanismsField.trim();
    return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
  }

  /**
   * The first of {@code ours} (our order of preference) whose name the broker offers, ignoring
   * case; empty when there is none. Raise the connection's authentication error with {@link
   * #noCommonMechanismMessage(List, List)} in that case.
   *
   * @param ours the configured mechanisms, in order of preference
   * @param brokerOffers the names the broker offers
   * @return the mechanism to use, or empty
   */
  public static Optional<SaslMechanism> select(
      List<SaslMechanism> ours, List<String> brokerOffers) {
    Objects.requireNonNull(ours, "ours");
    Objects.requireNonNull(brokerOffers, "brokerOffers");
    for (SaslMechanism mechanism : ours) {
      for (String offered : brokerOffers) {
        if (mechanism.name().equalsIgnoreCase(offered)) {
          return Optional.of(mechanism);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The message for "no mechanism in common", for example {@code the broker offers [PLAIN,
   * AMQPLAIN] but this client is configured for [EXTERNAL]; RabbitMQ offers EXTERNAL only on TLS
   * connections (amqps), with the rabbitmq_auth_mechanism_ssl plugin enabled and EXTERNAL in its
   * auth_mechanisms: connect with TLS and a client certificate, or choose one of the broker's
   * mechanisms}. The EXTERNAL hint appears when {@code ours} includes {@code EXTERNAL} and the
   * broker does not offer it.
   *
   * @param brokerOffers the names the broker offers
   * @param ours the configured mechanisms
   * @return the message
   */
  public static String noCommonMechanismMessage(
      List<String> brokerOffers, List<SaslMechanism> ours) {
    List<String> ourNames = new ArrayList<>();
    boolean external = false;
    for (SaslMechanism m : ours) {
      ourNames.add(m.name());
      external |= m.name().equalsIgnoreCase("EXTERNAL");
    }
    return "the broker offers "
        + brokerOffers
        + " but this client is configured for "
        + ourNames
        + "; "
        + (external
            ? "RabbitMQ offers EXTERNAL only on TLS connections (amqps), with the"
                + " rabbitmq_auth_mechanism_ssl plugin enabled and EXTERNAL in its"
                + " auth_mechanisms: connect with TLS and a client certificate, or "
            : "")
        + "choose one of the broker's mechanisms";
  }

  private static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "SASL mechanism name must be 1 to 20 characters of A-Z, 0-9, '-' and '_', got '"
              + name
              + "'");
    }
    return name;
  }

  private static PlainCredentials requirePlain(String mechanism, Credentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    if (credentials instanceof PlainCredentials plain) {
      return plain;
    }
    throw new IllegalArgumentException(
        "SASL mechanism "
            + mechanism
            + " needs PlainCredentials (a user name and password), got "
            + credentials.getClass().getSimpleName()
            + "; use EXTERNAL with ExternalCredentials");
  }

  /** {@code \0user\0password}. */
  static byte[] plainResponse(PlainCredentials credentials) {
    byte[] user = credentials.username().getBytes(StandardCharsets.UTF_8);
    byte[] password = credentials.passwordUtf8();
    try {
      byte[] response = new byte[2 + user.length + password.length];
      System.arraycopy(user, 0, response, 1, user.length);
      System.arraycopy(password, 0, response, 2 + user.length, password.length);
      return response;
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  /** Field-table body: shortstr "LOGIN", 'S', longstr user, shortstr "PASSWORD", 'S', longstr. */
  static byte[] amqplainResponse(PlainCredentials credentials) {
    byte[] password = credentials.passwordUtf8();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writeLongStringField(out, "LOGIN", credentials.username().getBytes(StandardCharsets.UTF_8));
      writeLongStringField(out, "PASSWORD", password);
      return out.toByteArray();
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  private static void writeLongStringField(ByteArrayOutputStream out, String key, byte[] value) {
    byte[] k = key.getBytes(StandardCharsets.US_ASCII);
    out.write(k.length);
    out.write(k, 0, k.length);
    out.write('S');
    int n = value.length;
    out.write(n >>> 24);
    out.write(n >>> 16);
    out.write(n >>> 8);
    out.write(n);
    out.write(value, 0, n);
  }

  private enum BuiltIn implements SaslMechanism {
    PLAIN {
      @Override
      public SaslSession start(Credentials credentials) {
        byte[] response = plainResponse(requirePlain(name(), credentials));
        return SaslSession.of(name(), response);
      }
    },
    AMQPLAIN {
      @Override
      public SaslSession start(Credentials credentials) {
        byte[] response = amqplainResponse(requirePlain(name(), credentials));
        return SaslSession.of(name(), response);
      }
    },
    EXTERNAL {
      @Override
      public SaslSession start(Credentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        return SaslSession.of(name(), new byte[0]);
      }
    };
  }

  private static final class Raw implements SaslMechanism {
    private final String name;
    private final byte[] response;

    Raw(String name, byte[] response) {
      this.name = name;
      this.response = response;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public SaslSession start(Credentials credentials) {
      return SaslSession.of(name, response);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Raw other
          && name.equals(other.name)
          && Arrays.equals(response, other.response);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }

    @Override
    public String toString() {
      return "RAW[" + name + ", response=<" + response.length + " bytes>]";
    }
  }
}
