package dev.warren.client.internal;

import dev.warren.client.ReturnedMessage;
import dev.warren.errors.AmqpException;
import dev.warren.errors.NackedException;
import dev.warren.errors.RpcTimeoutException;
import dev.warren.errors.UnroutableException;
import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The publishes of one channel in confirm mode that await the broker's ack or nack. Sequence
 * numbers are consecutive, so the outstanding ones live in a ring indexed by sequence number: no
 * map, no boxing, O(1) per confirm. Used on the I/O thread only.
 */
final class ConfirmTracker {
  /** A publish whose outcome someone waits for. */
  static final class Pending {
    final CompletableFuture<Void> future;
    final long deadlineNanos;
    // Kept only for mandatory publishes, to recognise a basic.return of this message.
    final String exchange;
    final String routingKey;
    final BasicProperties properties;
    final byte[] body;
    // Published with the mandatory flag: only such a publish can come back as a basic.return, and a
    // republish after recovery sets the flag again.
    final boolean mandatory;
    ReturnedMessage returned;
    // Where the publish's frames end in its session's outbound stream; 0 when unknown.
    long endOffset;
    // Set when a connection loss found it unconfirmed: whether it may have reached the broker.
    boolean mayHaveReachedBroker = true;

    Pending(
        CompletableFuture<Void> future,
        long deadlineNanos,
        String exchange,
        String routingKey,
        BasicProperties properties,
        byte[] body,
        boolean mandatory) {
      this.future = future;
      this.deadlineNanos = deadlineNanos;
      this.exchange = exchange;
      this.routingKey = routingKey;
      this.properties = properties;
      this.body = body;
      this.mandatory = mandatory;
    }

    /** Whether this publish keeps its content (mandatory, or kept for republishing). */
    boolean hasContent() {
      return body != null;
    }

    boolean matches(ReturnedMessage r) {
      return mandatory
          && body != null
          && returned == null
          && exchange.equals(r.exchange())
          && routingKey.equals(r.routingKey())
          && Arrays.equals(body, r.body());
    }
  }

  private static final Object UNTRACKED = new Object();

  private record Waiter(long upTo, CompletableFuture<Void> future, boolean[] nacked) {}

  private Object[] ring = new Object[64];
  private long base = 1; // lowest sequence number that may be unresolved
  private long next = 1; // sequence number of the next publish
  private int outstanding;
  private int tracked;
  private final List<Waiter> waiters = new ArrayList<>(2);
  // For waitForAll: the highest sequence number nacked, and the highest one a wait covered. A
  // nack that arrives before the wait is registered must still fail it.
  private long highestNacked;
  private long highestWaitedFor;

  /** Records a publish; {@code pending} null when nobody waits for this one in particular. */
  void published(long seq, Pending pending) {
    if (seq != next) {
      // confirm.select restarted numbering at 1 (only possible before any publish).
      base = seq;
    }
    next = seq + 1;
    ensureCapacity();
    ring[index(seq)] = pending == null ? UNTRACKED : pending;
    outstanding++;
    if (pending != null) {
      tracked++;
    }
  }

  int outstanding() {
    return outstanding;
  }

  void ack(long tag, boolean multiple) {
    resolve(tag, multiple, true);
  }

  void nack(long tag, boolean multiple) {
    resolve(tag, multiple, false);
  }

  private void resolve(long tag, boolean multiple, boolean ack) {
    if (tag >= next) {
      tag = next - 1; // a confirm beyond what we sent: ignore the excess
    }
    long from = multiple ? base : tag;
    for (long s = from; s <= tag; s++) {
      resolveOne(s, ack);
    }
    while (base < next && ring[index(base)] == null) {
      base++;
    }
    if (!ack) {
      highestNacked = Math.max(highestNacked, tag);
      for (Waiter w : waiters) {
        if (from <= w.upTo) {
          w.nacked[0] = true;
        }
      }
    }
    completeWaiters();
  }

