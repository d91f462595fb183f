/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigHelpersTest {
  @Test
  void formatDurations() {
    assertThat(Checks.format(Duration.ofSeconds(2))).isEqualTo("2 s");
    assertThat(Checks.format(Duration.ofMillis(250))).isEqualTo("250 ms");
    assertThat(Checks.format(Duration.ofMillis(1500))).isEqualTo("1.5 s");
    assertThat(Checks.format(Duration.ofNanos(3000))).isEqualTo("3 µs");
    assertThat(Checks.format(Duration.ofNanos(7))).isEqualTo("7 ns");
    assertThat(Checks.format(Duration.ofSeconds(-1))).isEqualTo("-1 s");
    assertThat(Checks.format(null)).isEqualTo("none");
  }

  @Test
  void percentCoding() {
    assertThat(HostNames.percentDecode("a%2Fb%20c", "x", false)).isEqualTo("a/b c");
    assertThat(HostNames.percentDecode("a+b", "x", false)).isEqualTo("a+b");
    assertThat(HostNames.percentDecode("a+b", "x", true)).isEqualTo("a b");
    assertThat(HostNames.percentDecode("%e2%82%ac", "x", false)).isEqualTo("€");
    assertThatThrownBy(() -> HostNames.percentDecode("%", "the password", false))
        .hasMessage("invalid percent-encoding in the password");
    assertThatThrownBy(() -> HostNames.percentDecode("%4", "the password", false))
        .hasMessage("invalid percent-encoding in the password");
    assertThat(HostNames.percentEncode("/")).isEqualTo("%2F");
    assertThat(HostNames.percentEncode("a-b_c.d~é")).isEqualTo("a-b_c.d~%C3%A9");
  }

  @Test
  void hosts() {
    assertThat(HostNames.isIpAddress("127.0.0.1")).isTrue();
    assertThat(HostNames.isIpAddress("::1")).isTrue();
    assertThat(HostNames.isIpAddress("localhost")).isFalse();
    assertThat(HostNames.forUri("::1")).isEqualTo("[::1]");
    assertThat(HostNames.splitHostPort("h:1")).containsExactly("h", "1");
    assertThat(HostNames.splitHostPort("[::1]")).containsExactly("::1", null);
    assertThat(HostNames.splitHostPort("::1")).containsExactly("::1", null);
  }

  @Test
  void clientPropertiesMergeKeepsLibraryCapabilities() {
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("product", "Warren");
    defaults.put("capabilities", Map.of("publisher_confirms", true, "basic.nack", true));
    Map<String, Object> merged =
        ClientPropertyValues.merge(
            defaults,
            Map.of("product", "Mine", "capabilities", Map.of("basic.nack", false, "x", true)));
    assertThat(merged.get("product")).isEqualTo("Mine");
    assertThat(merged.get("capabilities"))
        .isEqualTo(Map.of("publisher_confirms", true, "basic.nack", false, "x", true));
    assertThat(merged.keySet()).containsExactly("product", "capabilities");
  }

  @Test
  void clientPropertyValidation() {
    assertThatThrownBy(() -> ClientPropertyValues.copy(Map.of("", 1)))
        .hasMessageContaining("keys must be 1 to 255 UTF-8 bytes long");
    assertThatThrownBy(
            () -> ClientPropertyValues.copy(Map.of("l", java.util.Arrays.asList(1, null))))
        .hasMessage("clientProperties.l[1] must not be null");
    assertThat(ClientPropertyValues.copy(Map.of("l", List.of(Map.of("k", 1L))))).isNotEmpty();
  }
}
