/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.opentelemetry;

import dev.warren.client.ClientObserver;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * WarrenTelemetry with the OpenTelemetry SDK as an application runs it (every span sampled, a batch
 * span processor, W3C propagation) and an exporter that drops the spans (no network): the observer
 * {@code warren perf} gets under {@code bench/compare --warren-observer
 * dev.warren.opentelemetry.WithTracing} (docs/performance.md).
 */
public final class WithTracing implements Supplier<ClientObserver> {
  @Override
  public ClientObserver get() {
    SdkTracerProvider tracing =
        SdkTracerProvider.builder()
            .setSampler(Sampler.alwaysOn())
            .addSpanProcessor(BatchSpanProcessor.builder(new DroppingExporter()).build())
            .build();
    return WarrenTelemetry.of(
        OpenTelemetrySdk.builder()
            .setTracerProvider(tracing)
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build());
  }

  /** Takes the spans and drops them. */
  static final class DroppingExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
