/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.scripted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.warren.errors.AmqpReplyCode;
import dev.warren.errors.Initiator;
import dev.warren.errors.ProtocolMismatchException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A port that is not AMQP 0-9-1 fails the connect as soon as its first bytes arrive, with a {@link
 * ProtocolMismatchException} that shows them and says what the peer looks like, long before the
 * stack timeout (10 s here).
 */
@Timeout(60)
class NotAmqpPeerTest {
  private final ScriptedBroker broker = new ScriptedBroker();

  @AfterEach
  void tearDown() {
    broker.close();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static Stream<Arguments> peers() {
    return Stream.of(
        Arguments.of(
            "an HTTP server",
            ascii("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"),
            AmqpReplyCode.FRAME_ERROR,
            "an HTTP response",
            "\"HTTP/1.1 400 Bad Request\\r\\nContent-Length: 0\\r\\n\\r\\n\""),
        Arguments.of(
            "an SSH server",
            ascii("SSH-2.0-OpenSSH_9.6\r\n"),
            AmqpReplyCode.FRAME_ERROR,
            "an SSH banner",
            "\"SSH-2.0-OpenSSH_9.6\\r\\n\""),
        Arguments.of(
            "a TLS server",
            new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46},
            AmqpReplyCode.FRAME_ERROR,
            "amqps://",
            "\"\\x15\\x03\\x03\\x00\\x02\\x02F\""),
        Arguments.of(
            "garbage",
            new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef},
            AmqpReplyCode.FRAME_ERROR,
            "not an AMQP 0-9-1 frame",
            "\"\\xde\\xad\\xbe\\xef\""),
        Arguments.of(
            "an AMQP 1.0 broker",
            new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0},
            AmqpReplyCode.NOT_IMPLEMENTED,
            "protocol header AMQP 1-0-0",
            "\"AMQP\\x00\\x01\\x00\\x00\""),
        Arguments.of(
            "a text starting with A",
            ascii("Access denied\n"),
            AmqpReplyCode.FRAME_ERROR,
            "not an AMQP 0-9-1 frame",
            "\"Access denied\\n\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("peers")
  void failsOnTheFirstBytesWithWhatItGot(
      String peer, byte[] answer, AmqpReplyCode code, String looksLike, String shown) {
    broker.script(0, p -> p.expectProtocolHeader().respondRaw(answer));

    long start = System.nanoTime();
    Throwable thrown =
        catchThrowable(
            () -> broker.connect(broker.parameters().stackTimeout(Duration.ofSeconds(10)).build()));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(thrown)
        .isInstanceOfSatisfying(
            ProtocolMismatchException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.initiator())
                  .isEqualTo(
                      code == AmqpReplyCode.NOT_IMPLEMENTED ? Initiator.BROKER : Initiator.LIBRARY);
              assertThat(e.received()).startsWith(answer[0]);
              assertThat(e.getMessage())
                  .contains("does not speak AMQP 0-9-1")
                  .contains(looksLike)
                  .contains(shown);
            });
    assertThat(elapsedMillis)
        .as("failed after %d ms, not at the stack timeout", elapsedMillis)
        .isLessThan(5_000L);
    broker.verify();
  }
}
