/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli.perf;

/**
 * One second of a perf run.
 *
 * @param time seconds since the start, at the end of this interval
 * @param sent messages published per second during the interval
 * @param received messages delivered per second
 * @param confirmed messages confirmed per second
 * @param p50 median latency in µs of the messages received in the interval; -1 if none
 * @param p99 99th percentile latency in µs; -1 if none
 */
public record Sample(
    double time, double sent, double received, double confirmed, long p50, long p99) {}
