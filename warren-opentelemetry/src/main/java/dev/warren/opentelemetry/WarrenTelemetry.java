/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.opentelemetry;

import dev.warren.client.ClientObserver;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;

/**
 * OpenTelemetry tracing of Warren connections, following the OpenTelemetry messaging semantic
 * conventions for RabbitMQ:
 *
 * <ul>
 *   <li>a PRODUCER span per publish, {@code publish <exchange>} ({@code amq.default} for the
 *       default exchange), current on the publishing thread when it starts; its context is injected
 *       into the message's headers with the configured propagator (W3C {@code traceparent}/{@code
 *       tracestate} by default); it ends when the publish is written, or, on a channel in confirm
 *       mode, when the broker confirms it (a nack, a return or a failure sets {@code error.type}
 *       and the error status);
 *   <li>a CONSUMER span per delivery processed, {@code process <queue>}, a child of the context
 *       extracted from the message's headers, current while the consumer's {@code handleDelivery}
 *       runs; what it throws sets {@code error.type};
 *   <li>a CLIENT span per basic.get, {@code receive <queue>}, linked to the producer's context of
 *       the message it got.
 * </ul>
 *
 * <p>Attributes: {@code messaging.system=rabbitmq}, {@code messaging.destination.name}, {@code
 * messaging.rabbitmq.destination.routing_key}, {@code messaging.operation.type} and {@code
 * messaging.operation.name}, {@code messaging.message.id}, {@code
 * messaging.message.conversation_id} (the correlation id), {@code messaging.message.body.size},
 * {@code messaging.rabbitmq.message.delivery_tag} and {@code messaging.consumer.group.name} (the
 * queue) on the consumer side, {@code network.peer.address} and {@code network.peer.port}, {@code
 * error.type} on failure.
 *
 * <pre>{@code
 * ConnectionParameters params = ConnectionParameters.builder()
 *     .observer(WarrenTelemetry.of(openTelemetry))
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class WarrenTelemetry {
  /** The instrumentation scope name of Warren's tracer. */
  public static final String INSTRUMENTATION_NAME = "dev.warren.opentelemetry";

  private WarrenTelemetry() {}

  /**
   * An observer that traces with {@code openTelemetry}'s tracer provider and text-map propagator.
   *
   * @param openTelemetry the OpenTelemetry instance (the SDK, or {@code
   *     GlobalOpenTelemetry.get()}); not null
   * @return the observer to register, thread-safe
   * @throws NullPointerException when {@code openTelemetry} is null
   */
  public static ClientObserver of(OpenTelemetry openTelemetry) {
    return new TracingObserver(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }
}
