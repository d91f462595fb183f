/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.internal.threads.CallerWaits;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Receive coalescing decides from the time between reads; a fake clock makes that exact. */
class ReadPacerTest {
  private static final Duration WINDOW = Duration.ofNanos(100_000);
  private long now = 1_000_000_000L;
  private EmbeddedChannel channel;
  private ReadPacer pacer;

  @BeforeEach
  void setUp() {
    channel = new EmbeddedChannel();
    channel.freezeTime();
    pacer = new ReadPacer(WINDOW, () -> now, waits);
  }

  private final CallerWaits waits = new CallerWaits();

  private void micros(long us) {
    now += us * 1000;
  }

  private void runScheduledAfter(long us) {
    micros(us);
    channel.advanceTimeBy(us, TimeUnit.MICROSECONDS);
    channel.runScheduledPendingTasks();
  }

  @Test
  void readsFurtherApartThanHalfTheWindowNeverPause() {
    for (int i = 0; i < 100; i++) {
      assertThat(pacer.readComplete(channel)).isFalse();
      micros(51);
    }
    assertThat(channel.config().isAutoRead()).isTrue();
  }

  @Test
  void aConnectionWhoseCallerWaitsForRepliesNeverPauses() {
    pacer.readComplete(channel);
    for (int i = 0; i < 100; i++) {
      waits.touch(now); // e.g. waitForConfirms after each publish: round trips
      micros(30);
      assertThat(pacer.readComplete(channel)).as("read %d", i).isFalse();
    }
    assertThat(channel.config().isAutoRead()).isTrue();
    // once nobody has waited for ten windows, a busy stream pauses again
    micros(ReadPacer.ROUND_TRIP_WINDOWS * 100);
    pacer.readComplete(channel);
    micros(10);
    assertThat(pacer.readComplete(channel)).isTrue();
  }

  @Test
  void theFirstReadNeverPauses() {
    assertThat(pacer.readComplete(channel)).isFalse();
    assertThat(channel.config().isAutoRead()).isTrue();
  }

  @Test
  void dataWaitingRightAfterAReadPausesReadingForOneWindow() {
    pacer.readComplete(channel);
    micros(49);
    assertThat(pacer.readComplete(channel)).isTrue();
    assertThat(channel.config().isAutoRead()).isFalse();

    runScheduledAfter(99);
    assertThat(channel.config().isAutoRead()).as("still within the window").isFalse();
    runScheduledAfter(1);
    assertThat(channel.config().isAutoRead()).as("the window is over").isTrue();
  }

  @Test
  void aReadDuringAPauseDoesNotPauseTwice() {
    pacer.readComplete(channel);
    micros(1);
    assertThat(pacer.readComplete(channel)).isTrue();
    micros(1);
    // Netty may still complete a read it had started (a TLS record, say) after auto-read went off.
    assertThat(pacer.readComplete(channel)).isFalse();
    runScheduledAfter(100);
    assertThat(channel.config().isAutoRead()).isTrue();
  }

  @Test
  void aBusyStreamPausesAfterEveryReadAndAQuietOneStopsPausing() {
    pacer.readComplete(channel);
    micros(5);
    assertThat(pacer.readComplete(channel)).isTrue();
    runScheduledAfter(100);
    // Data had piled up during the pause: the read comes at once after the resume.
    micros(3);
    assertThat(pacer.readComplete(channel)).as("still busy").isTrue();
    runScheduledAfter(100);
    // Nothing waited this time: the next read comes when the peer sends again, later.
    micros(500);
    assertThat(pacer.readComplete(channel)).as("quiet again").isFalse();
    assertThat(channel.config().isAutoRead()).isTrue();
  }

  @Test
  void aClosedChannelIsNotPaused() {
    pacer.readComplete(channel);
    channel.close();
    micros(1);
    assertThat(pacer.readComplete(channel)).isFalse();
  }

  @Test
  void aZeroWindowMeansNoPacer() {
    assertThat(ReadPacer.of(Duration.ZERO, null)).isNull();
    assertThat(ReadPacer.of(WINDOW, null)).isNotNull();
  }
}
