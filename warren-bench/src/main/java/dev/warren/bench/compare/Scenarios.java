/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.bench.compare;

import java.util.List;

/** The scenarios {@link Compare} runs: PerfTest's flags, and how each is run. */
final class Scenarios {
  private Scenarios() {}

  /**
   * How a scenario runs: the two CLIs, or the same probe program on both clients ({@link
   * LatencyProbe} at a fixed rate, {@link RoundTripProbe} one round trip at a time).
   */
  enum Kind {
    CLI,
    PROBE,
    ROUND_TRIP
  }

  /**
   * A scenario: the flags both tools get, and those only {@code warren perf} gets (the same load
   * run another way, e.g. with consumer callbacks on the I/O thread).
   */
  record Scenario(
      String id, String title, Kind kind, List<String> flags, List<String> warrenFlags, int port) {
    Scenario(String id, String title, Kind kind, List<String> flags) {
      this(id, title, kind, flags, List.of(), 0);
    }

    Scenario(String id, String title, Kind kind, List<String> flags, List<String> warrenFlags) {
      this(id, title, kind, flags, warrenFlags, 0);
    }
  }

  /** The node {@code bench/idle-broker} starts with enough descriptors for h1000. */
  static final int MANY_CONNECTIONS_PORT = 5710;

  private static final List<String> IO_THREAD = List.of("--callback-thread", "IO_THREAD");
  // The harness always runs against the local broker (it drops AMQP_URL).
  private static final List<String> NO_COALESCING =
      List.of("--url", "amqp://guest:guest@localhost:5672/%2F?receive_coalescing=0");

  static final List<Scenario> ALL =
      List.of(
          new Scenario("a", "PerfTest defaults (12 B, manual ack each)", Kind.CLI, List.of()),
          new Scenario("b", "-x 1 -y 1 -s 16 -a", Kind.CLI, flags("-x 1 -y 1 -s 16 -a")),
          new Scenario(
              "c",
              "-x 1 -y 1 -s 1000 -q 1000 -A 100",
              Kind.CLI,
              flags("-x 1 -y 1 -s 1000 -q 1000 -A 100")),
          new Scenario(
              "d", "c + -c 1000", Kind.CLI, flags("-x 1 -y 1 -s 1000 -q 1000 -A 100 -c 1000")),
          new Scenario(
              "e",
              "d + -f persistent",
              Kind.CLI,
              flags("-x 1 -y 1 -s 1000 -q 1000 -A 100 -c 1000 -f persistent")),
          new Scenario(
              "c-io",
              "c, Warren's callbacks on the I/O thread",
              Kind.CLI,
              flags("-x 1 -y 1 -s 1000 -q 1000 -A 100"),
              IO_THREAD),
          new Scenario(
              "d-io",
              "d, Warren's callbacks on the I/O thread",
              Kind.CLI,
              flags("-x 1 -y 1 -s 1000 -q 1000 -A 100 -c 1000"),
              IO_THREAD),
          new Scenario(
              "e-io",
              "e, Warren's callbacks on the I/O thread",
              Kind.CLI,
              flags("-x 1 -y 1 -s 1000 -q 1000 -A 100 -c 1000 -f persistent"),
              IO_THREAD),
          new Scenario(
              "c-rc0",
              "c, Warren's receive coalescing off",
              Kind.CLI,
              flags("-x 1 -y 1 -s 1000 -q 1000 -A 100"),
              NO_COALESCING),
          new Scenario(
              "d-rc0",
              "d, Warren's receive coalescing off",
              Kind.CLI,
              flags("-x 1 -y 1 -s 1000 -q 1000 -A 100 -c 1000"),
              NO_COALESCING),
          new Scenario(
              "f", "-x 1 -y 1 -s 1000 -a -r 1000", Kind.CLI, flags("-x 1 -y 1 -s 1000 -a -r 1000")),
          new Scenario(
              "f*",
              "f, exact latency: LatencyProbe on both clients",
              Kind.PROBE,
              flags("--size 1000 --rate 1000")),
          new Scenario(
              "f*-io",
              "f*, Warren's consumer callbacks on the I/O thread",
              Kind.PROBE,
              flags("--size 1000 --rate 1000"),
              IO_THREAD),
          new Scenario(
              "f20",
              "f* at 20,000 msg/s: exact latency where receive coalescing works",
              Kind.PROBE,
              flags("--size 1000 --rate 20000")),
          new Scenario(
              "r1",
              "one-by-one confirms: publish 1 KB, wait for its confirm, repeat",
              Kind.ROUND_TRIP,
              flags("--mode confirm --size 1000")),
          new Scenario(
              "r1p",
              "r1 persistent (delivery mode 2, durable queue)",
              Kind.ROUND_TRIP,
              flags("--mode confirm --persistent --size 1000")),
          new Scenario(
              "r2",
              "RPC round trip over direct reply-to, 1 KB, one call at a time",
              Kind.ROUND_TRIP,
              flags("--mode rpc --size 1000")),
          new Scenario(
              "m1",
              "1 MB messages: -x 1 -y 1 -s 1048576 -c 20 -q 20 -A 10",
              Kind.CLI,
              flags("-x 1 -y 1 -s 1048576 -c 20 -q 20 -A 10")),
          new Scenario(
              "g",
              "-x 10 -y 10 -s 16 -a (10 producers, 10 consumers, a connection each)",
              Kind.CLI,
              flags("-x 10 -y 10 -s 16 -a")),
          new Scenario(
              "h",
              "-x 100 -X 2 -y 1 -s 16 -c 100 -a (100 connections x 2 confirming channels)",
              Kind.CLI,
              flags("-x 100 -X 2 -y 1 -s 16 -c 100 -a")),
          new Scenario(
              "h1000",
              "-x 1000 -y 1000 -r 10 -c 10 -s 16 -a (1,000 producer connections at 10 msg/s with"
                  + " confirms, 1,000 consumer connections; own node)",
              Kind.CLI,
              flags("-x 1000 -y 1000 -r 10 -c 10 -s 16 -a"),
              List.of(),
              MANY_CONNECTIONS_PORT));

  /**
   * The scenarios that also run the seeds, pika and py-amqp ({@code bench/python/seedperf.py}): the
   * throughput of b and the one-by-one confirms of r1.
   */
  static final java.util.Set<String> WITH_SEEDS = java.util.Set.of("b", "r1");

  private static List<String> flags(String s) {
    return List.of(s.split(" "));
  }
}
