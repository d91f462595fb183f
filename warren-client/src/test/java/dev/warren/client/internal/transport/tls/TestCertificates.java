/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.transport.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The test certificates of {@code scripts/gen-certs}, generated once per test JVM into a temporary
 * directory. Every store password is {@link #PASSWORD}.
 */
final class TestCertificates {
  static final String PASSWORD = "changeit";

  private static Path dir;

  private TestCertificates() {}

  /** The directory holding ca.pem, server.p12, client.pem, ... (see scripts/gen-certs). */
  static synchronized Path dir() {
    if (dir == null) {
      try {
        Path out = Files.createTempDirectory("warren-tls-test");
        out.toFile().deleteOnExit();
        run(List.of("bash", script().toString(), out.toString()), 180);
        dir = out;
      } catch (IOException e) {
        throw new IllegalStateException("cannot generate test certificates", e);
      }
    }
    return dir;
  }

  static Path file(String name) {
    return dir().resolve(name);
  }

  /** scripts/gen-certs, found by walking up from the working directory. */
  private static Path script() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("scripts/gen-certs");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "scripts/gen-certs not found above " + Path.of("").toAbsolutePath());
  }

  /** Runs a command with a deadline; fails with its output when it fails. */
  static String run(List<String> command, int timeoutSeconds) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out;
      try (InputStream in = p.getInputStream()) {
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException(command + " did not finish in " + timeoutSeconds + " s");
        }
        out = in.readAllBytes();
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(command + " failed (" + p.exitValue() + "): " + text);
      }
      return text;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }

  /** A server SSL context presenting the key of {@code p12} and trusting {@code ca.pem}'s CA. */
  static SSLContext serverContext(String p12) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file(p12))) {
      ks.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD.toCharArray());
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file("truststore.p12"))) {
      trust.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }
}
