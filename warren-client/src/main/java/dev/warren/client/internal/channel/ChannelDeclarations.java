/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel;

import dev.warren.client.Binding;
import dev.warren.client.ExchangeDeletion;
import dev.warren.client.ExchangeSpec;
import dev.warren.client.QueueDeclareOk;
import dev.warren.client.QueueDeletion;
import dev.warren.client.QueueSpec;
import dev.warren.protocol.method.ExchangeBind;
import dev.warren.protocol.method.ExchangeDeclare;
import dev.warren.protocol.method.ExchangeDelete;
import dev.warren.protocol.method.ExchangeUnbind;
import dev.warren.protocol.method.QueueBind;
import dev.warren.protocol.method.QueueDeclare;
import dev.warren.protocol.method.QueueDelete;
import dev.warren.protocol.method.QueueDeleteOk;
import dev.warren.protocol.method.QueuePurge;
import dev.warren.protocol.method.QueuePurgeOk;
import dev.warren.protocol.method.QueueUnbind;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A channel's exchange and queue operations: each sends its method through {@link ChannelCalls}
 * and, once the broker accepted it (or, for no-wait ones, once it is written), records the change
 * for recovery. Thread-safe: any thread may call; the recording runs where the reply completes.
 */
final class ChannelDeclarations {
  private final ChannelContext ctx;
  private final ChannelCalls calls;

  ChannelDeclarations(ChannelContext ctx, ChannelCalls calls) {
    this.ctx = ctx;
    this.calls = calls;
  }

  /** Records a change; null, so that it fits where a reply's value is expected. */
  private <T> T record(Consumer<TopologyRecorder> change) {
    ctx.record(change);
    return null;
  }

  CompletableFuture<Void> exchangeDeclare(ExchangeSpec x) {
    ExchangeDeclare m =
        new ExchangeDeclare(
            0,
            x.name(),
            x.type(),
            x.isPassive(),
            x.isDurable(),
            x.isAutoDelete(),
            x.isInternal(),
            x.isNoWait(),
            x.arguments());
    return calls.rpcOrSend(m, x.isNoWait(), () -> record(t -> t.exchangeDeclared(x)));
  }

  CompletableFuture<Void> exchangeDelete(ExchangeDeletion d) {
    return calls.rpcOrSend(
        new ExchangeDelete(0, d.exchange(), d.isIfUnused(), d.isNoWait()),
        d.isNoWait(),
        () -> record(t -> t.exchangeDeleted(d.exchange())));
  }

  CompletableFuture<Void> exchangeBind(Binding b) {
    return calls.rpcOrSend(
        new ExchangeBind(
            0, b.destination(), b.source(), b.routingKey(), b.isNoWait(), b.arguments()),
        b.isNoWait(),
        () -> record(t -> t.bound(b)));
  }

  CompletableFuture<Void> exchangeUnbind(Binding b) {
    return calls.rpcOrSend(
        new ExchangeUnbind(
            0, b.destination(), b.source(), b.routingKey(), b.isNoWait(), b.arguments()),
        b.isNoWait(),
        () -> record(t -> t.unbound(b)));
  }

  CompletableFuture<QueueDeclareOk> queueDeclare(QueueSpec q) {
    QueueDeclare m =
        new QueueDeclare(
            0,
            q.name(),
            q.isPassive(),
            q.isDurable(),
            q.isExclusive(),
            q.isAutoDelete(),
            q.isNoWait(),
            q.arguments());
    if (q.isNoWait()) {
      return calls
          .send(m)
          .thenApply(
              v -> {
                record(t -> t.queueDeclared(q, q.name()));
                return new QueueDeclareOk(q.name(), 0, 0);
              });
    }
    return calls.rpc(
        m,
        r -> {
          var ok = (dev.warren.protocol.method.QueueDeclareOk) r;
          record(t -> t.queueDeclared(q, ok.queue()));
          return new QueueDeclareOk(ok.queue(), ok.messageCount(), ok.consumerCount());
        });
  }

  CompletableFuture<Void> queueBind(Binding b) {
    return calls.rpcOrSend(
        new QueueBind(0, b.destination(), b.source(), b.routingKey(), b.isNoWait(), b.arguments()),
        b.isNoWait(),
        () -> record(t -> t.bound(b)));
  }

  CompletableFuture<Void> queueUnbind(Binding b) {
    return calls.rpc(
        new QueueUnbind(0, b.destination(), b.source(), b.routingKey(), b.arguments()),
        r -> record(t -> t.unbound(b)));
  }

  CompletableFuture<Long> queuePurge(String queue) {
    return calls.rpc(new QueuePurge(0, queue, false), r -> ((QueuePurgeOk) r).messageCount());
  }

  CompletableFuture<Void> queuePurgeNoWait(String queue) {
    java.util.Objects.requireNonNull(queue, "queue");
    return calls.send(new QueuePurge(0, queue, true));
  }

  CompletableFuture<Long> queueDelete(QueueDeletion d) {
    QueueDelete m = new QueueDelete(0, d.queue(), d.isIfUnused(), d.isIfEmpty(), d.isNoWait());
    if (d.isNoWait()) {
      return calls
          .send(m)
          .thenApply(
              v -> {
                record(t -> t.queueDeleted(d.queue()));
                return 0L;
              });
    }
    return calls.rpc(
        m,
        r -> {
          record(t -> t.queueDeleted(d.queue()));
          return ((QueueDeleteOk) r).messageCount();
        });
  }
}
