/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel.consume;

import dev.warren.client.AckMode;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.Consumer;
import dev.warren.client.Delivery;
import dev.warren.client.Qos;
import dev.warren.client.internal.channel.ChannelCalls;
import dev.warren.client.internal.channel.ChannelContext;
import dev.warren.client.internal.threads.Await;
import dev.warren.errors.AmqpException;
import dev.warren.protocol.method.BasicAck;
import dev.warren.protocol.method.BasicNack;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer as a {@link Flow.Publisher} whose demand drives the broker.
 *
 * <p><b>Credit.</b> The subscriber's first {@code request(n)} sets the consumer's prefetch (the
 * <em>window</em>, {@code min(n, 65535)}) before basic.consume, so the broker never has more than
 * the window unacknowledged for this consumer. A delivery handed to {@code onNext} is acknowledged
 * only while the window exceeds the outstanding demand: the broker can then send at most {@code
 * window - handedOutUnacked <= demand} more, so <b>the client never buffers more deliveries than
 * the subscriber has requested and not yet received</b>, however many messages wait in the queue. A
 * subscriber requesting one at a time thus has at most one message in flight (one unacknowledged at
 * the broker). Once demand covers the window (e.g. {@code request(Long.MAX_VALUE)}) every delivery
 * is acknowledged as soon as {@code onNext} returns. A later, larger request does not widen the
 * window (RabbitMQ applies a per-consumer prefetch at basic.consume only).
 *
 * <p><b>Manual acknowledgement</b> ({@link AckMode#MANUAL}): the stream acknowledges nothing; the
 * subscriber acknowledges each delivery on the channel ({@code basicAck(delivery.deliveryTag())}).
 * The window alone then bounds what the broker sends and the client buffers; cancelling requeues
 * what was buffered and leaves what was handed out to the subscriber.
 *
 * <p><b>Delivery is at least once.</b> A delivery whose acknowledgement was still held back when
 * the channel or connection failed is redelivered, even though {@code onNext} returned.
 *
 * <p><b>Reactive Streams rules.</b> Every signal ({@code onSubscribe}, {@code onNext}, {@code
 * onError}, {@code onComplete}) runs on the channel's dispatcher, one at a time (§1.3), never on
 * the I/O thread; {@code request} and {@code cancel} may be called from any thread, including from
 * within {@code onNext}, and are queued behind the signal running (no recursion, §3.3). A
 * non-positive request cancels the consumer and signals {@code onError} with an {@link
 * IllegalArgumentException} (§3.9). {@code cancel} is idempotent (§3.7) and takes effect at once:
 * no further {@code onNext} starts after it (§3.12); it cancels the consumer (at once, or as soon
 * as basic.consume-ok arrives when it has not yet), acknowledges what was handed out and requeues
 * what was buffered. A broker cancel (the queue was deleted) signals {@code onComplete}; the
 * channel or connection closing signals {@code onError} with the reason. An {@code onNext} that
 * throws (§2.13) cancels the subscription and requeues that delivery.
 */
public final class DemandPublisher implements Flow.Publisher<Delivery> {
  private static final Logger log = LoggerFactory.getLogger(DemandPublisher.class);

  private final ChannelContext ctx;
  private final ChannelConsumers consumers;
  private final ChannelCalls calls;
  private final ConsumeSpec spec;
  private final AtomicBoolean subscribed = new AtomicBoolean();

  private final Function<Qos, CompletableFuture<Void>> qos;
  private final boolean manualAck;

  /**
   * A stream of {@code spec}'s deliveries; {@code qos} sets the channel's prefetch (the channel's
   * basic.qos, so that recovery restores it).
   */
  public DemandPublisher(
      ChannelContext ctx,
      ChannelConsumers consumers,
      ChannelCalls calls,
      Function<Qos, CompletableFuture<Void>> qos,
      ConsumeSpec spec,
      AckMode acknowledgements) {
    if (spec.isAutoAck()) {
      throw new IllegalArgumentException(
          "a demand-driven stream needs manual acknowledgements: with auto-ack the broker ignores"
              + " the prefetch and demand could not bound what it sends");
    }
    this.ctx = ctx;
    this.consumers = consumers;
    this.calls = calls;
    this.qos = qos;
    this.manualAck = acknowledgements == AckMode.MANUAL;
    // Its callbacks keep their state on the dispatcher (see below), whatever the spec asked.
    this.spec = spec.callbackThread(dev.warren.client.CallbackThread.DISPATCHER);
  }

  @Override
  public void subscribe(Flow.Subscriber<? super Delivery> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    if (!subscribed.compareAndSet(false, true)) {
      ctx.dispatcher()
          .execute(
              () -> {
                subscriber.onSubscribe(NOOP);
                subscriber.onError(
                    new IllegalStateException("this consumer stream already has a subscriber"));
              });
      return;
    }
    StreamSubscription s = new StreamSubscription(subscriber);
    ctx.dispatcher().execute(() -> subscriber.onSubscribe(s));
  }

  private final class StreamSubscription implements Flow.Subscription, Consumer {
    private final Flow.Subscriber<? super Delivery> subscriber;
    // Everything below is touched on the channel's dispatcher only.
    private final ArrayDeque<Delivery> buffer = new ArrayDeque<>();

    /** Delivery tags handed to onNext whose ack is held back to keep the credit within demand. */
    private final ArrayDeque<Long> heldAcks = new ArrayDeque<>();

    private long demand;
    private int window;
    private boolean started;
    private boolean done;
    private String consumerTag;

    /** Set by cancel() on any thread: stops onNext at once, before the cancel task runs. */
    private volatile boolean cancelRequested;

    StreamSubscription(Flow.Subscriber<? super Delivery> subscriber) {
      this.subscriber = subscriber;
    }

    // ---- Flow.Subscription (any thread) ----

    @Override
    public void request(long n) {
      ctx.dispatcher().execute(() -> onRequest(n));
    }

    @Override
    public void cancel() {
      cancelRequested = true;
      ctx.dispatcher().execute(this::cancelNow);
    }

    // ---- dispatcher ----

    private void onRequest(long n) {
      if (done) {
        return; // §3.6: after cancel or a terminal signal, request is a no-op
      }
      if (n <= 0) {
        terminate(
            new IllegalArgumentException(
                "request(" + n + "): demand must be positive (Reactive Streams rule 3.9)"));
        return;
      }
      demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
      if (!started) {
        started = true;
        window = (int) Math.min(n, 65535);
        start(window);
      }
      drain();
    }

    private void start(int prefetch) {
      qos.apply(Qos.prefetch(prefetch))
          .thenCompose(v -> consumers.subscribe(spec, this, true))
          .whenComplete(
              (tag, e) -> {
                if (e != null) {
                  ctx.dispatcher().execute(() -> terminate(Await.rethrow(unwrap(e))));
                }
              });
    }

    @Override
    public void handleConsumeOk(String tag) {
      // Runs on the dispatcher before any delivery of this consumer.
      consumerTag = tag;
      if (done) {
        cancelConsumer(); // cancelled while basic.consume was on its way
      }
    }

    @Override
    public void handleDelivery(Delivery delivery) {
      if (done) {
        nack(delivery.deliveryTag());
        return;
      }
      buffer.add(delivery);
      drain();
    }

    private void drain() {
      while (!done && !cancelRequested && demand > 0 && !buffer.isEmpty()) {
        Delivery d = buffer.poll();
        demand--;
        try {
          subscriber.onNext(d);
        } catch (RuntimeException e) {
          // §2.13: the subscriber broke the contract; the subscription counts as cancelled.
          log.warn(
              "channel {}: stream subscriber threw from onNext; cancelling the stream",
              ctx.number(),
              e);
          nack(d.deliveryTag());
          cancelNow();
          return;
        }
        if (!manualAck) {
          heldAcks.add(d.deliveryTag());
        }
      }
      releaseCredit();
    }

    /**
     * Acknowledges handed-out deliveries while more are held than {@code window - demand}: the
     * broker may then send at most {@code window - held <= demand} further deliveries.
     */
    private void releaseCredit() {
      long keep = Math.max(0, window - demand);
      while (heldAcks.size() > keep) {
        ack(heldAcks.poll());
      }
    }

    @Override
    public void handleCancel(String tag) {
      // The broker cancelled the consumer (queue deleted, say): nothing more will come.
      if (done) {
        return;
      }
      done = true;
      releaseAll();
      subscriber.onComplete();
    }

    @Override
    public void handleShutdown(String tag, AmqpException cause) {
      if (done) {
        return;
      }
      done = true;
      buffer.clear(); // the channel is gone: the broker requeues everything unacknowledged
      heldAcks.clear();
      subscriber.onError(cause);
    }

    private void cancelNow() {
      if (done) {
        return; // §3.7: idempotent
      }
      done = true;
      cancelConsumer();
      releaseAll();
    }

    /** Ends the stream with {@code t}: the consumer is cancelled and buffered messages requeued. */
    private void terminate(Throwable t) {
      if (done) {
        return;
      }
      done = true;
      cancelConsumer();
      releaseAll();
      subscriber.onError(t);
    }

    private void cancelConsumer() {
      String tag = consumerTag;
      if (tag != null && !ctx.isClosed()) {
        consumers.cancel(tag);
      }
      // Without a tag basic.consume is still on its way: handleConsumeOk cancels.
    }

    /** Acknowledges what was handed out and requeues what was buffered. */
    private void releaseAll() {
      Long tag;
      while ((tag = heldAcks.poll()) != null) {
        ack(tag);
      }
      Delivery d;
      while ((d = buffer.poll()) != null) {
        nack(d.deliveryTag());
      }
    }

    private void ack(long deliveryTag) {
      sendIfOpen(new BasicAck(deliveryTag, false));
    }

    private void nack(long deliveryTag) {
      sendIfOpen(new BasicNack(deliveryTag, false, true));
    }

    private void sendIfOpen(dev.warren.protocol.codec.Method m) {
      if (!!ctx.isClosed()) {
        return; // the broker requeues unacknowledged deliveries of a closed channel itself
      }
      try {
        calls.sendQuietly(m);
      } catch (AmqpException e) {
        log.debug("channel {}: {} not sent: {}", ctx.number(), m.protocolName(), e.getMessage());
      }
    }
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static final Flow.Subscription NOOP =
      new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
      };
}
