/**
 * Automatic recovery of a connection: the attempts with backoff over the endpoints, then channels
 * (by number, with their modes), topology ({@code TopologyRecord}: what was declared, in order,
 * without what was deleted), consumers, and resuming what waited, in the order {@code
 * docs/recovery.md} promises.
 *
 * <p><b>Threads:</b> attempts are scheduled on the I/O thread; each restore runs on a callback
 * thread and blocks, every step bounded; the record is thread-safe.
 *
 * <p><b>May use:</b> {@code connection}, {@code channel}, {@code threads}. Only {@code connection}
 * and this package may use it (checked by {@code PackageRulesTest}).
 */
package dev.warren.client.internal.recovery;
