/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Stream offsets, quorum and stream queue specs and retry policies: checked before sending. */
class StreamOffsetTest {

  @Test
  void eachOffsetIsTheArgumentRabbitMqExpects() {
    assertThat(StreamOffset.first().argumentValue()).isEqualTo("first");
    assertThat(StreamOffset.last().argumentValue()).isEqualTo("last");
    assertThat(StreamOffset.next().argumentValue()).isEqualTo("next");
    assertThat(StreamOffset.offset(42).argumentValue()).isEqualTo(42L);
    assertThat(StreamOffset.timestamp(Instant.ofEpochSecond(1_700_000_000, 999)).argumentValue())
        .isEqualTo(Instant.ofEpochSecond(1_700_000_000));
    assertThat(StreamOffset.interval("1h").argumentValue()).isEqualTo("1h");
    assertThat(StreamOffset.interval("30m").argumentValue()).isEqualTo("30m");
    assertThat(StreamOffset.interval(Duration.ofMinutes(90)).argumentValue()).isEqualTo("5400s");
  }

  @Test
  void badOffsetsAreRefusedWithWhatToDo() {
    assertThatThrownBy(() -> StreamOffset.offset(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 or more, got -1");
    assertThatThrownBy(() -> StreamOffset.interval("1x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one unit of Y, M, D, h, m or s");
    assertThatThrownBy(() -> StreamOffset.interval("0h"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StreamOffset.interval("h"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StreamOffset.interval(Duration.ofMillis(500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one second");
    assertThatThrownBy(() -> StreamOffset.timestamp(Instant.ofEpochSecond(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before 1970");
    assertThatThrownBy(() -> ConsumeSpec.queue("s").argument("x-stream-offset", "bogus"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one unit of Y, M, D, h, m or s");
    assertThatThrownBy(() -> ConsumeSpec.queue("s").argument("x-stream-offset", 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use ConsumeSpec.streamOffset(StreamOffset...)");
  }

  @Test
  void aConsumeSpecCarriesItsOffsetAsTheArgument() {
    ConsumeSpec spec = ConsumeSpec.queue("s").streamOffset(StreamOffset.offset(7)).tag("t");
    assertThat(spec.arguments()).containsEntry("x-stream-offset", 7L);
    assertThat(spec.streamOffset()).hasValue(StreamOffset.offset(7));
    assertThat(ConsumeSpec.queue("s").streamOffset()).isEmpty();
    assertThatThrownBy(() -> spec.autoAck())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a stream queue cannot be consumed with auto-ack");
  }

  @Test
  void retriesNeedManualAcksAndSurviveTheOtherOptions() {
    RetryPolicy policy = RetryPolicy.requeue(3);
    ConsumeSpec spec = ConsumeSpec.queue("q").retries(policy).tag("t").exclusive();
    assertThat(spec.retryPolicy()).containsSame(policy);
    assertThat(spec.withQueue("other").retryPolicy()).containsSame(policy);
    assertThatThrownBy(() -> spec.autoAck())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retries need manual acknowledgements");
    assertThatThrownBy(() -> RetryPolicy.republish(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxDeliveries must be 1 or more");
    assertThatThrownBy(() -> RetryPolicy.republish(2).withDelay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RetryPolicy.republish(2).withDelay(Duration.ofMillis(250)).delayQueueFor("q"))
        .isEqualTo("q.warren-delay");
    assertThat(RetryPolicy.republish(2).delayQueue("d").delayQueueFor("q")).isEqualTo("d");
  }

  @Test
  void queueSpecsForQuorumAndStreamQueues() {
    QueueSpec stream =
        QueueSpec.named("s").stream()
            .maxLengthBytes(1000)
            .maxAge(Duration.ofDays(2))
            .streamSegmentSizeBytes(500);
    assertThat(stream.isDurable()).isTrue();
    assertThat(stream.arguments())
        .containsEntry("x-queue-type", "stream")
        .containsEntry("x-max-length-bytes", 1000L)
        .containsEntry("x-max-age", "172800s")
        .containsEntry("x-stream-max-segment-size-bytes", 500L);
    assertThat(QueueSpec.named("q").deadLetterStrategy(DeadLetterStrategy.AT_MOST_ONCE).arguments())
        .containsEntry("x-dead-letter-strategy", "at-most-once")
        .doesNotContainKey("x-overflow");
    assertThat(QueueSpec.named("q").queueType()).isEmpty();
    assertThatThrownBy(() -> QueueSpec.named("q").deliveryLimit(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QueueSpec.named("q").quorumInitialGroupSize(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QueueSpec.named("q").maxAge(Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1 s");
  }
}
