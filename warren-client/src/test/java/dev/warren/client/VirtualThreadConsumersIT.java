/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumers on a virtual-thread executor ({@link VirtualThreadProgram} in a child JVM): every
 * callback runs on a virtual thread, in order per channel, and JFR records no {@code
 * jdk.VirtualThreadPinned} event (threshold 0: any park of a pinned virtual thread counts) while
 * they block in acks, RPCs and sleeps, except the JDK's own pin of a thread waiting for another one
 * to load the same class (once per class; nothing a library can take away).
 */
@Timeout(120)
class VirtualThreadConsumersIT {
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  @Test
  void consumersOnVirtualThreadsRunInOrderAndNeverPin(@TempDir Path dir) throws Exception {
    assumeTrue(
        Runtime.version().feature() >= 21,
        "not applicable: virtual threads (and JFR's jdk.VirtualThreadPinned) need Java 21+;"
            + " this JVM is Java "
            + Runtime.version().feature());
    Path settings = dir.resolve("pinned.jfc");
    Files.writeString(
        settings,
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <configuration version="2.0">
          <event name="jdk.VirtualThreadPinned">
            <setting name="enabled">true</setting>
            <setting name="stackTrace">true</setting>
            <setting name="threshold">0 ms</setting>
          </event>
        </configuration>
        """,
        UTF_8);
    Path recording = dir.resolve("run.jfr");
    ChildJvm child =
        ChildJvm.start(
            VirtualThreadProgram.class,
            List.of("-XX:StartFlightRecording=filename=" + recording + ",settings=" + settings),
            List.of(Broker.url(), "4", "200"));
    try {
      assertThat(child.exitWithin(DEADLINE)).as("output: %s", child.output()).isZero();
    } finally {
      child.process.destroyForcibly();
    }
    assertThat(child.output()).contains("ok 800 virtual=true ordered=true");
    assertThat(recording).exists();

    // The event is known to this JDK's JFR (so an empty print means none happened) ...
    assertThat(jfr("metadata", recording)).contains("jdk.VirtualThreadPinned");
    // ... and none was recorded but the JDK's own: a virtual thread that waits for another thread
    // loading the same class (the VM's class resolution is a native frame, which cannot unmount).
    // That happens once per class, when two callbacks first reach the same code together.
    String pinned =
        jfr("print", "--stack-depth", "64", "--events", "jdk.VirtualThreadPinned", recording);
    List<String> events = pinnedEvents(pinned);
    List<String> notClassLoading =
        events.stream().filter(e -> !e.contains("java.lang.ClassLoader.loadClass(")).toList();
    assertThat(notClassLoading)
        .as("jdk.VirtualThreadPinned events outside class loading")
        .isEmpty();
  }

  /** The events of a {@code jfr print} output, one string each. */
  static List<String> pinnedEvents(String print) {
    List<String> events = new java.util.ArrayList<>();
    for (String part : print.split("(?m)^(?=jdk\\.VirtualThreadPinned \\{)")) {
      if (part.startsWith("jdk.VirtualThreadPinned {")) {
        events.add(part);
      }
    }
    return events;
  }

  private static String jfr(Object... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(ChildJvm.javaTool("jfr"));
    for (Object a : args) {
      cmd.add(a.toString());
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("jfr %s finished", List.of(args)).isTrue();
    assertThat(p.exitValue()).as("jfr %s: %s", List.of(args), new String(out, UTF_8)).isZero();
    return new String(out, UTF_8);
  }
}
