/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.config;

import dev.warren.client.ConnectionParameters;
import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link ConnectionParameters} is shown: its {@code toString()} (every parameter, durations
 * as {@link Checks#format}, credentials by their own {@code toString()}, which never shows a
 * password) and its {@code endpoint()} (the URI without user information or query). Reads only the
 * public accessors.
 */
public final class ConnectionParametersText {
  private ConnectionParametersText() {}

  /** {@code ConnectionParameters{host=..., port=..., ...}}. */
  public static String describe(ConnectionParameters p) {
    StringBuilder sb = new StringBuilder("ConnectionParameters{");
    sb.append("host=").append(p.host());
    sb.append(", port=").append(p.port());
    sb.append(", virtualHost=").append(p.virtualHost());
    sb.append(", credentials=").append(p.credentialsProvider());
    sb.append(", channelMax=").append(p.channelMax());
    sb.append(", frameMax=").append(p.frameMax());
    sb.append(", heartbeat=").append(p.heartbeat());
    sb.append(", tls=").append(p.tls().map(String::valueOf).orElse("off"));
    sb.append(", connectionAttempts=").append(p.connectionAttempts());
    sb.append(", retryDelay=").append(Checks.format(p.retryDelay()));
    sb.append(", socketTimeout=").append(Checks.format(p.socketTimeout()));
    sb.append(", stackTimeout=").append(Checks.format(p.stackTimeout()));
    sb.append(", locale=").append(p.locale());
    sb.append(", blockedConnectionTimeout=")
        .append(Checks.format(p.blockedConnectionTimeout().orElse(null)));
    sb.append(", clientProperties=").append(p.clientProperties());
    sb.append(", tcpOptions=").append(p.tcpOptions());
    sb.append(", rpcTimeout=").append(Checks.format(p.rpcTimeout()));
    sb.append(", maxInboundBodySize=").append(p.maxInboundBodySize());
    p.confirmEveryPublish().ifPresent(c -> sb.append(", confirmEveryPublish=").append(c));
    sb.append(", asyncPublishBudget=")
        .append(p.asyncPublishBudgetMessages())
        .append(" messages/")
        .append(p.asyncPublishBudgetBytes())
        .append(" bytes");
    p.connectionName().ifPresent(name -> sb.append(", connectionName=").append(name));
    List<String> names = new ArrayList<>();
    p.authMechanisms().forEach(m -> names.add(m.name()));
    sb.append(", authMechanisms=").append(names.isEmpty() ? "default" : names);
    sb.append(", recovery=").append(p.recovery());
    return sb.append('}').toString();
  }

  /** {@code amqps://rabbit1:5671/%2F}: scheme, host (IPv6 in brackets), port, encoded vhost. */
  public static String endpoint(ConnectionParameters p) {
    return (p.tlsEnabled() ? "amqps://" : "amqp://")
        + HostNames.forUri(p.host())
        + ":"
        + p.port()
        + "/"
        + HostNames.percentEncode(p.virtualHost());
  }
}
