/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.micrometer;

import dev.warren.client.ClientObserver;
import dev.warren.client.Settlement;
import dev.warren.errors.BackpressureTimeoutException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** {@link WarrenMetrics}' observer: every meter made up front, one update per event. */
final class MetricsObserver implements ClientObserver {
  private static final String P = "rabbitmq.";

  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong channels = new AtomicLong();
  private final AtomicLong blockedConnections = new AtomicLong();
  private final Counter published;
  private final Counter publishedBytes;
  private final Counter failedToPublish;
  private final Counter ackedPublished;
  private final Counter nackedPublished;
  private final Counter unroutedPublished;
  private final Counter consumed;
  private final Counter consumedBytes;
  private final Counter acknowledged;
  private final Counter rejected;
  private final Counter lost;
  private final Counter recoveries;
  private final Counter cancelledByBroker;
  private final Timer confirmAck;
  private final Timer confirmNack;
  private final Timer downtime;
  private final Timer blocked;
  private final Map<BackpressureTimeoutException.Gate, Timer> waits =
      new EnumMap<>(BackpressureTimeoutException.Gate.class);

  MetricsObserver(MeterRegistry r, Tags tags) {
    Gauge.builder(P + "connections", connections, AtomicLong::get)
        .description("Connections open (recovering ones included)")
        .tags(tags)
        .register(r);
    Gauge.builder(P + "channels", channels, AtomicLong::get)
        .description("Channels open")
        .tags(tags)
        .register(r);
    Gauge.builder(P + "connections.blocked", blockedConnections, AtomicLong::get)
        .description("Connections the broker blocks now (connection.blocked)")
        .tags(tags)
        .register(r);
    published = counter(r, tags, "published", "Messages published");
    publishedBytes = bytes(r, tags, "published.bytes", "Body bytes published");
    failedToPublish =
        counter(r, tags, "failed_to_publish", "Publishes that failed before they were written");
    ackedPublished =
        counter(r, tags, "acknowledged_published", "Published messages the broker acked");
    nackedPublished = counter(r, tags, "nacked_published", "Published messages the broker nacked");
    unroutedPublished =
        counter(r, tags, "unrouted_published", "Mandatory messages the broker returned");
    consumed = counter(r, tags, "consumed", "Messages delivered to consumers");
    consumedBytes = bytes(r, tags, "consumed.bytes", "Body bytes delivered to consumers");
    acknowledged = counter(r, tags, "acknowledged", "basic.ack calls of the application");
    rejected = counter(r, tags, "rejected", "basic.nack and basic.reject calls of the application");
    lost = counter(r, tags, "connections.lost", "Connection losses that started a recovery");
    recoveries = counter(r, tags, "recoveries", "Recoveries that brought a connection back");
    cancelledByBroker =
        counter(r, tags, "consumers.cancelled_by_broker", "Consumers the broker cancelled");
    confirmAck = confirmTimer(r, tags, "ack");
    confirmNack = confirmTimer(r, tags, "nack");
    downtime =
        Timer.builder(P + "recovery.downtime")
            .description("From a connection loss to its recovery")
            .tags(tags)
            .register(r);
    blocked =
        Timer.builder(P + "blocked")
            .description("Time connections were blocked by the broker, per block")
            .tags(tags)
            .register(r);
    for (BackpressureTimeoutException.Gate g : BackpressureTimeoutException.Gate.values()) {
      waits.put(
          g,
          Timer.builder(P + "backpressure.wait")
              .description("Time blocking publishes waited at a backpressure gate")
              .tags(tags)
              .tag("gate", g.name().toLowerCase(java.util.Locale.ROOT))
              .register(r));
    }
  }

  private static Counter counter(MeterRegistry r, Tags tags, String name, String description) {
    return Counter.builder(P + name).description(description).tags(tags).register(r);
  }

  private static Counter bytes(MeterRegistry r, Tags tags, String name, String description) {
    return Counter.builder(P + name)
        .description(description)
        .baseUnit("bytes")
        .tags(tags)
        .register(r);
  }

  private static Timer confirmTimer(MeterRegistry r, Tags tags, String outcome) {
    return Timer.builder(P + "confirm.latency")
        .description("From writing a publish to the broker's ack or nack")
        .tags(tags)
        .tag("outcome", outcome)
        .register(r);
  }

  @Override
  public void connectionOpened(String endpoint) {
    connections.incrementAndGet();
  }

  @Override
  public void connectionLost(String endpoint, Throwable cause) {
    lost.increment();
  }

  @Override
  public void connectionRecovered(String endpoint, long downtimeNanos) {
    recoveries.increment();
    downtime.record(downtimeNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void connectionClosed(String endpoint, Throwable cause) {
    connections.decrementAndGet();
  }

  @Override
  public void channelOpened(int channel) {
    channels.incrementAndGet();
  }

  @Override
  public void channelClosed(int channel) {
    channels.decrementAndGet();
  }

  @Override
  public void published(int channel, String exchange, int bodySize) {
    published.increment();
    publishedBytes.increment(bodySize);
  }

  @Override
  public void publishFailed(int channel, String exchange, Throwable cause) {
    failedToPublish.increment();
  }

  @Override
  public void publishConfirmed(int channel, long latencyNanos) {
    ackedPublished.increment();
    confirmAck.record(latencyNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void publishNacked(int channel, long latencyNanos) {
    nackedPublished.increment();
    confirmNack.record(latencyNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void publishReturned(int channel, String exchange, String routingKey, int replyCode) {
    unroutedPublished.increment();
  }

  @Override
  public void delivered(int channel, String queue, String consumerTag, int bodySize) {
    consumed.increment();
    consumedBytes.increment(bodySize);
  }

  @Override
  public void settled(int channel, Settlement settlement, long deliveryTag) {
    if (settlement == Settlement.ACK) {
      acknowledged.increment();
    } else {
      rejected.increment();
    }
  }

  @Override
  public void consumerCancelledByBroker(int channel, String consumerTag) {
    cancelledByBroker.increment();
  }

  @Override
  public void blocked(String reason) {
    blockedConnections.incrementAndGet();
  }

  @Override
  public void unblocked(long blockedNanos) {
    blockedConnections.decrementAndGet();
    blocked.record(blockedNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void backpressureWaited(BackpressureTimeoutException.Gate gate, long waitedNanos) {
    waits.get(gate).record(waitedNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public String toString() {
    return "WarrenMetrics";
  }
}
