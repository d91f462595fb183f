/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel;

import dev.warren.client.Binding;
import dev.warren.client.ExchangeSpec;
import dev.warren.client.QueueSpec;

/**
 * What a channel tells recovery about the topology it declares, so that a recovered connection can
 * declare it again. Implemented by the recovery package's record; thread-safe.
 */
public interface TopologyRecorder {
  void exchangeDeclared(ExchangeSpec exchange);

  void exchangeDeleted(String name);

  /** {@code actualName}: the broker's name for a server-named queue, else the spec's. */
  void queueDeclared(QueueSpec queue, String actualName);

  void queueDeleted(String name);

  void bound(Binding binding);

  void unbound(Binding binding);

  void consumerAdded(String queue);

  void consumerRemoved(String queue);
}
