/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's first example is {@link QuickStart}, word for word, and it works as a program: run
 * three times in a JVM of its own against the real broker, each run prints "Hello!" exactly once
 * and exits with status 0 on its own (no thread left keeping the JVM alive).
 */
@Timeout(180)
class QuickStartIT {
  private static final long RUN_SECONDS = 45;

  @Test
  void theReadmeShowsQuickStartWordForWord() throws IOException {
    Path root = repositoryRoot();
    String readme = Files.readString(root.resolve("README.md"), UTF_8);
    int start = readme.indexOf("```java\n");
    assertThat(start).as("README.md has a ```java block").isNotNegative();
    int end = readme.indexOf("```\n", start + 8);
    String shown = readme.substring(start + "```java\n".length(), end);

    String source =
        Files.readString(
            root.resolve("warren-examples/src/main/java/dev/warren/examples/QuickStart.java"),
            UTF_8);
    // The README shows the file from its imports on: without the licence header and package line.
    String program = source.substring(source.indexOf("import "));
    assertThat(shown).isEqualTo(program);
  }

  @Test
  void printsTheMessageOnceAndExitsEachTimeItRuns() throws Exception {
    for (int run = 1; run <= 3; run++) {
      Path out = Files.createTempFile("quickstart-out", ".txt");
      Path err = Files.createTempFile("quickstart-err", ".txt");
      try {
        Process p =
            new ProcessBuilder(
                    List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classPath(),
                        QuickStart.class.getName()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        boolean exited = p.waitFor(RUN_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String stderr = Files.readString(err, UTF_8);
        assertThat(exited)
            .as("run %d exited by itself within %d s; stderr: %s", run, RUN_SECONDS, stderr)
            .isTrue();
        assertThat(p.exitValue()).as("run %d exit status; stderr: %s", run, stderr).isZero();
        assertThat(Files.readString(out, UTF_8))
            .as("run %d output", run)
            .isEqualTo("Hello!" + System.lineSeparator());
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    }
  }

  /** The test class path, which holds the examples, the client and its dependencies. */
  private static String classPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp == null || cp.isBlank() ? System.getProperty("java.class.path") : cp;
  }

  private static Path repositoryRoot() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("README.md"))
          && Files.isDirectory(dir.resolve("warren-examples"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new AssertionError("README.md not found above " + System.getProperty("user.dir"));
  }
}
