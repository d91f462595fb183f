/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel.publish;

import dev.warren.client.ReturnedMessage;
import dev.warren.errors.AmqpException;
import dev.warren.errors.ConnectionLostException;
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
import java.util.function.LongPredicate;

/**
 * The publisher confirms of one channel, across any number of sessions (connection recoveries).
 *
 * <p>Two numberings meet here. The broker numbers a channel's publishes from 1 on every new channel
 * (its <em>delivery tags</em>, called raw numbers below); the application sees one sequence number
 * per publish that keeps increasing for the channel's whole life. Every publish written in confirm
 * mode gets the next sequence number ({@link #published}), except a republished one, which keeps
 * its own ({@link #republished}); a publish that fails before it is written takes its number too,
 * and is reported lost ({@link #failedBeforeSend}). So within one session the sequence numbers grow
 * with the raw numbers, and a broker ack of "every raw number up to t" is exactly "every unresolved
 * sequence number up to seq(t)".
 *
 * <p>What the sink hears is what the broker said about those very messages: an ack or nack only
 * when the broker acked or nacked that message on the channel it was published on; {@link
 * Sink#lost} for every publish that was unresolved when its session ended and is not kept for
 * republishing, before anything of the next session. A {@code multiple} event for {@code n} means
 * every sequence number up to {@code n} that the sink has not heard about yet; runs of a broker's
 * multiple ack that are not consecutive in sequence numbers (a republished message among fresh
 * ones) are reported as one event per run, lowest first.
 *
 * <p>Used on the I/O thread only. The outstanding publishes of the current session live in a ring
 * indexed by raw number: no map, no boxing, O(1) per confirm.
 */
final class ConfirmTracker {
  /** Hears the outcome of publishes, by sequence number (called on the I/O thread). */
  interface Sink {
    /** The broker acked ({@code ack}) or nacked the publish(es) up to {@code seq}. */
    void confirmed(long seq, boolean multiple, boolean ack);

    /**
     * Publish {@code seq} will never be confirmed: its connection was lost, its channel closed, or
     * it failed before it was written.
     */
    void lost(long seq, boolean mayHaveReachedBroker);
  }

  /** A publish whose outcome someone waits for, or whose content is kept. */
  static final class Pending {
    final CompletableFuture<Void> future;
    final long deadlineNanos;
    // Kept only for mandatory publishes (to recognise a basic.return of this message) and for
    // republishing after a recovery.
    final String exchange;
    final String routingKey;
    final BasicProperties properties;
    final byte[] body;
    // Published with the mandatory flag: only such a publish can come back as a basic.return, and a
    // republish after recovery sets the flag again.
    final boolean mandatory;
    ReturnedMessage returned;
    // The sequence number the application holds for it; set when first written.
    long seq;
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

  /** A waitForConfirms: every sequence number in (from, upTo] must be acked. */
  private static final class Waiter {
    final long from;
    final long upTo;
    final CompletableFuture<Void> future;
    boolean nacked;

    Waiter(long from, long upTo, CompletableFuture<Void> future) {
      this.from = from;
      this.upTo = upTo;
      this.future = future;
    }

    boolean covers(long seq) {
      return seq > from && seq <= upTo;
    }
  }

  private final Sink sink;
  // When observers are registered: each outstanding publish's write time, for the confirm latency.
  private final dev.warren.client.internal.observe.Observers observers;
  private final int channel;
  private long[] sentAt;
  private long resolveNanos; // the time of the confirm being resolved (observed only)
  // The current session, by raw number: the entry (Pending or UNTRACKED, null once resolved), its
  // sequence number and where its frames end in the session's outbound stream.
  private Object[] ring = new Object[64];
  private long[] seqs = new long[64];
  private long[] ends = new long[64];
  private long base = 1; // lowest raw number that may be unresolved
  private long next = 1; // raw number of the next publish
  private int outstanding;
  private int tracked;
  // Across sessions:
  private long nextSeq = 1; // sequence number of the next fresh publish
  private List<Pending> kept = List.of(); // lost, kept for republishing, lowest number first
  private final List<Waiter> waiters = new ArrayList<>(2);
  private long highestWaitedFor;
  private long highestNacked;
  private long highestLost;
  private AmqpException lossCause;

