/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Which internal package may use what: reads every source file of warren-client's main tree, takes
 * its package, its imports (plain and static) and the fully-qualified names written inline in its
 * code (comments and string literals do not count), and checks them against {@link #RULES}.
 */
class PackageRulesTest {
  private static final String API = "dev.warren.client";
  private static final String INTERNAL = "dev.warren.client.internal";
  private static final String THREADS = INTERNAL + ".threads";
  private static final String TRANSPORT = INTERNAL + ".transport";
  private static final String CONNECTION = INTERNAL + ".connection";
  private static final String RECOVERY = INTERNAL + ".recovery";

  /**
   * The rules, one entry each (adding a rule is adding an entry): where a rule applies, the names
   * (packages or classes, each with everything under it) its files may not use, the exceptions to
   * those, and why.
   */
  static final List<Rule> RULES =
      List.of(
          new Rule(
              in(THREADS),
              of(INTERNAL),
              of(THREADS),
              "threads is a leaf (it uses no other internal package)"),
          new Rule(
              outside(TRANSPORT),
              of(
                  "io.netty.bootstrap",
                  "io.netty.handler",
                  "io.netty.buffer",
                  "io.netty.channel.ChannelHandlerContext"),
              of(),
              "only internal.transport uses Netty's bootstrap, handlers, buffers and ChannelHandlerContext"),
          new Rule(
              outside(CONNECTION, RECOVERY),
              of(RECOVERY),
              of(),
              "only internal.connection and internal.recovery use internal.recovery"),
          new Rule(
              exactly(API),
              of("io.netty"),
              of(),
              "the public API (dev.warren.client) does not use Netty"));

  @Test
  void mainSourcesKeepThePackageRules() throws IOException {
    Path root = mainSources();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    List<String> violations = new ArrayList<>();
    Set<String> packages = new HashSet<>();
    for (Path file : files) {
      if (file.getFileName().toString().equals("module-info.java")) {
        continue; // requires names modules, not packages; it has no package of its own
      }
      String source = Files.readString(file, StandardCharsets.UTF_8);
      packages.add(SourceFile.parse(source).packageName());
      violations.addAll(violations(root.relativize(file).toString(), source));
    }
    // Not vacuous: the walk found the tree and every package a rule is about.
    assertThat(packages).contains(API, THREADS, TRANSPORT, CONNECTION, RECOVERY);
    assertThat(violations)
        .withFailMessage(
            "%d package rule violation(s) under %s:%n%s",
            violations.size(), root, String.join(System.lineSeparator(), violations))
        .isEmpty();
  }

  @Test
  void theCheckerReportsDeliberatelyWrongImports() {
    String threadsFile =
        """
        package dev.warren.client.internal.threads;

        import dev.warren.client.internal.channel.ChannelCore;
        import dev.warren.client.internal.threads.Await;
        import java.util.List;

        /** Mentions {@link dev.warren.client.internal.recovery.Recovery} in its Javadoc only. */
        final class Leaf {
          List<ChannelCore> channels;
        }
        """;
    String channelFile =
        """
        package dev.warren.client.internal.channel;

        import io.netty.bootstrap.Bootstrap;
        import io.netty.util.concurrent.ScheduledFuture;

        final class Wrong {
          // io.netty.buffer.ByteBuf in a comment does not count
          String s = "io.netty.handler.ssl.SslHandler and dev.warren.client.internal.recovery.X";
          Bootstrap b;
          ScheduledFuture<?> timer;
        }
        """;
    String transportFile =
        """
        package dev.warren.client.internal.transport.tls;

        import io.netty.bootstrap.Bootstrap;
        import io.netty.handler.ssl.SslHandler;
        """;

    assertThat(violations("threads/Leaf.java", threadsFile))
        .containsExactly(
            "threads/Leaf.java:3: imports dev.warren.client.internal.channel.ChannelCore, but "
                + RULES.get(0).reason());
    assertThat(violations("channel/Wrong.java", channelFile))
        .containsExactly(
            "channel/Wrong.java:3: imports io.netty.bootstrap.Bootstrap, but "
                + RULES.get(1).reason());
    assertThat(violations("transport/tls/Tls.java", transportFile)).isEmpty();
  }

  @Test
  void theCheckerSeesStaticImportsAndInlineNamesButNotCommentsOrStrings() {
    String api =
        """
        package dev.warren.client;

        import static io.netty.buffer.Unpooled.buffer;
        import io.netty.util.*;

        /**
         * {@link io.netty.channel.Channel}, "quoted", and dev.warren.client.internal.recovery.Recovery
         */
        public final class Api {
          /* io.netty.handler.ssl.SslContext */
          char quote = '"';
          String text = \"""
              io.netty.bootstrap.Bootstrap " dev.warren.client.internal.recovery.TopologyRecord
              \""";
          Object record = new dev.warren.client.internal.recovery
              .TopologyRecord();
          Object ctx = (io.netty.channel.ChannelHandlerContext) null;
          String s = "\\" io.netty.buffer.ByteBuf";
        }
        """;

    assertThat(violations("Api.java", api))
        .containsExactly(
            "Api.java:3: imports io.netty.buffer.Unpooled.buffer, but " + RULES.get(1).reason(),
            "Api.java:3: imports io.netty.buffer.Unpooled.buffer, but " + RULES.get(3).reason(),
            "Api.java:4: imports io.netty.util.*, but " + RULES.get(3).reason(),
            "Api.java:15: imports dev.warren.client.internal.recovery.TopologyRecord (inline), but "
                + RULES.get(2).reason(),
            "Api.java:17: imports io.netty.channel.ChannelHandlerContext (inline), but "
                + RULES.get(1).reason(),
            "Api.java:17: imports io.netty.channel.ChannelHandlerContext (inline), but "
                + RULES.get(3).reason());
  }

  @Test
  void aWildcardImportOfAForbiddenClassesPackageCounts() {
    String session =
        """
        package dev.warren.client.internal.connection;

        import io.netty.channel.*;
        import io.netty.*;
        """;

    assertThat(violations("Session.java", session))
        .containsExactly(
            "Session.java:3: imports io.netty.channel.*, but " + RULES.get(1).reason());
  }

  // ---------------------------------------------------------------------------------------------
  // The checker

  /** Every violation of {@link #RULES} in one source file, as "file:line: imports X, but RULE". */
  static List<String> violations(String file, String source) {
    SourceFile parsed = SourceFile.parse(source);
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Reference ref : parsed.references()) {
      for (Rule rule : RULES) {
        if (rule.scope().test(parsed.packageName())
            && rule.forbids(ref)
            && seen.add(ref.name() + "\n" + rule.reason())) {
          out.add(
              file
                  + ":"
                  + ref.line()
                  + ": imports "
                  + ref.name()
                  + (ref.inline() ? " (inline)" : "")
                  + ", but "
                  + rule.reason());
        }
      }
    }
    return out;
  }

  /** Files in these packages (with their sub-packages), outside them, or in one package only. */
  record Scope(String description, Predicate<String> packages) {
    boolean test(String packageName) {
      return packages.test(packageName);
    }
  }

  static Scope in(String... packages) {
    return new Scope("in " + Arrays.toString(packages), p -> underAny(p, packages));
  }

  static Scope outside(String... packages) {
    return new Scope("outside " + Arrays.toString(packages), p -> !underAny(p, packages));
  }

  static Scope exactly(String packageName) {
    return new Scope("exactly in " + packageName, packageName::equals);
  }

  static List<String> of(String... names) {
    return List.of(names);
  }

  /**
   * Files in {@code scope} may not use anything under {@code forbidden} (a package with its
   * sub-packages, or a class with its members), unless it is under {@code allowed}.
   */
  record Rule(Scope scope, List<String> forbidden, List<String> allowed, String reason) {
    boolean forbids(Reference ref) {
      if (underAny(ref.name(), allowed.toArray(String[]::new))) {
        return false;
      }
      for (String f : forbidden) {
        if (under(ref.name(), f)) {
          return true;
        }
        // "import a.b.*" brings in the class a.b.C a rule forbids.
        if (ref.wildcard()
            && isClassName(f)
            && f.substring(0, f.lastIndexOf('.')).equals(ref.target())) {
          return true;
        }
      }
      return false;
    }
  }

  /** A name a file uses: an import (plain, static, wildcard) or a qualified name in its code. */
  record Reference(String name, int line, boolean inline) {
    boolean wildcard() {
      return name.endsWith(".*");
    }

    /** The name without a trailing ".*". */
    String target() {
      return wildcard() ? name.substring(0, name.length() - 2) : name;
    }
  }

  static boolean under(String name, String prefix) {
    String n = name.endsWith(".*") ? name.substring(0, name.length() - 2) : name;
    return n.equals(prefix) || n.startsWith(prefix + ".");
  }

  static boolean underAny(String name, String... prefixes) {
    for (String p : prefixes) {
      if (under(name, p)) {
        return true;
      }
    }
    return false;
  }

  static boolean isClassName(String name) {
    return Character.isUpperCase(name.charAt(name.lastIndexOf('.') + 1));
  }

  /** A source file's package and the names it uses, comments and literals left out. */
  record SourceFile(String packageName, List<Reference> references) {
    private static final Pattern PACKAGE = Pattern.compile("\\bpackage\\s+([\\w$.\\s]+?)\\s*;");
    private static final Pattern IMPORT =
        Pattern.compile("\\bimport\\s+(static\\s+)?([\\w$]+(?:\\s*\\.\\s*(?:[\\w$]+|\\*))*)\\s*;");

    /**
     * A dotted name starting with a lower-case identifier (a package), not itself after a dot:
     * {@code io.netty.buffer.Unpooled.buffer}, {@code dev.warren.client.internal.recovery
     * .TopologyRecord}.
     */
    private static final Pattern QUALIFIED =
        Pattern.compile("(?<![\\w$.])[a-z_][\\w$]*(?:\\s*\\.\\s*[A-Za-z_$][\\w$]*)+");

    static SourceFile parse(String source) {
      StringBuilder code = new StringBuilder(stripCommentsAndLiterals(source));
      int[] lineStarts = lineStarts(source);
      String packageName = "";
      List<Reference> refs = new ArrayList<>();
      Matcher pm = PACKAGE.matcher(code);
      if (pm.find()) {
        packageName = pm.group(1).replaceAll("\\s", "");
        blank(code, pm.start(), pm.end());
      }
      Matcher im = IMPORT.matcher(code.toString());
      while (im.find()) {
        refs.add(
            new Reference(
                im.group(2).replaceAll("\\s", ""), lineOf(lineStarts, im.start()), false));
        blank(code, im.start(), im.end());
      }
      Matcher qm = QUALIFIED.matcher(code.toString());
      while (qm.find()) {
        String typeName = upToFirstClass(qm.group().replaceAll("\\s", ""));
        if (typeName != null) {
          refs.add(new Reference(typeName, lineOf(lineStarts, qm.start()), true));
        }
      }
      return new SourceFile(packageName, refs);
    }

    /**
     * {@code a.b.C.d.E} becomes {@code a.b.C}; null when no segment after the first starts with a
     * capital (then it is a field or method chain such as {@code core.topology.snapshot}).
     */
    private static String upToFirstClass(String dotted) {
      String[] parts = dotted.split("\\.");
      for (int i = 1; i < parts.length; i++) {
        if (Character.isUpperCase(parts[i].charAt(0))) {
          return String.join(".", Arrays.copyOfRange(parts, 0, i + 1));
        }
      }
      return null;
    }

    private static int[] lineStarts(String text) {
      List<Integer> starts = new ArrayList<>(List.of(0));
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) == '\n') {
          starts.add(i + 1);
        }
      }
      return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The 1-based line of a character offset. */
    private static int lineOf(int[] lineStarts, int index) {
      int found = Arrays.binarySearch(lineStarts, index);
      return found >= 0 ? found + 1 : -found - 1;
    }

    private static void blank(StringBuilder code, int start, int end) {
      for (int i = start; i < end; i++) {
        if (code.charAt(i) != '\n') {
          code.setCharAt(i, ' ');
        }
      }
    }

    /**
     * The source with every comment, string literal, text block and character literal replaced by
     * spaces (line breaks kept, so line numbers stay right).
     */
    static String stripCommentsAndLiterals(String s) {
      StringBuilder out = new StringBuilder(s.length());
      int i = 0;
      int n = s.length();
      while (i < n) {
        char c = s.charAt(i);
        if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
          while (i < n && s.charAt(i) != '\n') {
            out.append(' ');
            i++;
          }
        } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
          int end = s.indexOf("*/", i + 2);
          end = end < 0 ? n : end + 2;
          blankInto(out, s, i, end);
          i = end;
        } else if (s.startsWith("\"\"\"", i)) {
          int j = i + 3;
          while (j < n && !s.startsWith("\"\"\"", j)) {
            j += s.charAt(j) == '\\' ? 2 : 1;
          }
          int end = Math.min(n, j + 3);
          blankInto(out, s, i, end);
          i = end;
        } else if (c == '"' || c == '\'') {
          int j = i + 1;
          while (j < n && s.charAt(j) != c && s.charAt(j) != '\n') {
            j += s.charAt(j) == '\\' ? 2 : 1;
          }
          int end = Math.min(n, j + 1);
          blankInto(out, s, i, end);
          i = end;
        } else {
          out.append(c);
          i++;
        }
      }
      return out.toString();
    }

    private static void blankInto(StringBuilder out, String s, int from, int to) {
      for (int k = from; k < to; k++) {
        out.append(s.charAt(k) == '\n' ? '\n' : ' ');
      }
    }
  }

  /** warren-client/src/main/java, found by walking up from the working directory. */
  static Path mainSources() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("warren-client").resolve("src").resolve("main").resolve("java");
      if (Files.isDirectory(candidate.resolve("dev").resolve("warren").resolve("client"))) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new UncheckedIOException(
        new IOException(
            "warren-client/src/main/java not found above " + System.getProperty("user.dir")));
  }
}
