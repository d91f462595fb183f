/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.recovery;

import dev.warren.client.Binding;
import dev.warren.client.ConnectionParameters;
import dev.warren.client.ExchangeSpec;
import dev.warren.client.QueueSpec;
import dev.warren.client.RecoveryListener;
import dev.warren.client.RecoveryPolicy;
import dev.warren.client.internal.channel.ChannelCore;
import dev.warren.client.internal.connection.ConnectionCore;
import dev.warren.client.internal.connection.Connector;
import dev.warren.client.internal.connection.Session;
import dev.warren.client.internal.threads.Await;
import dev.warren.errors.AmqpException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.Initiator;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a lost connection back: reconnects over the endpoint list with backoff and jitter, then
 * reopens the channels with their numbers and modes, redeclares the recorded topology (exchanges,
 * then queues, renaming server-named ones everywhere, then bindings) and re-subscribes consumers. A
 * failure of one entity is reported and the rest goes on; a new loss starts the next attempt.
 *
 * <p>Scheduling happens on the connection's event loop; the restoring itself runs on a callback
 * thread and blocks on each step with the RPC timeout.
 */
public final class Recovery {
  private static final Logger log = LoggerFactory.getLogger(Recovery.class);

  private final ConnectionCore core;
  private final RecoveryPolicy policy;
  // Event loop only:
  private int attempt;
  // Index (in the connection's order) of the first endpoint to try: the one after the lost one.
  private int firstIndex;
  private long startNanos;
  private boolean cancelled;
  private ConnectionClosedException lastCause;

  public Recovery(ConnectionCore core) {
    this.core = core;
    this.policy = core.recoveryPolicy;
  }

  /** The connection was lost (event loop). */
  public void start(ConnectionClosedException cause) {
    attempt = 0;
    firstIndex = core.currentEndpointIndex() + 1;
    startNanos = System.nanoTime();
    cancelled = false;
    lastCause = cause;
    log.warn("connection to {} lost ({}); recovering", core.currentEndpoint(), cause.getMessage());
    notifyListeners(l -> l.connectionLost(cause));
    scheduleNext();
  }

  /** The session being restored was lost too (event loop): try again. */
  public void sessionLost(ConnectionClosedException cause) {
    lastCause = cause;
    scheduleNext();
  }

  /** The application closed the connection while it was recovering (event loop). */
  public void cancel() {
    cancelled = true;
  }

