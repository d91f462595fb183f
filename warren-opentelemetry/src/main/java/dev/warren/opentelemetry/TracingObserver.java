/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.opentelemetry;

import dev.warren.client.ClientObserver;
import dev.warren.client.Consumer;
import dev.warren.client.ConsumerContext;
import dev.warren.client.Delivery;
import dev.warren.client.GetResponse;
import dev.warren.client.PublishContext;
import dev.warren.client.PublishObservation;
import dev.warren.client.PublishOutcome;
import dev.warren.errors.AmqpException;
import dev.warren.protocol.BasicProperties;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** {@link WarrenTelemetry}'s observer. */
final class TracingObserver implements ClientObserver {
  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  static final AttributeKey<String> DESTINATION =
      AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<String> ROUTING_KEY =
      AttributeKey.stringKey("messaging.rabbitmq.destination.routing_key");
  static final AttributeKey<String> OPERATION_TYPE =
      AttributeKey.stringKey("messaging.operation.type");
  static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey("messaging.operation.name");
  static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
  static final AttributeKey<String> CONVERSATION_ID =
      AttributeKey.stringKey("messaging.message.conversation_id");
  static final AttributeKey<Long> BODY_SIZE = AttributeKey.longKey("messaging.message.body.size");
  static final AttributeKey<Long> DELIVERY_TAG =
      AttributeKey.longKey("messaging.rabbitmq.message.delivery_tag");
  static final AttributeKey<String> CONSUMER_GROUP =
      AttributeKey.stringKey("messaging.consumer.group.name");
  static final AttributeKey<String> PEER_ADDRESS = AttributeKey.stringKey("network.peer.address");
  static final AttributeKey<Long> PEER_PORT = AttributeKey.longKey("network.peer.port");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("warren.publish.outcome");

