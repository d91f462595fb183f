/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.Cancellable;
import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.rpc.RpcClient;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An RPC client lives shorter than its connection: closing it takes back the listeners it added to
 * the connection, so that a service opening a client per request does not grow the connection's
 * listener lists without end.
 */
class DirectReplyToClientListenersTest {

  /** The listeners added to the connection and not cancelled yet. */
  private final Set<Object> live = ConcurrentHashMap.newKeySet();

  private final AtomicInteger added = new AtomicInteger();

  private Cancellable registration() {
    Object token = new Object();
    live.add(token);
    added.incrementAndGet();
    return () -> live.remove(token);
  }

  private Channel channel() {
    return (Channel)
        Proxy.newProxyInstance(
            Channel.class.getClassLoader(),
            new Class<?>[] {Channel.class},
            (proxy, m, args) ->
                switch (m.getName()) {
                  case "isOpen" -> true;
                  case "number" -> 1;
                  case "basicConsume" -> "amq.ctag-test";
                  case "addReturnListener", "addCloseListener" -> (Cancellable) () -> true;
                  default -> null;
                });
  }

  private Connection connection() {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, m, args) ->
                switch (m.getName()) {
                  case "openChannel" -> channel();
                  case "isOpen" -> true;
                  case "addCloseListener", "addRecoveryListener" -> registration();
                  default -> null;
                });
  }

  @Test
  void closingTheClientRemovesTheListenersItAddedToTheConnection() {
    Connection connection = connection();
    for (int i = 0; i < 100; i++) {
      RpcClient client = DirectReplyToClient.open(connection);
      assertThat(live).hasSize(2); // its close listener and its recovery listener
      client.close();
      assertThat(live).isEmpty();
    }
    assertThat(added.get()).isEqualTo(200);
  }
}
