/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.engine;

import dev.warren.errors.ConnectionClosedException;
import java.util.Map;

/**
 * What the connection tells its owner, on the engine's thread. Implementations hand anything that
 * may take time to another thread.
 */
public interface EngineListener {
  /** The handshake finished: the connection is open. */
  void onOpen(Tuning tuning, Map<String, Object> serverProperties);

  /**
   * The connection closed, for whatever reason: called once, after every channel and every pending
   * RPC has failed. The owner closes the transport when {@link ConnectionEngine#isTransportDone()}
   * says so (at once for a failure, after the close-ok was written for a broker close).
   */
  void onClosed(ConnectionClosedException cause);

  /** connection.blocked: the broker stopped reading publishes (memory or disk alarm). */
  void onBlocked(String reason);

  /** connection.unblocked. */
  void onUnblocked();

  /**
   * A heartbeat frame arrived from the peer, at {@code nowNanos} (the time of the {@code ingest}
   * call). For traffic statistics; rare (one per heartbeat interval at most), so it may be cheap
   * bookkeeping only.
   */
  default void onHeartbeatReceived(long nowNanos) {}

  /** {@link ConnectionEngine#tick} wrote a heartbeat frame at {@code nowNanos}. */
  default void onHeartbeatSent(long nowNanos) {}
}
