/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * How a quorum queue dead-letters its messages, the {@code x-dead-letter-strategy} argument that
 * {@link QueueSpec#deadLetterStrategy(DeadLetterStrategy)} sets.
 *
 * @since 0.2
 */
public enum DeadLetterStrategy {
  /**
   * The default: the queue drops a message once it has been handed to the dead-letter exchange,
   * without waiting for the dead-letter target to confirm it; a message can be lost on the way.
   */
  AT_MOST_ONCE("at-most-once"),

  /**
   * The queue keeps a message until the dead-letter target confirmed it. RabbitMQ requires {@code
   * x-overflow=reject-publish} for it (set by {@link QueueSpec#deadLetterStrategy}) and ignores it
   * on queues without a dead-letter exchange.
   */
  AT_LEAST_ONCE("at-least-once");

  private final String argument;

  DeadLetterStrategy(String argument) {
    this.argument = argument;
  }

  /**
   * {@return the value of the {@code x-dead-letter-strategy} argument, such as {@code
   * "at-least-once"}}
   */
  public String argument() {
    return argument;
  }
}
