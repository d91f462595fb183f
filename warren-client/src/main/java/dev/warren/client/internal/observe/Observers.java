/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.observe;

import dev.warren.client.ClientObserver;
import dev.warren.client.Consumer;
import dev.warren.client.ConsumerContext;
import dev.warren.client.GetResponse;
import dev.warren.client.PublishContext;
import dev.warren.client.PublishObservation;
import dev.warren.client.PublishOutcome;
import dev.warren.client.Settlement;
import dev.warren.errors.BackpressureTimeoutException;
import dev.warren.protocol.BasicProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every observer of one connection, as one: each call goes to each observer in order, and what one
 * throws is logged at debug and does not stop the others or the client. The client calls it only
 * when {@link #on} is true ({@code if (obs.on) obs.published(...)}), so with no observer a hook
 * costs one final-field read and a branch, and builds no argument.
 */
public final class Observers implements ClientObserver {
  private static final Logger log = LoggerFactory.getLogger(Observers.class);

  /** No observer: {@link #on} is false. */
  public static final Observers NONE = new Observers(new ClientObserver[0]);

  /** Whether any observer is registered. */
  public final boolean on;

  /**
   * Whether an observer overrides {@link #startPublish}: only then does a publish build a {@link
   * PublishContext} (metrics alone allocate nothing per publish).
   */
  public final boolean followsPublishes;

  private final ClientObserver[] all;

  private Observers(ClientObserver[] all) {
    this.all = all;
    this.on = all.length > 0;
    boolean follows = false;
    for (ClientObserver o : all) {
      follows |= overrides(o, "startPublish", PublishContext.class);
    }
    this.followsPublishes = follows;
  }

  private static boolean overrides(ClientObserver o, String method, Class<?>... parameters) {
    try {
      return o.getClass().getMethod(method, parameters).getDeclaringClass() != ClientObserver.class;
    } catch (NoSuchMethodException e) {
      return true; // cannot tell: call it
    }
  }

  /** The holder for these observers; {@link #NONE} when the list is empty. */
  public static Observers of(List<ClientObserver> observers) {
    return observers.isEmpty() ? NONE : new Observers(observers.toArray(new ClientObserver[0]));
  }

  private static void failed(ClientObserver o, String event, RuntimeException e) {
    log.debug("observer {} threw on {}; ignored", o, event, e);
  }

  @Override
  public void connectionOpened(String endpoint) {
    for (ClientObserver o : all) {
      try {
        o.connectionOpened(endpoint);
      } catch (RuntimeException e) {
        failed(o, "connectionOpened", e);
      }
    }
  }

  @Override
  public void connectionLost(String endpoint, Throwable cause) {
    for (ClientObserver o : all) {
      try {
        o.connectionLost(endpoint, cause);
      } catch (RuntimeException e) {
        failed(o, "connectionLost", e);
      }
    }
  }

  @Override
  public void connectionRecovered(String endpoint, long downtimeNanos) {
    for (ClientObserver o : all) {
      try {
        o.connectionRecovered(endpoint, downtimeNanos);
      } catch (RuntimeException e) {
        failed(o, "connectionRecovered", e);
      }
    }
  }

  @Override
  public void connectionClosed(String endpoint, Throwable cause) {
    for (ClientObserver o : all) {
      try {
        o.connectionClosed(endpoint, cause);
      } catch (RuntimeException e) {
        failed(o, "connectionClosed", e);
      }
    }
  }

  @Override
  public void channelOpened(int channel) {
    for (ClientObserver o : all) {
      try {
        o.channelOpened(channel);
      } catch (RuntimeException e) {
        failed(o, "channelOpened", e);
      }
    }
  }

  @Override
  public void channelClosed(int channel) {
    for (ClientObserver o : all) {
      try {
        o.channelClosed(channel);
      } catch (RuntimeException e) {
        failed(o, "channelClosed", e);
      }
    }
  }

  @Override
  public void published(int channel, String exchange, int bodySize) {
    for (ClientObserver o : all) {
      try {
        o.published(channel, exchange, bodySize);
      } catch (RuntimeException e) {
        failed(o, "published", e);
      }
    }
  }

  @Override
  public void publishFailed(int channel, String exchange, Throwable cause) {
    for (ClientObserver o : all) {
      try {
        o.publishFailed(channel, exchange, cause);
      } catch (RuntimeException e) {
        failed(o, "publishFailed", e);
      }
    }
  }

  @Override
  public void publishConfirmed(int channel, long latencyNanos) {
    for (ClientObserver o : all) {
      try {
        o.publishConfirmed(channel, latencyNanos);
      } catch (RuntimeException e) {
        failed(o, "publishConfirmed", e);
      }
    }
  }

  @Override
  public void publishNacked(int channel, long latencyNanos) {
    for (ClientObserver o : all) {
      try {
        o.publishNacked(channel, latencyNanos);
      } catch (RuntimeException e) {
        failed(o, "publishNacked", e);
      }
    }
  }

  @Override
  public void publishReturned(int channel, String exchange, String routingKey, int replyCode) {
    for (ClientObserver o : all) {
      try {
        o.publishReturned(channel, exchange, routingKey, replyCode);
      } catch (RuntimeException e) {
        failed(o, "publishReturned", e);
      }
    }
  }

  @Override
  public void delivered(int channel, String queue, String consumerTag, int bodySize) {
    for (ClientObserver o : all) {
      try {
        o.delivered(channel, queue, consumerTag, bodySize);
      } catch (RuntimeException e) {
        failed(o, "delivered", e);
      }
    }
  }

  @Override
  public void settled(int channel, Settlement settlement, long deliveryTag) {
    for (ClientObserver o : all) {
      try {
        o.settled(channel, settlement, deliveryTag);
      } catch (RuntimeException e) {
        failed(o, "settled", e);
      }
    }
  }

  @Override
  public void consumerCancelledByBroker(int channel, String consumerTag) {
    for (ClientObserver o : all) {
      try {
        o.consumerCancelledByBroker(channel, consumerTag);
      } catch (RuntimeException e) {
        failed(o, "consumerCancelledByBroker", e);
      }
    }
  }

  @Override
  public void consumerStarted(int channel, String consumerTag) {
    for (ClientObserver o : all) {
      try {
        o.consumerStarted(channel, consumerTag);
      } catch (RuntimeException e) {
        failed(o, "consumerStarted", e);
      }
    }
  }

  @Override
  public void blocked(String reason) {
    for (ClientObserver o : all) {
      try {
        o.blocked(reason);
      } catch (RuntimeException e) {
        failed(o, "blocked", e);
      }
    }
  }

  @Override
  public void unblocked(long blockedNanos) {
    for (ClientObserver o : all) {
      try {
        o.unblocked(blockedNanos);
      } catch (RuntimeException e) {
        failed(o, "unblocked", e);
      }
    }
  }

  @Override
  public void backpressureWaited(BackpressureTimeoutException.Gate gate, long waitedNanos) {
    for (ClientObserver o : all) {
      try {
        o.backpressureWaited(gate, waitedNanos);
      } catch (RuntimeException e) {
        failed(o, "backpressureWaited", e);
      }
    }
  }

  /**
   * Every observer's observation of this publish as one (each sees the properties the one before it
   * returned); null when none follows it.
   */
  @Override
  public PublishObservation startPublish(PublishContext context) {
    PublishObservation first = null;
    List<PublishObservation> more = null;
    PublishContext c = context;
    for (ClientObserver o : all) {
      PublishObservation p;
      try {
        p = o.startPublish(c);
        if (p == null) {
          continue;
        }
        BasicProperties props = p.properties();
        if (props != null && props != c.properties()) {
          c =
              new PublishContext(
                  c.channel(),
                  c.exchange(),
                  c.routingKey(),
                  props,
                  c.bodySize(),
                  c.peerHost(),
                  c.peerPort());
        }
      } catch (RuntimeException e) {
        failed(o, "startPublish", e);
        continue;
      }
      if (first == null) {
        first = p;
      } else {
        if (more == null) {
          more = new ArrayList<>(2);
          more.add(first);
        }
        more.add(p);
      }
    }
    if (more == null) {
      return first == null ? null : new Guarded(first, c.properties());
    }
    return new Several(more, c.properties());
  }

  @Override
  public Consumer wrapConsumer(Consumer consumer, ConsumerContext context) {
    Consumer c = consumer;
    for (ClientObserver o : all) {
      try {
        Consumer wrapped = o.wrapConsumer(c, context);
        if (wrapped != null) {
          c = wrapped;
        }
      } catch (RuntimeException e) {
        failed(o, "wrapConsumer", e);
      }
    }
    return c;
  }

  @Override
  public void getCompleted(
      ConsumerContext context, GetResponse response, Throwable failure, Instant started) {
    for (ClientObserver o : all) {
      try {
        o.getCompleted(context, response, failure, started);
      } catch (RuntimeException e) {
        failed(o, "getCompleted", e);
      }
    }
  }

  /** One observation; its properties were read once, and what it throws is logged. */
  private record Guarded(PublishObservation p, BasicProperties properties)
      implements PublishObservation {
    @Override
    public void finished(PublishOutcome outcome, Throwable failure) {
      try {
        p.finished(outcome, failure);
      } catch (RuntimeException e) {
        log.debug("publish observation {} threw on finished; ignored", p, e);
      }
    }
  }

  /** Several observers' observations of one publish. */
  private record Several(List<PublishObservation> all, BasicProperties properties)
      implements PublishObservation {
    @Override
    public void finished(PublishOutcome outcome, Throwable failure) {
      for (PublishObservation p : all) {
        try {
          p.finished(outcome, failure);
        } catch (RuntimeException e) {
          log.debug("publish observation {} threw on finished; ignored", p, e);
        }
      }
    }
  }
}