  ConfirmTracker(Sink sink) {
    this(sink, dev.warren.client.internal.observe.Observers.NONE, 0);
  }

  ConfirmTracker(Sink sink, dev.warren.client.internal.observe.Observers observers, int channel) {
    this.sink = sink;
    this.observers = observers;
    this.channel = channel;
    this.sentAt = observers.on ? new long[64] : null;
  }

  /** The sequence number the next fresh publish gets. */
  long nextSeq() {
    return nextSeq;
  }

  /**
   * A fresh publish was written with broker number {@code raw}; {@code pending} null when nobody
   * waits for this one in particular. Returns its sequence number.
   */
  long published(long raw, Pending pending, long endOffset) {
    long seq = nextSeq++;
    if (pending != null) {
      pending.seq = seq;
    }
    record(raw, seq, pending == null ? UNTRACKED : pending, endOffset);
    return seq;
  }

  /** A kept publish was written again, with broker number {@code raw}, under its own number. */
  void republished(long raw, Pending pending, long endOffset) {
    record(raw, pending.seq, pending, endOffset);
  }

  /**
   * A publish that took a sequence number failed before it was written (its channel closed, or the
   * recovery it waited for did not end in time): it gets its number, and is reported lost.
   */
  long failedBeforeSend(AmqpException cause) {
    long seq = nextSeq++;
    markLost(seq, cause);
    sink.lost(seq, false);
    completeWaiters();
    return seq;
  }

  private void record(long raw, long seq, Object entry, long endOffset) {
    if (raw != next) {
      // A new channel numbers from 1 (a session started), or the broker's numbering restarted.
      base = raw;
    }
    next = raw + 1;
    ensureCapacity();
    int i = index(raw);
    ring[i] = entry;
    seqs[i] = seq;
    ends[i] = endOffset;
    if (sentAt != null) {
      sentAt[i] = System.nanoTime();
    }
    outstanding++;
    if (entry != UNTRACKED) {
      tracked++;
    }
  }

  /** Publishes of the current session not yet acked or nacked. */
  int outstanding() {
    return outstanding;
  }

  void ack(long rawTag, boolean multiple) {
    resolve(rawTag, multiple, true);
  }

  void nack(long rawTag, boolean multiple) {
    resolve(rawTag, multiple, false);
  }

  private void resolve(long rawTag, boolean multiple, boolean ack) {
    long tag = Math.min(rawTag, next - 1); // a confirm beyond what we sent: ignore the excess
    long from = multiple ? base : tag;
    if (sentAt != null) {
      resolveNanos = System.nanoTime();
    }
    long runFirst = 0;
    long runLast = 0;
    for (long raw = Math.max(from, base); raw <= tag; raw++) {
      long seq = resolveOne(raw, ack);
      if (seq == 0) {
        continue;
      }
      if (runLast != 0 && seq != runLast + 1) {
        report(runFirst, runLast, ack);
        runFirst = 0;
      }
      if (runFirst == 0) {
        runFirst = seq;
      }
      runLast = seq;
    }
    while (base < next && ring[index(base)] == null) {
      base++;
    }
    if (runLast != 0) {
      report(runFirst, runLast, ack);
    }
    completeWaiters();
  }

  private void report(long first, long last, boolean ack) {
    if (!ack) {
      highestNacked = Math.max(highestNacked, last);
      for (Waiter w : waiters) {
        if (first <= w.upTo && last > w.from) {
          w.nacked = true;
        }
      }
    }
    sink.confirmed(last, last != first, ack);
  }

