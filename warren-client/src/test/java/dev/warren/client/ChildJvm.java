/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A program of the test classes run in a JVM of its own, on the class path, with the client and its
 * dependencies; its output read line by line on a thread of its own.
 */
final class ChildJvm {
  final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final StringBuffer output = new StringBuffer();

  private ChildJvm(Process process) {
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  output.append(line).append('\n');
                  // slf4j-simple's lines have [thread], the JVM's warnings start so; ours do not
                  if (!line.contains("[") && !line.startsWith("WARNING:")) {
                    lines.add(line);
                  }
                }
              } catch (IOException e) {
                // the test fails on its own deadlines
              }
            },
            "child-jvm-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code main} with {@code jvmOptions} and {@code args}. */
  static ChildJvm start(Class<?> main, List<String> jvmOptions, List<String> args)
      throws IOException {
    // The failsafe JVM runs the client from the module path; the child takes every jar and
    // directory of both paths, and the test classes, on its class path.
    List<String> path = new ArrayList<>();
    for (String property : List.of("jdk.module.path", "java.class.path")) {
      String value = System.getProperty(property);
      if (value != null && !value.isBlank()) {
        path.add(value);
      }
    }
    path.add(Path.of("target", "test-classes").toAbsolutePath().toString());
    List<String> cmd = new ArrayList<>();
    cmd.add(javaTool("java"));
    // As scripts/samples does: no warnings about Netty's use of Unsafe and native code.
    if (Runtime.version().feature() >= 23) {
      cmd.add("--sun-misc-unsafe-memory-access=allow");
    }
    if (Runtime.version().feature() >= 24) {
      cmd.add("--enable-native-access=ALL-UNNAMED");
    }
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, path));
    cmd.add(main.getName());
    cmd.addAll(args);
    return new ChildJvm(new ProcessBuilder(cmd).redirectErrorStream(true).start());
  }

  /** A tool of the running JDK ({@code java}, {@code jfr}). */
  static String javaTool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }

  /** The next line the program printed (log lines aside), waiting at most {@code deadline}. */
  String line(Duration deadline) throws InterruptedException {
    String line = lines.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(line)
        .as("a line from the child within %s; output so far: %s", deadline, output)
        .isNotNull();
    return line;
  }

  /** The exit status, once the program ended within {@code deadline}. */
  int exitWithin(Duration deadline) throws InterruptedException {
    assertThat(process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS))
        .as("child exited within %s; output: %s", deadline, output)
        .isTrue();
    return process.exitValue();
  }

  /** Everything printed so far. */
  String output() {
    return output.toString();
  }
}
