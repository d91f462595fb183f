/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.testkit;

import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * Where a {@link ScriptedPeer} sends what its script says the broker sends: the other half of the
 * wire, toward the client under test.
 *
 * <p>{@link ScriptedBrokerServer} supplies one that writes to an accepted socket. For a sans-IO
 * engine the test supplies its own, typically handing the bytes straight to the engine's {@code
 * ingest} and turning {@link #close()} into the engine's {@code transportClosed}:
 *
 * <pre>{@code
 * ScriptedPeer peer = new ScriptedPeer(new PeerTransport() {
 *   public void send(byte[] bytes) { engine.ingest(ByteBuffer.wrap(bytes), clock.now()); }
 *   public void close() { engine.transportClosed(null); }
 *   public void pause(Duration d) { clock.advance(d); }
 * });
 * }</pre>
 *
 * <p>The peer calls these methods while it holds its own lock, on whichever thread drove it (the
 * one calling {@link ScriptedPeer#receive} or adding a step). An implementation may call back into
 * the peer (a client reacting synchronously to the bytes and writing its answer, say): the peer
 * queues such input and handles it once the current step is over, so ordering is preserved.
 */
public interface PeerTransport {
  /**
   * Delivers bytes to the client, in order.
   *
   * @throws UncheckedIOException when the client is gone; the peer records that the bytes were not
   *     delivered and stops sending (this is not a script failure: a real broker cannot reach a
   *     client that went away either)
   */
  void send(byte[] bytes);

  /**
   * Closes the connection from the broker's side (the script's {@link ScriptedPeer#disconnect}).
   */
  void close();

  /**
   * The script asks for a pause ({@link ScriptedPeer#delay}). A socket transport sleeps; an
   * in-memory harness may advance its fake clock instead. The default does nothing.
   */
  default void pause(Duration duration) {}
}
