/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Micrometer for Warren: {@link dev.warren.micrometer.WarrenMetrics} binds a {@code MeterRegistry}
 * (counters, gauges and timers named like amqp-client's {@code MicrometerMetricsCollector}, plus
 * recoveries, confirm latency, backpressure waits and blocked time), and {@link
 * dev.warren.micrometer.WarrenObservations} an {@code ObservationRegistry} (publish and process
 * observations, traced through Micrometer Tracing). See docs/observability.md.
 */
module dev.warren.micrometer {
  requires transitive dev.warren.client;
  requires transitive micrometer.core;
  requires transitive micrometer.observation;
  requires transitive micrometer.commons;

  exports dev.warren.micrometer;
}
