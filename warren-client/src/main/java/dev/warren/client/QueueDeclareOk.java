/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.util.Objects;

/**
 * The broker's answer to queue.declare.
 *
 * @param queue the queue's name (the broker's choice for a server-named queue)
 * @param messageCount messages ready in the queue
 * @param consumerCount active consumers
 * @since 0.1
 */
public record QueueDeclareOk(String queue, long messageCount, long consumerCount) {
  /**
   * Checks that the name is present.
   *
   * @param queue the queue's name; never null
   * @param messageCount messages ready in the queue
   * @param consumerCount active consumers
   * @throws NullPointerException if {@code queue} is null
   */
  public QueueDeclareOk {
    Objects.requireNonNull(queue, "queue");
  }
}
