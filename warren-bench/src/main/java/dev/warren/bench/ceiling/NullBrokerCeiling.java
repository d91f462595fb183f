/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.bench.ceiling;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.warren.bench.compare.ProcStat;
import dev.warren.client.Channel;
import dev.warren.client.ConfirmListener;
import dev.warren.client.Connection;
import dev.warren.client.ConnectionParameters;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.Qos;
import dev.warren.client.RecoveryPolicy;
import dev.warren.protocol.BasicProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client alone: Warren and amqp-client against the test kit's null broker (in a child JVM), in
 * the same run, alternating. Three tests on one connection each:
 *
 * <ul>
 *   <li>publish with confirms: one thread publishes {@code --size}-byte messages in confirm mode,
 *       keeping at most {@code --window} unconfirmed; the rate counts confirmed messages;
 *   <li>consume, auto-ack: one consumer; the null broker pushes as fast as the client reads;
 *   <li>consume, manual ack: prefetch 1000, one multiple ack every 100 deliveries.
 * </ul>
 *
 * <p>Also reports this JVM's CPU time per million messages (the client's; the broker is another
 * process). {@code bench/compare ceiling [--rounds 3 --warmup 3 --measure 5 --size 16]}.
 */
public final class NullBrokerCeiling {
  private NullBrokerCeiling() {}

  enum Test {
    PUBLISH_CONFIRMS("publish with confirms"),
    CONSUME_AUTO_ACK("consume, auto-ack"),
    CONSUME_MANUAL_ACK("consume, qos 1000, ack every 100");

    final String label;

    Test(String label) {
      this.label = label;
    }
  }

  record Result(Test test, String client, int round, double rate, double cpuPerM) {}

  static int warmup = 3;
  static int measure = 5;
  static int window = 20_000;
  static byte[] body;
  static int port;

