/**
 * A channel's consumers by tag ({@code ChannelConsumers}): subscribing, cancelling, the broker's
 * cancellations and re-subscribing when a queue comes back ({@code Resubscriber}), and the three
 * ways to consume beyond callbacks: pika's blocking loop ({@code ConsumingLoop}), a pull stream
 * ({@code PullConsumerStream}) and a demand-driven {@code Flow.Publisher} ({@code
 * DemandPublisher}).
 *
 * <p><b>Threads:</b> consumers are registered and removed on the I/O thread; any thread may read
 * them; deliveries run on the dispatcher (or the I/O thread).
 *
 * <p><b>May use:</b> {@code channel}, {@code threads}.
 */
package dev.warren.client.internal.channel.consume;
