/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialsAndSaslTest {
  private static final String SECRET = "s3cr3t-pw";

  @Test
  void plainCredentialsAreRedactedAndCopied() {
    char[] pw = SECRET.toCharArray();
    PlainCredentials c = PlainCredentials.of("app", pw);
    pw[0] = 'X';
    assertThat(new String(c.password())).isEqualTo(SECRET);
    c.password()[0] = 'Y';
    assertThat(new String(c.password())).isEqualTo(SECRET);
    assertThat(c.toString())
        .isEqualTo("PlainCredentials[username=app, password=<redacted>]")
        .doesNotContain(SECRET);
    assertThat(c)
        .isEqualTo(PlainCredentials.of("app", SECRET))
        .hasSameHashCodeAs(PlainCredentials.of("app", "other"));
    assertThat(c).isNotEqualTo(PlainCredentials.of("app", "other"));
    assertThat(PlainCredentials.guest().username()).isEqualTo("guest");
    assertThat(PlainCredentials.of("", "").username()).isEmpty();
  }

  @Test
  void nulCharactersAreRejectedWithoutShowingTheSecret() {
    assertThatThrownBy(() -> PlainCredentials.of("a\0b", "x"))
        .hasMessage("username must not contain the NUL character");
    assertThatThrownBy(() -> PlainCredentials.of("a", SECRET + "\0"))
        .hasMessage("password must not contain the NUL character");
    assertThatThrownBy(() -> PlainCredentials.of(null, "x"))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void externalCredentialsAreAllEqual() {
    assertThat(new ExternalCredentials()).isEqualTo(new ExternalCredentials());
    assertThat(CredentialsProvider.of(new ExternalCredentials()).get())
        .isEqualTo(new ExternalCredentials());
  }

  @Test
  void plainResponseIsByteExact() {
    SaslSession s = SaslMechanisms.PLAIN.start(PlainCredentials.of("guest", "guest"));
    assertThat(s.mechanism()).isEqualTo("PLAIN");
    assertThat(s.initialResponse()).isEqualTo("\0guest\0guest".getBytes(StandardCharsets.UTF_8));
    assertThat(SaslMechanisms.PLAIN.start(PlainCredentials.of("us€r", "pä")).initialResponse())
        .containsExactly(0, 'u', 's', 0xE2, 0x82, 0xAC, 'r', 0, 'p', 0xC3, 0xA4);
    assertThat(SaslMechanisms.PLAIN.start(PlainCredentials.of("", "")).initialResponse())
        .containsExactly(0, 0);
  }

  @Test
  void amqplainResponseIsByteExact() {
    byte[] r =
        SaslMechanisms.AMQPLAIN.start(PlainCredentials.of("guest", "secret")).initialResponse();
    byte[] expected = {
      5, 'L', 'O', 'G', 'I', 'N', 'S', 0, 0, 0, 5, 'g', 'u', 'e', 's', 't', 8, 'P', 'A', 'S', 'S',
      'W', 'O', 'R', 'D', 'S', 0, 0, 0, 6, 's', 'e', 'c', 'r', 'e', 't'
    };
    assertThat(r).isEqualTo(expected);
    byte[] longPassword =
        SaslMechanisms.AMQPLAIN.start(PlainCredentials.of("u", "p".repeat(300))).initialResponse();
    // LOGIN field: 1 + 5 + 1 + 4 + 1 = 12 bytes; PASSWORD field length prefix: 00 00 01 2C.
    assertThat(longPassword).hasSize(12 + 1 + 8 + 1 + 4 + 300);
    assertThat(java.util.Arrays.copyOfRange(longPassword, 22, 26)).containsExactly(0, 0, 1, 0x2C);
  }

  @Test
  void externalAndRawResponses() {
    assertThat(SaslMechanisms.EXTERNAL.start(new ExternalCredentials()).initialResponse())
        .isEmpty();
    assertThat(SaslMechanisms.EXTERNAL.start(PlainCredentials.guest()).initialResponse()).isEmpty();
    byte[] response = {1, 2, 3};
    SaslMechanism raw = SaslMechanisms.raw("RABBIT-CR-DEMO", response);
    response[0] = 9;
    SaslSession s = raw.start(PlainCredentials.guest());
    assertThat(s.mechanism()).isEqualTo("RABBIT-CR-DEMO");
    assertThat(s.initialResponse()).containsExactly(1, 2, 3);
    assertThat(raw.name()).isEqualTo("RABBIT-CR-DEMO");
    assertThat(raw.toString()).isEqualTo("RAW[RABBIT-CR-DEMO, response=<3 bytes>]");
    assertThat(raw).isEqualTo(SaslMechanisms.raw("RABBIT-CR-DEMO", new byte[] {1, 2, 3}));
    assertThatThrownBy(() -> SaslMechanisms.raw("bad name", new byte[0]))
        .hasMessageContaining("SASL mechanism name must be 1 to 20 characters");
  }

  @Test
  void oneStepMechanismsRefuseChallenges() {
    SaslSession s = SaslMechanisms.PLAIN.start(PlainCredentials.guest());
    assertThatThrownBy(() -> s.respond(new byte[] {1}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("mechanism PLAIN does not expect a challenge, but the broker sent one");
  }

  @Test
  void challengeResponseMechanismsCanBeImplemented() {
    SaslMechanism demo =
        new SaslMechanism() {
          @Override
          public String name() {
            return "RABBIT-CR-DEMO";
          }

          @Override
          public SaslSession start(Credentials credentials) {
            PlainCredentials plain = (PlainCredentials) credentials;
            return new SaslSession() {
              @Override
              public String mechanism() {
                return "RABBIT-CR-DEMO";
              }

              @Override
              public byte[] initialResponse() {
                return plain.username().getBytes(StandardCharsets.UTF_8);
              }

              @Override
              public byte[] respond(byte[] challenge) {
                return ("My password is " + new String(plain.password()))
                    .getBytes(StandardCharsets.UTF_8);
              }
            };
          }
        };
    SaslSession s = demo.start(PlainCredentials.of("u", "p"));
    assertThat(s.respond("Please tell me your password".getBytes(StandardCharsets.UTF_8)))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("My password is p");
  }

  @Test
  void plainMechanismsNeedPlainCredentials() {
    assertThatThrownBy(() -> SaslMechanisms.PLAIN.start(new ExternalCredentials()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "SASL mechanism PLAIN needs PlainCredentials (a user name and password), got"
                + " ExternalCredentials; use EXTERNAL with ExternalCredentials");
    assertThatThrownBy(() -> SaslMechanisms.AMQPLAIN.start(new ExternalCredentials()))
        .hasMessageContaining("AMQPLAIN needs PlainCredentials");
  }

  @Test
  void responsesDoNotLeakIntoToString() {
    SaslSession s = SaslMechanisms.PLAIN.start(PlainCredentials.of("u", SECRET));
    assertThat(s.toString()).doesNotContain(SECRET);
    assertThat(SaslMechanisms.PLAIN.toString()).isEqualTo("PLAIN");
  }

  @Test
  void byNameAndDefaults() {
    assertThat(SaslMechanisms.byName("external")).isSameAs(SaslMechanisms.EXTERNAL);
    assertThat(SaslMechanisms.byName("Plain")).isSameAs(SaslMechanisms.PLAIN);
    assertThat(SaslMechanisms.byName("AMQPLAIN")).isSameAs(SaslMechanisms.AMQPLAIN);
    assertThatThrownBy(() -> SaslMechanisms.byName("GSSAPI"))
        .hasMessageContaining(
            "unknown SASL mechanism 'GSSAPI'; built-in mechanisms are PLAIN,"
                + " AMQPLAIN and EXTERNAL");
    assertThat(SaslMechanisms.defaultsFor(PlainCredentials.guest()))
        .containsExactly(SaslMechanisms.PLAIN, SaslMechanisms.AMQPLAIN);
    assertThat(SaslMechanisms.defaultsFor(new ExternalCredentials()))
        .containsExactly(SaslMechanisms.EXTERNAL);
  }

  @Test
  void parseOffered() {
    assertThat(SaslMechanisms.parseOffered("AMQPLAIN PLAIN")).containsExactly("AMQPLAIN", "PLAIN");
    assertThat(SaslMechanisms.parseOffered("  PLAIN   EXTERNAL "))
        .containsExactly("PLAIN", "EXTERNAL");
    assertThat(SaslMechanisms.parseOffered("")).isEmpty();
  }

  @Test
  void selectionTakesOurFirstOfferedByTheBroker() {
    List<String> broker = List.of("AMQPLAIN", "PLAIN");
    assertThat(
            SaslMechanisms.select(List.of(SaslMechanisms.PLAIN, SaslMechanisms.AMQPLAIN), broker))
        .contains(SaslMechanisms.PLAIN);
    assertThat(
            SaslMechanisms.select(List.of(SaslMechanisms.AMQPLAIN, SaslMechanisms.PLAIN), broker))
        .contains(SaslMechanisms.AMQPLAIN);
    assertThat(
            SaslMechanisms.select(
                List.of(SaslMechanisms.EXTERNAL, SaslMechanisms.PLAIN), List.of("plain")))
        .contains(SaslMechanisms.PLAIN);
    assertThat(SaslMechanisms.select(List.of(SaslMechanisms.EXTERNAL), broker)).isEmpty();
    assertThat(SaslMechanisms.select(List.of(), broker)).isEmpty();
    assertThat(SaslMechanisms.select(List.of(SaslMechanisms.PLAIN), List.of())).isEmpty();
  }

  @Test
  void noCommonMechanismMessages() {
    assertThat(
            SaslMechanisms.noCommonMechanismMessage(
                List.of("AMQPLAIN", "PLAIN"), List.of(SaslMechanisms.EXTERNAL)))
        .isEqualTo(
            "the broker offers [AMQPLAIN, PLAIN] but this client is configured for [EXTERNAL];"
                + " RabbitMQ offers EXTERNAL only on TLS connections (amqps), with the"
                + " rabbitmq_auth_mechanism_ssl plugin enabled and EXTERNAL in its"
                + " auth_mechanisms: connect with TLS and a client certificate, or choose one of"
                + " the broker's mechanisms");
    assertThat(
            SaslMechanisms.noCommonMechanismMessage(
                List.of("EXTERNAL"), List.of(SaslMechanisms.PLAIN, SaslMechanisms.AMQPLAIN)))
        .isEqualTo(
            "the broker offers [EXTERNAL] but this client is configured for [PLAIN, AMQPLAIN];"
                + " choose one of the broker's mechanisms");
  }
}
