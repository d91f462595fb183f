/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.bench.ceiling;

import dev.warren.testkit.NullBroker;

/**
 * The test kit's {@link NullBroker} in a process of its own, so that the broker's allocations and
 * garbage collections stay out of the client's measurements. Prints {@code port N}, then runs until
 * its standard input closes (that is, until the process that started it ends).
 *
 * <pre>java -cp warren-bench/target/benchmarks.jar dev.warren.bench.ceiling.NullBrokerMain 16</pre>
 */
public final class NullBrokerMain {
  private NullBrokerMain() {}

  public static void main(String[] args) throws Exception {
    int bodySize = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    try (NullBroker broker = new NullBroker(bodySize)) {
      System.out.println("port " + broker.port());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the parent to go away
      }
    }
    System.exit(0);
  }

  /** Starts one in a child JVM with this JVM's class path; closing it ends the child. */
  public static final class Child implements AutoCloseable {
    private final Process process;
    private final int port;

    public Child(int bodySize, String... jvmOptions) throws java.io.IOException {
      java.util.List<String> cmd = new java.util.ArrayList<>();
      cmd.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(java.util.List.of(jvmOptions));
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(NullBrokerMain.class.getName());
      cmd.add(Integer.toString(bodySize));
      process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      java.io.BufferedReader r =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
      String line;
      int p = -1;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("port ")) {
          p = Integer.parseInt(line.substring(5).trim());
          break;
        }
      }
      if (p < 0) {
        process.destroyForcibly();
        throw new java.io.IOException("the null broker did not start");
      }
      port = p;
    }

    public int port() {
      return port;
    }

    public long pid() {
      return process.pid();
    }

    @Override
    public void close() throws Exception {
      process.getOutputStream().close();
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
