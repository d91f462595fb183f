/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli.perf;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --report} page: one self-contained HTML file (inline SVG and CSS, no script, nothing
 * fetched) with a throughput chart (sent, received, confirmed msg/s per second) and a latency chart
 * (p50 and p99 per second), each with axes, grid and legend, and the summary as a table.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /** Series colours; the tests look for them in a screenshot. */
  public static final String SENT = "#1f77b4";

  public static final String RECEIVED = "#2ca02c";
  public static final String CONFIRMED = "#ff7f0e";
  public static final String P50 = "#9467bd";
  public static final String P99 = "#d62728";

  private static final int W = 1100;
  private static final int H = 340;
  private static final int LEFT = 90;
  private static final int RIGHT = 24;
  private static final int TOP = 56;
  private static final int BOTTOM = 48;

  /** One line of a chart; NaN values are gaps. */
  record Series(String name, String color, double width, double[] t, double[] y) {}

  /** The page for {@code r}. */
  public static String render(PerfResult r, String queue) {
    List<Sample> samples = r.samples();
    int n = samples.size();
    double[] t = new double[n];
    double[] sent = new double[n];
    double[] received = new double[n];
    double[] confirmed = new double[n];
    double[] p50 = new double[n];
    double[] p99 = new double[n];
    for (int i = 0; i < n; i++) {
      Sample s = samples.get(i);
      t[i] = s.time();
      sent[i] = s.sent();
      received[i] = s.received();
      confirmed[i] = s.confirmed();
      p50[i] = s.p50() < 0 ? Double.NaN : s.p50();
      p99[i] = s.p99() < 0 ? Double.NaN : s.p99();
    }
    List<Series> rates = new ArrayList<>();
    // Widest first, so that equal lines stay visible as nested bands.
    rates.add(new Series("sent", SENT, 7, t, sent));
    rates.add(new Series("received", RECEIVED, 4.5, t, received));
    if (r.config().confirmWindow() > 0) {
      rates.add(new Series("confirmed", CONFIRMED, 2, t, confirmed));
    }
    List<Series> latencies = new ArrayList<>();
    latencies.add(new Series("p50", P50, 4.5, t, p50));
    latencies.add(new Series("p99", P99, 2.5, t, p99));

    String started =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .format(Instant.ofEpochMilli(r.startedAt()).atOffset(ZoneOffset.UTC));
    StringBuilder sb = new StringBuilder(32_768);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>warren perf — ")
        .append(esc(started))
        .append("</title>\n<style>\n")
        .append("body{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;margin:12px 16px;")
        .append("color:#222;background:#fff}\n")
        .append("h1{font-size:20px;margin:0 0 2px}\n")
        .append(".meta{font-size:13px;color:#444;margin:0 0 6px}\n")
        .append("svg{display:block;margin:4px 0 10px}\n")
        .append("table{border-collapse:collapse;font-size:13px;margin-top:8px}\n")
        .append("td,th{border:1px solid #ccc;padding:3px 10px;text-align:right}\n")
        .append("th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}\n")
        .append("</style>\n</head>\n<body>\n")
        .append("<h1>warren perf</h1>\n<p class=\"meta\">")
        .append(esc(started))
        .append(" · ")
        .append(String.format(Locale.ROOT, "%.1f s", r.seconds()))
        .append(r.interrupted() ? " (interrupted)" : "")
        .append(" · ")
        .append(esc(Reports.describe(r.config(), queue)))
        .append("</p>\n");
    sb.append(chart("throughput", "Throughput", "messages per second", rates, false));
    sb.append(
        chart(
            "latency",
            "Latency (publish to delivery), log scale",
            "latency (µs)",
            latencies,
            true));
    sb.append(table(r));
    sb.append("<script type=\"application/json\" id=\"warren-perf-data\">")
        .append(Reports.json(r, queue))
        .append("</script>\n</body>\n</html>\n");
    return sb.toString();
  }

  private static String table(PerfResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append("<table id=\"summary\">\n<tr><th></th><th>messages</th><th>msg/s</th></tr>\n");
    row(sb, "sent", r.sent(), r.sentRate());
    row(sb, "received", r.received(), r.receivedRate());
    row(sb, "confirmed", r.confirmed(), r.confirmedRate());
    sb.append("</table>\n<table id=\"latency-summary\">\n<tr><th>latency (µs)</th>");
    String[] names = {"p50", "p90", "p99", "p99.9", "max"};
    for (String name : names) {
      sb.append("<th>").append(name).append("</th>");
    }
    sb.append("</tr>\n<tr><td>publish → delivery</td>");
    boolean any = r.latency().getTotalCount() > 0;
    long[] values = {
      r.latency(50),
      r.latency(90),
      r.latency(99),
      r.latency(99.9),
      any ? r.latency().getMaxValue() : 0
    };
    for (long v : values) {
      sb.append("<td>").append(any ? String.format(Locale.ROOT, "%,d", v) : "–").append("</td>");
    }
    sb.append("</tr>\n</table>\n");
    return sb.toString();
  }

  private static void row(StringBuilder sb, String name, long n, double rate) {
    sb.append(
        String.format(
            Locale.ROOT, "<tr><td>%s</td><td>%,d</td><td>%,.0f</td></tr>%n", name, n, rate));
  }

  static String chart(String id, String title, String yLabel, List<Series> series, boolean log) {
    double tMax = 1;
    double yMax = 0;
    double yMin = Double.MAX_VALUE;
    int points = 0;
    for (Series s : series) {
      for (int i = 0; i < s.t().length; i++) {
        tMax = Math.max(tMax, s.t()[i]);
        if (!Double.isNaN(s.y()[i])) {
          yMax = Math.max(yMax, s.y()[i]);
          yMin = Math.min(yMin, s.y()[i]);
          points++;
        }
      }
    }
    Scale scale;
    if (log) {
      double lo = Math.floor(Math.log10(Math.max(1, points == 0 ? 1 : yMin)));
      double hi = Math.ceil(Math.log10(Math.max(10, yMax)));
      if (hi <= lo) {
        hi = lo + 1;
      }
      scale = new Scale(true, Math.pow(10, lo), Math.pow(10, hi), 0);
    } else {
      double yStep = niceStep(yMax <= 0 ? 1 : yMax, 5);
      double yTop = Math.max(yStep, Math.ceil(yMax / yStep) * yStep);
      if (yTop < yMax * 1.04) {
        yTop += yStep;
      }
      scale = new Scale(false, 0, yTop, yStep);
    }
    double tStep = niceStep(tMax, 10);
    double tRight = Math.ceil(tMax / tStep) * tStep;
    double x0 = LEFT;
    double x1 = W - RIGHT;
    double y0 = H - BOTTOM;
    double y1 = TOP;
    StringBuilder sb = new StringBuilder(8192);
    sb.append(
        String.format(
            Locale.ROOT,
            "<svg id=\"%s\" data-points=\"%d\" width=\"%d\""
                + " height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans,Arial,sans-serif\""
                + " font-size=\"12\">%n",
            id,
            points,
            W,
            H,
            W,
            H));
    sb.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>%n",
            W,
            H));
    sb.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.0f\" y=\"22\" font-size=\"16\" font-weight=\"bold\" fill=\"#222\">%s</text>%n",
            x0,
            esc(title)));
    // Grid and y ticks.
    for (double v : scale.ticks()) {
      double y = y0 - scale.fraction(v) * (y0 - y1);
      boolean major = scale.isMajor(v);
      sb.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                  + " stroke-width=\"1\"/>%n",
              x0,
              y,
              x1,
              y,
              major ? "#dddddd" : "#f0f0f0"));
      if (major) {
        sb.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#333\">%s</text>%n",
                x0 - 8,
                y + 4,
                tick(v, log ? 1 : scale.step())));
      }
    }
    // x ticks.
    for (double v = 0; v <= tRight + tStep / 1000; v += tStep) {
      double x = x0 + (v / tRight) * (x1 - x0);
      sb.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\"/>%n",
              x,
              y0,
              x,
              y0 + 5));
      sb.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#333\">%s</text>%n",
              x,
              y0 + 19,
              tick(v, tStep)));
    }
    // Axes.
    sb.append(
        String.format(
            Locale.ROOT,
            "<path d=\"M%.1f %.1f V%.1f H%.1f\" fill=\"none\" stroke=\"#444\" stroke-width=\"1.2\"/>%n",
            x0,
            y1,
            y0,
            x1));
    sb.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#222\">time (s)</text>%n",
            (x0 + x1) / 2,
            (double) H - 8));
    sb.append(
        String.format(
            Locale.ROOT,
            "<text transform=\"translate(16 %.1f) rotate(-90)\" text-anchor=\"middle\""
                + " fill=\"#222\">%s</text>%n",
            (y0 + y1) / 2,
            esc(yLabel)));
    // Lines.
    for (Series s : series) {
      List<StringBuilder> runs = new ArrayList<>();
      StringBuilder run = null;
      int runPoints = 0;
      List<double[]> singles = new ArrayList<>();
      double[] lastPoint = null;
      for (int i = 0; i < s.t().length; i++) {
        double v = s.y()[i];
        if (Double.isNaN(v)) {
          if (run != null && runPoints == 1) {
            singles.add(lastPoint);
          }
          run = null;
          runPoints = 0;
          continue;
        }
        double x = x0 + (s.t()[i] / tRight) * (x1 - x0);
        double y = y0 - scale.fraction(v) * (y0 - y1);
        if (run == null) {
          run = new StringBuilder();
          runs.add(run);
        } else {
          run.append(' ');
        }
        run.append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        runPoints++;
        lastPoint = new double[] {x, y};
      }
      if (run != null && runPoints == 1) {
        singles.add(lastPoint);
      }
      sb.append(String.format(Locale.ROOT, "<g class=\"series\" data-name=\"%s\">%n", s.name()));
      for (StringBuilder pts : runs) {
        sb.append(
            String.format(
                Locale.ROOT,
                "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\""
                    + " stroke-linejoin=\"round\" stroke-linecap=\"round\"/>%n",
                pts,
                s.color(),
                s.width()));
      }
      for (double[] p : singles) {
        sb.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>%n",
                p[0],
                p[1],
                s.width() + 1,
                s.color()));
      }
      sb.append("</g>\n");
    }
    // Legend, top right.
    double lx = x1;
    List<String> items = new ArrayList<>();
    for (int i = series.size() - 1; i >= 0; i--) {
      Series s = series.get(i);
      double textWidth = s.name().length() * 7.5 + 8;
      lx -= textWidth;
      items.add(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"33\" width=\"16\" height=\"4\" fill=\"%s\"/>"
                  + "<text x=\"%.1f\" y=\"40\" fill=\"#222\">%s</text>%n",
              lx - 20,
              s.color(),
              lx,
              esc(s.name())));
      lx -= 34;
    }
    for (int i = items.size() - 1; i >= 0; i--) {
      sb.append(items.get(i));
    }
    if (points == 0) {
      sb.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#888\">no data</text>%n",
              (x0 + x1) / 2,
              (y0 + y1) / 2));
    }
    sb.append("</svg>\n");
    return sb.toString();
  }

  /** A y axis: linear from 0 with a step, or logarithmic between two powers of ten. */
  record Scale(boolean log, double min, double max, double step) {
    /** Where {@code v} lies between the bottom (0) and the top (1). */
    double fraction(double v) {
      if (!log) {
        return v / max;
      }
      double c = Math.max(v, min);
      return (Math.log10(c) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
    }

    /** Grid lines: every step; for a log scale 1, 2 and 5 times each power of ten. */
    List<Double> ticks() {
      List<Double> t = new ArrayList<>();
      if (!log) {
        for (double v = 0; v <= max + step / 1000; v += step) {
          t.add(v);
        }
        return t;
      }
      for (double p = min; p <= max * 1.0001; p *= 10) {
        t.add(p);
        if (p * 2 < max) {
          t.add(p * 2);
          t.add(p * 5);
        }
      }
      return t;
    }

    /** Whether the tick gets a label (every linear tick; powers of ten on a log scale). */
    boolean isMajor(double v) {
      if (!log) {
        return true;
      }
      double l = Math.log10(v);
      return Math.abs(l - Math.rint(l)) < 1e-9;
    }
  }

  /** 1, 2 or 5 times a power of ten, about range / target. */
  public static double niceStep(double range, int target) {
    double raw = range / target;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double norm = raw / mag;
    double nice = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
    return nice * mag;
  }

  private static String tick(double v, double step) {
    if (step >= 1) {
      return String.format(Locale.ROOT, "%,d", Math.round(v));
    }
    int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step)));
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
