/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.Binding;
import dev.warren.client.ExchangeSpec;
import dev.warren.client.QueueSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/recovery.md ("What comes back, in which order") that the topology record keeps:
 * declaration order, deletions and the bindings that go with them, auto-delete queues and
 * exchanges, server-named queue renames, passive declarations.
 */
class TopologyRecordTest {
  private final TopologyRecord record = new TopologyRecord();

  private List<String> exchangeNames() {
    return record.snapshot().exchanges().stream().map(ExchangeSpec::name).toList();
  }

  private List<String> queueNames() {
    return List.copyOf(record.snapshot().queues().keySet());
  }

  private List<Binding> bindings() {
    return record.snapshot().bindings();
  }

  private void declareQueue(QueueSpec q) {
    record.queueDeclared(q, q.name());
  }

  @Test
  void exchangesQueuesAndBindingsComeBackEachInDeclarationOrder() {
    record.exchangeDeclared(ExchangeSpec.topic("events"));
    declareQueue(QueueSpec.named("orders"));
    record.exchangeDeclared(ExchangeSpec.fanout("audit"));
    record.bound(Binding.queue("orders").to("events").withKey("order.*"));
    declareQueue(QueueSpec.named("archive"));
    record.bound(Binding.exchange("audit").to("events").withKey("#"));
    record.exchangeDeclared(ExchangeSpec.direct("alerts"));
    record.bound(Binding.queue("archive").to("audit"));

    assertThat(exchangeNames()).containsExactly("events", "audit", "alerts");
    assertThat(queueNames()).containsExactly("orders", "archive");
    assertThat(bindings())
        .containsExactly(
            Binding.queue("orders").to("events").withKey("order.*"),
            Binding.exchange("audit").to("events").withKey("#"),
            Binding.queue("archive").to("audit"));
  }

  @Test
  void aRedeclarationKeepsOneEntryWithTheLatestSpecInItsFirstPlace() {
    record.exchangeDeclared(ExchangeSpec.topic("events"));
    record.exchangeDeclared(ExchangeSpec.fanout("audit"));
    record.exchangeDeclared(ExchangeSpec.topic("events").durable());
    declareQueue(QueueSpec.named("orders"));
    declareQueue(QueueSpec.named("archive"));
    declareQueue(QueueSpec.named("orders").durable());

    assertThat(record.snapshot().exchanges())
        .containsExactly(ExchangeSpec.topic("events").durable(), ExchangeSpec.fanout("audit"));
    assertThat(record.snapshot().queues())
        .containsExactly(
            Map.entry("orders", QueueSpec.named("orders").durable()),
            Map.entry("archive", QueueSpec.named("archive")));
  }

  @Test
  void passiveExchangeDeclarationsAreNeverRecorded() {
    record.exchangeDeclared(ExchangeSpec.topic("elsewhere").passive());
    assertThat(record.isEmpty()).isTrue();

    record.exchangeDeclared(ExchangeSpec.topic("events").durable());
    record.exchangeDeclared(ExchangeSpec.topic("events").passive());

    assertThat(record.snapshot().exchanges())
        .containsExactly(ExchangeSpec.topic("events").durable());
  }

  @Test
  void passiveQueueDeclarationsAreNeverRecorded() {
    declareQueue(QueueSpec.named("elsewhere").passive());
    assertThat(record.isEmpty()).isTrue();

    declareQueue(QueueSpec.named("orders").durable());
    declareQueue(QueueSpec.named("orders").passive());

    assertThat(record.snapshot().queues())
        .containsExactly(Map.entry("orders", QueueSpec.named("orders").durable()));
  }

  @Test
  void aServerNamedQueueIsRecordedUnderTheNameTheBrokerGaveIt() {
    record.queueDeclared(QueueSpec.serverNamed().exclusive(), "amq.gen-1");

    assertThat(record.snapshot().queues())
        .containsExactly(Map.entry("amq.gen-1", QueueSpec.serverNamed().exclusive()));
    assertThat(record.snapshot().queues().get("amq.gen-1").isServerNamed()).isTrue();
  }

