/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code warren} program. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // The commands close their own connections on Ctrl-C/SIGTERM (Interrupts), after cleaning up
    // with them (perf deletes its queue): the client's own exit hook would close them first.
    System.setProperty("warren.exitHook", "false");
    configureLogging(args);
    int code =
        execute(
            args,
            System.in,
            new PrintStream(System.out, false, StandardCharsets.UTF_8),
            new PrintStream(System.err, true, StandardCharsets.UTF_8));
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }

  /**
   * Runs one command line with these streams and returns the exit code (tests call this in
   * process).
   */
  public static int execute(String[] args, InputStream in, PrintStream out, PrintStream err) {
    PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    PrintWriter errWriter =
        new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    Warren root = new Warren();
    root.stdin = in;
    CommandLine cl = commandLine(root);
    cl.setOut(outWriter);
    cl.setErr(errWriter);
    try {
      return cl.execute(args);
    } finally {
      outWriter.flush();
      errWriter.flush();
    }
  }

  /** The command line with warren's error handling and exit codes. */
  static CommandLine commandLine(Warren root) {
    CommandLine cl = new CommandLine(root);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setAbbreviatedOptionsAllowed(false);
    cl.setUsageHelpLongOptionsMaxWidth(32);
    cl.setParameterExceptionHandler(Main::usageError);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          String url = Urls.display(Urls.resolve(root.url));
          Errors.Failure f = Errors.describe(ex, url);
          PrintWriter err = commandLine.getErr();
          commandLine.getOut().flush();
          if (root.verbose) {
            ex.printStackTrace(err);
          }
          err.println("warren: " + f.message());
          err.flush();
          return f.exitCode();
        });
    return cl;
  }

  /** One line: what is wrong, a suggestion if picocli has one, and where the help is. */
  private static int usageError(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    StringBuilder line = new StringBuilder("warren: ").append(ex.getMessage().strip());
    if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      line.append(" (did you mean ")
          .append(
              String.join(
                  " or ", u.getSuggestions().subList(0, Math.min(3, u.getSuggestions().size()))))
          .append("?)");
    }
    line.append(" — see '").append(cl.getCommandSpec().qualifiedName()).append(" --help'");
    err.println(line);
    err.flush();
    return ExitCodes.USAGE;
  }

  /** slf4j-simple: warnings and errors only on stderr, unless --verbose. */
  static void configureLogging(String[] args) {
    boolean verbose = false;
    for (String a : args) {
      if (a.equals("--verbose") || a.equals("-v")) {
        verbose = true;
      }
      if (a.equals("--")) {
        break;
      }
    }
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "warn");
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
    setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    setIfAbsent("org.slf4j.simpleLogger.log.io.netty", verbose ? "info" : "warn");
    // The client warns once per publish it drops on a closed channel: after a channel error that
    // can be thousands of lines, while warren reports the error itself in one.
    setIfAbsent(
        "org.slf4j.simpleLogger.log.dev.warren.client.internal.channel.publish.ChannelPublishing",
        verbose ? "debug" : "error");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
