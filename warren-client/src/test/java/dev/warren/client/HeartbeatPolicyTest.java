/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeartbeatPolicyTest {
  private static HeartbeatPolicy policy(String spec) {
    switch (spec) {
      case "broker":
        return HeartbeatPolicy.brokerDefault();
      case "off":
        return HeartbeatPolicy.off();
      default:
        return HeartbeatPolicy.ofSeconds(Integer.parseInt(spec));
    }
  }

  @ParameterizedTest(name = "client {0}, broker {1} -> {2}")
  @CsvSource({
    // client, broker proposal (s), result (s)
    "broker, 60, 60",
    "broker, 0, 0",
    "broker, 65535, 65535",
    "off, 60, 0",
    "off, 0, 0",
    "0, 60, 0",
    "0, 0, 0",
    "30, 60, 30",
    "60, 30, 30",
    "60, 60, 60",
    "30, 0, 30",
    "1, 65535, 1",
    "65535, 0, 65535",
  })
  void negotiationRules(String client, int broker, int expected) {
    HeartbeatPolicy p = policy(client);
    assertThat(p.negotiate(Duration.ofSeconds(broker))).isEqualTo(Duration.ofSeconds(expected));
    assertThat(p.negotiateSeconds(broker)).isEqualTo(expected);
  }

  @Test
  void functionHookSeesTheProposalAndMayGoHigher() {
    List<Duration> seen = new ArrayList<>();
    HeartbeatPolicy p =
        HeartbeatPolicy.negotiated(
            b -> {
              seen.add(b);
              return b.isZero() ? Duration.ofSeconds(15) : b.multipliedBy(2);
            });
    assertThat(p.negotiateSeconds(60)).isEqualTo(120);
    assertThat(p.negotiateSeconds(0)).isEqualTo(15);
    assertThat(seen).containsExactly(Duration.ofSeconds(60), Duration.ZERO);
    assertThat(HeartbeatPolicy.negotiated(b -> Duration.ZERO).negotiateSeconds(60)).isZero();
    assertThat(HeartbeatPolicy.negotiated(b -> Duration.ofMillis(2500)).negotiateSeconds(60))
        .isEqualTo(3);
  }

  @Test
  void functionResultsAreValidated() {
    assertThatThrownBy(() -> HeartbeatPolicy.negotiated(b -> null).negotiateSeconds(60))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the heartbeat function returned null");
    assertThatThrownBy(
            () -> HeartbeatPolicy.negotiated(b -> Duration.ofSeconds(-1)).negotiateSeconds(60))
        .hasMessageContaining(
            "heartbeat chosen by the heartbeat function must be between 0 s and" + " 65535 s");
    assertThatThrownBy(
            () -> HeartbeatPolicy.negotiated(b -> Duration.ofSeconds(70000)).negotiateSeconds(60))
        .hasMessageContaining("65535 s");
  }

  @Test
  void validation() {
    assertThatThrownBy(() -> HeartbeatPolicy.ofSeconds(-1))
        .hasMessage(
            "heartbeat must be a whole number of seconds between 0 s and 65535 s, got -1 s");
    assertThatThrownBy(() -> HeartbeatPolicy.ofSeconds(65536))
        .hasMessageContaining("65535 s, got 65536 s");
    assertThatThrownBy(() -> HeartbeatPolicy.of(Duration.ofMillis(10)))
        .hasMessageContaining("got 10 ms");
    assertThatThrownBy(() -> HeartbeatPolicy.brokerDefault().negotiateSeconds(-1))
        .hasMessageContaining("broker heartbeat proposal must be between 0 s and 65535 s");
    assertThatThrownBy(() -> HeartbeatPolicy.negotiated(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void accessorsAndEquality() {
    assertThat(HeartbeatPolicy.of(Duration.ZERO)).isEqualTo(HeartbeatPolicy.off());
    assertThat(HeartbeatPolicy.ofSeconds(30).requested()).contains(Duration.ofSeconds(30));
    assertThat(HeartbeatPolicy.off().requested()).isEmpty();
    assertThat(HeartbeatPolicy.brokerDefault().isBrokerDefault()).isTrue();
    assertThat(HeartbeatPolicy.ofSeconds(30)).isEqualTo(HeartbeatPolicy.ofSeconds(30));
    assertThat(HeartbeatPolicy.ofSeconds(30).toString()).isEqualTo("HeartbeatPolicy[30 s]");
    assertThat(HeartbeatPolicy.off().toString()).isEqualTo("HeartbeatPolicy[off]");
  }
}