  @Test
  void aDeletedQueueLeavesWithTheBindingsToItButNotOthers() {
    record.exchangeDeclared(ExchangeSpec.topic("events"));
    declareQueue(QueueSpec.named("orders"));
    declareQueue(QueueSpec.named("archive"));
    record.bound(Binding.queue("orders").to("events").withKey("a"));
    record.bound(Binding.queue("archive").to("events").withKey("b"));
    record.bound(Binding.queue("orders").to("events").withKey("c"));
    // An exchange-to-exchange binding whose destination happens to share the queue's name.
    record.bound(Binding.exchange("orders").to("events"));

    record.queueDeleted("orders");

    assertThat(queueNames()).containsExactly("archive");
    assertThat(exchangeNames()).containsExactly("events");
    assertThat(bindings())
        .containsExactly(
            Binding.queue("archive").to("events").withKey("b"),
            Binding.exchange("orders").to("events"));
  }

  @Test
  void aDeletedExchangeLeavesWithTheBindingsFromAndToIt() {
    record.exchangeDeclared(ExchangeSpec.topic("events"));
    record.exchangeDeclared(ExchangeSpec.fanout("audit"));
    record.exchangeDeclared(ExchangeSpec.fanout("other"));
    declareQueue(QueueSpec.named("orders"));
    record.bound(Binding.queue("orders").to("events"));
    record.bound(Binding.exchange("audit").to("events"));
    record.bound(Binding.exchange("events").to("other"));
    record.bound(Binding.queue("orders").to("other"));

    record.exchangeDeleted("events");

    assertThat(exchangeNames()).containsExactly("audit", "other");
    assertThat(queueNames()).containsExactly("orders");
    assertThat(bindings()).containsExactly(Binding.queue("orders").to("other"));
  }

  @Test
  void unbindingRemovesThatBindingOnly() {
    record.exchangeDeclared(ExchangeSpec.headers("h"));
    declareQueue(QueueSpec.named("q"));
    record.bound(Binding.queue("q").to("h").argument("x-match", "all"));
    record.bound(Binding.queue("q").to("h").argument("x-match", "any"));
    record.bound(Binding.queue("q").to("h").withKey("k"));

    record.unbound(Binding.queue("q").to("h").argument("x-match", "all"));

    assertThat(bindings())
        .containsExactly(
            Binding.queue("q").to("h").argument("x-match", "any"),
            Binding.queue("q").to("h").withKey("k"));
    assertThat(queueNames()).containsExactly("q");
    assertThat(exchangeNames()).containsExactly("h");
  }

  @Test
  void aBindingIsOneEntryWhateverItsNoWaitFlag() {
    record.bound(Binding.queue("q").to("x").withKey("k").noWait());
    record.bound(Binding.queue("q").to("x").withKey("k"));

    assertThat(bindings()).containsExactly(Binding.queue("q").to("x").withKey("k"));

    record.unbound(Binding.queue("q").to("x").withKey("k").noWait());

    assertThat(bindings()).isEmpty();
    assertThat(record.isEmpty()).isTrue();
  }

  @Test
  void anAutoDeleteQueueLeavesTheRecordWithItsLastConsumer() {
    record.exchangeDeclared(ExchangeSpec.topic("events"));
    declareQueue(QueueSpec.named("work").autoDelete());
    record.bound(Binding.queue("work").to("events"));
    record.consumerAdded("work");
    record.consumerAdded("work");

    record.consumerRemoved("work");
    assertThat(queueNames()).containsExactly("work");
    assertThat(bindings()).containsExactly(Binding.queue("work").to("events"));

    record.consumerRemoved("work");
    assertThat(queueNames()).isEmpty();
    assertThat(bindings()).isEmpty();
    assertThat(exchangeNames()).containsExactly("events");
  }

