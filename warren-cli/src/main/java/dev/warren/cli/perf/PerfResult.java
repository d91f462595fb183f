/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli.perf;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The outcome of a perf run.
 *
 * @param config what ran
 * @param seconds how long publishing and consuming ran (start to stop)
 * @param sent messages published
 * @param received messages delivered
 * @param confirmed messages acked by the broker (publisher confirms)
 * @param nacked messages nacked by the broker
 * @param returned mandatory messages returned unroutable
 * @param latency publish-to-delivery latency in µs of every message received
 * @param samples one per second
 * @param interrupted stopped by Ctrl-C
 * @param error what stopped the run early, or null
 * @param startedAt wall-clock start (ms since 1970)
 */
public record PerfResult(
    PerfConfig config,
    double seconds,
    long sent,
    long received,
    long confirmed,
    long nacked,
    long returned,
    Histogram latency,
    List<Sample> samples,
    boolean interrupted,
    Throwable error,
    long startedAt) {

  public double sentRate() {
    return rate(sent);
  }

  public double receivedRate() {
    return rate(received);
  }

  public double confirmedRate() {
    return rate(confirmed);
  }

  private double rate(long n) {
    return seconds <= 0 ? 0 : n / seconds;
  }

  /** A latency percentile in µs (0 when nothing was received). */
  public long latency(double percentile) {
    return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile);
  }
}
