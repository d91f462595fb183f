/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.bench.observe;

import dev.warren.client.ClientObserver;
import dev.warren.micrometer.WarrenMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.function.Supplier;

/** WarrenMetrics bound to a SimpleMeterRegistry (cumulative counters and timers). */
public final class WithMetrics implements Supplier<ClientObserver> {
  @Override
  public ClientObserver get() {
    return WarrenMetrics.of(new SimpleMeterRegistry());
  }
}