  @Test
  void aQueueThatIsNotAutoDeleteStaysAfterItsLastConsumer() {
    declareQueue(QueueSpec.named("orders").durable());
    record.bound(Binding.queue("orders").to("events"));
    record.consumerAdded("orders");

    record.consumerRemoved("orders");

    assertThat(queueNames()).containsExactly("orders");
    assertThat(bindings()).containsExactly(Binding.queue("orders").to("events"));
  }

  @Test
  void consumersOnQueuesNotInTheRecordChangeNothing() {
    record.consumerAdded("declared-elsewhere");
    record.consumerRemoved("declared-elsewhere");
    record.consumerRemoved("never-consumed");

    assertThat(record.isEmpty()).isTrue();
  }

  @Test
  void aDeletedQueuesConsumerCountIsForgotten() {
    declareQueue(QueueSpec.named("work").autoDelete());
    record.consumerAdded("work");
    record.consumerAdded("work");
    record.queueDeleted("work");

    declareQueue(QueueSpec.named("work").autoDelete());
    record.consumerAdded("work");
    record.consumerRemoved("work");

    assertThat(record.isEmpty()).isTrue();
  }

  @Test
  void anAutoDeleteExchangeLeavesTheRecordWithItsLastBinding() {
    record.exchangeDeclared(ExchangeSpec.fanout("fan").autoDelete());
    record.exchangeDeclared(ExchangeSpec.fanout("kept"));
    declareQueue(QueueSpec.named("a"));
    declareQueue(QueueSpec.named("b"));
    record.bound(Binding.queue("a").to("fan"));
    record.bound(Binding.queue("b").to("fan"));
    record.bound(Binding.queue("a").to("kept"));

    record.unbound(Binding.queue("a").to("fan"));
    assertThat(exchangeNames()).containsExactly("fan", "kept");

    record.unbound(Binding.queue("b").to("fan"));
    assertThat(exchangeNames()).containsExactly("kept");

    record.unbound(Binding.queue("a").to("kept"));
    assertThat(exchangeNames()).containsExactly("kept");
    assertThat(queueNames()).containsExactly("a", "b");
  }

  @Test
  void anAutoDeleteExchangeWhoseLastBindingIsToAnExchangeLeavesWhenItIsUnbound() {
    record.exchangeDeclared(ExchangeSpec.topic("front").autoDelete());
    record.exchangeDeclared(ExchangeSpec.topic("back").autoDelete());
    record.bound(Binding.exchange("back").to("front"));
    record.bound(Binding.queue("q").to("back"));

    record.unbound(Binding.exchange("back").to("front"));

    // Only the source lost its last binding; "back" still routes to q.
    assertThat(exchangeNames()).containsExactly("back");
    assertThat(bindings()).containsExactly(Binding.queue("q").to("back"));
  }

  @Test
  void anAutoDeleteExchangeLeavesWhenItsLastBindingGoesWithADeletedQueue() {
    record.exchangeDeclared(ExchangeSpec.fanout("fan").autoDelete());
    record.exchangeDeclared(ExchangeSpec.fanout("plain"));
    declareQueue(QueueSpec.named("q"));
    record.bound(Binding.queue("q").to("fan"));
    record.bound(Binding.queue("q").to("plain"));

    record.queueDeleted("q");

    assertThat(exchangeNames()).containsExactly("plain");
    assertThat(bindings()).isEmpty();
  }

  @Test
  void anAutoDeleteExchangeLeavesWhenItsLastBindingGoesWithADeletedDestinationExchange() {
    record.exchangeDeclared(ExchangeSpec.topic("front").autoDelete());
    record.exchangeDeclared(ExchangeSpec.topic("back"));
    record.bound(Binding.exchange("back").to("front"));

    record.exchangeDeleted("back");

    assertThat(bindings()).isEmpty();
    assertThat(exchangeNames()).isEmpty();
  }