  /** Resolves one raw number; returns its sequence number, or 0 when it was not outstanding. */
  private long resolveOne(long raw, boolean ack) {
    int i = index(raw);
    Object entry = ring[i];
    if (entry == null) {
      return 0;
    }
    ring[i] = null;
    outstanding--;
    long seq = seqs[i];
    if (sentAt != null) {
      if (ack) {
        observers.publishConfirmed(channel, resolveNanos - sentAt[i]);
      } else {
        observers.publishNacked(channel, resolveNanos - sentAt[i]);
      }
    }
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
    return seq;
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
   * A future completing when every publish up to sequence number {@code upTo} is acked (the
   * application's numbers: what it published before it asked). It fails with {@link
   * ConnectionLostException} when a publish since the previous wait was lost, and with {@link
   * NackedException} when one was nacked, even before this call.
   */
  void waitForAll(long upTo, CompletableFuture<Void> future) {
    long from = highestWaitedFor;
    highestWaitedFor = Math.max(highestWaitedFor, upTo);
    Waiter w = new Waiter(from, upTo, future);
    if (highestLost > from) {
      future.completeExceptionally(lostFailure(w));
      return;
    }
    w.nacked = highestNacked > from;
    if (lowestUnresolved() > upTo) {
      complete(w);
      return;
    }
    waiters.add(w);
  }

  private ConnectionLostException lostFailure(Waiter w) {
    return new ConnectionLostException(
        "not every publish up to sequence number "
            + w.upTo
            + " was confirmed: publish(es) were lost unconfirmed ("
            + (lossCause == null ? "connection lost" : lossCause.getMessage())
            + "); they may or may not have reached the broker",
        lossCause,
        true);
  }

  /** The lowest sequence number not yet acked, nacked or lost. */
  private long lowestUnresolved() {
    long lowest = nextSeq;
    if (!kept.isEmpty()) {
      lowest = Math.min(lowest, kept.get(0).seq);
    }
    if (outstanding > 0) {
      lowest = Math.min(lowest, seqs[index(base)]);
    }
    return lowest;
  }

  private static void complete(Waiter w) {
    if (w.nacked) {
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
    long lowest = lowestUnresolved();
    Iterator<Waiter> it = waiters.iterator();
    while (it.hasNext()) {
      Waiter w = it.next();
      if (lowest > w.upTo) {
        it.remove();
        complete(w);
      }
    }
  }

  /** Fails every tracked publish whose deadline passed; returns whether any remain. */
  boolean expire(long nowNanos, Duration timeout) {
    for (long s = base; s < next; s++) {
      if (ring[index(s)] instanceof Pending p && p.deadlineNanos - nowNanos <= 0) {
        ring[index(s)] = UNTRACKED; // still outstanding for waitForConfirms and the listeners
        tracked--;
        p.future.completeExceptionally(
            new RpcTimeoutException("basic.ack of publish " + p.seq, timeout));
      }
    }
    return tracked > 0;
  }

  int trackedCount() {
    return tracked;
  }

  /** Decides, at a loss, which unresolved publishes are kept for republishing. */
  interface KeepPolicy {
    /** Whether to keep {@code p}, given what was kept so far. */
    boolean keep(Pending p, int keptMessages, long keptBytes);
  }

  /**
   * The session ended with the connection (I/O thread, while the lost session is still current).
   * Every unresolved publish, oldest first, is either kept for republishing (when {@code policy}
   * keeps it) or lost: its future fails with {@code failure} for it, and the sink hears it lost.
   * Waiters whose range holds a lost publish fail with a {@link ConnectionLostException}; the
   * others go on waiting for the republished ones. The next session numbers from 1 again.
   *
   * @param mayHaveSent whether frames ending at an offset of the lost session's stream may have
   *     left the socket
   * @return how many were lost
   */
  int sessionLost(
      AmqpException cause,
      LongPredicate mayHaveSent,
      KeepPolicy policy,
      java.util.function.BiFunction<Pending, Boolean, AmqpException> failure) {
    List<Pending> keep = new ArrayList<>();
    long keptBytes = 0;
    int lost = 0;
    lossCause = cause;
    // Kept earlier and not yet republished (lost again during the recovery): lowest numbers.
    for (Pending p : kept) {
      if (policy.keep(p, keep.size(), keptBytes)) {
        keep.add(p);
        keptBytes += p.body.length;
      } else {
        lose(p.seq, p, p.mayHaveReachedBroker, failure);
        lost++;
      }
    }
    for (long raw = base; raw < next; raw++) {
      int i = index(raw);
      Object entry = ring[i];
      if (entry == null) {
        continue;
      }
      ring[i] = null;
      boolean sent = ends[i] == 0 || mayHaveSent.test(ends[i]);
      if (entry instanceof Pending p) {
        p.mayHaveReachedBroker = sent;
        if (p.hasContent() && policy.keep(p, keep.size(), keptBytes)) {
          keep.add(p);
          keptBytes += p.body.length;
          continue;
        }
        lose(seqs[i], p, sent, failure);
      } else {
        lose(seqs[i], null, sent, failure);
      }
      lost++;
    }
    kept = keep;
    base = 1;
    next = 1;
    outstanding = 0;
    tracked = 0;
    completeWaiters();
    return lost;
  }

  private void lose(
      long seq,
      Pending p,
      boolean mayHaveReachedBroker,
      java.util.function.BiFunction<Pending, Boolean, AmqpException> failure) {
    if (p != null) {
      p.future.completeExceptionally(failure.apply(p, mayHaveReachedBroker));
    }
    markLost(seq, lossCause);
    sink.lost(seq, mayHaveReachedBroker);
  }

  /** Records a lost sequence number: waiters covering it fail. */
  private void markLost(long seq, AmqpException cause) {
    highestLost = Math.max(highestLost, seq);
    if (cause != null) {
      lossCause = cause;
    }
    Iterator<Waiter> it = waiters.iterator();
    while (it.hasNext()) {
      Waiter w = it.next();
      if (w.covers(seq)) {
        it.remove();
        w.future.completeExceptionally(lostFailure(w));
      }
    }
  }

  /** The publishes kept at the last loss, for republishing (lowest number first); cleared. */
  List<Pending> takeKept() {
    List<Pending> k = kept;
    kept = List.of();
    return k;
  }

  /** A kept publish could not be written again: it fails with {@code cause} and is lost. */
  void republishFailed(Pending p, AmqpException cause) {
    p.future.completeExceptionally(cause);
    markLost(p.seq, cause);
    sink.lost(p.seq, p.mayHaveReachedBroker);
    completeWaiters();
  }

  /** How many publishes are kept for republishing. */
  int keptCount() {
    return kept.size();
  }

  /**
   * The channel closed for good: every unresolved publish (kept ones included) fails with {@code
   * cause} and is reported lost; every waiter fails with {@code cause}.
   */
  void failAll(AmqpException cause, LongPredicate mayHaveSent) {
    if (lossCause == null) {
      lossCause = cause;
    }
    for (Pending p : kept) {
      p.future.completeExceptionally(cause);
      highestLost = Math.max(highestLost, p.seq);
      sink.lost(p.seq, p.mayHaveReachedBroker);
    }
    kept = List.of();
    for (long raw = base; raw < next; raw++) {
      int i = index(raw);
      Object entry = ring[i];
      if (entry == null) {
        continue;
      }
      ring[i] = null;
      if (entry instanceof Pending p) {
        p.future.completeExceptionally(cause);
      }
      highestLost = Math.max(highestLost, seqs[i]);
      sink.lost(seqs[i], ends[i] == 0 || mayHaveSent.test(ends[i]));
    }
    base = next;
    outstanding = 0;
    tracked = 0;
    for (Waiter w : waiters) {
      w.future.completeExceptionally(cause);
    }
    waiters.clear();
  }

  private int index(long raw) {
    return (int) (raw & (ring.length - 1));
  }

  private void ensureCapacity() {
    if (next - base < ring.length) {
      return;
    }
    int size = ring.length * 2;
    Object[] biggerRing = new Object[size];
    long[] biggerSeqs = new long[size];
    long[] biggerEnds = new long[size];
    long[] biggerSentAt = sentAt == null ? null : new long[size];
    for (long s = base; s < next - 1; s++) {
      int from = index(s);
      int to = (int) (s & (size - 1));
      biggerRing[to] = ring[from];
      biggerSeqs[to] = seqs[from];
      biggerEnds[to] = ends[from];
      if (biggerSentAt != null) {
        biggerSentAt[to] = sentAt[from];
      }
    }
    sentAt = biggerSentAt;
    ring = biggerRing;
    seqs = biggerSeqs;
    ends = biggerEnds;
  }
}
