/**
 * A channel's publishing side: {@code PublishAdmission}, the one way into the publish path, owning
 * the three gates (confirm window, write buffer, connection.blocked); {@code ConfirmTracker}, which
 * maps the broker's per-session confirm numbers to the application's sequence numbers and says
 * exactly what was acked, nacked or lost; {@code ConfirmListeners}; returns; and what becomes of
 * unconfirmed publishes at a loss (failed, or kept and republished).
 *
 * <p><b>Threads:</b> publishes are admitted on the caller's thread and written on the I/O thread;
 * the tracker is used on the I/O thread only.
 *
 * <p><b>May use:</b> {@code channel}, {@code threads}, {@code connection}'s {@code PublishGate}.
 */
package dev.warren.client.internal.channel.publish;