  @Test
  void anAutoDeleteQueuesLastConsumerAlsoTakesAnAutoDeleteExchangeLeftWithoutBindings() {
    record.exchangeDeclared(ExchangeSpec.fanout("fan").autoDelete());
    declareQueue(QueueSpec.named("work").autoDelete());
    record.bound(Binding.queue("work").to("fan"));
    record.consumerAdded("work");

    record.consumerRemoved("work");

    assertThat(record.isEmpty()).isTrue();
  }

  @Test
  void aServerNamedQueueRenameFollowsItsBindingsInTheirPlaces() {
    record.exchangeDeclared(ExchangeSpec.topic("events"));
    declareQueue(QueueSpec.named("first"));
    record.queueDeclared(QueueSpec.serverNamed().exclusive(), "amq.gen-old");
    declareQueue(QueueSpec.named("last"));
    record.bound(Binding.queue("first").to("events").withKey("1"));
    record.bound(Binding.queue("amq.gen-old").to("events").withKey("2"));
    record.bound(Binding.queue("last").to("events").withKey("3"));
    record.bound(Binding.queue("amq.gen-old").to("events").withKey("4"));
    // An exchange named like the old queue is not the queue.
    record.bound(Binding.exchange("amq.gen-old").to("events").withKey("5"));

    record.renamed("amq.gen-old", "amq.gen-new");

    assertThat(record.snapshot().queues())
        .containsExactly(
            Map.entry("first", QueueSpec.named("first")),
            Map.entry("amq.gen-new", QueueSpec.serverNamed().exclusive()),
            Map.entry("last", QueueSpec.named("last")));
    assertThat(bindings())
        .containsExactly(
            Binding.queue("first").to("events").withKey("1"),
            Binding.queue("amq.gen-new").to("events").withKey("2"),
            Binding.queue("last").to("events").withKey("3"),
            Binding.queue("amq.gen-new").to("events").withKey("4"),
            Binding.exchange("amq.gen-old").to("events").withKey("5"));

    // Under its new name it is one queue like the others: deleting it takes its bindings.
    record.queueDeleted("amq.gen-new");
    assertThat(queueNames()).containsExactly("first", "last");
    assertThat(bindings()).hasSize(3);
  }

  @Test
  void aRenamedAutoDeleteQueueKeepsItsConsumerCountUnderTheNewName() {
    record.queueDeclared(QueueSpec.serverNamed().autoDelete(), "amq.gen-old");
    record.consumerAdded("amq.gen-old");
    record.consumerAdded("amq.gen-old");

    record.renamed("amq.gen-old", "amq.gen-new");

    record.consumerRemoved("amq.gen-new");
    assertThat(queueNames()).containsExactly("amq.gen-new");
    record.consumerRemoved("amq.gen-new");
    assertThat(queueNames()).isEmpty();
  }

  @Test
  void renamingAQueueToTheNameItHasChangesNothing() {
    record.queueDeclared(QueueSpec.serverNamed(), "amq.gen-1");
    record.bound(Binding.queue("amq.gen-1").to("events"));
    TopologyRecord.Snapshot before = record.snapshot();

    record.renamed("amq.gen-1", "amq.gen-1");

    assertThat(record.snapshot()).isEqualTo(before);
  }

  @Test
  void aSnapshotIsACopyThatLaterChangesDoNotTouch() {
    assertThat(record.isEmpty()).isTrue();
    record.exchangeDeclared(ExchangeSpec.topic("events"));
    declareQueue(QueueSpec.named("orders"));
    record.bound(Binding.queue("orders").to("events"));
    TopologyRecord.Snapshot snapshot = record.snapshot();

    record.queueDeleted("orders");
    record.exchangeDeleted("events");

    assertThat(record.isEmpty()).isTrue();
    assertThat(snapshot.exchanges()).containsExactly(ExchangeSpec.topic("events"));
    assertThat(snapshot.queues()).containsOnlyKeys("orders");
    assertThat(snapshot.bindings()).containsExactly(Binding.queue("orders").to("events"));
  }
}
