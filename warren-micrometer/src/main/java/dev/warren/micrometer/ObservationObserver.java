/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.micrometer;

import dev.warren.client.ClientObserver;
import dev.warren.client.Consumer;
import dev.warren.client.ConsumerContext;
import dev.warren.client.Delivery;
import dev.warren.client.PublishContext;
import dev.warren.client.PublishObservation;
import dev.warren.client.PublishOutcome;
import dev.warren.errors.AmqpException;
import dev.warren.protocol.BasicProperties;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import java.util.HashMap;
import java.util.Map;

/** {@link WarrenObservations}' observer. */
final class ObservationObserver implements ClientObserver {
  private final ObservationRegistry registry;

  ObservationObserver(ObservationRegistry registry) {
    this.registry = registry;
  }

  @Override
  public PublishObservation startPublish(PublishContext c) {
    if (registry.isNoop()) {
      return null;
    }
    SenderContext<Map<String, Object>> context =
        new SenderContext<>((carrier, key, value) -> carrier.put(key, value));
    Map<String, Object> headers = new HashMap<>();
    BasicProperties props = c.properties();
    if (props.headers() != null) {
      headers.putAll(props.headers());
    }
    context.setCarrier(headers);
    context.setRemoteServiceName("rabbitmq");
    context.setRemoteServiceAddress(c.peerHost() + ":" + c.peerPort());
    String destination = c.exchange().isEmpty() ? "amq.default" : c.exchange();
    Observation observation =
        Observation.createNotStarted(WarrenObservations.PUBLISH, () -> context, registry)
            .contextualName("publish " + destination)
            .lowCardinalityKeyValues(
                KeyValues.of(
                    "messaging.system", "rabbitmq",
                    "messaging.operation.type", "send",
                    "messaging.operation.name", "publish",
                    "messaging.destination.name", c.exchange()))
            .highCardinalityKeyValue("messaging.rabbitmq.destination.routing_key", c.routingKey())
            .start();
    BasicProperties sent = props.withHeaders(headers);
    return new PublishObservation() {
      @Override
      public BasicProperties properties() {
        return sent;
      }

      @Override
      public void finished(PublishOutcome outcome, Throwable failure) {
        if (failure != null) {
          observation.error(failure);
        }
        observation.highCardinalityKeyValue("warren.publish.outcome", outcome.name());
        observation.stop();
      }
    };
  }

  @Override
  public Consumer wrapConsumer(Consumer consumer, ConsumerContext where) {
    return new ObservedConsumer(consumer, where);
  }

  /** Reads a header as text: Warren decodes a long string header as a String. */
  private static String header(Delivery d, String key) {
    Map<String, Object> h = d.properties() == null ? null : d.properties().headers();
    Object v = h == null ? null : h.get(key);
    return v == null ? null : v.toString();
  }

  private final class ObservedConsumer implements Consumer {
    private final Consumer inner;
    private final ConsumerContext where;

    ObservedConsumer(Consumer inner, ConsumerContext where) {
      this.inner = inner;
      this.where = where;
    }

    @Override
    public void handleDelivery(Delivery delivery) throws Exception {
      if (registry.isNoop()) {
        inner.handleDelivery(delivery);
        return;
      }
      ReceiverContext<Delivery> context = new ReceiverContext<>(ObservationObserver::header);
      context.setCarrier(delivery);
      context.setRemoteServiceName("rabbitmq");
      context.setRemoteServiceAddress(where.peerHost() + ":" + where.peerPort());
      Observation observation =
          Observation.createNotStarted(WarrenObservations.PROCESS, () -> context, registry)
              .contextualName("process " + where.queue())
              .lowCardinalityKeyValues(
                  KeyValues.of(
                      "messaging.system", "rabbitmq",
                      "messaging.operation.type", "process",
                      "messaging.operation.name", "process",
                      "messaging.destination.name", where.queue()))
              .highCardinalityKeyValue(
                  "messaging.rabbitmq.destination.routing_key", delivery.routingKey())
              .start();
      try (Observation.Scope scope = observation.openScope()) {
        inner.handleDelivery(delivery);
      } catch (Exception | Error e) {
        observation.error(e);
        throw e;
      } finally {
        observation.stop();
      }
    }

    @Override
    public void handleConsumeOk(String consumerTag) {
      inner.handleConsumeOk(consumerTag);
    }

    @Override
    public void handleCancelOk(String consumerTag) {
      inner.handleCancelOk(consumerTag);
    }

    @Override
    public void handleCancel(String consumerTag) {
      inner.handleCancel(consumerTag);
    }

    @Override
    public void handleShutdown(String consumerTag, AmqpException cause) {
      inner.handleShutdown(consumerTag, cause);
    }
  }

  @Override
  public String toString() {
    return "WarrenObservations";
  }
}
