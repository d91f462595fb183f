/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.cli.perf.HtmlReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** The CLI's pure parts: parsing, formatting, the confirm window. */
class CliPartsTest {

  @Test
  void durations() {
    assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("10")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("PT3S")).isEqualTo(Duration.ofSeconds(3));
    for (String bad : new String[] {"", "s", "10x", "ten", "10s5", "-1s"}) {
      assertThatThrownBy(() -> Durations.parse(bad))
          .as(bad)
          .isInstanceOf(TypeConversionException.class);
    }
    assertThat(Durations.format(Duration.ofMillis(300))).isEqualTo("300 ms");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5 s");
    assertThat(Durations.format(Duration.ofSeconds(2))).isEqualTo("2 s");
  }

  @Test
  void typedValues() {
    Map<String, Object> m =
        TypedValues.parse(
            List.of(
                "i=42",
                "big=9999999999",
                "neg=-3",
                "d=0.25",
                "t=true",
                "f=false",
                "s=abc",
                "q=\"42\"",
                "empty=",
                "eq=a=b"),
            "argument");
    assertThat(m)
        .containsEntry("i", 42)
        .containsEntry("big", 9999999999L)
        .containsEntry("neg", -3)
        .containsEntry("d", 0.25)
        .containsEntry("t", true)
        .containsEntry("f", false)
        .containsEntry("s", "abc")
        .containsEntry("q", "42")
        .containsEntry("empty", "")
        .containsEntry("eq", "a=b");
    assertThatThrownBy(() -> TypedValues.parse(List.of("novalue"), "header"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("header 'novalue' is not key=value");
  }

  @Test
  void json() {
    assertThat(Json.write(Map.of("a", List.of(1, 2.5, true, "x\"\n<"))))
        .isEqualTo("{\"a\":[1,2.5,true,\"x\\\"\\n\\u003c\"]}");
    assertThat(MiniJson.parse(Json.write(Map.of("k", "ü ✓ \t")))).isEqualTo(Map.of("k", "ü ✓ \t"));
    assertThat(Json.write(new byte[] {1, 2, 3})).isEqualTo("\"AQID\"");
    assertThat(Json.write(Double.NaN)).isEqualTo("null");
    assertThat(
            Json.write(
                List.of(
                    dev.warren.protocol.FieldValue.unsignedByte(200),
                    dev.warren.protocol.FieldValue.unsignedShort(60000),
                    dev.warren.protocol.FieldValue.unsignedInt(4_000_000_000L))))
        .isEqualTo("[200,60000,4000000000]");
  }

  @Test
  void urlsNeverShowThePassword() {
    assertThat(Urls.display("amqp://guest:secret@localhost:5672/%2F"))
        .isEqualTo("amqp://localhost:5672/%2F");
    assertThat(Urls.display("amqps://u:p@w@host/vh?heartbeat=5"))
        .isEqualTo("amqps://host/vh?heartbeat=5");
    assertThat(Urls.display("amqp://host")).isEqualTo("amqp://host");
  }

  @Test
  void errorTexts() {
    assertThat(Errors.brokerText(404, "NOT_FOUND - no queue 'q' in vhost '/'", ""))
        .isEqualTo("404 NOT_FOUND - no queue 'q' in vhost '/'");
    assertThat(Errors.brokerText(406, "other text", ""))
        .isEqualTo("406 PRECONDITION_FAILED - other text");
    assertThat(
            Errors.connectReason(
                "could not connect to amqp://localhost:1/%2F: TCP connect failed: connection refused"
                    + " (finishConnect(..) failed: Connection refused: localhost/127.0.0.1:1); is the"
                    + " broker running?"))
        .isEqualTo("TCP connect failed: connection refused");
  }

  @Test
  void confirmWindowSettlesRangesAndOutOfOrderAcks() throws Exception {
    ConfirmWindow w = new ConfirmWindow(4);
    for (int i = 0; i < 4; i++) {
      assertThat(w.acquire(() -> false, Duration.ofMillis(10))).isTrue();
      w.published();
    }
    // Full: a fifth publish has to wait.
    assertThat(w.acquire(() -> false, Duration.ofMillis(50))).isFalse();
    w.handleAck(3, false); // out of order
    assertThat(w.acked()).isEqualTo(1);
    assertThat(w.acquire(() -> false, Duration.ofMillis(10))).isTrue();
    w.published();
    w.handleAck(2, true); // 1 and 2
    assertThat(w.acked()).isEqualTo(3);
    w.handleNack(4, false);
    assertThat(w.nacked()).isEqualTo(1);
    w.handleAck(5, true); // only 5 is left below 5
    assertThat(w.acked()).isEqualTo(4);
    assertThat(w.unconfirmed()).isZero();
    assertThat(w.awaitSettled(Duration.ofMillis(10), () -> false)).isTrue();
    w.handleAck(5, true); // a duplicate changes nothing
    assertThat(w.acked()).isEqualTo(4);
    for (int i = 0; i < 4; i++) {
      assertThat(w.acquire(() -> false, Duration.ofMillis(10))).as("permit " + i).isTrue();
    }
  }

  @Test
  void aCountingOnlyWindowCountsConfirmsWithoutPermits() throws Exception {
    ConfirmWindow w = ConfirmWindow.countingOnly();
    for (int i = 0; i < 3; i++) {
      w.published();
    }
    w.handleAck(2, true);
    w.handleNack(3, false);
    assertThat(w.acked()).isEqualTo(2);
    assertThat(w.nacked()).isEqualTo(1);
    assertThat(w.unconfirmed()).isZero();
    assertThat(w.awaitSettled(Duration.ofMillis(10), () -> false)).isTrue();
  }

  @Test
  void niceSteps() {
    assertThat(HtmlReport.niceStep(10, 5)).isEqualTo(2);
    assertThat(HtmlReport.niceStep(37_000, 5)).isEqualTo(10_000);
    assertThat(HtmlReport.niceStep(3, 10))
        .isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(HtmlReport.SENT).isNotEqualTo(HtmlReport.RECEIVED);
  }
}
