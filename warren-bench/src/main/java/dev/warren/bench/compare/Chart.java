/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.bench.compare;

import java.util.List;
import java.util.Locale;

/** The ratios of a comparison as a grouped bar chart (a self-contained SVG). */
final class Chart {
  private Chart() {}

  private static final String[] COLORS = {
    "#2b6cb0", "#dd6b20", "#805ad5", "#38a169", "#d69e2e", "#e53e3e", "#718096"
  };

  static String svg(List<Scenarios.Scenario> scenarios, Compare c) {
    List<Compare.Metric> metrics = Compare.METRICS;
    double max = 2.0;
    for (Scenarios.Scenario s : scenarios) {
      for (Compare.Metric m : metrics) {
        double r = c.ratio(s.id(), m);
        if (!Double.isNaN(r) && !Double.isInfinite(r)) {
          max = Math.max(max, Math.min(r, 4.0));
        }
      }
    }
    max = Math.ceil(max * 2) / 2;
    int left = 60;
    int top = 50;
    int plotH = 300;
    int groupW = 20 * metrics.size() + 30;
    int plotW = groupW * scenarios.size();
    int width = left + plotW + 20;
    int height = top + plotH + 110;
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n",
            width,
            height));
    sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Warren / amqp-client"
                + " (PerfTest), median of the pairs: above 1 is more, below 1 is less</text>%n",
            left));
    // grid
    for (double y = 0; y <= max + 1e-9; y += 0.5) {
      int py = top + plotH - (int) Math.round(y / max * plotH);
      boolean parity = Math.abs(y - 1.0) < 1e-9;
      sb.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"%s\"/>%n",
              left,
              left + plotW,
              py,
              py,
              parity ? "#000" : "#ddd",
              parity ? "1.5" : "1"));
      sb.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.1f×</text>%n",
              left - 6,
              py + 4,
              y));
    }
    for (int i = 0; i < scenarios.size(); i++) {
      Scenarios.Scenario s = scenarios.get(i);
      int gx = left + i * groupW + 15;
      for (int j = 0; j < metrics.size(); j++) {
        double r = c.ratio(s.id(), metrics.get(j));
        if (Double.isNaN(r) || Double.isInfinite(r)) {
          continue;
        }
        double shown = Math.min(r, max);
        int h = (int) Math.round(shown / max * plotH);
        int x = gx + j * 20;
        sb.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"16\" height=\"%d\" fill=\"%s\"><title>%s %s:"
                    + " %.2f</title></rect>%n",
                x,
                top + plotH - h,
                h,
                COLORS[j],
                s.id(),
                metrics.get(j).name(),
                r));
        sb.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"9\" text-anchor=\"middle\">%.2f</text>%n",
                x + 8,
                top + plotH - h - 3,
                r));
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>%n",
              gx + 10 * metrics.size(),
              top + plotH + 18,
              escape(s.id())));
    }
    int ly = top + plotH + 45;
    for (int j = 0; j < metrics.size(); j++) {
      int lx = left + (j % 3) * 210;
      int y = ly + (j / 3) * 20;
      sb.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\""
                  + " y=\"%d\">%s (%s)</text>%n",
              lx,
              y - 10,
              COLORS[j],
              lx + 18,
              y,
              escape(metrics.get(j).name()),
              metrics.get(j).lowerIsBetter() ? "lower is better" : "higher is better"));
    }
    sb.append("</svg>\n");
    return sb.toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