  private static final TextMapGetter<Map<String, Object>> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, Object> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, Object> carrier, String key) {
          Object v = carrier == null ? null : carrier.get(key);
          return v == null ? null : v.toString(); // a String, or a LongString (toString is text)
        }
      };

  private final Tracer tracer;
  private final TextMapPropagator propagator;

  TracingObserver(OpenTelemetry otel) {
    this.tracer = otel.getTracer(WarrenTelemetry.INSTRUMENTATION_NAME);
    this.propagator = otel.getPropagators().getTextMapPropagator();
  }

  private static String exchangeName(String exchange) {
    return exchange.isEmpty() ? "amq.default" : exchange;
  }

  @Override
  public PublishObservation startPublish(PublishContext c) {
    String destination = exchangeName(c.exchange());
    BasicProperties props = c.properties();
    SpanBuilder b =
        tracer
            .spanBuilder("publish " + destination)
            .setSpanKind(SpanKind.PRODUCER)
            .setAttribute(SYSTEM, "rabbitmq")
            .setAttribute(DESTINATION, destination)
            .setAttribute(ROUTING_KEY, c.routingKey())
            .setAttribute(OPERATION_TYPE, "send")
            .setAttribute(OPERATION_NAME, "publish")
            .setAttribute(BODY_SIZE, (long) c.bodySize())
            .setAttribute(PEER_ADDRESS, c.peerHost())
            .setAttribute(PEER_PORT, (long) c.peerPort());
    if (props.messageId() != null) {
      b.setAttribute(MESSAGE_ID, props.messageId());
    }
    if (props.correlationId() != null) {
      b.setAttribute(CONVERSATION_ID, props.correlationId());
    }
    Span span = b.startSpan();
    Map<String, Object> headers =
        props.headers() == null ? new HashMap<>() : new HashMap<>(props.headers());
    propagator.inject(Context.current().with(span), headers, Map::put);
    BasicProperties sent = props.withHeaders(headers);
    return new PublishObservation() {
      @Override
      public BasicProperties properties() {
        return sent;
      }

      @Override
      public void finished(PublishOutcome outcome, Throwable failure) {
        span.setAttribute(OUTCOME, outcome.name());
        if (outcome != PublishOutcome.SENT && outcome != PublishOutcome.CONFIRMED) {
          failed(span, failure, outcome.name().toLowerCase(java.util.Locale.ROOT));
        }
        span.end();
      }
    };
  }

  private static void failed(Span span, Throwable failure, String otherwise) {
    span.setAttribute(ERROR_TYPE, failure == null ? otherwise : failure.getClass().getName());
    span.setStatus(StatusCode.ERROR, failure == null ? otherwise : failure.getMessage());
    if (failure != null) {
      span.recordException(failure);
    }
  }

  private SpanBuilder incoming(
      String name, SpanKind kind, ConsumerContext where, Delivery d, Context producer) {
    SpanBuilder b =
        tracer
            .spanBuilder(name)
            .setSpanKind(kind)
            .setAttribute(SYSTEM, "rabbitmq")
            .setAttribute(DESTINATION, where.queue())
            .setAttribute(CONSUMER_GROUP, where.queue())
            .setAttribute(PEER_ADDRESS, where.peerHost())
            .setAttribute(PEER_PORT, (long) where.peerPort());
    if (d != null) {
      b.setAttribute(ROUTING_KEY, d.routingKey())
          .setAttribute(DELIVERY_TAG, d.deliveryTag())
          .setAttribute(BODY_SIZE, (long) d.body().length);
      BasicProperties p = d.properties();
      if (p != null && p.messageId() != null) {
        b.setAttribute(MESSAGE_ID, p.messageId());
      }
      if (p != null && p.correlationId() != null) {
        b.setAttribute(CONVERSATION_ID, p.correlationId());
      }
    }
    return b;
  }

  private Context extract(Delivery d) {
    Map<String, Object> headers = d.properties() == null ? null : d.properties().headers();
    if (headers == null || headers.isEmpty()) {
      return Context.root();
    }
    return propagator.extract(Context.root(), headers, HEADERS);
  }

  @Override
  public Consumer wrapConsumer(Consumer consumer, ConsumerContext where) {
    return new TracedConsumer(consumer, where);
  }

  @Override
  public void getCompleted(
      ConsumerContext where, GetResponse response, Throwable failure, Instant started) {
    Delivery d = response == null ? null : response.delivery();
    Context producer = d == null ? Context.root() : extract(d);
    SpanBuilder b =
        incoming("receive " + where.queue(), SpanKind.CLIENT, where, d, producer)
            .setAttribute(OPERATION_TYPE, "receive")
            .setAttribute(OPERATION_NAME, "get")
            .setStartTimestamp(started);
    SpanContext link = Span.fromContext(producer).getSpanContext();
    if (link.isValid()) {
      b.addLink(link); // a pull is not caused by the publish: linked, not its child
    }
    Span span = b.startSpan();
    if (failure != null) {
      failed(span, failure, "error");
    }
    span.end();
  }

  private final class TracedConsumer implements Consumer {
    private final Consumer inner;
    private final ConsumerContext where;
    private final String name;

    TracedConsumer(Consumer inner, ConsumerContext where) {
      this.inner = inner;
      this.where = where;
      this.name = "process " + where.queue();
    }

    @Override
    public void handleDelivery(Delivery delivery) throws Exception {
      Context producer = extract(delivery);
      Span span =
          incoming(name, SpanKind.CONSUMER, where, delivery, producer)
              .setParent(producer)
              .setAttribute(OPERATION_TYPE, "process")
              .setAttribute(OPERATION_NAME, "process")
              .startSpan();
      try (Scope scope = producer.with(span).makeCurrent()) {
        inner.handleDelivery(delivery);
      } catch (Exception | Error e) {
        failed(span, e, "error");
        throw e;
      } finally {
        span.end();
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
    return "WarrenTelemetry";
  }
}
