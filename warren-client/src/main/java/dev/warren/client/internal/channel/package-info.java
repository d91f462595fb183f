/**
 * One channel: {@code ChannelCore} implements {@link dev.warren.client.AsyncChannel} (and offers
 * the blocking view) over parts with one concern each, each handed at construction what it uses: a
 * {@code ChannelContext} (number, phase, executors, the way to the I/O thread and the engine) and
 * the other parts it really calls. No part holds the channel.
 *
 * <ul>
 *   <li>{@code ChannelCalls}: methods sent with or without a reply; {@code ChannelDeclarations}:
 *       exchanges and queues, recorded for recovery through {@code TopologyRecorder};
 *   <li>{@code ChannelAcks} and {@code DeliveryTags}: acknowledgements, with tags that keep
 *       increasing across recoveries;
 *   <li>{@code ChannelEvents}: what the engine reports, turned into work for the dispatcher;
 *   <li>{@code ChannelClosing}: the close handshake and the final close;
 *   <li>{@code ChannelRecovery}: the one place that decides whether an engine close is final or
 *       recovered, and bringing the channel back (reopen, modes, re-subscribe);
 *   <li>{@code RecoveryGate}: where operations wait while the channel recovers.
 * </ul>
 *
 * <p><b>Phase and engine state.</b> {@link dev.warren.client.internal.channel.ChannelPhase} (OPEN,
 * RECOVERING, CLOSING, CLOSED, one to one with {@link dev.warren.client.Channel.State}) is the
 * channel's one client-side state, kept by its context and outliving sessions. The engine's {@link
 * dev.warren.engine.ChannelState} is per session and per number: what the wire says (opening, open,
 * closing), gone with its session.
 *
 * <p><b>Threads:</b> operations on any thread; state changes on the connection's I/O thread;
 * callbacks on the channel's dispatcher (or the I/O thread, when a consumer asks).
 *
 * <p><b>May use:</b> {@code threads}, {@code channel.publish}, {@code channel.consume}, {@code
 * queues} (quorum and stream refusals), {@code retry} (consumers with a retry policy), the {@code
 * connection}'s session and gates through {@code ChannelHost}; never {@code recovery} (checked by
 * {@code PackageRulesTest}).
 */
package dev.warren.client.internal.channel;
