/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.transport;

import dev.warren.client.ConnectionParameters;
import dev.warren.client.TcpOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns {@link TcpOptions} and the connect timeout into Netty channel options. */
public final class SocketOptions {
  private static final Logger LOG = LoggerFactory.getLogger(SocketOptions.class);

  /** The Netty transport the connection's channel uses. */
  public enum Transport {
    /** Java NIO: the portable transport. Linux-only options are not applied. */
    NIO,
    /** Netty's native epoll transport (Linux): every option applies. */
    EPOLL
  }

  private SocketOptions() {}

  /**
   * Sets {@code CONNECT_TIMEOUT_MILLIS} from {@link ConnectionParameters#socketTimeout()} and every
   * option of {@link ConnectionParameters#tcpOptions()} on {@code bootstrap}.
   */
  public static Bootstrap apply(
      Bootstrap bootstrap, ConnectionParameters parameters, Transport transport) {
    for (Map.Entry<ChannelOption<?>, Object> e :
        channelOptions(parameters.tcpOptions(), parameters.socketTimeout(), transport).entrySet()) {
      set(bootstrap, e.getKey(), e.getValue());
    }
    return bootstrap;
  }

  @SuppressWarnings("unchecked")
  private static <T> void set(Bootstrap b, ChannelOption<T> option, Object value) {
    b.option(option, (T) value);
  }

  /**
   * The channel options for {@code options} on {@code transport}, with {@code
   * CONNECT_TIMEOUT_MILLIS} from {@code connectTimeout}. Linux-only options on {@link
   * Transport#NIO} are left out with a debug log.
   */
  public static Map<ChannelOption<?>, Object> channelOptions(
      TcpOptions options, Duration connectTimeout, Transport transport) {
    Map<ChannelOption<?>, Object> m = new LinkedHashMap<>();
    m.put(
        ChannelOption.CONNECT_TIMEOUT_MILLIS,
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis())));
    m.put(ChannelOption.TCP_NODELAY, options.noDelay());
    m.put(ChannelOption.SO_KEEPALIVE, options.keepAlive());
    options.sendBufferSize().ifPresent(v -> m.put(ChannelOption.SO_SNDBUF, v));
    options.receiveBufferSize().ifPresent(v -> m.put(ChannelOption.SO_RCVBUF, v));
    boolean linuxOnly =
        options.keepIdle().isPresent()
            || options.keepInterval().isPresent()
            || options.keepCount().isPresent()
            || options.userTimeout().isPresent();
    if (transport == Transport.EPOLL) {
      options
          .keepIdle()
          .ifPresent(d -> m.put(EpollChannelOption.TCP_KEEPIDLE, (int) d.getSeconds()));
      options
          .keepInterval()
          .ifPresent(d -> m.put(EpollChannelOption.TCP_KEEPINTVL, (int) d.getSeconds()));
      options.keepCount().ifPresent(c -> m.put(EpollChannelOption.TCP_KEEPCNT, c));
      options
          .userTimeout()
          .ifPresent(d -> m.put(EpollChannelOption.TCP_USER_TIMEOUT, (int) d.toMillis()));
    } else if (linuxOnly) {
      LOG.debug(
          "TCP keepIdle/keepInterval/keepCount/userTimeout need the epoll transport; not applied"
              + " on {}: {}",
          transport,
          options);
    }
    return m;
  }
}
