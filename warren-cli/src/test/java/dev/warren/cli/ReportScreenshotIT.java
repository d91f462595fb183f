/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.cli.Cli.Result;
import dev.warren.cli.perf.HtmlReport;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The perf HTML report opened in headless Chromium: the screenshot taken here must show both charts
 * drawn (each series' colour over a line's worth of pixels, inside its chart's band).
 */
@Timeout(
    value = 15,
    unit = java.util.concurrent.TimeUnit.MINUTES) // a fresh machine installs chromium
class ReportScreenshotIT {

  @Test
  void bothChartsAreDrawn() throws Exception {
    Path dir = Cli.outputDir();
    Path html = dir.resolve("perf-report.html");
    Path png = dir.resolve("perf-report.png");
    Result r = Cli.run("perf", "-z", "3s", "-r", "3000", "-c", "100", "--report", html.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    String page = Files.readString(html);
    assertThat(page)
        .contains("<svg id=\"throughput\"", "<svg id=\"latency\"")
        .doesNotContain("http://", "https://", "<script src", "<link");

    Chromium.screenshot(html, png);
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(1200);
    assertThat(img.getHeight()).isEqualTo(900);

    // Where each chart is on the page: the rows holding its series' colours.
    Band sent = band(img, HtmlReport.SENT);
    Band received = band(img, HtmlReport.RECEIVED);
    Band confirmed = band(img, HtmlReport.CONFIRMED);
    Band p50 = band(img, HtmlReport.P50);
    Band p99 = band(img, HtmlReport.P99);
    String found =
        "sent "
            + sent
            + ", received "
            + received
            + ", confirmed "
            + confirmed
            + ", p50 "
            + p50
            + ", p99 "
            + p99
            + " (screenshot "
            + png.toAbsolutePath()
            + ")";
    // A legend swatch is 16x4 pixels; a line across the chart is hundreds.
    for (Band b : new Band[] {sent, received, confirmed, p50, p99}) {
      assertThat(b.pixels).as(found).isGreaterThan(250);
      assertThat(b.maxX - b.minX).as("line spans the chart: " + found).isGreaterThan(500);
    }
    // The latency chart is below the throughput chart.
    assertThat(p50.minY).as(found).isGreaterThan(sent.maxY);
    assertThat(p99.minY).as(found).isGreaterThan(received.maxY);
  }

  /** The pixels close to a colour, and the box they lie in. */
  static final class Band {
    int pixels;
    int minX = Integer.MAX_VALUE;
    int maxX = -1;
    int minY = Integer.MAX_VALUE;
    int maxY = -1;

    @Override
    public String toString() {
      return pixels + " px in x " + minX + ".." + maxX + ", y " + minY + ".." + maxY;
    }
  }

  static Band band(BufferedImage img, String hex) {
    int want = Integer.parseInt(hex.substring(1), 16);
    int wr = (want >> 16) & 0xff;
    int wg = (want >> 8) & 0xff;
    int wb = want & 0xff;
    Band b = new Band();
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        int dr = ((rgb >> 16) & 0xff) - wr;
        int dg = ((rgb >> 8) & 0xff) - wg;
        int db = (rgb & 0xff) - wb;
        if (dr * dr + dg * dg + db * db <= 24 * 24) {
          b.pixels++;
          b.minX = Math.min(b.minX, x);
          b.maxX = Math.max(b.maxX, x);
          b.minY = Math.min(b.minY, y);
          b.maxY = Math.max(b.maxY, y);
        }
      }
    }
    return b;
  }
}