  private void resolveOne(long seq, boolean ack) {
    int i = index(seq);
    Object entry = ring[i];
    if (entry == null || seq < base) {
      return;
    }
    ring[i] = null;
    outstanding--;
    if (entry instanceof Pending p) {
      tracked--;
      if (!ack) {
        p.future.completeExceptionally(new NackedException(seq));
      } else if (p.returned != null) {
        ReturnedMessage r = p.returned;
        p.future.completeExceptionally(
            new UnroutableException(
                r.replyCode(),
                r.replyText(),
                r.exchange(),
                r.routingKey(),
                r.properties(),
                r.body()));
      } else {
        p.future.complete(null);
      }
    }
  }

  /**
   * A mandatory message came back. RabbitMQ sends the return before the ack of the same message, so
   * it belongs to the oldest unconfirmed mandatory publish with the same exchange, routing key and
   * body.
   */
  void returned(ReturnedMessage message) {
    if (tracked == 0) {
      return;
    }
    for (long s = base; s < next; s++) {
      if (ring[index(s)] instanceof Pending p && p.matches(message)) {
        p.returned = message;
        return;
      }
    }
  }

  /**
   * A future completing when everything published so far is confirmed; it fails with {@link
   * NackedException} when any publish since the previous wait was nacked, even before this call.
   */
  void waitForAll(CompletableFuture<Void> future) {
    long upTo = next - 1;
    boolean nackedAlready = highestNacked > highestWaitedFor;
    highestWaitedFor = Math.max(highestWaitedFor, upTo);
    Waiter w = new Waiter(upTo, future, new boolean[] {nackedAlready});
    if (outstanding == 0) {
      complete(w);
      return;
    }
    waiters.add(w);
  }

  private static void complete(Waiter w) {
    if (w.nacked[0]) {
      w.future.completeExceptionally(
          new NackedException(
              w.upTo,
              "the broker nacked at least one of the publishes up to sequence number " + w.upTo));
    } else {
      w.future.complete(null);
    }
  }

  private void completeWaiters() {
    if (waiters.isEmpty()) {
      return;
    }
    Iterator<Waiter> it = waiters.iterator();
    while (it.hasNext()) {
      Waiter w = it.next();
      if (outstanding == 0 || base > w.upTo) {
        it.remove();
        complete(w);
      }
    }
  }

  /** Fails every tracked publish whose deadline passed; returns whether any remain. */
  boolean expire(long nowNanos, Duration timeout) {
    for (long s = base; s < next; s++) {
      if (ring[index(s)] instanceof Pending p && p.deadlineNanos - nowNanos <= 0) {
        ring[index(s)] = UNTRACKED; // still outstanding for waitForConfirms
        tracked--;
        p.future.completeExceptionally(
            new RpcTimeoutException("basic.ack of publish " + s, timeout));
      }
    }
    return tracked > 0;
  }

  int trackedCount() {
    return tracked;
  }

  /**
   * The connection was lost: takes out every unconfirmed publish someone waits for (oldest first),
   * for the caller to fail or republish, and fails every {@code waitForConfirms} with {@code
   * cause}.
   */
  List<Pending> drainAll(AmqpException cause) {
    List<Pending> drained = new ArrayList<>();
    for (long s = base; s < next; s++) {
      Object entry = ring[index(s)];
      if (entry instanceof Pending p) {
        drained.add(p);
        ring[index(s)] = null;
      }
    }
    failAll(cause);
    return drained;
  }

  /** The channel closed: every tracked publish and every waiter fails with {@code cause}. */
  void failAll(AmqpException cause) {
    for (long s = base; s < next; s++) {
      Object entry = ring[index(s)];
      if (entry instanceof Pending p) {
        p.future.completeExceptionally(cause);
      }
      ring[index(s)] = null;
    }
    base = next;
    outstanding = 0;
    tracked = 0;
    for (Waiter w : waiters) {
      w.future.completeExceptionally(cause);
    }
    waiters.clear();
  }

  private int index(long seq) {
    return (int) (seq & (ring.length - 1));
  }

  private void ensureCapacity() {
    if (next - base < ring.length) {
      return;
    }
    Object[] bigger = new Object[ring.length * 2];
    for (long s = base; s < next - 1; s++) {
      bigger[(int) (s & (bigger.length - 1))] = ring[index(s)];
    }
    ring = bigger;
  }
}
