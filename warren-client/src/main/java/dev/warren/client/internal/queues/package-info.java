/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * What quorum and stream queues refuse: {@code QueueTypeChecks} checks declarations and consumes
 * before they are sent and turns the broker's refusals into {@link
 * dev.warren.errors.QueueTypeUnsupportedException}s that say what to do.
 *
 * <p><b>Threads:</b> pure functions, any thread.
 *
 * <p><b>May use:</b> the public API and {@code dev.warren.errors} only.
 */
package dev.warren.client.internal.queues;
