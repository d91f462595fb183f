/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.protocol.BasicProperties;
import dev.warren.testkit.NullBroker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client against the null broker of the test kit: the client alone, at full speed. */
@Timeout(60)
class NullBrokerClientTest {

  private static Connection connect(NullBroker broker) {
    return Connection.open(
        ConnectionParameters.builder()
            .host("127.0.0.1")
            .port(broker.port())
            .recovery(RecoveryPolicy.disabled())
            .build());
  }

  @Test
  void publishesWithConfirmsAndConsumes() throws Exception {
    try (NullBroker broker = new NullBroker(16);
        Connection conn = connect(broker)) {
      Channel ch = conn.openChannel();
      ch.confirmSelect();
      AtomicLong acked = new AtomicLong();
      ch.addConfirmListener(
          new ConfirmListener() {
            @Override
            public void handleAck(long sequenceNumber, boolean multiple) {
              acked.accumulateAndGet(sequenceNumber, Math::max);
            }

            @Override
            public void handleNack(long sequenceNumber, boolean multiple) {}
          });
      byte[] body = new byte[16];
      int n = 200_000;
      for (int i = 0; i < n; i++) {
        ch.basicPublish("", "q", BasicProperties.EMPTY, body);
      }
      ch.waitForConfirms(Duration.ofSeconds(30));
      // Listeners run on the channel's dispatcher, after the tracker saw the acks.
      ItSupport.waitUntil(Duration.ofSeconds(10), "the last ack heard", () -> acked.get() == n);
      assertThat(broker.published()).isEqualTo(n);

      Channel consumer = conn.openChannel();
      CountDownLatch got = new CountDownLatch(n);
      consumer.basicConsume(ConsumeSpec.queue("q").autoAck(), d -> got.countDown());
      assertThat(got.await(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
