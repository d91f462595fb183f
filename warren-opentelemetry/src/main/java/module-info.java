/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * OpenTelemetry tracing for Warren: {@link dev.warren.opentelemetry.WarrenTelemetry} makes PRODUCER
 * spans for publishes, CONSUMER spans for deliveries processed and CLIENT spans for basic.get, with
 * the messaging semantic conventions, and carries the W3C trace context in message headers. See
 * docs/observability.md.
 */
module dev.warren.opentelemetry {
  requires transitive dev.warren.client;
  requires transitive io.opentelemetry.api;
  requires transitive io.opentelemetry.context;

  exports dev.warren.opentelemetry;
}
