/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpOptionsTest {
  @Test
  void defaults() {
    TcpOptions t = TcpOptions.defaults();
    assertThat(t.noDelay()).isTrue();
    assertThat(t.keepAlive()).isFalse();
    assertThat(t.keepIdle()).isEmpty();
    assertThat(t.keepInterval()).isEmpty();
    assertThat(t.keepCount()).isEmpty();
    assertThat(t.userTimeout()).isEmpty();
    assertThat(t.sendBufferSize()).isEmpty();
    assertThat(t.receiveBufferSize()).isEmpty();
    assertThat(t.receiveCoalescing()).isEqualTo(Duration.ofNanos(100_000));
    assertThat(t).isEqualTo(TcpOptions.builder().build());
    assertThat(t.toString()).isEqualTo("TcpOptions{noDelay=true, keepAlive=false}");
  }

  @Test
  void keepOptionsTurnKeepAliveOn() {
    TcpOptions t =
        TcpOptions.builder()
            .keepIdle(Duration.ofSeconds(60))
            .keepInterval(Duration.ofSeconds(5))
            .keepCount(3)
            .userTimeout(Duration.ofSeconds(20))
            .sendBufferSize(1 << 16)
            .receiveBufferSize(1 << 17)
            .noDelay(false)
            .receiveCoalescing(Duration.ZERO)
            .build();
    assertThat(t.keepAlive()).isTrue();
    assertThat(t.toBuilder().build()).isEqualTo(t).hasSameHashCodeAs(t);
    assertThat(t.toString())
        .isEqualTo(
            "TcpOptions{noDelay=false, keepAlive=true, keepIdle=60 s, keepInterval=5 s,"
                + " keepCount=3, userTimeout=20 s, sendBufferSize=65536, receiveBufferSize=131072,"
                + " receiveCoalescing=0 s}");
    assertThatThrownBy(() -> t.toBuilder().keepAlive(false).build())
        .hasMessage("keepIdle, keepInterval and keepCount need keepAlive(true)");
  }

  @Test
  void validation() {
    TcpOptions.Builder b = TcpOptions.builder();
    assertThatThrownBy(() -> b.keepIdle(Duration.ZERO))
        .hasMessage("keepIdle must be a whole number of seconds between 1 s and 32767 s, got 0 s");
    assertThatThrownBy(() -> b.keepInterval(Duration.ofMillis(1500)))
        .hasMessageContaining("keepInterval must be a whole number of seconds");
    assertThatThrownBy(() -> b.keepCount(128))
        .hasMessage("keepCount must be between 1 and 127, got 128");
    assertThatThrownBy(() -> b.userTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("userTimeout must be between 0 s and");
    assertThatThrownBy(() -> b.sendBufferSize(0)).hasMessageContaining("sendBufferSize");
    assertThatThrownBy(() -> b.receiveBufferSize(-1)).hasMessageContaining("receiveBufferSize");
    assertThatThrownBy(() -> b.receiveCoalescing(Duration.ofNanos(-1)))
        .hasMessageContaining("receiveCoalescing must be between 0 s and 10 ms");
    assertThatThrownBy(() -> b.receiveCoalescing(Duration.ofMillis(11)))
        .hasMessageContaining("receiveCoalescing must be between 0 s and 10 ms, got 11 ms");
    assertThat(b.receiveCoalescing(Duration.ofMillis(10)).build().receiveCoalescing())
        .isEqualTo(Duration.ofMillis(10));
  }
}
