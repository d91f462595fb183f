/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel.consume;

import dev.warren.client.ConsumeSpec;
import dev.warren.client.Consumer;
import dev.warren.client.ConsumerStream;
import dev.warren.client.Delivery;
import dev.warren.client.internal.channel.ChannelCalls;
import dev.warren.client.internal.channel.ChannelContext;
import dev.warren.client.internal.threads.Await;
import dev.warren.errors.AmqpException;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * pika's consume generator: deliveries queue up here (bounded by the channel's prefetch in manual
 * ack mode) and the iterator hands them out, or the inactivity marker after the timeout.
 */
public final class PullConsumerStream implements ConsumerStream, Consumer {
  private static final Delivery END =
      new Delivery("", -1, false, "", "", dev.warren.protocol.BasicProperties.EMPTY, new byte[0]);

  private final ChannelContext ctx;
  private final ChannelConsumers consumers;
  private final ChannelCalls calls;
  private final ConsumeSpec spec;
  private final Duration inactivityTimeout;
  private final LinkedBlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();

  /**
   * Deliveries that arrived and that no {@code next()} has returned yet: in {@link #queue}, or
   * taken by an iterator's {@code hasNext()} and held for its {@code next()}. Added to on the
   * dispatcher (before the delivery is queued), taken from by the iterating thread and by cancel.
   */
  private final AtomicInteger waiting = new AtomicInteger();

  /**
   * Deliveries an iterator's {@code hasNext()} took from {@link #queue} and holds for its {@code
   * next()}: {@link #cancel()} requeues them with the rest. Whoever removes one owns it.
   */
  private final Set<Delivery> held = ConcurrentHashMap.newKeySet();

  private volatile String consumerTag;
  private volatile boolean ended;

  private PullConsumerStream(
      ChannelContext ctx,
      ChannelConsumers consumers,
      ChannelCalls calls,
      ConsumeSpec spec,
      Duration inactivityTimeout) {
    this.ctx = ctx;
    this.consumers = consumers;
    this.calls = calls;
    // Only the iterating thread takes deliveries from it; the dispatcher hands them over.
    this.spec = spec.callbackThread(dev.warren.client.CallbackThread.DISPATCHER);
    this.inactivityTimeout = inactivityTimeout;
  }

  public static PullConsumerStream start(
      ChannelContext ctx,
      ChannelConsumers consumers,
      ChannelCalls calls,
      ConsumeSpec spec,
      Duration timeout) {
    PullConsumerStream stream = new PullConsumerStream(ctx, consumers, calls, spec, timeout);
    stream.consumerTag =
        Await.result(
            consumers.subscribe(stream.spec, stream, true), ctx.rpcTimeout(), "basic.consume-ok");
    return stream;
  }

  @Override
  public void handleDelivery(Delivery delivery) {
    waiting.incrementAndGet();
    queue.add(delivery);
  }

  @Override
  public void handleCancel(String tag) {
    queue.add(END);
  }

  @Override
  public void handleCancelOk(String tag) {
    queue.add(END);
  }

  @Override
  public void handleShutdown(String tag, AmqpException cause) {
    queue.add(END);
  }

  @Override
  public String consumerTag() {
    return consumerTag;
  }

  @Override
  public Iterator<Item> iterator() {
    return new Iterator<>() {
      private Item next;

      @Override
      public boolean hasNext() {
        if (next != null) {
          return true;
        }
        if (ended) {
          return false;
        }
        Delivery d;
        try {
          d =
              inactivityTimeout == null
                  ? queue.take()
                  : queue.poll(inactivityTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          ended = true;
          return false;
        }
        if (d == END) {
          ended = true;
          return false;
        }
        if (d != null) {
          held.add(d);
          if (ended && held.remove(d)) {
            // cancel() ran meanwhile and may have missed it: requeue it as cancel() would have
            requeue(d);
            return false;
          }
        }
        next = d == null ? Item.inactive() : new Item(d);
        return true;
      }

      @Override
      public Item next() {
        if (!hasNext()) {
          throw new NoSuchElementException("the consumer was cancelled or its channel closed");
        }
        Item item = next;
        next = null;
        if (!item.isInactive()) {
          if (!held.remove(item.delivery())) {
            // cancel() took it back and requeued it
            throw new NoSuchElementException("the stream was cancelled; the message was requeued");
          }
          waiting.decrementAndGet();
        }
        return item;
      }
    };
  }

  @Override
  public int waitingMessageCount() {
    return waiting.get();
  }

  @Override
  public int cancel() {
    if (!ctx.isClosed() && consumers.contains(consumerTag)) {
      Await.result(consumers.cancel(consumerTag), ctx.rpcTimeout(), "basic.cancel-ok");
    }
    ended = true;
    int pending = 0;
    // Those an iterator holds for its next() first: they arrived before the queued ones.
    for (Delivery d : held) {
      if (held.remove(d)) {
        pending++;
        requeue(d);
      }
    }
    Delivery d;
    while ((d = queue.poll()) != null) {
      if (d == END) {
        continue;
      }
      pending++;
      requeue(d);
    }
    return pending;
  }

  /** A delivery no next() will return: no longer waiting, and back to the queue (manual ack). */
  private void requeue(Delivery d) {
    waiting.decrementAndGet();
    if (!spec.isAutoAck() && !ctx.isClosed()) {
      calls.sendQuietly(new dev.warren.protocol.method.BasicNack(d.deliveryTag(), false, true));
    }
  }

  @Override
  public void close() {
    cancel();
  }
}
