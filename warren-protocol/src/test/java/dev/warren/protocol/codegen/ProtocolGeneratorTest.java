/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * One source of truth: the checked-in method records and codec must be exactly what {@link
 * ProtocolGenerator} makes of the protocol description. Formatting and the licence header are
 * ignored (the formatter writes both), everything else is compared.
 */
class ProtocolGeneratorTest {
  static final String REGENERATE =
      "mvn -pl warren-protocol test -Dtest=ProtocolGeneratorTest -Dwarren.regenerate=true"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true"
          + " -Dwarren.fuzz.skip=true"
          + " && mvn -pl warren-protocol spotless:apply";

  static Path moduleDir() {
    Path cwd = Path.of("").toAbsolutePath();
    if (Files.exists(cwd.resolve(ProtocolGenerator.SPEC))) {
      return cwd;
    }
    return cwd.resolve("warren-protocol");
  }

  /**
   * Removes the licence header (the formatter adds it) and whitespace and the '*' of comment
   * margins, which formatters re-flow.
   */
  static String normalize(String source) {
    return source
        .replaceFirst("^/\\*\\s*\\*\\s*Copyright(?s:.*?)\\*/", "")
        .replaceAll("[\\s*]+", "");
  }

  @Test
  void checkedInSourcesMatchTheGenerator() throws IOException {
    Path module = moduleDir();
    if (Boolean.getBoolean("warren.regenerate")) {
      ProtocolGenerator.write(module);
    }
    Map<String, String> generated = ProtocolGenerator.generate(module);
    assertThat(generated).hasSize(66 + 4);
    Path src = module.resolve(ProtocolGenerator.OUTPUT);
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : generated.entrySet()) {
      Path p = src.resolve(e.getKey());
      if (!Files.exists(p)) {
        problems.add("missing: " + e.getKey());
      } else if (!normalize(Files.readString(p, StandardCharsets.UTF_8))
          .equals(normalize(e.getValue()))) {
        problems.add("differs: " + e.getKey());
      }
    }
    TreeSet<String> stale = new TreeSet<>();
    try (var files = Files.walk(src)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String rel = src.relativize(p).toString().replace('\\', '/');
        if (!generated.containsKey(rel)
            && Files.readString(p, StandardCharsets.UTF_8).contains(ProtocolGenerator.MARKER)) {
          stale.add(rel);
        }
      }
    }
    stale.forEach(s -> problems.add("generated but no longer produced: " + s));
    if (!problems.isEmpty()) {
      fail(
          "Generated protocol sources are out of date with "
              + ProtocolGenerator.SPEC
              + " and the generator:\n  "
              + String.join("\n  ", problems)
              + "\nRegenerate them (from the repository root) with:\n  "
              + REGENERATE);
    }
  }
}
