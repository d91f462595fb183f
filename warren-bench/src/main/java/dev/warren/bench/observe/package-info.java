/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Observers for {@code warren perf} under {@code bench/compare --warren-observer CLASS}: Warren's
 * metrics ({@link dev.warren.bench.observe.WithMetrics}) or tracing ({@link
 * dev.warren.bench.observe.WithTracing}) bound, to measure what they cost.
 */
package dev.warren.bench.observe;
