package dev.warren.client.internal;

import dev.warren.client.ConsumeSpec;
import dev.warren.client.Consumer;
import dev.warren.client.Delivery;
import dev.warren.client.Qos;
import dev.warren.errors.AmqpException;
import dev.warren.protocol.method.BasicAck;
import dev.warren.protocol.method.BasicNack;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A consumer as a {@link Flow.Publisher} whose demand drives the broker.
 *
 * <p>The subscriber's first {@code request(n)} sets the channel's prefetch to {@code n} (at most
 * 65535) before basic.consume, so the broker never has more than {@code n} unacknowledged
 * deliveries out for this consumer; each delivery is acknowledged after {@code onNext} returns,
 * which lets the broker send the next one. The client therefore buffers at most the window the
 * subscriber asked for, however many messages wait in the queue. Delivery is at least once: a
 * message whose {@code onNext} did not return before a failure is redelivered.
 *
 * <p>All signals run on the channel's dispatcher, one at a time. Cancelling the subscription
 * cancels the consumer and requeues what was buffered.
 */
final class DemandPublisher implements Flow.Publisher<Delivery> {
  private final ChannelCore channel;
  private final ConsumeSpec spec;
  private final AtomicBoolean subscribed = new AtomicBoolean();

  DemandPublisher(ChannelCore channel, ConsumeSpec spec) {
    if (spec.isAutoAck()) {
      throw new IllegalArgumentException(
          "a demand-driven stream needs manual acknowledgements: with auto-ack the broker ignores"
              + " the prefetch and demand could not bound what it sends");
    }
    this.channel = channel;
    this.spec = spec;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super Delivery> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    if (!subscribed.compareAndSet(false, true)) {
      channel.dispatcher.execute(
          () -> {
            subscriber.onSubscribe(NOOP);
            subscriber.onError(
                new IllegalStateException("this consumer stream already has a subscriber"));
          });
      return;
    }
    StreamSubscription s = new StreamSubscription(subscriber);
    channel.dispatcher.execute(() -> subscriber.onSubscribe(s));
  }

  private final class StreamSubscription implements Flow.Subscription, Consumer {
    private final Flow.Subscriber<? super Delivery> subscriber;
    // Touched on the dispatcher only.
    private final ArrayDeque<Delivery> buffer = new ArrayDeque<>();
    private long demand;
    private boolean started;
    private boolean done;
    private volatile String consumerTag;

    StreamSubscription(Flow.Subscriber<? super Delivery> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
      channel.dispatcher.execute(
          () -> {
            if (done) {
              return;
            }
            if (n <= 0) {
              fail(new IllegalArgumentException("request(" + n + "): demand must be positive"));
              return;
            }
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            if (!started) {
              started = true;
              start((int) Math.min(Math.max(n, 1), 65535));
            }
            drain();
          });
    }

    private void start(int window) {
      channel
          .basicQos(Qos.prefetch(window))
          .thenCompose(v -> channel.basicConsume(spec, this))
          .whenComplete(
              (tag, e) -> {
                if (e != null) {
                  channel.dispatcher.execute(() -> fail(Await.rethrow(unwrap(e))));
                } else {
                  consumerTag = tag;
                }
              });
    }

    @Override
    public void handleDelivery(Delivery delivery) {
      if (done) {
        requeue(delivery);
        return;
      }
      buffer.add(delivery);
      drain();
    }

    private void drain() {
      while (!done && demand > 0 && !buffer.isEmpty()) {
        Delivery d = buffer.poll();
        demand--;
        try {
          subscriber.onNext(d);
        } catch (RuntimeException e) {
          requeue(d);
          cancel();
          return;
        }
        if (channel.isOpen()) {
          channel.sendQuietly(new BasicAck(d.deliveryTag(), false));
        }
      }
    }

    @Override
    public void handleCancel(String tag) {
      complete();
    }

    @Override
    public void handleShutdown(String tag, AmqpException cause) {
      fail(cause);
    }

    @Override
    public void cancel() {
      channel.dispatcher.execute(
          () -> {
            if (done) {
              return;
            }
            done = true;
            String tag = consumerTag;
            if (tag != null && channel.isOpen()) {
              channel.basicCancel(tag);
            }
            Delivery d;
            while ((d = buffer.poll()) != null) {
              requeue(d);
            }
          });
    }

    private void requeue(Delivery d) {
      if (channel.isOpen()) {
        channel.sendQuietly(new BasicNack(d.deliveryTag(), false, true));
      }
    }

    private void complete() {
      if (!done) {
        done = true;
        buffer.clear(); // unacknowledged: the broker requeues them when the channel closes
        subscriber.onComplete();
      }
    }

    private void fail(Throwable t) {
      if (!done) {
        done = true;
        buffer.clear();
        subscriber.onError(t);
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