  public static void main(String[] args) throws Exception {
    int rounds = 3;
    int size = 16;
    List<String> clients = List.of("warren", "amqp-client");
    List<Test> tests = List.of(Test.values());
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--measure" -> measure = Integer.parseInt(args[++i]);
        case "--size" -> size = Integer.parseInt(args[++i]);
        case "--window" -> window = Integer.parseInt(args[++i]);
        case "--clients" -> clients = List.of(args[++i].split(","));
        case "--tests" ->
            tests =
                java.util.Arrays.stream(args[++i].split(","))
                    .map(n -> Test.valueOf(n.toUpperCase(Locale.ROOT).replace('-', '_')))
                    .toList();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    body = new byte[size];
    List<Result> results = new ArrayList<>();
    System.out.printf(
        Locale.ROOT,
        "ceiling: null broker in a child JVM, %d-byte bodies, %d round(s), warm-up %d s,"
            + " measured %d s, load %s%n",
        size,
        rounds,
        warmup,
        measure,
        ProcStat.loadAverage());
    try (NullBrokerMain.Child broker = new NullBrokerMain.Child(size, "-Xmx512m")) {
      port = broker.port();
      for (int round = 1; round <= rounds; round++) {
        for (Test t : tests) {
          for (String client : clients) {
            Result r = run(t, client, round);
            results.add(r);
            System.out.printf(
                Locale.ROOT,
                "  round %d  %-34s %-11s %,12.0f msg/s  client %.2f CPU-s/M%n",
                round,
                t.label,
                client,
                r.rate(),
                r.cpuPerM());
          }
        }
      }
    }
    System.out.println();
    System.out.println(
        "| test (one connection) | Warren msg/s | amqp-client msg/s | ratio W/A | Warren CPU-s/M |"
            + " amqp-client CPU-s/M |");
    System.out.println("|---|---|---|---|---|---|");
    for (Test t : tests) {
      double w = median(results, t, "warren", true);
      double a = median(results, t, "amqp-client", true);
      List<Double> ratios = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        ratios.add(rate(results, t, "warren", round) / rate(results, t, "amqp-client", round));
      }
      System.out.printf(
          Locale.ROOT,
          "| %s | %,.0f | %,.0f | %.2f | %.2f | %.2f |%n",
          t.label,
          w,
          a,
          median(ratios),
          median(results, t, "warren", false),
          median(results, t, "amqp-client", false));
    }
    System.out.println("(medians of the rounds; the ratio is the median of the per-round ratios)");
    System.out.println("load average at the end: " + ProcStat.loadAverage());
    System.exit(0);
  }

  private static double rate(List<Result> rs, Test t, String client, int round) {
    return rs.stream()
        .filter(r -> r.test() == t && r.client().equals(client) && r.round() == round)
        .mapToDouble(Result::rate)
        .findFirst()
        .orElse(Double.NaN);
  }

  private static double median(List<Result> rs, Test t, String client, boolean rate) {
    List<Double> v = new ArrayList<>();
    for (Result r : rs) {
      if (r.test() == t && r.client().equals(client)) {
        v.add(rate ? r.rate() : r.cpuPerM());
      }
    }
    return median(v);
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    int n = s.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  /** What a test needs from a client. */
  interface Subject extends AutoCloseable {
    /** Publishes one message (confirm mode is on). */
    void publish() throws Exception;

    /** Confirmed so far (the highest acked sequence number). */
    long confirmed();

    /** Delivered so far. */
    long delivered();
  }

  private static Result run(Test t, String client, int round) throws Exception {
    System.gc();
    try (Subject s = client.equals("warren") ? warren(t) : amqp(t)) {
      long pid = ProcessHandle.current().pid();
      if (t == Test.PUBLISH_CONFIRMS) {
        long published = 0;
        long start = System.nanoTime();
        long measureAt = start + warmup * 1_000_000_000L;
        long endAt = measureAt + measure * 1_000_000_000L;
        long c0 = -1;
        long t0 = 0;
        double cpu0 = 0;
        while (true) {
          if ((published & 63) == 0) {
            long now = System.nanoTime();
            if (c0 < 0 && now >= measureAt) {
              c0 = s.confirmed();
              t0 = now;
              cpu0 = ProcStat.cpuSeconds(pid);
            } else if (now >= endAt) {
              long c1 = s.confirmed();
              double cpu1 = ProcStat.cpuSeconds(pid);
              double rate = (c1 - c0) / ((now - t0) / 1e9);
              return new Result(t, client, round, rate, (cpu1 - cpu0) / ((c1 - c0) / 1e6));
            }
          }
          if (published - s.confirmed() >= window) {
            Thread.onSpinWait();
            continue;
          }
          s.publish();
          published++;
        }
      }
      Thread.sleep(warmup * 1000L);
      long d0 = s.delivered();
      long t0 = System.nanoTime();
      double cpu0 = ProcStat.cpuSeconds(pid);
      Thread.sleep(measure * 1000L);
      long d1 = s.delivered();
      long t1 = System.nanoTime();
      double cpu1 = ProcStat.cpuSeconds(pid);
      return new Result(
          t, client, round, (d1 - d0) / ((t1 - t0) / 1e9), (cpu1 - cpu0) / ((d1 - d0) / 1e6));
    }
  }

  private static Subject warren(Test t) {
    Connection conn =
        Connection.open(
            ConnectionParameters.builder()
                .host("127.0.0.1")
                .port(port)
                .recovery(RecoveryPolicy.disabled())
                .build());
    Channel ch = conn.openChannel();
    AtomicLong confirmed = new AtomicLong();
    AtomicLong delivered = new AtomicLong();
    switch (t) {
      case PUBLISH_CONFIRMS -> {
        ch.confirmSelect();
        ch.addConfirmListener(
            new ConfirmListener() {
              @Override
              public void handleAck(long sequenceNumber, boolean multiple) {
                confirmed.accumulateAndGet(sequenceNumber, Math::max);
              }

              @Override
              public void handleNack(long sequenceNumber, boolean multiple) {
                confirmed.accumulateAndGet(sequenceNumber, Math::max);
              }
            });
      }
      case CONSUME_AUTO_ACK ->
          ch.basicConsume(ConsumeSpec.queue("q").autoAck(), d -> delivered.incrementAndGet());
      case CONSUME_MANUAL_ACK -> {
        ch.basicQos(Qos.prefetch(1000));
        ch.basicConsume(
            ConsumeSpec.queue("q"),
            d -> {
              if (delivered.incrementAndGet() % 100 == 0) {
                ch.basicAckUpTo(d.deliveryTag());
              }
            });
      }
    }
    return new Subject() {
      @Override
      public void publish() {
        ch.basicPublish("", "q", BasicProperties.EMPTY, body);
      }

      @Override
      public long confirmed() {
        return confirmed.get();
      }

      @Override
      public long delivered() {
        return delivered.get();
      }

      @Override
      public void close() {
        conn.close();
      }
    };
  }

  private static Subject amqp(Test t) throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost("127.0.0.1");
    f.setPort(port);
    f.setAutomaticRecoveryEnabled(false);
    com.rabbitmq.client.Connection conn = f.newConnection();
    com.rabbitmq.client.Channel ch = conn.createChannel();
    AtomicLong confirmed = new AtomicLong();
    AtomicLong delivered = new AtomicLong();
    switch (t) {
      case PUBLISH_CONFIRMS -> {
        ch.confirmSelect();
        ch.addConfirmListener(
            (seq, multiple) -> confirmed.accumulateAndGet(seq, Math::max),
            (seq, multiple) -> confirmed.accumulateAndGet(seq, Math::max));
      }
      case CONSUME_AUTO_ACK -> {
        DefaultConsumer consumer =
            new DefaultConsumer(ch) {
              @Override
              public void handleDelivery(
                  String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] b) {
                delivered.incrementAndGet();
              }
            };
        // the null broker may push before its consume-ok reaches the client
        ch.setDefaultConsumer(consumer);
        ch.basicConsume("q", true, consumer);
      }
      case CONSUME_MANUAL_ACK -> {
        ch.basicQos(1000);
        DefaultConsumer consumer =
            new DefaultConsumer(ch) {
              @Override
              public void handleDelivery(
                  String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] b)
                  throws java.io.IOException {
                if (delivered.incrementAndGet() % 100 == 0) {
                  ch.basicAck(envelope.getDeliveryTag(), true);
                }
              }
            };
        ch.setDefaultConsumer(consumer);
        ch.basicConsume("q", false, consumer);
      }
    }
    return new Subject() {
      @Override
      public void publish() throws Exception {
        ch.basicPublish("", "q", null, body);
      }

      @Override
      public long confirmed() {
        return confirmed.get();
      }

      @Override
      public long delivered() {
        return delivered.get();
      }

      @Override
      public void close() throws Exception {
        try {
          conn.close(2000);
        } catch (Exception e) {
          conn.abort();
        }
      }
    };
  }
}
