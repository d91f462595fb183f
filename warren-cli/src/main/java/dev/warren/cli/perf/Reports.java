/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli.perf;

import dev.warren.cli.Json;
import dev.warren.client.CallbackThread;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The summary of a perf run: as text for the terminal and as JSON for scripts. */
public final class Reports {
  private Reports() {}

  /** The configuration in one line. */
  public static String describe(PerfConfig c, String queue) {
    List<String> parts = new ArrayList<>();
    parts.add(plural(c.producerThreads(), "producer"));
    parts.add(plural(c.consumerThreads(), "consumer"));
    parts.add(Math.max(PerfRun.MIN_SIZE, c.size()) + "-byte messages");
    if (c.rate() > 0) {
      parts.add("rate " + number(c.rate()) + " msg/s per producer");
    }
    parts.add(
        c.confirmWindow() > 0 ? "confirms (window " + c.confirmWindow() + ")" : "no confirms");
    if (c.boundsInFlight()) {
      parts.add("at most " + c.maxInFlight() + " in flight");
    }
    parts.add(
        c.autoAck()
            ? "auto-ack"
            : c.multiAckEvery() > 1 ? "ack every " + c.multiAckEvery() : "manual ack");
    parts.add("prefetch " + (c.qos() == 0 ? "unlimited" : Integer.toString(c.qos())));
    if (c.callbackThread() == CallbackThread.IO_THREAD) {
      parts.add("callbacks on the I/O thread");
    }
    if (c.persistent()) {
      parts.add("persistent");
    }
    if (c.mandatory()) {
      parts.add("mandatory");
    }
    parts.add(c.queueType() + " queue '" + queue + "'");
    if (c.sharedConnection()) {
      parts.add("one shared connection");
    }
    return String.join(", ", parts);
  }

  /** The final summary, several lines. */
  public static String text(PerfResult r, String queue) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "summary: %.1f s%s; %s%n",
            r.seconds(),
            r.interrupted() ? " (interrupted)" : "",
            describe(r.config(), queue)));
    sb.append(line("sent", r.sent(), r.sentRate()));
    sb.append(line("received", r.received(), r.receivedRate()));
    sb.append(line("confirmed", r.confirmed(), r.confirmedRate()));
    if (r.nacked() > 0) {
      sb.append(String.format(Locale.ROOT, "  nacked      %,12d messages%n", r.nacked()));
    }
    if (r.returned() > 0) {
      sb.append(String.format(Locale.ROOT, "  returned    %,12d messages%n", r.returned()));
    }
    if (r.latency().getTotalCount() == 0) {
      sb.append("  latency     no message received\n");
    } else {
      sb.append(
          String.format(
              Locale.ROOT,
              "  latency     p50 %d µs, p90 %d µs, p99 %d µs, p99.9 %d µs, max %d µs"
                  + " (min %d µs, mean %.0f µs, %d samples)%n",
              r.latency(50),
              r.latency(90),
              r.latency(99),
              r.latency(99.9),
              r.latency().getMaxValue(),
              r.latency().getMinValue(),
              r.latency().getMean(),
              r.latency().getTotalCount()));
    }
    return sb.toString();
  }

  private static String line(String what, long n, double rate) {
    return String.format(Locale.ROOT, "  %-10s %,12d messages, %,10.0f msg/s%n", what, n, rate);
  }

  /** The machine-readable summary (the benchmark scripts read it). */
  public static Map<String, Object> summary(PerfResult r, String queue) {
    PerfConfig c = r.config();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tool", "warren perf");
    m.put("started_at", Instant.ofEpochMilli(r.startedAt()).toString());
    m.put("duration_s", round(r.seconds(), 3));
    m.put("interrupted", r.interrupted());
    m.put("error", r.error() == null ? null : String.valueOf(r.error().getMessage()));
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("producers", c.producers());
    cfg.put("producer_channels", c.producerChannels());
    cfg.put("consumers", c.consumers());
    cfg.put("consumer_channels", c.consumerChannels());
    cfg.put("shared_connection", c.sharedConnection());
    cfg.put("size", Math.max(PerfRun.MIN_SIZE, c.size()));
    cfg.put("rate", c.rate());
    cfg.put("confirm", c.confirmWindow());
    cfg.put("auto_ack", c.autoAck());
    cfg.put("multi_ack_every", c.multiAckEvery());
    cfg.put("qos", c.qos());
    cfg.put("persistent", c.persistent());
    cfg.put("mandatory", c.mandatory());
    cfg.put("queue", queue);
    cfg.put("queue_type", c.queueType());
    cfg.put("queue_arguments", c.queueArguments());
    cfg.put("exchange", c.exchange());
    cfg.put("duration_s", c.duration() == null ? null : c.duration().toMillis() / 1000.0);
    cfg.put("producer_message_count", c.producerMessageCount());
    m.put("config", cfg);
    m.put("sent", r.sent());
    m.put("received", r.received());
    m.put("confirmed", r.confirmed());
    m.put("nacked", r.nacked());
    m.put("returned", r.returned());
    m.put("sent_msg_s", round(r.sentRate(), 1));
    m.put("received_msg_s", round(r.receivedRate(), 1));
    m.put("confirmed_msg_s", round(r.confirmedRate(), 1));
    Map<String, Object> lat = new LinkedHashMap<>();
    boolean any = r.latency().getTotalCount() > 0;
    lat.put("count", r.latency().getTotalCount());
    lat.put("min", any ? r.latency().getMinValue() : null);
    lat.put("mean", any ? round(r.latency().getMean(), 1) : null);
    lat.put("p50", any ? r.latency(50) : null);
    lat.put("p75", any ? r.latency(75) : null);
    lat.put("p90", any ? r.latency(90) : null);
    lat.put("p95", any ? r.latency(95) : null);
    lat.put("p99", any ? r.latency(99) : null);
    lat.put("p99_9", any ? r.latency(99.9) : null);
    lat.put("max", any ? r.latency().getMaxValue() : null);
    m.put("latency_us", lat);
    List<Object> per = new ArrayList<>();
    for (Sample s : r.samples()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("t", s.time());
      p.put("sent", round(s.sent(), 1));
      p.put("received", round(s.received(), 1));
      p.put("confirmed", round(s.confirmed(), 1));
      p.put("p50_us", s.p50() < 0 ? null : s.p50());
      p.put("p99_us", s.p99() < 0 ? null : s.p99());
      per.add(p);
    }
    m.put("per_second", per);
    return m;
  }

  /** The summary as JSON text. */
  public static String json(PerfResult r, String queue) {
    return Json.write(summary(r, queue));
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String plural(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
