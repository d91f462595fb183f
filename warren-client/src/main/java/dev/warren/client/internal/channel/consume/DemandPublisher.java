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
 * is acknowledged as soon as {@code onNext} returns.
 *
 * <p><b>Widening.</b> RabbitMQ fixes a consumer's prefetch at basic.consume, so the window grows as
 * demand grows by adding consumers (<em>lanes</em>) on the same channel and queue: when the
 * outstanding demand reaches twice the window, basic.qos with the difference and a basic.consume
 * add a lane of {@code demand - window} (the window reaches the demand, at most 65535 in all). The
 * lane is counted in the window before it is sent, so the bound above holds while it is on its way;
 * each lane at least doubles the window, so a stream has at most 17 of them. Deliveries of all
 * lanes go through the one channel in the queue's order. An exclusive or no-wait spec, and one
 * reading a stream from an offset, are never widened (a second exclusive consumer is refused, a
 * no-wait lane would need a tag of its own, a second stream reader would read the same messages
 * again), and nor is a stream queue's (told by its first delivery, which carries {@code
 * x-stream-offset}; widening waits for that first delivery); on a single-active-consumer queue a
 * lane waits as a standby and the window stays what the active one has. The channel's basic.qos is
 * left at the last lane's prefetch (consumers added to the channel later get it); recovery
 * re-subscribes each lane with the prefetch it had.
 *
 * <p><b>Manual acknowledgement</b> ({@link AckMode#MANUAL}): the stream acknowledges nothing; the
 * subscriber acknowledges each delivery on the channel ({@code basicAck(delivery.deliveryTag())}).
 * The window alone then bounds what the broker sends and the client buffers; a request that reaches
 * the window adds a lane of the requested amount, so deliveries the subscriber holds unacknowledged
 * do not starve a new request. Cancelling requeues what was buffered and leaves what was handed out
 * to the subscriber.
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

  /** The largest prefetch count basic.qos carries (a short): the widest the window gets. */
  static final int MAX_WINDOW = 65535;

  private final ChannelContext ctx;
  private final ChannelConsumers consumers;
  private final ChannelCalls calls;
  private final ConsumeSpec spec;
  private final AtomicBoolean subscribed = new AtomicBoolean();

  private final Function<Qos, CompletableFuture<Void>> qos;
  private final boolean manualAck;
  private final boolean widens;
  private static final String STREAM_OFFSET = "x-stream-offset";

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
    // A second exclusive consumer is refused; a no-wait lane would need a tag of its own; a lane
    // on a stream would read again from the offset the first one started at.
    this.widens =
        !spec.isExclusive() && !spec.isNoWait() && !spec.arguments().containsKey(STREAM_OFFSET);
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

    /** The consumer tags of this stream's lanes, the first one first (consume-ok arrived). */
    private final java.util.List<String> lanes = new java.util.ArrayList<>();

    /** A lane's basic.qos and basic.consume are on their way (its prefetch already counted). */
    private boolean widening;

    /** A lane was refused: the window stays as it is. */
    private boolean wideningFailed;

    /**
     * The first delivery was looked at: it tells a stream queue (whose deliveries carry {@code
     * x-stream-offset}), where every consumer reads every message, so a lane would duplicate them.
     */
    private boolean probed;

    private boolean streamQueue;

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
        window = (int) Math.min(n, MAX_WINDOW);
        start(window);
      }
      drain();
      maybeWiden();
    }

    /**
     * Adds a lane when the demand outgrew the window (see the class comment): twice the window in
     * automatic mode (the lane then brings the window to the demand), the window in manual mode
     * (the lane adds the demand, since the window is partly held by the subscriber).
     */
    private void maybeWiden() {
      if (done
          || widening
          || wideningFailed
          || lanes.isEmpty()
          || !probed
          || streamQueue
          || !widens
          || window >= MAX_WINDOW) {
        return;
      }
      long wanted = manualAck ? demand : demand - window;
      if (manualAck ? demand < window : demand < 2L * window) {
        return;
      }
      int lane = (int) Math.min(MAX_WINDOW - window, wanted);
      widening = true;
      window += lane; // counted before the broker can use it: the bound holds meanwhile
      qos.apply(Qos.prefetch(lane))
          .thenCompose(v -> consumers.subscribe(spec.tag(""), this, true))
          .whenComplete(
              (tag, e) -> {
                if (e != null) {
                  ctx.dispatcher().execute(() -> laneRefused(lane, unwrap(e)));
                }
              });
    }

    private void laneRefused(int lane, Throwable cause) {
      widening = false;
      wideningFailed = true;
      window -= lane;
      log.debug(
          "channel {}: consumer stream not widened by {}: {}",
          ctx.number(),
          lane,
          cause.toString());
      if (!done) {
        releaseCredit();
      }
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
      // Runs on the dispatcher before any delivery of this consumer (lane).
      boolean addedLane = !lanes.isEmpty();
      lanes.add(tag);
      if (done) {
        cancelLane(tag); // cancelled while basic.consume was on its way
        return;
      }
      if (addedLane) {
        widening = false;
      }
      maybeWiden(); // the demand may have grown while this lane was on its way
    }

    @Override
    public void handleDelivery(Delivery delivery) {
      if (done) {
        nack(delivery.deliveryTag());
        return;
      }
      buffer.add(delivery);
      drain();
      if (!probed) {
        probed = true;
        java.util.Map<String, Object> headers = delivery.properties().headers();
        streamQueue = headers != null && headers.containsKey(STREAM_OFFSET);
        maybeWiden();
      }
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
      lanes.remove(tag);
      if (done) {
        return;
      }
      done = true;
      cancelConsumer(); // the other lanes, if the broker cancelled only this one
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
      for (String tag : lanes) {
        cancelLane(tag);
      }
      // A lane whose basic.consume is still on its way is cancelled by handleConsumeOk.
    }

    private void cancelLane(String tag) {
      if (!ctx.isClosed() && consumers.contains(tag)) {
        consumers.cancel(tag);
      }
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
