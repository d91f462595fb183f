/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.micrometer;

import dev.warren.client.ClientObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.function.Supplier;

/**
 * WarrenMetrics bound to a SimpleMeterRegistry: the observer {@code warren perf} gets under {@code
 * bench/compare --warren-observer dev.warren.micrometer.WithMetrics} (docs/performance.md).
 */
public final class WithMetrics implements Supplier<ClientObserver> {
  @Override
  public ClientObserver get() {
    return WarrenMetrics.of(new SimpleMeterRegistry());
  }
}
