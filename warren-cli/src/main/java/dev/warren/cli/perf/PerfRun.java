/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli.perf;

import dev.warren.cli.CliException;
import dev.warren.cli.ConfirmWindow;
import dev.warren.cli.ExitCodes;
import dev.warren.cli.Pacer;
import dev.warren.client.Binding;
import dev.warren.client.CallbackThread;
import dev.warren.client.Channel;
import dev.warren.client.ConfirmOptions;
import dev.warren.client.Connection;
import dev.warren.client.ConnectionParameters;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.Consumer;
import dev.warren.client.Delivery;
import dev.warren.client.ExchangeSpec;
import dev.warren.client.PublishOptions;
import dev.warren.client.Qos;
import dev.warren.client.QueueSpec;
import dev.warren.errors.AmqpException;
import dev.warren.errors.BackpressureTimeoutException;
import dev.warren.protocol.BasicProperties;
import java.io.PrintWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One perf run: producers publishing in tight loops on their own threads (rate-limited ones past
 * {@link ProducerScheduler#THRESHOLD}: as tasks on a few threads), consumers recording the
 * publish-to-delivery latency carried in each body, and the calling thread printing one progress
 * line per second until the duration, the message count, an error or Ctrl-C ends it.
 *
 * <p>Body layout: bytes 0-7 the publisher's {@link System#nanoTime()} (big-endian), bytes 8-11 this
 * run's id (so messages of another run left in a named queue do not count as latency), then zeros
 * up to the size.
 */
public final class PerfRun {
  /** The smallest body: the timestamp and the run id. */
  public static final int MIN_SIZE = 12;

  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final long SECOND = 1_000_000_000L;

  /** With a message count: how long the end waits for deliveries that stopped coming. */
  private static final long DRAIN_STALL = 5 * SECOND;

  private final PerfConfig config;
  private final ConnectionParameters parameters;
  private final PrintWriter out;
  private final BooleanSupplier interrupted;
  private final int runId = ThreadLocalRandom.current().nextInt();

  private final LongAdder sent = new LongAdder();
  private final LongAdder received = new LongAdder();
  private final LongAdder returned = new LongAdder();
  private final Recorder recorder = new Recorder(3);
  private final Histogram total = new Histogram(3);
  private final List<ConfirmWindow> windows = new ArrayList<>();
  private final List<Connection> producerConnections = new ArrayList<>();
  private final List<Connection> consumerConnections = new ArrayList<>();
  private final List<PerfConsumer> perfConsumers = new ArrayList<>();
  private final List<Thread> producerThreads = new ArrayList<>();
  // Rate-limited producers past ProducerScheduler.THRESHOLD: tasks on a few threads.
  private final List<PacedProducer> pacedProducers = new ArrayList<>();
  private int producerCount;
  private ProducerScheduler scheduler;
  private final AtomicReference<Throwable> error = new AtomicReference<>();
  private final LongAdder producersDone = new LongAdder();
  private volatile boolean running = true;
  private volatile boolean closed;
  private Connection setup;
  private String queue;

  public PerfRun(
      PerfConfig config, ConnectionParameters parameters, PrintWriter out, BooleanSupplier stop) {
    this.config = config;
    this.parameters = parameters;
    this.out = out;
    this.interrupted = stop;
  }

  /** The queue the run uses (after {@link #run()} declared it). */
  public String queue() {
    return queue;
  }

  /** Runs to the end and returns the result; connections are closed whatever happens. */
  public PerfResult run() {
    long startedAt = System.currentTimeMillis();
    List<Sample> samples = new ArrayList<>();
    long start = 0;
    long stop = 0;
    long sentAtStop = 0;
    long receivedAtStop = 0;
    long confirmedAtStop = 0;
    boolean wasInterrupted = false;
    try {
      setUp();
      start = System.nanoTime();
      for (Thread t : producerThreads) {
        t.start();
      }
      if (!pacedProducers.isEmpty()) {
        scheduler = new ProducerScheduler();
        for (PacedProducer p : pacedProducers) {
          scheduler.every(config.rate(), p::tick);
        }
      }
      long next = start + SECOND;
      long lastSent = 0;
      long lastReceived = 0;
      long lastConfirmed = 0;
      long lastTick = start;
      long lastProgress = start;
      long lastReceivedSeen = 0;
      Histogram interval = null;
      while (true) {
        long now = System.nanoTime();
        if (now - next >= 0) {
          long s = sent.sum();
          long r = received.sum();
          long c = confirmed();
          interval = recorder.getIntervalHistogram(interval);
          total.add(interval);
          double secs = (now - lastTick) / 1e9;
          Sample sample =
              new Sample(
                  Math.round((now - start) / 1e8) / 10.0,
                  (s - lastSent) / secs,
                  (r - lastReceived) / secs,
                  (c - lastConfirmed) / secs,
                  interval.getTotalCount() == 0 ? -1 : interval.getValueAtPercentile(50),
                  interval.getTotalCount() == 0 ? -1 : interval.getValueAtPercentile(99));
          samples.add(sample);
          out.println(progress(sample));
          out.flush();
          lastSent = s;
          lastReceived = r;
          lastConfirmed = c;
          lastTick = now;
          next += SECOND;
          if (now - next >= 0) {
            next = now + SECOND;
          }
        }
        if (interrupted.getAsBoolean()) {
          wasInterrupted = true;
          break;
        }
        if (error.get() != null) {
          break;
        }
        if (config.duration() != null && now - start >= config.duration().toNanos()) {
          break;
        }
        if (config.producerMessageCount() > 0 && producersFinished()) {
          long r = received.sum();
          if (r != lastReceivedSeen) {
            lastReceivedSeen = r;
            lastProgress = now;
          }
          boolean confirmsDone = windows.stream().allMatch(w -> w.unconfirmed() == 0);
          boolean consumersDone =
              config.consumerThreads() == 0
                  || r >= expectedDeliveries()
                  || r > 0 && now - lastProgress > DRAIN_STALL;
          if (confirmsDone && consumersDone) {
            break;
          }
          if (now - lastProgress > 2 * DRAIN_STALL) {
            break;
          }
        } else {
          lastProgress = now;
        }
        LockSupport.parkNanos(Math.min(Math.max(next - System.nanoTime(), 0), 20_000_000L));
      }
      stop = System.nanoTime();
      running = false;
      total.add(recorder.getIntervalHistogram(interval));
      sentAtStop = sent.sum();
      receivedAtStop = received.sum();
      confirmedAtStop = confirmed();
    } catch (RuntimeException e) {
      error.compareAndSet(null, e);
      if (start == 0) {
        start = System.nanoTime();
      }
      stop = System.nanoTime();
      running = false;
      total.add(recorder.getIntervalHistogram());
      sentAtStop = sent.sum();
      receivedAtStop = received.sum();
      confirmedAtStop = confirmed();
      wasInterrupted = interrupted.getAsBoolean();
    } finally {
      running = false;
      stopScheduler();
      for (Thread t : producerThreads) {
        join(t, 1_000);
      }
    }
    long nacked = windows.stream().mapToLong(ConfirmWindow::nacked).sum();
    return new PerfResult(
        config,
        Math.max(0, (stop - start) / 1e9),
        sentAtStop,
        receivedAtStop,
        confirmedAtStop,
        nacked,
        returned.sum(),
        total,
        samples,
        wasInterrupted,
        error.get(),
        startedAt);
  }

  private boolean producersFinished() {
    return producersDone.sum() >= producerCount;
  }

  /** One queue: every message published is delivered once. */
  private long expectedDeliveries() {
    return sent.sum();
  }

  private long confirmed() {
    long c = 0;
    for (ConfirmWindow w : windows) {
      c += w.acked();
    }
    return c;
  }

  static String progress(Sample s) {
    return String.format(
        Locale.ROOT,
        "time %6.1f s, sent %9.0f msg/s, received %9.0f msg/s, confirmed %9.0f msg/s,"
            + " latency p50/p99 %s/%s µs",
        s.time(),
        s.sent(),
        s.received(),
        s.confirmed(),
        s.p50() < 0 ? "-" : Long.toString(s.p50()),
        s.p99() < 0 ? "-" : Long.toString(s.p99()));
  }

  // ---------------------------------------------------------------------------------------------

  private Connection open(String name) {
    return Connection.open(parameters.toBuilder().connectionName(name).build());
  }

  private void setUp() {
    setup = open("warren perf setup");
    queue =
        config.queue() != null
            ? config.queue()
            : "warren-perf-" + UUID.randomUUID().toString().substring(0, 8);
    boolean replicated = !config.queueType().equals("classic");
    try (Channel ch = setup.openChannel()) {
      QueueSpec q = QueueSpec.named(queue).arguments(config.queueArguments());
      if (config.persistent() || replicated) {
        q = q.durable();
      } else if (config.autoDelete() && config.queue() != null) {
        q = q.autoDelete();
      }
      ch.queueDeclare(q);
      if (!config.exchange().isEmpty()) {
        if (!config.exchange().startsWith("amq.")) {
          ch.exchangeDeclare(ExchangeSpec.of(config.exchange(), config.exchangeType()).durable());
        }
        ch.queueBind(Binding.queue(queue).to(config.exchange()).withKey(routingKey()));
      }
    }
    Connection shared = config.sharedConnection() ? open("warren perf") : null;
    if (shared != null) {
      producerConnections.add(shared);
    }
    // Consumers first, so that no message is published before someone listens.
    for (int i = 0; i < config.consumers(); i++) {
      Connection conn = shared != null ? shared : open("warren perf consumer " + (i + 1));
      if (shared == null) {
        consumerConnections.add(conn);
      }
      watch(conn);
      for (int j = 0; j < config.consumerChannels(); j++) {
        Channel ch = conn.openChannel();
        if (!config.autoAck()) {
          ch.basicQos(Qos.prefetch(config.qos()));
        } else if (config.qos() > 0) {
          ch.basicQos(Qos.prefetch(config.qos()));
        }
        PerfConsumer c = new PerfConsumer(ch);
        ConsumeSpec spec = ConsumeSpec.queue(queue).callbackThread(config.callbackThread());
        if (config.autoAck()) {
          spec = spec.autoAck();
        }
        c.tag = ch.basicConsume(spec, c);
        perfConsumers.add(c);
      }
    }
    BasicProperties props =
        config.persistent()
            ? BasicProperties.builder().persistent().build()
            : BasicProperties.EMPTY;
    PublishOptions options =
        config.mandatory() ? PublishOptions.DEFAULT.mandatory() : PublishOptions.DEFAULT;
    boolean paced =
        ProducerScheduler.schedules(config.producers() * config.producerChannels(), config.rate());
    for (int i = 0; i < config.producers(); i++) {
      Connection conn = shared != null ? shared : open("warren perf producer " + (i + 1));
      if (shared == null) {
        producerConnections.add(conn);
      }
      watch(conn);
      for (int j = 0; j < config.producerChannels(); j++) {
        Channel ch = conn.openChannel();
        ConfirmWindow window = null;
        if (config.confirmWindow() > 0) {
          // The channel's own window bounds the unconfirmed publishes: released on the I/O thread
          // as confirms arrive, it wakes a waiting producer once per batch, with no hop through
          // the confirm listener's thread. The listener only counts, on the I/O thread as
          // amqp-client's listeners run: a hop to a callback thread per confirm batch would cost
          // more than the counting.
          ch.confirmSelect(ConfirmOptions.window(config.confirmWindow()));
          window = ConfirmWindow.countingOnly();
          ch.addConfirmListener(window, CallbackThread.IO_THREAD);
          windows.add(window);
        }
        if (config.mandatory()) {
          ch.addReturnListener(r -> returned.increment());
        }
        producerCount++;
        if (paced) {
          pacedProducers.add(new PacedProducer(ch, window, props, options));
          continue;
        }
        Producer p = new Producer(ch, window, props, options);
        Thread t = new Thread(p, "warren-perf-producer-" + (i + 1) + "-" + (j + 1));
        t.setDaemon(true);
        producerThreads.add(t);
      }
    }
  }

  private void watch(Connection conn) {
    conn.addCloseListener(
        cause -> {
          if (running && cause != null) {
            error.compareAndSet(null, cause);
          }
        });
  }

  private String routingKey() {
    return config.routingKey() != null ? config.routingKey() : queue;
  }

  /**
   * Stops everything the run opened: cancels the consumers, deletes a generated queue (dropping any
   * backlog, so that closing does not wait behind it), and closes every connection, in parallel,
   * waiting at most a few seconds for each close-ok. Safe to call more than once.
   */
  public void close() {
    running = false;
    if (closed) {
      return;
    }
    closed = true;
    stopScheduler();
    for (Thread t : producerThreads) {
      join(t, 2_000);
    }
    List<Thread> closers = new ArrayList<>();
    for (PerfConsumer c : perfConsumers) {
      closers.add(start("cancel", c::stop));
    }
    joinAll(closers, 5_000);
    if (setup != null && config.queue() == null && queue != null) {
      try {
        if (setup.isOpen()) {
          try (Channel ch = setup.openChannel()) {
            ch.queueDelete(queue);
          }
        }
      } catch (AmqpException e) {
        // the broker deletes nothing else of ours; the run's result is what matters
      }
    }
    closers.clear();
    List<Connection> all = new ArrayList<>(producerConnections);
    all.addAll(consumerConnections);
    if (setup != null) {
      all.add(setup);
    }
    for (Connection c : all) {
      closers.add(start("close", () -> close(c)));
    }
    joinAll(closers, 6_000);
    for (Thread t : producerThreads) {
      join(t, 1_000);
    }
  }

  private void stopScheduler() {
    ProducerScheduler s = scheduler;
    if (s != null) {
      s.close();
    }
  }

  private static Thread start(String what, Runnable r) {
    Thread t = new Thread(r, "warren-perf-" + what);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void joinAll(List<Thread> threads, long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    for (Thread t : threads) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left > 0) {
        join(t, left);
      }
    }
  }

  private static void close(Connection c) {
    try {
      c.close(200, "warren perf done", Duration.ofSeconds(3));
    } catch (RuntimeException ignored) {
      // already closed or lost: nothing to release
    }
  }

  private static void join(Thread t, long millis) {
    if (!t.isAlive()) {
      return;
    }
    try {
      t.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits while {@link PerfConfig#maxInFlight()} messages are published and not yet received (or
   * returned), so that the latency measured is the clients' and not the time spent in a growing
   * queue. Short parks: the consumers drain the queue in microseconds per message.
   *
   * @return false if the run stopped while waiting
   */
  private boolean awaitRoom() {
    long bound = config.maxInFlight();
    while (sent.sum() - received.sum() - returned.sum() >= bound) {
      if (!running) {
        return false;
      }
      LockSupport.parkNanos(20_000);
    }
    return running;
  }

  /** One publishing thread on its own channel. */
  private final class Producer implements Runnable {
    private final Channel ch;
    private final ConfirmWindow window;
    private final BasicProperties props;
    private final PublishOptions options;

    Producer(Channel ch, ConfirmWindow window, BasicProperties props, PublishOptions options) {
      this.ch = ch;
      this.window = window;
      this.props = props;
      this.options = options;
    }

    @Override
    public void run() {
      String exchange = config.exchange();
      String key = routingKey();
      int size = Math.max(MIN_SIZE, config.size());
      long limit = config.producerMessageCount();
      Pacer pacer = new Pacer(config.rate());
      BooleanSupplier stop = () -> !running;
      long n = 0;
      try {
        while (running) {
          if (pacer.limited()) {
            pacer.await(stop);
            if (!running) {
              break;
            }
          }
          if (config.boundsInFlight() && !awaitRoom()) {
            break;
          }
          byte[] body = new byte[size];
          LONG.set(body, 0, System.nanoTime());
          INT.set(body, 8, runId);
          try {
            ch.basicPublish(exchange, key, props, body, options);
          } catch (BackpressureTimeoutException e) {
            continue; // the broker is slow to confirm or has blocked us: wait again, like PerfTest
          }
          if (window != null) {
            window.published();
          }
          sent.increment();
          if (limit > 0 && ++n >= limit) {
            break;
          }
        }
      } catch (RuntimeException e) {
        if (running) {
          error.compareAndSet(null, e);
        }
      } finally {
        producersDone.increment();
      }
    }
  }

  /**
   * A rate-limited producer run by the {@link ProducerScheduler}: one asynchronous publish per
   * tick, so that a full confirm window or a shut gate parks the publish instead of holding the
   * scheduler's thread; a tick with no room in flight is skipped, as the blocking producer would
   * wait it out.
   */
  private final class PacedProducer {
    private final Channel ch;
    private final ConfirmWindow window;
    private final BasicProperties props;
    private final PublishOptions options;
    private final String key = routingKey();
    private final int size = Math.max(MIN_SIZE, config.size());
    private long n;

    PacedProducer(Channel ch, ConfirmWindow window, BasicProperties props, PublishOptions options) {
      this.ch = ch;
      this.window = window;
      this.props = props;
      this.options = options;
    }

    /** The scheduler's tick: publishes one message; false once this producer is done. */
    boolean tick() {
      if (!running) {
        producersDone.increment();
        return false;
      }
      if (config.boundsInFlight()
          && sent.sum() - received.sum() - returned.sum() >= config.maxInFlight()) {
        return true;
      }
      byte[] body = new byte[size];
      LONG.set(body, 0, System.nanoTime());
      INT.set(body, 8, runId);
      try {
        ch.async()
            .basicPublish(config.exchange(), key, props, body, options)
            .whenComplete(
                (v, e) -> {
                  if (e != null && !(e instanceof BackpressureTimeoutException) && running) {
                    error.compareAndSet(null, e);
                  }
                });
      } catch (RuntimeException e) {
        if (running) {
          error.compareAndSet(null, e);
        }
        producersDone.increment();
        return false;
      }
      if (window != null) {
        window.published();
      }
      sent.increment();
      long limit = config.producerMessageCount();
      if (limit > 0 && ++n >= limit) {
        producersDone.increment();
        return false;
      }
      return true;
    }
  }

  /** One consumer: records the latency and acknowledges. */
  private final class PerfConsumer implements Consumer {
    private final Channel ch;
    private final boolean manual = !config.autoAck();
    private final int multiAck = Math.max(1, config.multiAckEvery());
    private volatile String tag;
    private int unacked;
    private volatile long lastTag;

    PerfConsumer(Channel ch) {
      this.ch = ch;
    }

    @Override
    public void handleDelivery(Delivery d) {
      long now = System.nanoTime();
      // Counted before recorded: the summary takes the histogram, then the count, so it never has
      // more latency samples than messages received.
      received.increment();
      byte[] body = d.body();
      if (body.length >= MIN_SIZE && (int) INT.get(body, 8) == runId) {
        long micros = (now - (long) LONG.get(body, 0)) / 1000;
        recorder.recordValue(Math.max(0, micros));
      }
      if (manual) {
        long deliveryTag = d.deliveryTag();
        if (multiAck == 1) {
          ch.basicAck(deliveryTag);
        } else if (++unacked >= multiAck) {
          ch.basicAckUpTo(deliveryTag);
          unacked = 0;
        } else {
          lastTag = deliveryTag;
          return;
        }
        lastTag = 0;
      }
    }

    @Override
    public void handleCancel(String consumerTag) {
      if (running) {
        error.compareAndSet(
            null,
            new CliException(
                ExitCodes.REFUSED,
                "the broker cancelled consumer " + consumerTag + " (was the queue deleted?)"));
      }
    }

    @Override
    public void handleShutdown(String consumerTag, AmqpException cause) {
      if (running && cause != null) {
        error.compareAndSet(null, cause);
      }
    }

    /** Cancels the consumer and acknowledges what a multiple ack had not covered yet. */
    void stop() {
      try {
        if (ch.isOpen() && tag != null) {
          ch.basicCancel(tag);
          long t = lastTag;
          if (manual && t > 0) {
            ch.basicAckUpTo(t);
          }
        }
      } catch (RuntimeException ignored) {
        // closing the connection next settles the rest
      }
    }
  }
}
