/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.micrometer;

import dev.warren.client.ClientObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.Objects;

/**
 * Micrometer metrics of Warren connections: one call binds a {@link MeterRegistry}, and the
 * observer it returns goes to {@link dev.warren.client.ConnectionParameters.Builder#observer}.
 *
 * <pre>{@code
 * ConnectionParameters params = ConnectionParameters.builder()
 *     .observer(WarrenMetrics.of(registry))
 *     .build();
 * }</pre>
 *
 * <p>The meters are created once, here; each event then costs one counter increment or timer
 * record, no lookup and no allocation. The names and their meaning (docs/observability.md):
 *
 * <ul>
 *   <li>amqp-client's ({@code MicrometerMetricsCollector}, same prefix): {@code
 *       rabbitmq.connections} and {@code rabbitmq.channels} (gauges, open now), {@code
 *       rabbitmq.published}, {@code rabbitmq.failed_to_publish}, {@code
 *       rabbitmq.acknowledged_published}, {@code rabbitmq.nacked_published}, {@code
 *       rabbitmq.unrouted_published}, {@code rabbitmq.consumed}, {@code rabbitmq.acknowledged},
 *       {@code rabbitmq.rejected} (nacks and rejects) (counters);
 *   <li>Warren's: {@code rabbitmq.published.bytes}, {@code rabbitmq.consumed.bytes}, {@code
 *       rabbitmq.connections.lost}, {@code rabbitmq.recoveries}, {@code
 *       rabbitmq.consumers.cancelled_by_broker} (counters); {@code rabbitmq.confirm.latency}
 *       (timer, tag {@code outcome} = {@code ack} or {@code nack}), {@code
 *       rabbitmq.recovery.downtime}, {@code rabbitmq.blocked} (time blocked by the broker), {@code
 *       rabbitmq.backpressure.wait} (tag {@code gate}) (timers); {@code
 *       rabbitmq.connections.blocked} (gauge).
 * </ul>
 *
 * <p>One observer may be registered on many connections (the counts add up); two observers bound to
 * the same registry with the same tags share their meters.
 *
 * @since 0.1
 */
public final class WarrenMetrics {
  private WarrenMetrics() {}

  /**
   * An observer that records into {@code registry}, without extra tags.
   *
   * @param registry where the meters go; not null
   * @return the observer to register, thread-safe
   * @throws NullPointerException when {@code registry} is null
   */
  public static ClientObserver of(MeterRegistry registry) {
    return of(registry, Tags.empty());
  }

  /**
   * An observer that records into {@code registry}, adding {@code tags} to every meter (an
   * application or connection name, say).
   *
   * @param registry where the meters go; not null
   * @param tags tags for every meter; not null, may be empty
   * @return the observer to register, thread-safe
   * @throws NullPointerException when an argument is null
   */
  public static ClientObserver of(MeterRegistry registry, Iterable<Tag> tags) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(tags, "tags");
    return new MetricsObserver(registry, Tags.of(tags));
  }
}
