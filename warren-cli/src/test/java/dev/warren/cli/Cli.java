/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Runs warren commands for the tests: in process (fast) or as the jar in a child process. */
final class Cli {
  private Cli() {}

  static {
    Main.configureLogging(new String[0]);
  }

  /** The broker the tests use (failsafe passes AMQP_URL). */
  static String url() {
    String url = System.getenv("AMQP_URL");
    return url == null || url.isBlank() ? Urls.DEFAULT : url;
  }

  /** A name no other test uses. */
  static String unique(String prefix) {
    return "warren-cli-it-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** What a command printed and how it exited. */
  record Result(int code, String out, String err) {
    List<String> outLines() {
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }

    List<String> errLines() {
      return err.isEmpty() ? List.of() : Arrays.asList(err.split("\n"));
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
    }
  }

  /** Runs {@code warren --url <test broker> args...} in this JVM. */
  static Result run(String... args) {
    return runWithInput("", args);
  }

  /** Runs a command that must succeed (exit 0); fails the test with its output otherwise. */
  static Result ok(String... args) {
    Result r = run(args);
    if (r.code() != 0) {
      throw new AssertionError("warren " + String.join(" ", args) + " failed: " + r);
    }
    return r;
  }

  /** Same, with {@code input} on standard input. */
  static Result runWithInput(String input, String... args) {
    List<String> all = new ArrayList<>();
    all.add("--url");
    all.add(url());
    all.addAll(List.of(args));
    return runRaw(input, all.toArray(String[]::new));
  }

  /** Runs exactly these arguments (no --url added). */
  static Result runRaw(String input, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.execute(
            args,
            new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The shaded jar failsafe tests against (built in the package phase). */
  static Path jar() {
    String p = System.getProperty("warren.cli.jar");
    Path jar = p != null ? Path.of(p) : Path.of("target", "warren-cli.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no " + jar + ": run mvn package (or verify) first");
    }
    return jar;
  }

  /** Where tests leave files worth looking at (reports, screenshots). */
  static Path outputDir() throws IOException {
    String p = System.getProperty("warren.cli.reportDir");
    Path dir = p != null ? Path.of(p) : Path.of("target", "cli-it");
    return Files.createDirectories(dir);
  }

  /** A warren child process with its output collected line by line. */
  static final class Child implements AutoCloseable {
    final Process process;
    final List<String> out = new CopyOnWriteArrayList<>();
    final List<String> err = new CopyOnWriteArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    Child(List<String> args) throws IOException {
      List<String> cmd = new ArrayList<>();
      // A child inherits an ignored SIGINT (a shell's background job, some CI runners), and the
      // JVM then never sees Ctrl-C. perl (part of every Debian) restores the default first.
      if (Files.isExecutable(Path.of("/usr/bin/perl"))) {
        cmd.addAll(
            List.of(
                "/usr/bin/perl",
                "-e",
                "$SIG{INT}='DEFAULT'; $SIG{TERM}='DEFAULT'; exec {$ARGV[0]} @ARGV or die \"exec: $!\""));
      }
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      if (Runtime.version().feature() >= 23) {
        // As ./warren does: Netty's use of sun.misc.Unsafe would print warnings on stderr.
        cmd.add("--sun-misc-unsafe-memory-access=allow");
      }
      cmd.add("-jar");
      cmd.add(jar().toString());
      cmd.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.environment().put("AMQP_URL", url());
      pb.redirectInput(ProcessBuilder.Redirect.PIPE);
      process = pb.start();
      process.getOutputStream().close();
      outReader =
          reader(
              new BufferedReader(
                  new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
              out);
      errReader =
          reader(
              new BufferedReader(
                  new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)),
              err);
    }

    private static Thread reader(BufferedReader r, List<String> sink) {
      Thread t =
          new Thread(
              () -> {
                try (r) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    sink.add(line);
                  }
                } catch (IOException ignored) {
                  // the process ended
                }
              });
      t.setDaemon(true);
      t.start();
      return t;
    }

    /** Waits (at most {@code seconds}) until {@code count} stdout lines match. */
    boolean awaitLines(Predicate<String> match, int count, long seconds)
        throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < deadline) {
        if (out.stream().filter(match).count() >= count) {
          return true;
        }
        if (!process.isAlive()) {
          return out.stream().filter(match).count() >= count;
        }
        Thread.sleep(50);
      }
      return false;
    }

    /** Sends a signal (kill -NAME pid). */
    void signal(String name) throws IOException, InterruptedException {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    }

    /** Waits for the exit (at most {@code seconds}); -1 if it did not end. */
    int awaitExit(long seconds) throws InterruptedException {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        return -1;
      }
      outReader.join(5_000);
      errReader.join(5_000);
      return process.exitValue();
    }

    String output() {
      return String.join("\n", out) + "\n--- stderr:\n" + String.join("\n", err);
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }
}