  private void scheduleNext() {
    if (cancelled) {
      return;
    }
    attempt++;
    if (gaveUp()) {
      ConnectionClosedException failed =
          new ConnectionClosedException(
              lastCause.replyCode(),
              lastCause.replyText(),
              Initiator.LIBRARY,
              "recovery gave up after "
                  + (attempt - 1)
                  + " attempts ("
                  + policy
                  + "); last failure: "
                  + lastCause.getMessage(),
              lastCause);
      log.error("connection to {}: {}", core.currentEndpoint(), failed.getMessage());
      notifyListeners(l -> l.recoveryFailed(failed));
      core.finalClose(failed);
      return;
    }
    Duration delay = policy.delayBefore(attempt, ThreadLocalRandom.current().nextDouble());
    core.loop.schedule(this::tryOnce, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  private boolean gaveUp() {
    if (policy.maxAttempts() > 0 && attempt > policy.maxAttempts()) {
      return true;
    }
    return policy
        .maxDuration()
        .map(d -> System.nanoTime() - startNanos > d.toNanos())
        .orElse(false);
  }

  private void tryOnce() {
    if (cancelled) {
      return;
    }
    List<ConnectionParameters> endpoints = core.endpoints.endpoints();
    ConnectionParameters p = endpoints.get((firstIndex + attempt - 1) % endpoints.size());
    int n = attempt;
    notifyListeners(l -> l.recoveryAttempt(n, p.endpoint()));
    log.info("recovery attempt {} to {}", n, p.endpoint());
    Connector.attempt(core, p)
        .whenComplete(
            (session, error) -> {
              if (error != null) {
                core.loop.execute(
                    () -> {
                      if (error instanceof ConnectionClosedException closed) {
                        lastCause = closed;
                      } else {
                        lastCause =
                            new ConnectionClosedException(
                                0,
                                "",
                                Initiator.LIBRARY,
                                String.valueOf(unwrap(error).getMessage()),
                                unwrap(error));
                      }
                      log.info("recovery attempt {} failed: {}", n, lastCause.getMessage());
                      scheduleNext();
                    });
                return;
              }
              if (cancelled) {
                session.abort();
                return;
              }
              restore(session);
            });
  }

  /** Runs on a callback thread: everything back, in dependency order. */
  private void restore(Session session) {
    Duration timeout = core.params.rpcTimeout();
    try {
      List<ChannelCore> channels =
          CompletableFuture.supplyAsync(core::channelsSnapshot, core.loop)
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<ChannelCore> reopened = new java.util.ArrayList<>();
      for (ChannelCore ch : channels) {
        if (!ch.isOpen()) {
          continue; // closed by the application meanwhile
        }
        try {
          ch.recovery().reopen(session, timeout);
          reopened.add(ch);
        } catch (AmqpException e) {
          if (!ch.isOpen()) {
            continue; // closed by the application meanwhile
          }
          if (!(e instanceof ChannelClosedException)
              || ((ChannelClosedException) e).initiator() != Initiator.BROKER) {
            throw e; // the connection went again: the next attempt starts over
          }
          // The broker refused this channel (or its qos / confirm / tx mode): it is closed for
          // good, the others go on.
          core.recoveryEntityFailed("channel " + ch.number(), e);
          core.loop.execute(() -> ch.finalClose((ChannelClosedException) e));
        }
      }
      Map<String, String> renames = recoverTopology(timeout);
      for (ChannelCore ch : reopened) {
        if (ch.isOpen()) {
          ch.recovery().resubscribe(session, renames, timeout);
        }
      }
      // submit, not execute: what resuming writes (republished messages, operations that waited)
      // must be flushed.
      core.submit(
          () -> {
            if (!core.isCurrent(session) || cancelled) {
              return;
            }
            // Channels first: operations waiting for them run (in order) before the connection
            // is announced open, and none of them sees a channel still recovering.
            for (ChannelCore ch : channels) {
              ch.recovery().resumed();
            }
            core.recoveryCompleted();
            log.info("connection to {} recovered", session.endpoint);
            core.notifyConnected();
            notifyListeners(l -> l.recovered(session.endpoint));
          });
    } catch (Exception e) {
      // The new session failed while restoring: its close starts the next attempt.
      log.info("recovery of {} interrupted: {}", session.endpoint, e.getMessage());
      if (core.isCurrent(session)) {
        core.loop.execute(session::abort);
      }
    }
  }

  /** Redeclares the recorded topology on an internal channel; returns server-named renames. */
  private Map<String, String> recoverTopology(Duration timeout) {
    TopologyRecord.Snapshot snapshot = core.topology.snapshot();
    Map<String, String> renames = new HashMap<>();
    if (snapshot.exchanges().isEmpty()
        && snapshot.queues().isEmpty()
        && snapshot.bindings().isEmpty()) {
      return renames;
    }
    InternalChannel ch = new InternalChannel(timeout);
    try {
      for (ExchangeSpec x : snapshot.exchanges()) {
        if (policy.recovers(x)) {
          ch.run(x, c -> c.exchangeDeclare(x), "exchange.declare-ok");
        }
      }
      for (Map.Entry<String, QueueSpec> e : snapshot.queues().entrySet()) {
        QueueSpec q = e.getValue();
        if (!policy.recovers(q)) {
          continue;
        }
        String[] newName = new String[1];
        ch.run(
            q,
            c -> c.queueDeclare(q).thenAccept(ok -> newName[0] = ok.queue()),
            "queue.declare-ok");
        if (q.isServerNamed() && newName[0] != null && !newName[0].equals(e.getKey())) {
          renames.put(e.getKey(), newName[0]);
          core.topology.renamed(e.getKey(), newName[0]);
          log.info("server-named queue {} came back as {}", e.getKey(), newName[0]);
        }
      }
      for (Binding b : snapshot.bindings()) {
        Binding nb =
            b.kind() == Binding.DestinationKind.QUEUE
                ? b.withDestination(renames.getOrDefault(b.destination(), b.destination()))
                : b;
        if (policy.recovers(nb)) {
          ch.run(
              nb,
              c ->
                  nb.kind() == Binding.DestinationKind.QUEUE ? c.queueBind(nb) : c.exchangeBind(nb),
              "bind-ok");
        }
      }
    } finally {
      ch.close();
    }
    return renames;
  }

  /** A channel of recovery's own, reopened after a declaration fails and closes it. */
  private final class InternalChannel {
    private final Duration timeout;
    private ChannelCore channel;

    InternalChannel(Duration timeout) {
      this.timeout = timeout;
    }

    void run(
        Object entity,
        java.util.function.Function<ChannelCore, CompletableFuture<?>> op,
        String method) {
      try {
        if (channel == null || !channel.isOpen()) {
          channel = Await.result(core.openChannelCore(0, true), timeout, "channel.open-ok");
          channel.libraryOwned();
        }
        Await.result(op.apply(channel), timeout, method);
      } catch (ChannelClosedException e) {
        if (e.initiator() != Initiator.BROKER) {
          throw e; // the connection went: the next attempt starts over
        }
        core.recoveryEntityFailed(entity, e);
      }
    }

    void close() {
      if (channel != null && channel.isOpen()) {
        try {
          Await.result(channel.close(), timeout, "channel.close-ok");
        } catch (AmqpException e) {
          log.debug("closing recovery's channel: {}", e.getMessage());
        }
      }
    }
  }

  private void notifyListeners(Consumer<RecoveryListener> event) {
    if (core.recoveryListeners.isEmpty()) {
      return;
    }
    core.dispatcher.execute(
        () -> {
          for (RecoveryListener l : core.recoveryListeners) {
            event.accept(l);
          }
        });
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
