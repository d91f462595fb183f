/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

/**
 * Which thread runs a consumer's callbacks ({@link ConsumeSpec#callbackThread(CallbackThread)}).
 *
 * @since 0.1
 */
public enum CallbackThread {
  /**
   * The default: the channel's dispatcher, a thread of Warren's callback pool, never the I/O
   * thread. A callback may block, even call blocking channel methods, without stalling I/O,
   * heartbeats or other channels. Each delivery costs a hand-off between threads.
   */
  DISPATCHER,

  /**
   * The connection's I/O thread, the one that read the delivery: no hand-off, so about a third less
   * CPU per message at high rates (docs/performance.md), in the way pika's callbacks run on its I/O
   * loop. For short callbacks that never block. While a callback runs, that I/O thread reads,
   * writes and sends heartbeats for no connection; a callback that holds it for long is logged.
   *
   * <p>From such a callback, asynchronous calls and acknowledgements are fine (they run at once); a
   * blocking call that would wait for the broker (an RPC, {@code waitForConfirms}, a publish
   * waiting for its confirm, a blocking close) throws {@link dev.warren.errors.WrongStateException}
   * at once, before anything is sent, instead of deadlocking: use the {@link Channel#async()} view
   * there. {@link Channel#stopConsuming()} sends the cancels without waiting for them. Blocking
   * publishes do not wait for the write buffer, the blocked connection or the confirm window on the
   * I/O thread: they are counted and written at once, as asynchronous publishes are.
   */
  IO_THREAD
}
