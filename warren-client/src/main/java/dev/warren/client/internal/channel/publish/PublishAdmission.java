/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel.publish;

import dev.warren.client.internal.channel.ChannelContext;
import dev.warren.client.internal.connection.PublishGate;
import dev.warren.client.internal.threads.SharedResources;
import dev.warren.errors.AmqpException;
import dev.warren.errors.BackpressureTimeoutException;
import dev.warren.errors.BackpressureTimeoutException.Gate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The one way into a channel's publish path, owning the four gates a publish passes: the channel's
 * window of unconfirmed publishes ({@link UnconfirmedWindow}, CONFIRM_WINDOW), the broker's
 * channel.flow (FLOW), and the connection's write buffer and connection.blocked ({@link
 * PublishGate}, WRITE_BUFFER and BLOCKED_CONNECTION, shared by the connection's channels).
 *
 * <p>Blocking and asynchronous publishes differ only in what waits: a blocking publish waits on its
 * own thread ({@link #admitBlocking}); an asynchronous one, when a gate is shut, is parked here in
 * order, without a thread ({@link #admitAsync}), and handed over by the I/O thread when the gates
 * open ({@link #drain}), or fails at its deadline naming the gate. What the connection holds of
 * asynchronous publishes is bounded by its budget ({@link PublishGate#tryHold}): past it, a publish
 * fails at once. A channel with parked publishes makes its blocking publishes wait behind them, so
 * one thread's publishes keep their order. Every admitted publish is given back exactly once, by
 * the I/O thread, when its task ran ({@link #release}), and confirms and losses settle the window
 * ({@link #settled}).
 *
 * <p>channel.flow(active=false) also stops publishes already admitted: their tasks, run on the I/O
 * thread, are held ({@link #holdForFlow}) and run in order at flow(active=true).
 *
 * <p>Threading: admission on any thread; the rest on the I/O thread.
 */
final class PublishAdmission {
  /** A publish admission can park: handing it over submits its task; refusing fails it. */
  interface Parkable {
    /** Submits the publish's task (on the I/O thread when it was parked). */
    void handOver();

    /** Fails the publish; it was never handed over. */
    void refuse(AmqpException cause);
  }

  private static final class Parked {
    final Parkable publish;
    final int bytes;
    final long since = System.nanoTime();
    final long deadline;
    final Duration timeout;
    volatile Gate gate;

    Parked(Parkable publish, int bytes, Duration timeout, Gate gate) {
      this.publish = publish;
      this.bytes = bytes;
      this.timeout = timeout;
      this.deadline = since + timeout.toNanos();
      this.gate = gate;
    }
  }

  private final UnconfirmedWindow window = new UnconfirmedWindow();
  private final PublishGate connectionGates;
  private final ChannelContext ctx;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition turnChanged = lock.newCondition();
  private final ArrayDeque<Parked> parked = new ArrayDeque<>(); // guarded by lock
  // parked.size(), lowered only after the head's task was submitted, so a publish that reads 0
  // can never overtake a parked one.
  private volatile int parkedCount;
  private volatile boolean flowPaused;
  private volatile int flowHeldCount; // flowHeld.size(), read by publishing threads
  private final AtomicBoolean waitingForConnection = new AtomicBoolean();
  // Publishes handed to the I/O thread whose task has not started there yet (handedOver minus
  // arrived). Parked publishes wait behind them: a gate that opens inside the run of the first one
  // (its write drained the buffer) would otherwise let the parked ones be written before those
  // still queued on the event loop. Two counters, each written by one side only and read together
  // only by a drain, so a publish costs one uncontended increment on each thread instead of
  // a cache line bouncing between them.
  private final AtomicLong handedOver = new AtomicLong();
  private final ArrivedCount arrived = new ArrivedCount();
  private final Runnable drainWhenOpen;
  // I/O thread only:
  private final ArrayDeque<Runnable> flowHeld = new ArrayDeque<>();
  private boolean draining;
  private boolean runningFlowHeld;
  private boolean sweepScheduled;

  PublishAdmission(PublishGate connectionGates, ChannelContext ctx) {
    this.connectionGates = connectionGates;
    this.ctx = ctx;
    this.drainWhenOpen =
        () -> {
          waitingForConnection.set(false);
          drain();
        };
  }

  /**
   * A blocking publish waits behind the channel's parked publishes and while the broker paused the
   * channel, then takes its place in the confirm window, then in the connection's write buffer,
   * waiting (one deadline for all) while either is full or the connection is blocked.
   *
   * @throws BackpressureTimeoutException naming the gate, at the deadline
   */
  void admitBlocking(int bytes, Duration timeout) {
    if (SharedResources.onIoThread()) {
      // The I/O thread is what opens the gates: waiting here would never end. Counted and written
      // at once.
      connectionGates.add(bytes);
      window.add();
      return;
    }
    long start = System.nanoTime();
    boolean waited = false;
    if (parkedCount > 0 || flowPaused) {
      awaitTurn(start + timeout.toNanos(), timeout);
      waited = true;
    }
    // No Duration allocated per publish unless a gate made it wait.
    boolean windowWaited;
    try {
      windowWaited = window.acquire(remaining(timeout, start, waited), ctx::requireOpen);
    } catch (dev.warren.errors.BackpressureTimeoutException e) {
      if (ctx.observers.on) {
        ctx.observers.backpressureWaited(e.waitedFor(), System.nanoTime() - start);
      }
      throw e;
    }
    if (windowWaited && ctx.observers.on) {
      ctx.observers.backpressureWaited(
          dev.warren.errors.BackpressureTimeoutException.Gate.CONFIRM_WINDOW,
          System.nanoTime() - start);
    }
    waited |= windowWaited;
    try {
      connectionGates.acquire(bytes, remaining(timeout, start, waited));
    } catch (RuntimeException e) {
      window.cancel();
      throw e;
    }
  }

  private static Duration remaining(Duration timeout, long start, boolean waited) {
    return waited ? timeout.minusNanos(System.nanoTime() - start) : timeout;
  }

  private void awaitTurn(long deadline, Duration timeout) {
    lock.lock();
    try {
      while (parkedCount > 0 || flowPaused) {
        ctx.requireOpen();
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new BackpressureTimeoutException(heldAt(), timeout);
        }
        turnChanged.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AmqpException(0, "interrupted while waiting to publish", e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes room in the connection's budget for an asynchronous publish of {@code bytes}; null when
   * taken, else the exception to fail the publish with (naming the gate the held publishes wait
   * at). Never waits.
   */
  BackpressureTimeoutException holdInBudget(int bytes) {
    if (connectionGates.tryHold(bytes)) {
      return null;
    }
    return BackpressureTimeoutException.budgetFull(
        heldAt(), connectionGates.budgetMessages(), connectionGates.budgetBytes());
  }

  /**
   * An asynchronous publish that took room in the budget ({@link #holdInBudget}): handed over at
   * once when nothing is parked and every gate is open; parked otherwise, for at most {@code
   * timeout}, then refused naming the gate. Never waits on the calling thread.
   */
  void admitAsync(Parkable publish, int bytes, Duration timeout) {
    if (parkedCount == 0 && !flowPaused && connectionGates.shut() == null && window.tryAdd()) {
      connectionGates.add(bytes);
      publish.handOver();
      return;
    }
    boolean first;
    lock.lock();
    try {
      parked.add(new Parked(publish, bytes, timeout, shutGate()));
      parkedCount = parked.size();
      first = parkedCount == 1;
    } finally {
      lock.unlock();
    }
    if (first) {
      // The gate may have opened since it was read: the I/O thread looks again, and from then on
      // every opening drains.
      ctx.submit(this::drain);
    }
  }

  /** The gate a publish would wait at now, or null when all are open. */
  private Gate shutGate() {
    if (flowPaused || flowHeldCount > 0) {
      return Gate.FLOW;
    }
    Gate g = connectionGates.shut();
    if (g != null) {
      return g;
    }
    return window.hasRoom() ? null : Gate.CONFIRM_WINDOW;
  }

  /** The gate held publishes wait at: that of the oldest parked one, else the one shut now. */
  private Gate heldAt() {
    Parked head;
    lock.lock();
    try {
      head = parked.peek();
    } finally {
      lock.unlock();
    }
    if (head != null) {
      return head.gate;
    }
    Gate g = shutGate();
    return g == null ? Gate.WRITE_BUFFER : g;
  }

  /**
   * I/O thread: hands parked publishes over, in order, while every gate is open; registers for the
   * connection's opening when one of its gates holds the head.
   */
  void drain() {
    if (draining || runningFlowHeld) {
      return; // a publish task run by this drain released its counts: the loop goes on anyway
    }
    draining = true;
    try {
      while (true) {
        Parked head;
        lock.lock();
        try {
          head = parked.peek();
        } finally {
          lock.unlock();
        }
        if (head == null || handedOver.get() != arrived.value) {
          return; // in transit: the last of them to run drains (release)
        }
        Gate g = shutGate();
        if (g == null && !window.tryAdd()) {
          g = Gate.CONFIRM_WINDOW;
        }
        if (g != null) {
          head.gate = g;
          if ((g == Gate.WRITE_BUFFER || g == Gate.BLOCKED_CONNECTION)
              && waitingForConnection.compareAndSet(false, true)) {
            connectionGates.whenOpen(drainWhenOpen);
          }
          scheduleSweep(head.timeout);
          return;
        }
        connectionGates.add(head.bytes);
        head.publish.handOver(); // on this thread: runs (and writes) now
        lock.lock();
        try {
          parked.poll();
          parkedCount = parked.size();
          if (parkedCount == 0) {
            turnChanged.signalAll();
          }
        } finally {
          lock.unlock();
        }
      }
    } finally {
      draining = false;
    }
  }

  private void scheduleSweep(Duration timeout) {
    if (sweepScheduled) {
      return;
    }
    sweepScheduled = true;
    long period =
        Math.min(
            TimeUnit.MILLISECONDS.toNanos(100),
            Math.max(TimeUnit.MILLISECONDS.toNanos(10), timeout.toNanos() / 10));
    ctx.loop().schedule(this::sweep, period, TimeUnit.NANOSECONDS);
  }

  /**
   * I/O thread: fails the parked publishes whose deadline passed, naming the gate they waited at.
   */
  private void sweep() {
    sweepScheduled = false;
    long now = System.nanoTime();
    List<Parked> expired = new ArrayList<>();
    Duration next = null;
    lock.lock();
    try {
      for (Iterator<Parked> it = parked.iterator(); it.hasNext(); ) {
        Parked p = it.next();
        if (now - p.deadline >= 0) {
          it.remove();
          expired.add(p);
        } else if (next == null) {
          next = p.timeout;
        }
      }
      parkedCount = parked.size();
      if (parkedCount == 0) {
        turnChanged.signalAll();
      }
    } finally {
      lock.unlock();
    }
    for (Parked p : expired) {
      connectionGates.unhold(p.bytes);
      p.publish.refuse(new BackpressureTimeoutException(p.gate, p.timeout));
    }
    if (next != null) {
      scheduleSweep(next);
      maybeDrain(); // a new head may be held by another gate
    }
  }

  /**
   * I/O thread: when the broker paused the channel, a publish task that reaches the I/O thread
   * (admitted before the pause, or on the I/O thread) is held, in order, until it resumes. Returns
   * whether {@code task} was held.
   */
  boolean holdForFlow(Runnable task) {
    if (runningFlowHeld || (!flowPaused && flowHeld.isEmpty())) {
      return false;
    }
    flowHeld.add(task);
    flowHeldCount = flowHeld.size();
    return true;
  }

  /** I/O thread: the broker sent channel.flow. */
  void flow(boolean active) {
    flowPaused = !active;
    if (active) {
      resumeFlowHeld(Runnable::run);
    }
  }

  /**
   * I/O thread: the channel went away (it is recovered with flow active, or closed): publishes held
   * for the flow go on through {@code rerun}.
   */
  void flowReset(Consumer<Runnable> rerun) {
    flowPaused = false;
    resumeFlowHeld(rerun);
  }

  private void resumeFlowHeld(Consumer<Runnable> rerun) {
    runningFlowHeld = true;
    try {
      Runnable r;
      while (!flowPaused && (r = flowHeld.poll()) != null) {
        rerun.accept(r);
      }
    } finally {
      runningFlowHeld = false;
      flowHeldCount = flowHeld.size();
    }
    signalTurn();
    drain();
  }

  private void signalTurn() {
    lock.lock();
    try {
      turnChanged.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * I/O thread: the publish's task ran (written, refused or failed); the confirm tracker now holds
   * {@code outstanding} publishes; {@code budgeted}: it was an asynchronous publish.
   */
  void release(int bytes, int outstanding, boolean budgeted) {
    window.taskRan(outstanding);
    connectionGates.release(bytes);
    if (budgeted) {
      connectionGates.unhold(bytes);
    }
    maybeDrain();
  }

  /** Any thread: a publish task is being handed to the I/O thread. */
  void handingOver() {
    handedOver.incrementAndGet();
  }

  /** I/O thread: a handed-over publish task started; the ones parked after it may follow. */
  void arrived() {
    arrived.value++;
  }

  /**
   * The I/O thread's count of publish tasks that started, padded onto a cache line of its own so
   * its writes do not evict the fields publishing threads read on every publish.
   */
  @SuppressWarnings("unused") // the padding
  private static final class ArrivedCount {
    long p0, p1, p2, p3, p4, p5, p6;
    long value; // I/O thread only
    long q0, q1, q2, q3, q4, q5, q6;
  }

  /** I/O thread: confirms or a loss changed what the tracker holds. */
  void settled(int outstanding) {
    window.settled(outstanding);
    maybeDrain();
  }

  private void maybeDrain() {
    if (parkedCount == 0 || draining) {
      return;
    }
    Parked head;
    lock.lock();
    try {
      head = parked.peek();
    } finally {
      lock.unlock();
    }
    // A full window is left once a quarter of it is free, as blocking publishers are woken.
    if (head != null && (head.gate != Gate.CONFIRM_WINDOW || window.hasBatchRoom())) {
      drain();
    }
  }

  /** I/O thread: the channel closed for good: every parked publish fails with {@code cause}. */
  void failParked(AmqpException cause) {
    List<Parked> all;
    lock.lock();
    try {
      all = new ArrayList<>(parked);
      parked.clear();
      parkedCount = 0;
      turnChanged.signalAll();
    } finally {
      lock.unlock();
    }
    for (Parked p : all) {
      connectionGates.unhold(p.bytes);
      p.publish.refuse(cause);
    }
  }

  /** confirm.select set the window's limit ({@code 0}: none). */
  void limit(int maxUnconfirmed) {
    window.limit(maxUnconfirmed);
    ctx.submit(this::maybeDrain);
  }

  /** Wakes blocked publishers to re-check (the channel closed). */
  void signal() {
    window.signal();
    signalTurn();
  }

  /** Publishes written and not yet confirmed (any thread; for the health snapshot). */
  int unconfirmed() {
    return window.unconfirmed();
  }

  /** Publishes admitted and not yet settled, for tests and statistics. */
  long occupied() {
    return window.occupied();
  }

  /** Asynchronous publishes parked at a gate, for tests and statistics. */
  int parked() {
    return parkedCount;
  }
}
