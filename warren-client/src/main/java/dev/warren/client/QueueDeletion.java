/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.util.Objects;

/**
 * queue.delete: which queue, and under which conditions.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class QueueDeletion {
  private final String queue;
  private final boolean ifUnused;
  private final boolean ifEmpty;
  private final boolean noWait;

  private QueueDeletion(String queue, boolean ifUnused, boolean ifEmpty, boolean noWait) {
    this.queue = Objects.requireNonNull(queue, "queue");
    this.ifUnused = ifUnused;
    this.ifEmpty = ifEmpty;
    this.noWait = noWait;
  }

  /**
   * {@return a deletion of this queue, unconditional}
   *
   * @param queue the queue's name
   */
  public static QueueDeletion of(String queue) {
    return new QueueDeletion(queue, false, false, false);
  }

  /** {@return the queue} */
  public String queue() {
    return queue;
  }

  /**
   * Delete only if it has no consumers (else 406 PRECONDITION_FAILED).
   *
   * @return a copy of this value with the change; this one is unchanged
   */
  public QueueDeletion ifUnused() {
    return new QueueDeletion(queue, true, ifEmpty, noWait);
  }

  /**
   * {@return whether ifUnused is set: delete only if it has no consumers (else 406
   * PRECONDITION_FAILED)}
   */
  public boolean isIfUnused() {
    return ifUnused;
  }

  /**
   * Delete only if it has no messages (else 406 PRECONDITION_FAILED).
   *
   * @return a copy of this value with the change; this one is unchanged
   */
  public QueueDeletion ifEmpty() {
    return new QueueDeletion(queue, ifUnused, true, noWait);
  }

  /**
   * {@return whether ifEmpty is set: delete only if it has no messages (else 406
   * PRECONDITION_FAILED)}
   */
  public boolean isIfEmpty() {
    return ifEmpty;
  }

  /**
   * Do not wait for delete-ok.
   *
   * @return a copy of this value with the change; this one is unchanged
   */
  public QueueDeletion noWait() {
    return new QueueDeletion(queue, ifUnused, ifEmpty, true);
  }

  /** {@return whether noWait is set: do not wait for delete-ok} */
  public boolean isNoWait() {
    return noWait;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof QueueDeletion other)) {
      return false;
    }
    return Objects.equals(queue, other.queue)
        && ifUnused == other.ifUnused
        && ifEmpty == other.ifEmpty
        && noWait == other.noWait;
  }

  @Override
  public int hashCode() {
    return Objects.hash(queue, ifUnused, ifEmpty, noWait);
  }

  @Override
  public String toString() {
    return "QueueDeletion["
        + "queue="
        + queue
        + ", "
        + "ifUnused="
        + ifUnused
        + ", "
        + "ifEmpty="
        + ifEmpty
        + ", "
        + "noWait="
        + noWait
        + "]";
  }
}
