/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import dev.warren.protocol.BasicProperties;

/**
 * One publish an observer follows (a trace span, say), from {@link ClientObserver#startPublish} to
 * its outcome.
 *
 * <p>{@link #properties()} is read once, on the publishing thread, right after {@code
 * startPublish}; {@link #finished} is called exactly once, on the I/O thread or the publishing
 * thread, and must not block.
 *
 * @since 0.1
 */
public interface PublishObservation {
  /**
   * The properties to send instead of the application's (with headers added for trace propagation,
   * say).
   *
   * @return never null; return the context's properties to change nothing
   */
  BasicProperties properties();

  /**
   * The publish ended.
   *
   * @param outcome {@link PublishOutcome#SENT} when written without confirms, else what the broker
   *     said or {@link PublishOutcome#FAILED}; never null
   * @param failure why it failed, for {@link PublishOutcome#FAILED} (and the {@code
   *     UnroutableException} or {@code NackedException} for a return or a nack); null otherwise
   */
  void finished(PublishOutcome outcome, Throwable failure);
}
