/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConnectionFactory;
import dev.warren.client.AckMode;
import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.GetResponse;
import dev.warren.client.PublishOptions;
import dev.warren.client.QueueSpec;
import dev.warren.protocol.BasicProperties;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** WarrenTelemetry against the broker, spans caught by the SDK's in-memory exporter. */
class TracingIT {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private static Connection open() {
    return Connection.open(
        BrokerLevers.parameters().toBuilder()
            .observer(WarrenTelemetry.of(otel.getOpenTelemetry()))
            .build());
  }

  private static SpanData span(String name) {
    BrokerLevers.waitUntil(
        WAIT,
        "span " + name,
        () -> otel.getSpans().stream().anyMatch(s -> s.getName().equals(name)));
    return otel.getSpans().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aPublishAndItsProcessingFormOneTrace() throws Exception {
    String queue = BrokerLevers.unique("otel-q");
    try (Connection conn = open()) {
      Channel ch = conn.openChannel();
      ch.queueDeclare(QueueSpec.named(queue));
      try {
        ch.confirmSelect();
        ch.publishConfirmed(
            "",
            queue,
            BasicProperties.builder().messageId("m-1").correlationId("c-1").build(),
            "hello".getBytes(StandardCharsets.UTF_8),
            PublishOptions.defaults());
        CountDownLatch processed = new CountDownLatch(1);
        String[] traceparent = new String[1];
        ch.basicConsume(
            ConsumeSpec.queue(queue),
            d -> {
              traceparent[0] = String.valueOf(d.properties().headers().get("traceparent"));
              ch.basicAck(d.deliveryTag());
              processed.countDown();
            });
        assertThat(processed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        SpanData publish = span("publish amq.default");
        SpanData process = span("process " + queue);
        assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(process.getTraceId()).isEqualTo(publish.getTraceId());
        assertThat(process.getParentSpanId()).isEqualTo(publish.getSpanId());
        assertThat(traceparent[0]) // the flags: sampled (and random trace id, W3C level 2)
            .startsWith("00-" + publish.getTraceId() + "-" + publish.getSpanId() + "-");

        Map<String, Object> p = attributes(publish);
        assertThat(p)
            .containsEntry("messaging.system", "rabbitmq")
            .containsEntry("messaging.destination.name", "amq.default")
            .containsEntry("messaging.rabbitmq.destination.routing_key", queue)
            .containsEntry("messaging.operation.type", "send")
            .containsEntry("messaging.operation.name", "publish")
            .containsEntry("messaging.message.id", "m-1")
            .containsEntry("messaging.message.conversation_id", "c-1")
            .containsEntry("messaging.message.body.size", 5L)
            .containsEntry("warren.publish.outcome", "CONFIRMED")
            .containsKeys("network.peer.address", "network.peer.port")
            .doesNotContainKey("error.type");
        assertThat(publish.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);

        Map<String, Object> c = attributes(process);
        assertThat(c)
            .containsEntry("messaging.system", "rabbitmq")
            .containsEntry("messaging.destination.name", queue)
            .containsEntry("messaging.consumer.group.name", queue)
            .containsEntry("messaging.rabbitmq.destination.routing_key", queue)
            .containsEntry("messaging.operation.type", "process")
            .containsEntry("messaging.message.id", "m-1")
            .containsEntry("messaging.message.conversation_id", "c-1")
            .containsEntry("messaging.message.body.size", 5L)
            .containsEntry("messaging.rabbitmq.message.delivery_tag", 1L)
            .containsKeys("network.peer.address", "network.peer.port");
      } finally {
        ch.queueDelete(queue);
      }
    }
  }

  @Test
  void aMessageFromAmqpClientWithATraceparentIsContinued() throws Exception {
    String queue = BrokerLevers.unique("otel-amqp-client");
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String parentId = "00f067aa0ba902b7";
    try (Connection conn = open()) {
      Channel ch = conn.openChannel();
      ch.queueDeclare(QueueSpec.named(queue));
      try {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(
            System.getenv().getOrDefault("AMQP_URL", "amqp://guest:guest@localhost:5672/%2F"));
        try (com.rabbitmq.client.Connection other = factory.newConnection()) {
          com.rabbitmq.client.Channel oc = other.createChannel();
          oc.confirmSelect();
          oc.basicPublish(
              "",
              queue,
              new AMQP.BasicProperties.Builder()
                  .headers(Map.of("traceparent", "00-" + traceId + "-" + parentId + "-01"))
                  .build(),
              "from amqp-client".getBytes(StandardCharsets.UTF_8));
          oc.waitForConfirmsOrDie(WAIT.toMillis());
        }
        CountDownLatch processed = new CountDownLatch(1);
        ch.basicConsume(ConsumeSpec.queue(queue).autoAck(), d -> processed.countDown());
        assertThat(processed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        SpanData process = span("process " + queue);
        assertThat(process.getTraceId()).isEqualTo(traceId);
        assertThat(process.getParentSpanId()).isEqualTo(parentId);
        assertThat(process.getParentSpanContext().isRemote()).isTrue();
      } finally {
        ch.queueDelete(queue);
      }
    }
  }

  @Test
  void aFailedPublishHasErrorType() {
    try (Connection conn = open()) {
      Channel ch = conn.openChannel();
      ch.confirmSelect();
      String exchange = BrokerLevers.unique("otel-no-such-exchange");
      assertThatThrownBy(
              () ->
                  ch.publishConfirmed(
                      exchange, "k", BasicProperties.EMPTY, new byte[1], PublishOptions.defaults()))
          .isInstanceOf(dev.warren.errors.AmqpException.class);
      SpanData publish = span("publish " + exchange);
      assertThat(publish.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(attributes(publish))
          .containsEntry("warren.publish.outcome", "FAILED")
          .containsEntry("error.type", "dev.warren.errors.NotFoundException");
    }
  }

  @Test
  void aBasicGetHasAReceiveSpanLinkedToThePublish() throws Exception {
    String queue = BrokerLevers.unique("otel-get");
    try (Connection conn = open()) {
      Channel ch = conn.openChannel();
      ch.queueDeclare(QueueSpec.named(queue));
      try {
        ch.confirmSelect();
        ch.publishConfirmed(
            "", queue, BasicProperties.EMPTY, new byte[3], PublishOptions.defaults());
        Optional<GetResponse> got = ch.basicGet(queue, AckMode.AUTO);
        assertThat(got).isPresent();
        SpanData publish = span("publish amq.default");
        SpanData receive = span("receive " + queue);
        assertThat(receive.getKind()).isEqualTo(SpanKind.CLIENT);
        List<io.opentelemetry.sdk.trace.data.LinkData> links = receive.getLinks();
        assertThat(links).hasSize(1);
        assertThat(links.get(0).getSpanContext().getSpanId()).isEqualTo(publish.getSpanId());
        assertThat(attributes(receive))
            .containsEntry("messaging.operation.type", "receive")
            .containsEntry("messaging.destination.name", queue)
            .containsEntry("messaging.message.body.size", 3L);
      } finally {
        ch.queueDelete(queue);
      }
    }
  }

  private static Map<String, Object> attributes(SpanData span) {
    Map<String, Object> m = new java.util.HashMap<>();
    span.getAttributes().forEach((k, v) -> m.put(k.getKey(), v));
    return m;
  }
}
