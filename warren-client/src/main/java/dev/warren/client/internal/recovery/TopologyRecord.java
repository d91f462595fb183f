/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.recovery;

import dev.warren.client.Binding;
import dev.warren.client.ExchangeSpec;
import dev.warren.client.QueueSpec;
import dev.warren.client.internal.channel.TopologyRecorder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a connection declared, so recovery can declare it again: exchanges, queues (server-named
 * ones under their current name), bindings, and how many consumers each queue has (an auto-delete
 * queue disappears with its last consumer, and so leaves the record). Passive declarations are not
 * recorded; deletions remove the entity and the bindings that depended on it.
 *
 * <p>Thread-safe: every method holds the record's monitor briefly and never blocks inside it.
 */
public final class TopologyRecord implements TopologyRecorder {
  /** A binding's identity, whatever its no-wait flag. */
  record BindingKey(
      String destination,
      Binding.DestinationKind kind,
      String source,
      String routingKey,
      Map<String, Object> arguments) {
    static BindingKey of(Binding b) {
      return new BindingKey(b.destination(), b.kind(), b.source(), b.routingKey(), b.arguments());
    }
  }

  /** A consistent copy, in declaration order. */
  record Snapshot(
      List<ExchangeSpec> exchanges, Map<String, QueueSpec> queues, List<Binding> bindings) {}

  private final Map<String, ExchangeSpec> exchanges = new LinkedHashMap<>();
  private final Map<String, QueueSpec> queues = new LinkedHashMap<>();
  private final Map<BindingKey, Binding> bindings = new LinkedHashMap<>();
  private final Map<String, Integer> consumerCounts = new HashMap<>();

  @Override
  public synchronized void exchangeDeclared(ExchangeSpec x) {
    if (!x.isPassive()) {
      exchanges.put(x.name(), x);
    }
  }

  @Override
  public synchronized void exchangeDeleted(String name) {
    exchanges.remove(name);
    // Bindings to it take their sources' last binding with them, as a deleted queue's do.
    List<String> sources = new ArrayList<>();
    bindings
        .values()
        .removeIf(
            b -> {
              if (b.source().equals(name)) {
                return true;
              }
              boolean gone =
                  b.kind() == Binding.DestinationKind.EXCHANGE && b.destination().equals(name);
              if (gone) {
                sources.add(b.source());
              }
              return gone;
            });
    sources.forEach(this::dropAutoDeleteExchangeIfUnbound);
  }

  @Override
  public synchronized void queueDeclared(QueueSpec q, String actualName) {
    if (!q.isPassive()) {
      queues.put(actualName, q);
    }
  }

  @Override
  public synchronized void queueDeleted(String name) {
    queues.remove(name);
    consumerCounts.remove(name);
    List<String> sources = new ArrayList<>();
    bindings
        .values()
        .removeIf(
            b -> {
              boolean gone =
                  b.kind() == Binding.DestinationKind.QUEUE && b.destination().equals(name);
              if (gone) {
                sources.add(b.source());
              }
              return gone;
            });
    sources.forEach(this::dropAutoDeleteExchangeIfUnbound);
  }

  @Override
  public synchronized void bound(Binding b) {
    bindings.put(BindingKey.of(b), b);
  }

  @Override
  public synchronized void unbound(Binding b) {
    bindings.remove(BindingKey.of(b));
    dropAutoDeleteExchangeIfUnbound(b.source());
  }

  private void dropAutoDeleteExchangeIfUnbound(String exchange) {
    ExchangeSpec x = exchanges.get(exchange);
    if (x != null
        && x.isAutoDelete()
        && bindings.values().stream().noneMatch(b -> b.source().equals(exchange))) {
      exchangeDeleted(exchange);
    }
  }

  @Override
  public synchronized void consumerAdded(String queue) {
    consumerCounts.merge(queue, 1, Integer::sum);
  }

  @Override
  public synchronized void consumerRemoved(String queue) {
    Integer left = consumerCounts.computeIfPresent(queue, (q, n) -> n > 1 ? n - 1 : null);
    QueueSpec spec = queues.get(queue);
    if (left == null && spec != null && spec.isAutoDelete()) {
      queueDeleted(queue); // the broker deleted it with its last consumer
    }
  }

  synchronized Snapshot snapshot() {
    return new Snapshot(
        List.copyOf(exchanges.values()),
        new LinkedHashMap<>(queues),
        List.copyOf(bindings.values()));
  }

  /** A server-named queue came back under a new name: rename it everywhere it is used. */
  synchronized void renamed(String oldName, String newName) {
    if (Objects.equals(oldName, newName)) {
      return;
    }
    Map<String, QueueSpec> renamed = new LinkedHashMap<>();
    queues.forEach((name, spec) -> renamed.put(name.equals(oldName) ? newName : name, spec));
    queues.clear();
    queues.putAll(renamed);
    Integer count = consumerCounts.remove(oldName);
    if (count != null) {
      consumerCounts.put(newName, count);
    }
    Map<BindingKey, Binding> rebound = new LinkedHashMap<>();
    for (Binding b : bindings.values()) {
      Binding nb =
          b.kind() == Binding.DestinationKind.QUEUE && b.destination().equals(oldName)
              ? b.withDestination(newName)
              : b;
      rebound.put(BindingKey.of(nb), nb);
    }
    bindings.clear();
    bindings.putAll(rebound);
  }

  synchronized boolean isEmpty() {
    return exchanges.isEmpty() && queues.isEmpty() && bindings.isEmpty();
  }
}
