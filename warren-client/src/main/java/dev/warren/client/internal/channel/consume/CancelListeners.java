/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel.consume;

import dev.warren.client.CancelListener;
import dev.warren.client.internal.threads.SerialExecutor;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel-wide listeners of broker cancellations (pika's {@code add_on_cancel_callback}) of one
 * channel. Added from any thread; told on the channel's dispatcher, after the cancelled consumer's
 * own {@code handleCancel}.
 */
final class CancelListeners {
  private static final Logger log = LoggerFactory.getLogger(CancelListeners.class);

  private final CopyOnWriteArrayList<CancelListener> listeners = new CopyOnWriteArrayList<>();

  dev.warren.client.Cancellable add(CancelListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> listeners.remove(listener);
  }

  /**
   * Queues the notification of a broker cancel on {@code dispatcher} (called on the I/O thread,
   * after the consumer's own {@code handleCancel} was queued, so it runs after it). Nothing is
   * queued when there is no listener.
   */
  void brokerCancelled(SerialExecutor dispatcher, int channel, String consumerTag, String queue) {
    if (listeners.isEmpty()) {
      return;
    }
    dispatcher.execute(
        () -> {
          for (CancelListener l : listeners) {
            try {
              l.handleCancel(consumerTag, queue);
            } catch (RuntimeException e) {
              log.error(
                  "channel {}: cancel listener threw on the cancel of consumer '{}'; continuing",
                  channel,
                  consumerTag,
                  e);
            }
          }
        });
  }
}
