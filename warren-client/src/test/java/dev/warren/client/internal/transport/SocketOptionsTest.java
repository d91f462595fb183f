/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.ConnectionParameters;
import dev.warren.client.TcpOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The socket options a connection's bootstrap gets, for epoll and NIO. */
class SocketOptionsTest {
  @Test
  void socketOptionsForEpollAndNio() {
    TcpOptions t =
        TcpOptions.builder()
            .keepIdle(Duration.ofSeconds(30))
            .keepInterval(Duration.ofSeconds(5))
            .keepCount(4)
            .userTimeout(Duration.ofMillis(20_000))
            .sendBufferSize(1000)
            .receiveBufferSize(2000)
            .build();
    Map<ChannelOption<?>, Object> epoll =
        SocketOptions.channelOptions(t, Duration.ofSeconds(10), SocketOptions.Transport.EPOLL);
    assertThat(epoll)
        .containsEntry(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        .containsEntry(ChannelOption.TCP_NODELAY, true)
        .containsEntry(ChannelOption.SO_KEEPALIVE, true)
        .containsEntry(ChannelOption.SO_SNDBUF, 1000)
        .containsEntry(ChannelOption.SO_RCVBUF, 2000)
        .containsEntry(EpollChannelOption.TCP_KEEPIDLE, 30)
        .containsEntry(EpollChannelOption.TCP_KEEPINTVL, 5)
        .containsEntry(EpollChannelOption.TCP_KEEPCNT, 4)
        .containsEntry(EpollChannelOption.TCP_USER_TIMEOUT, 20_000);
    Map<ChannelOption<?>, Object> nio =
        SocketOptions.channelOptions(t, Duration.ofMillis(1), SocketOptions.Transport.NIO);
    assertThat(nio)
        .containsOnlyKeys(
            ChannelOption.CONNECT_TIMEOUT_MILLIS,
            ChannelOption.TCP_NODELAY,
            ChannelOption.SO_KEEPALIVE,
            ChannelOption.SO_SNDBUF,
            ChannelOption.SO_RCVBUF);

    Bootstrap b =
        SocketOptions.apply(
            new Bootstrap(), ConnectionParameters.defaults(), SocketOptions.Transport.NIO);
    assertThat(b.config().options())
        .containsEntry(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        .containsEntry(ChannelOption.TCP_NODELAY, true);
  }
}
