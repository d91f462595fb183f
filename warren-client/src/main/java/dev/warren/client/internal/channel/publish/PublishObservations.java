/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel.publish;

import dev.warren.client.PublishOutcome;
import dev.warren.errors.NackedException;
import dev.warren.errors.UnroutableException;
import java.util.concurrent.CompletionException;

/** A confirmed publish's future, read as the outcome a {@code PublishObservation} hears. */
final class PublishObservations {
  private PublishObservations() {}

  static PublishOutcome outcome(Throwable failure) {
    Throwable e = cause(failure);
    if (e == null) {
      return PublishOutcome.CONFIRMED;
    }
    if (e instanceof NackedException) {
      return PublishOutcome.NACKED;
    }
    if (e instanceof UnroutableException) {
      return PublishOutcome.RETURNED;
    }
    return PublishOutcome.FAILED;
  }

  static Throwable cause(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }
}
