/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.cli.Cli.Result;
import dev.warren.client.Channel;
import dev.warren.client.Connection;
import dev.warren.client.QueueSpec;
import dev.warren.errors.NotFoundException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * perf's default bounds what is in flight: the queue never holds more than {@code --max-in-flight}
 * messages, even when the consumer is much slower than the producer; {@code --perftest} lets the
 * queue grow, as PerfTest does. The queue depth is read from the broker (a passive declare) while
 * perf runs.
 */
@Timeout(90)
class PerfInFlightIT {
  private static final int BOUND = 50;

  /** Runs perf with a slow consumer (prefetch 1, ack each) and returns the deepest queue seen. */
  private static long deepestQueueWhileRunning(String... extra) throws Exception {
    String q = Cli.unique("perf-inflight");
    String[] args =
        concat(new String[] {"perf", "-u", q, "-z", "4s", "-q", "1", "-s", "100"}, extra);
    CompletableFuture<Result> run = CompletableFuture.supplyAsync(() -> Cli.run(args));
    long deepest = 0;
    try (Connection c = Connection.open(Cli.url())) {
      Channel ch = c.openChannel();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!run.isDone() && System.nanoTime() < deadline) {
        try {
          deepest = Math.max(deepest, ch.queueDeclare(QueueSpec.named(q).passive()).messageCount());
        } catch (NotFoundException notYetOrGone) {
          ch = c.openChannel(); // a 404 closes the channel
        }
        Thread.sleep(20);
      }
    }
    Result r = run.get(60, TimeUnit.SECONDS);
    assertThat(r.code()).as(r.toString()).isZero();
    return deepest;
  }

  @Test
  void theDefaultNeverLetsTheQueueGrowPastTheBound() throws Exception {
    long deepest = deepestQueueWhileRunning("--max-in-flight", Integer.toString(BOUND));
    assertThat(deepest).as("messages ready in the queue, at most").isLessThanOrEqualTo(BOUND);
  }

  @Test
  void perftestLetsTheProducerOutrunTheSlowConsumer() throws Exception {
    long deepest =
        deepestQueueWhileRunning("--max-in-flight", Integer.toString(BOUND), "--perftest");
    assertThat(deepest).as("messages ready in the queue, at most").isGreaterThan(10L * BOUND);
  }

  @Test
  void theSummaryLineSaysWhatIsBounded() {
    Result r = Cli.run("perf", "-C", "200", "-s", "64");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("at most 1000 in flight");
    Result p = Cli.run("perf", "-C", "200", "-s", "64", "--perftest");
    assertThat(p.code()).as(p.toString()).isZero();
    assertThat(p.out()).doesNotContain("in flight");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
