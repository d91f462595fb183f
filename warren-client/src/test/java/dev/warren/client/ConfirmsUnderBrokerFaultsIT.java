/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.warren.errors.AmqpException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.protocol.BasicProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The promise of publisher confirms under real broker faults: a message Warren reports as confirmed
 * is in the queue afterwards, on every path a user can take. Against a node of this class's own
 * ({@code scripts/node}), killed with {@code kill -9} of its own beam.smp and restarted, stopped
 * and started with {@code stop_app}/{@code start_app}, or with every connection closed by the
 * broker, while publishers run at full speed on one connection and paced on another.
 *
 * <p>Each of the four paths publishes persistent messages, each carrying its sequence number, to a
 * durable classic queue of its own: blocking {@code basicPublish} with a {@link ConfirmListener}
 * (amqp-client's sorted-set bookkeeping), {@code basicPublish} in batches with {@code
 * waitForConfirms}, asynchronous {@code publishConfirmed} futures, and blocking {@code
 * publishConfirmed}. After the fault and the recovery, each queue is drained: the set of numbers
 * confirmed must be a subset of the numbers stored (0 confirmed-but-missing), and the listener must
 * have heard every number exactly once (acked, nacked or lost).
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ConfirmsUnderBrokerFaultsIT {
  @RegisterExtension static final OwnNode node = OwnNode.named("warren-confirms", 5693, 25693);

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int BATCH = 100;
  private static final int FAST_MAX = 6_000; // per path and round, so a round drains quickly
  private static final List<String> rounds = new ArrayList<>();

  enum Fault {
    KILL,
    CLOSE_CONNECTIONS,
    STOP_START_APP
  }

  /**
   * Rounds per fault: {@code -Dwarren.confirmFaultRounds} (default 10). The test command runs the
   * default on the first JDK and fewer on the second, to keep the whole suite in its time budget:
   * the rounds repeat the same randomised fault, and the code under test is the same bytecode on
   * both JDKs.
   */
  static final int ROUNDS = Integer.getInteger("warren.confirmFaultRounds", 10);

  /** One round's deadline (a hung round is a failure, not a hang). */
  private static final Duration ROUND_DEADLINE = Duration.ofSeconds(150);

  private Stream<DynamicTest> rounds(Fault fault) {
    assertThat(ROUNDS).as("warren.confirmFaultRounds").isPositive();
    return IntStream.rangeClosed(1, ROUNDS)
        .mapToObj(
            i ->
                DynamicTest.dynamicTest(
                    "round " + i + " of " + ROUNDS,
                    () -> assertTimeoutPreemptively(ROUND_DEADLINE, () -> round(fault))));
  }

  @TestFactory
  Stream<DynamicTest> killNineOfTheNode() {
    return rounds(Fault.KILL);
  }

  @TestFactory
  Stream<DynamicTest> everyConnectionClosedByTheBroker() {
    return rounds(Fault.CLOSE_CONNECTIONS);
  }

  @TestFactory
  Stream<DynamicTest> stopAppThenStartApp() {
    return rounds(Fault.STOP_START_APP);
  }

  @AfterAll
  static void printFigures() {
    // The figures docs/recovery.md quotes: one line per round.
    rounds.forEach(r -> System.out.println("ConfirmsUnderBrokerFaultsIT " + r));
  }

  /** What one publishing path believes and what the queue holds. */
  abstract static class Path implements Runnable {
    final String label;
    final String queue;
    final boolean paced;
    final Channel ch;
    final Set<Long> confirmed = ConcurrentHashMap.newKeySet();
    final AtomicLong published = new AtomicLong();
    final AtomicBoolean stop = new AtomicBoolean();
    volatile Throwable crashed;
    Thread thread;

    Path(String label, Connection conn, boolean paced) {
      this.label = label + (paced ? "-paced" : "-fast");
      this.queue = Broker.unique("confirm-faults-" + this.label);
      this.paced = paced;
      this.ch = conn.openChannel();
      ch.confirmSelect();
      ch.queueDeclare(QueueSpec.named(queue).durable());
    }

    static final BasicProperties PERSISTENT = BasicProperties.builder().deliveryMode(2).build();

    static byte[] body(long seq) {
      return Long.toString(seq).getBytes(StandardCharsets.UTF_8);
    }

    void start() {
      thread = new Thread(this, "publisher-" + label);
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void run() {
      try {
        while (!stop.get() && published.get() < (paced ? Long.MAX_VALUE : FAST_MAX)) {
          try {
            step();
          } catch (AmqpException e) {
            // A publish the connection loss failed, or one refused while recovering: its outcome
            // is "not confirmed", and the loop goes on (the next call waits for the recovery).
            ItSupport.sleep(Duration.ofMillis(5));
          }
          if (paced) {
            ItSupport.sleep(Duration.ofMillis(2));
          }
        }
      } catch (Throwable t) {
        crashed = t;
      }
    }

    /** Publishes (and, for some paths, waits); records what the API reported as confirmed. */
    abstract void step();

    /** Waits until every outcome is known (bounded). */
    void settle() {}

    /** How many numbers the API told as lost or failed (for the figures). */
    long failed() {
      return 0;
    }
  }

  /** Blocking basicPublish, outcomes from a ConfirmListener. */
  static final class ListenerPath extends Path implements ConfirmListener {
    final ConcurrentSkipListSet<Long> outstanding = new ConcurrentSkipListSet<>();
    final Set<Long> failed = ConcurrentHashMap.newKeySet();
    final AtomicInteger heardTwice = new AtomicInteger();

    ListenerPath(Connection conn, boolean paced) {
      super("listener", conn, paced);
      ch.addConfirmListener(this);
    }

    @Override
    void step() {
      long seq = ch.nextPublishSeqNo();
      outstanding.add(seq);
      try {
        ch.basicPublish("", queue, PERSISTENT, body(seq));
        published.incrementAndGet();
      } catch (AmqpException e) {
        outstanding.remove(seq); // never took the number
        throw e;
      }
    }

    private void settle(long seq, boolean multiple, Set<Long> into) {
      if (multiple) {
        var head = outstanding.headSet(seq, true);
        into.addAll(head);
        head.clear();
      } else if (outstanding.remove(seq)) {
        into.add(seq);
      } else {
        heardTwice.incrementAndGet();
      }
    }

    @Override
    public void handleAck(long seq, boolean multiple) {
      settle(seq, multiple, confirmed);
    }

    @Override
    public void handleNack(long seq, boolean multiple) {
      settle(seq, multiple, failed);
    }

    @Override
    public void handleLost(long seq, boolean mayHaveReachedBroker) {
      settle(seq, false, failed);
    }

    @Override
    void settle() {
      ItSupport.waitUntil(
          WAIT,
          label + ": every number heard, outstanding " + outstanding.size(),
          outstanding::isEmpty);
    }

    @Override
    long failed() {
      return failed.size();
    }
  }

  /** basicPublish in batches, each followed by waitForConfirms. */
  static final class WaitPath extends Path {
    long failedNumbers;

    WaitPath(Connection conn, boolean paced) {
      super("wait", conn, paced);
    }

    @Override
    void step() {
      List<Long> batch = new ArrayList<>(BATCH);
      try {
        for (int i = 0; i < BATCH; i++) {
          long seq = ch.nextPublishSeqNo();
          ch.basicPublish("", queue, PERSISTENT, body(seq));
          batch.add(seq);
          published.incrementAndGet();
        }
        ch.waitForConfirms(WAIT);
        confirmed.addAll(batch);
      } catch (AmqpException e) {
        failedNumbers += batch.size();
        throw e;
      }
    }

    @Override
    long failed() {
      return failedNumbers;
    }
  }

  /** Asynchronous publishConfirmed, at most 500 in flight. */
  static final class FuturePath extends Path {
    final Semaphore inFlight = new Semaphore(500);
    final List<CompletableFuture<Void>> futures = new ArrayList<>();
    final AtomicLong failedFutures = new AtomicLong();

    FuturePath(Connection conn, boolean paced) {
      super("futures", conn, paced);
    }

    @Override
    void step() {
      try {
        if (!inFlight.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new AssertionError(label + ": 500 publishes in flight for " + WAIT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      long seq = published.incrementAndGet(); // its own numbering: the body is what counts
      CompletableFuture<Void> f =
          ch.async().publishConfirmed("", queue, PERSISTENT, body(seq), PublishOptions.DEFAULT);
      f.whenComplete(
          (ok, failure) -> {
            inFlight.release();
            if (failure == null) {
              confirmed.add(seq);
            } else {
              failedFutures.incrementAndGet();
            }
          });
      synchronized (futures) {
        futures.add(f);
      }
    }

    @Override
    void settle() {
      List<CompletableFuture<Void>> all;
      synchronized (futures) {
        all = List.copyOf(futures);
      }
      ItSupport.waitUntil(
          WAIT,
          label + ": every future done",
          () -> all.stream().allMatch(CompletableFuture::isDone));
    }

    @Override
    long failed() {
      return failedFutures.get();
    }
  }

  /** Blocking publishConfirmed, one at a time. */
  static final class BlockingConfirmedPath extends Path {
    long failedCalls;

    BlockingConfirmedPath(Connection conn, boolean paced) {
      super("publishConfirmed", conn, paced);
    }

    @Override
    void step() {
      long seq = published.incrementAndGet();
      try {
        ch.publishConfirmed("", queue, PERSISTENT, body(seq), PublishOptions.DEFAULT);
      } catch (AmqpException e) {
        failedCalls++;
        throw e;
      }
      confirmed.add(seq);
    }

    @Override
    long failed() {
      return failedCalls;
    }
  }

  /** Counts losses and recoveries of one connection. */
  static final class Recoveries implements RecoveryListener {
    final AtomicInteger lost = new AtomicInteger();
    final AtomicInteger recovered = new AtomicInteger();

    @Override
    public void connectionLost(ConnectionClosedException cause) {
      lost.incrementAndGet();
    }

    @Override
    public void recovered(String endpoint) {
      recovered.incrementAndGet();
    }
  }

  private static Connection open(String name, Recoveries recoveries) {
    RecoveryPolicy policy =
        RecoveryPolicy.builder()
            .backoff(Duration.ofMillis(100), Duration.ofMillis(500))
            .operationWait(WAIT)
            .build();
    Connection conn =
        Connection.open(
            node.parameters()
                .connectionName(Broker.unique(name))
                .recovery(policy)
                .rpcTimeout(Duration.ofSeconds(15))
                .build());
    conn.addRecoveryListener(recoveries);
    return conn;
  }

  private static List<Path> paths(Connection conn, boolean paced) {
    return List.of(
        new ListenerPath(conn, paced),
        new WaitPath(conn, paced),
        new FuturePath(conn, paced),
        new BlockingConfirmedPath(conn, paced));
  }

  private void round(Fault fault) throws Exception {
    Recoveries fastRecoveries = new Recoveries();
    Recoveries pacedRecoveries = new Recoveries();
    try (Connection fast = open("confirm-faults-fast", fastRecoveries);
        Connection paced = open("confirm-faults-paced", pacedRecoveries)) {
      List<Path> paths = new ArrayList<>(paths(fast, false));
      paths.addAll(paths(paced, true));
      if (fault == Fault.KILL) {
        // RabbitMQ writes a durable queue's definition to disk lazily: killed within moments of
        // the declaration, the node forgets the queue, and its confirmed messages with it (the
        // client's recovery then declares it anew, empty). The promise under test is about
        // messages, so the queues' definitions are put on disk first.
        node.ctl("eval", "mnesia:dump_log().");
      }
      paths.forEach(Path::start);
      ItSupport.waitUntil(
          WAIT,
          "every path published",
          () -> paths.stream().allMatch(p -> p.published.get() >= 50));

      long faultAt = System.nanoTime();
      inject(fault);
      ItSupport.waitUntil(
          WAIT,
          "both connections recovered",
          () -> fastRecoveries.recovered.get() >= 1 && pacedRecoveries.recovered.get() >= 1);
      long recoveredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - faultAt);
      ItSupport.sleep(Duration.ofMillis(300)); // publishing goes on after the recovery

      paths.forEach(p -> p.stop.set(true));
      for (Path p : paths) {
        p.thread.join(WAIT.toMillis());
        assertThat(p.thread.isAlive()).as(p.label + " publisher ended").isFalse();
        assertThat(p.crashed).as(p.label + " publisher").isNull();
      }
      paths.forEach(Path::settle);

      StringBuilder figures =
          new StringBuilder(fault + " recovered in " + recoveredMillis + " ms:");
      for (Path p : paths) {
        Set<Long> stored = drain(p.ch, p.queue);
        Set<Long> missing = new java.util.TreeSet<>(p.confirmed);
        missing.removeAll(stored);
        figures.append(
            String.format(
                " %s published %d confirmed %d failed %d stored %d missing %d;",
                p.label,
                p.published.get(),
                p.confirmed.size(),
                p.failed(),
                stored.size(),
                missing.size()));
        assertThat(p.confirmed).as(p.label + ": something was confirmed").isNotEmpty();
        assertThat(missing)
            .as(
                "%s: %d confirmed but not in the queue (%s), from %s to %s; stored %d",
                p.label,
                missing.size(),
                fault,
                missing.isEmpty() ? "-" : ((java.util.TreeSet<Long>) missing).first(),
                missing.isEmpty() ? "-" : ((java.util.TreeSet<Long>) missing).last(),
                stored.size())
            .isEmpty();
        if (p instanceof ListenerPath l) {
          assertThat(l.heardTwice).as(l.label + ": numbers heard twice").hasValue(0);
          assertThat(l.failed)
              .as(l.label + ": acked and failed")
              .doesNotContainAnyElementsOf(l.confirmed);
        }
        p.ch.queueDelete(p.queue);
      }
      assertThat(fastRecoveries.lost).as("the fault hit the connection").hasPositiveValue();
      rounds.add(figures.toString());
    }
  }

  private static void inject(Fault fault) {
    switch (fault) {
      case KILL -> {
        node.kill();
        ItSupport.sleep(Duration.ofSeconds(1));
        node.restart();
      }
      case CLOSE_CONNECTIONS -> node.ctl("close_all_connections", "test: forced close");
      case STOP_START_APP -> {
        node.ctl("stop_app");
        ItSupport.sleep(Duration.ofMillis(500));
        node.ctl("start_app");
      }
    }
  }

  /**
   * Every number stored in {@code queue}: consumes (auto-ack) until the broker says the queue is
   * empty and nothing more arrives.
   */
  private static Set<Long> drain(Channel ch, String queue) {
    Set<Long> stored = ConcurrentHashMap.newKeySet();
    AtomicLong deliveries = new AtomicLong();
    String tag =
        ch.basicConsume(
            ConsumeSpec.queue(queue).autoAck(),
            d -> {
              stored.add(Long.parseLong(d.bodyAsString()));
              deliveries.incrementAndGet();
            });
    long deadline = System.nanoTime() + WAIT.toNanos();
    long seen = -1;
    while (true) {
      long before = deliveries.get();
      ItSupport.sleep(Duration.ofMillis(200));
      long left = ch.queueDeclare(QueueSpec.named(queue).passive()).messageCount();
      if (left == 0 && deliveries.get() == before && before == seen) {
        break;
      }
      seen = deliveries.get();
      assertThat(System.nanoTime() - deadline)
          .as(queue + ": drained within " + WAIT + " (" + left + " left)")
          .isNegative();
    }
    ch.basicCancel(tag);
    return stored;
  }
}
