/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.queues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.Initiator;
import dev.warren.errors.QueueTypeUnsupportedException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The broker's refusals (RabbitMQ 3.10.8's texts, as QuorumQueueIT saw them) and their mapping. */
class QueueTypeChecksTest {

  private static Throwable broker(int code, String text, String declaredType) {
    return QueueTypeChecks.translate(
        new CompletionException(ChannelClosedException.fromBroker(1, code, text, 50, 10)),
        declaredType);
  }

  @Test
  void invalidPropertiesOfAQuorumOrStreamQueue() {
    Throwable exclusive =
        broker(
            406,
            "PRECONDITION_FAILED - invalid property 'exclusive-owner' for queue 'q' in vhost '/'",
            "quorum");
    assertThat(exclusive)
        .isInstanceOf(QueueTypeUnsupportedException.class)
        .hasMessageStartingWith("quorum queues do not support exclusive queues")
        .hasMessageContaining("the broker refused it");
    assertThat(((QueueTypeUnsupportedException) exclusive).replyCode()).isEqualTo(406);
    assertThat(
            broker(
                406,
                "PRECONDITION_FAILED - invalid property 'non-durable' for queue 'q' in vhost '/'",
                ""))
        .hasMessageStartingWith("quorum and stream queues do not support non-durable queues");
    assertThat(
            broker(
                406,
                "PRECONDITION_FAILED - invalid property 'auto-delete' for queue 'q' in vhost '/'",
                "stream"))
        .hasMessageStartingWith("stream queues do not support auto-delete queues");
  }

  @Test
  void theStreamAndGlobalQosRefusals() {
    assertThat(
            broker(
                540,
                "NOT_IMPLEMENTED - automatic acknowledgement not supported by stream queues queue"
                    + " 's' in vhost '/'",
                ""))
        .hasMessageStartingWith("stream queues do not support auto-ack consumers");
    assertThat(
            broker(
                540,
                "NOT_IMPLEMENTED - basic.get not supported by stream queues queue 's' in vhost '/'",
                ""))
        .hasMessageStartingWith("stream queues do not support basic.get");
    assertThat(
            broker(540, "NOT_IMPLEMENTED - queue 'q' in vhost '/' does not support global qos", ""))
        .hasMessageStartingWith("quorum queues do not support global qos");
  }

  @Test
  void otherFailuresStayAsTheyAre() {
    ChannelClosedException notFound =
        ChannelClosedException.fromBroker(1, 404, "NOT_FOUND", 50, 10);
    assertThat(QueueTypeChecks.translate(notFound, "quorum")).isSameAs(notFound);
    ChannelClosedException other =
        new ChannelClosedException(
            1, 406, "PRECONDITION_FAILED - inequivalent arg", 50, 10, Initiator.BROKER);
    assertThat(QueueTypeChecks.translate(other, "quorum")).isSameAs(other);
    IllegalStateException plain = new IllegalStateException("x");
    assertThat(QueueTypeChecks.translate(plain, "")).isSameAs(plain);
  }
}
