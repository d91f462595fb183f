/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli.perf;

import dev.warren.client.CallbackThread;
import java.time.Duration;
import java.util.Map;

/**
 * What one perf run does.
 *
 * @param producers producer connections
 * @param producerChannels channels (each a publishing thread) per producer connection
 * @param consumers consumer connections
 * @param consumerChannels channels (each one consumer) per consumer connection
 * @param sharedConnection every producer and consumer on one connection
 * @param size message size in bytes (at least {@link PerfRun#MIN_SIZE})
 * @param rate messages per second per producer channel; 0 = no limit
 * @param confirmWindow max unconfirmed messages per producer channel; 0 = no confirms
 * @param autoAck consumers use auto-ack
 * @param multiAckEvery manual ack: one multiple ack every N messages (0 or 1: ack each)
 * @param qos consumer prefetch; 0 = no limit
 * @param persistent delivery mode 2 (and a durable queue)
 * @param mandatory publish as mandatory
 * @param queue queue name; null = a generated name, deleted at the end
 * @param queueArguments queue arguments (x-queue-type ...)
 * @param autoDelete declare the queue auto-delete (classic queues only)
 * @param exchange exchange to publish to ("" = the default exchange)
 * @param exchangeType type when the exchange is declared
 * @param routingKey routing key; null = the queue name
 * @param duration how long to run; null = until the message count or Ctrl-C
 * @param producerMessageCount messages per producer channel; 0 = no limit
 * @param callbackThread where consumer callbacks run
 * @param maxInFlight producers pause while this many messages are published and not yet received by
 *     this run's consumers (0 = no bound, PerfTest's behaviour); applies only with consumers
 */
public record PerfConfig(
    int producers,
    int producerChannels,
    int consumers,
    int consumerChannels,
    boolean sharedConnection,
    int size,
    double rate,
    int confirmWindow,
    boolean autoAck,
    int multiAckEvery,
    int qos,
    boolean persistent,
    boolean mandatory,
    String queue,
    Map<String, Object> queueArguments,
    boolean autoDelete,
    String exchange,
    String exchangeType,
    String routingKey,
    Duration duration,
    long producerMessageCount,
    CallbackThread callbackThread,
    int maxInFlight) {

  public PerfConfig {
    queueArguments = Map.copyOf(queueArguments);
  }

  /** Whether producers wait for the consumers: a bound is set and there is a consumer. */
  public boolean boundsInFlight() {
    return maxInFlight > 0 && consumerThreads() > 0;
  }

  /** Publishing threads in all. */
  public int producerThreads() {
    return producers * producerChannels;
  }

  /** Consumers in all. */
  public int consumerThreads() {
    return consumers * consumerChannels;
  }

  /** The queue type from x-queue-type, or "classic". */
  public String queueType() {
    Object t = queueArguments.get("x-queue-type");
    return t == null ? "classic" : t.toString();
  }
}
