/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.micrometer;

import dev.warren.client.ClientObserver;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;

/**
 * Micrometer Observation for Warren: an observation per publish ({@value #PUBLISH}, contextual name
 * {@code publish <exchange>}, a sender context whose carrier is the message's headers) and per
 * delivery processed by a consumer ({@value #PROCESS}, {@code process <queue>}, a receiver context
 * that reads the headers). With Micrometer Tracing on the registry (Spring Boot does this), they
 * become PRODUCER and CONSUMER spans, and the trace context travels in the headers.
 *
 * <pre>{@code
 * ConnectionParameters params = ConnectionParameters.builder()
 *     .observer(WarrenObservations.of(observationRegistry))
 *     .build();
 * }</pre>
 *
 * <p>A publish observation stops when the publish is written (no confirms) or when the broker
 * confirms it; a nack, a return or a failure is recorded as its error. A process observation is
 * open (in scope) while the consumer's {@code handleDelivery} runs; what it throws is its error.
 *
 * @since 0.1
 */
public final class WarrenObservations {
  /** The name of a publish observation. */
  public static final String PUBLISH = "rabbitmq.publish";

  /** The name of a process observation. */
  public static final String PROCESS = "rabbitmq.process";

  private WarrenObservations() {}

  /**
   * An observer that makes observations in {@code registry}.
   *
   * @param registry the observation registry; not null (a registry without handlers costs little:
   *     Micrometer hands out a no-op observation)
   * @return the observer to register, thread-safe
   * @throws NullPointerException when {@code registry} is null
   */
  public static ClientObserver of(ObservationRegistry registry) {
    return new ObservationObserver(Objects.requireNonNull(registry, "registry"));
  }
}
