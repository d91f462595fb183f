/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel.publish;

import dev.warren.client.ConfirmListener;
import dev.warren.client.internal.threads.IoThreadExecutor;
import dev.warren.client.internal.threads.SerialExecutor;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A channel's confirm listeners, and how the confirm tracker's events reach them: on the I/O thread
 * (listeners added with {@code CallbackThread.IO_THREAD}) first, then on the channel's dispatcher,
 * each in the order the tracker reported them. Publishes a loss took are collected while the
 * tracker reports them and handed over in one task ({@link #flushLost}), before any later confirm.
 *
 * <p>Threading: listeners are added on any thread; the sink methods run on the I/O thread.
 */
final class ConfirmListeners implements ConfirmTracker.Sink {
  final CopyOnWriteArrayList<ConfirmListener> onDispatcher = new CopyOnWriteArrayList<>();
  final CopyOnWriteArrayList<ConfirmListener> onIoThread = new CopyOnWriteArrayList<>();
  private final SerialExecutor dispatcher;
  private final IoThreadExecutor ioThread;
  private LostBatch lostBatch; // I/O thread only

  ConfirmListeners(SerialExecutor dispatcher, IoThreadExecutor ioThread) {
    this.dispatcher = dispatcher;
    this.ioThread = ioThread;
  }

  @Override
  public void confirmed(long tag, boolean multiple, boolean ack) {
    flushLost();
    if (!onIoThread.isEmpty()) {
      ioThread.execute(() -> tellConfirm(onIoThread, tag, multiple, ack));
    }
    if (!onDispatcher.isEmpty()) {
      dispatcher.execute(() -> tellConfirm(onDispatcher, tag, multiple, ack));
    }
  }

  @Override
  public void lost(long seq, boolean mayHaveReachedBroker) {
    if (onIoThread.isEmpty() && onDispatcher.isEmpty()) {
      return;
    }
    if (lostBatch == null) {
      lostBatch = new LostBatch();
    }
    lostBatch.add(seq, mayHaveReachedBroker);
  }

  /** Hands the lost numbers collected so far to the listeners' executors (I/O thread). */
  void flushLost() {
    LostBatch batch = lostBatch;
    if (batch == null) {
      return;
    }
    lostBatch = null;
    if (!onIoThread.isEmpty()) {
      ioThread.execute(() -> batch.tell(onIoThread));
    }
    if (!onDispatcher.isEmpty()) {
      dispatcher.execute(() -> batch.tell(onDispatcher));
    }
  }

  private static void tellConfirm(
      List<ConfirmListener> listeners, long tag, boolean multiple, boolean ack) {
    for (ConfirmListener l : listeners) {
      if (ack) {
        l.handleAck(tag, multiple);
      } else {
        l.handleNack(tag, multiple);
      }
    }
  }

  /** Lost sequence numbers not yet handed to the listeners' executors. */
  private static final class LostBatch {
    long[] seqs = new long[16];
    boolean[] sent = new boolean[16];
    int size;

    void add(long seq, boolean mayHaveReachedBroker) {
      if (size == seqs.length) {
        seqs = Arrays.copyOf(seqs, size * 2);
        sent = Arrays.copyOf(sent, size * 2);
      }
      seqs[size] = seq;
      sent[size] = mayHaveReachedBroker;
      size++;
    }

    void tell(List<ConfirmListener> listeners) {
      for (int i = 0; i < size; i++) {
        for (ConfirmListener l : listeners) {
          l.handleLost(seqs[i], sent[i]);
        }
      }
    }
  }
}
