/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.QueueSpec;
import dev.warren.protocol.BasicProperties;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** WarrenObservations against the broker: one publish and its processing, observed. */
class ObservationsIT {
  @Test
  void aConfirmedPublishAndItsProcessingAreObservedWithTheirMessagingKeys() throws Exception {
    TestObservationRegistry registry = TestObservationRegistry.create();
    // A handler that writes into the carrier, as Micrometer Tracing's propagating handler does,
    // and tells when a process observation stopped.
    CountDownLatch processStopped = new CountDownLatch(1);
    registry
        .observationConfig()
        .observationHandler(
            new ObservationHandler<Observation.Context>() {
              @Override
              @SuppressWarnings("unchecked")
              public void onStart(Observation.Context context) {
                if (context instanceof SenderContext<?> sender) {
                  ((SenderContext<Object>) sender)
                      .getSetter()
                      .set(sender.getCarrier(), "traceparent", "00-test-01");
                }
              }

              @Override
              public void onStop(Observation.Context context) {
                if (context instanceof ReceiverContext<?>) {
                  processStopped.countDown();
                }
              }

              @Override
              public boolean supportsContext(Observation.Context context) {
                return true;
              }
            });
    String queue = BrokerLevers.unique("observations-q");
    try (Connection conn =
        Connection.open(
            BrokerLevers.parameters().toBuilder()
                .observer(WarrenObservations.of(registry))
                .build())) {
      Channel ch = conn.openChannel();
      ch.queueDeclare(QueueSpec.named(queue));
      try {
        ch.confirmSelect();
        ch.basicPublish("", queue, BasicProperties.EMPTY, "hi".getBytes(StandardCharsets.UTF_8));
        ch.waitForConfirms(Duration.ofSeconds(10));
        CountDownLatch got = new CountDownLatch(1);
        String[] header = new String[1];
        ch.basicConsume(
            ConsumeSpec.queue(queue).autoAck(),
            d -> {
              Map<String, Object> h = d.properties().headers();
              header[0] = h == null ? null : String.valueOf(h.get("traceparent"));
              got.countDown();
            });
        assertThat(got.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(processStopped.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(header[0]).as("the carrier's header travelled").isEqualTo("00-test-01");
      } finally {
        ch.queueDelete(queue);
      }
    }
    assertThat(registry)
        .hasObservationWithNameEqualTo(WarrenObservations.PUBLISH)
        .that()
        .hasContextualNameEqualTo("publish amq.default")
        .hasLowCardinalityKeyValue("messaging.system", "rabbitmq")
        .hasLowCardinalityKeyValue("messaging.operation.type", "send")
        .hasHighCardinalityKeyValue("messaging.rabbitmq.destination.routing_key", queue)
        .hasHighCardinalityKeyValue("warren.publish.outcome", "CONFIRMED")
        .hasBeenStarted()
        .hasBeenStopped()
        .doesNotHaveError();
    assertThat(registry)
        .hasObservationWithNameEqualTo(WarrenObservations.PROCESS)
        .that()
        .hasContextualNameEqualTo("process " + queue)
        .hasLowCardinalityKeyValue("messaging.destination.name", queue)
        .hasLowCardinalityKeyValue("messaging.operation.type", "process")
        .hasBeenStopped()
        .doesNotHaveError();
  }
}
