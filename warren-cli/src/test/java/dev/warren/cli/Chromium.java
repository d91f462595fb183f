/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's headless Chromium for the report test: installed when missing (as root). */
final class Chromium {
  private Chromium() {}

  static final Path BINARY = Path.of("/usr/bin/chromium");

  /** The chromium binary, installing Debian's package first if it is missing. */
  static synchronized Path ensureInstalled() throws IOException, InterruptedException {
    if (Files.isExecutable(BINARY)) {
      return BINARY;
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException(
          "chromium is missing and only root can install it: apt-get install -y chromium");
    }
    run(List.of("apt-get", "update", "-qq"), 300);
    run(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"), 900);
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException("apt-get install chromium did not install " + BINARY);
    }
    return BINARY;
  }

  /** Takes a 1200x900 screenshot of {@code page} into {@code png}. */
  static void screenshot(Path page, Path png) throws IOException, InterruptedException {
    Path chromium = ensureInstalled();
    Path profile = Files.createTempDirectory("warren-chromium-");
    Files.deleteIfExists(png);
    List<String> cmd = new ArrayList<>();
    cmd.add(chromium.toString());
    cmd.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--user-data-dir=" + profile,
            "--screenshot=" + png.toAbsolutePath(),
            "--window-size=1200,900",
            page.toAbsolutePath().toUri().toString()));
    run(cmd, 90);
    if (!Files.isRegularFile(png)) {
      throw new IllegalStateException("chromium wrote no screenshot to " + png);
    }
  }

  private static void run(List<String> cmd, long seconds) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
    Path log = Files.createTempFile("warren-chromium-", ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException(
          String.join(" ", cmd) + " did not finish in " + seconds + " s: " + tail(log));
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", cmd) + " exited " + p.exitValue() + ": " + tail(log));
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }
}
