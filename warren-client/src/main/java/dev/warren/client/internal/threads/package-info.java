/**
 * Threads, executors, futures and bounded waits: the I/O threads (one Netty event loop per core,
 * shared by every connection), the callback executor and the per-channel serial dispatcher that
 * keeps callbacks in order, the executor that runs callbacks on the I/O thread when a consumer asks
 * for it, futures whose dependents never run on an I/O thread, and the blocking waits with a
 * deadline (which refuse to block an I/O thread).
 *
 * <p><b>Threads:</b> every class is thread-safe unless its Javadoc says otherwise.
 *
 * <p><b>May use:</b> the public API, the engine and protocol, Netty's event loops ({@code
 * io.netty.channel}, {@code io.netty.util}); no other {@code internal} package (a leaf, checked by
 * {@code PackageRulesTest}).
 */
package dev.warren.client.internal.threads;
