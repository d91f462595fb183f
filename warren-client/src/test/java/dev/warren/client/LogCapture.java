/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures what the library logs while open: the tests log through slf4j-simple, which writes each
 * line to the current {@code System.err}, so this tees {@code System.err} into a buffer (the lines
 * still reach the test report) and restores it on {@link #close()}. {@link #startVerbose()} also
 * turns every {@code dev.warren} logger down to TRACE for the duration, so that debug lines are
 * captured too.
 */
final class LogCapture implements AutoCloseable {
  private final PrintStream original;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final Map<Logger, Integer> levels = new HashMap<>();

  /** The library's loggers, created up front so that they exist when their levels are set. */
  private static final List<String> LIBRARY_LOGGERS =
      List.of(
          "dev.warren.client.internal.connection.Connector",
          "dev.warren.client.internal.connection.ConnectionCore",
          "dev.warren.client.internal.connection.CredentialsRefresh",
          "dev.warren.client.internal.channel.ChannelCore",
          "dev.warren.client.internal.channel.ChannelEvents",
          "dev.warren.client.internal.channel.publish.ChannelPublishing",
          "dev.warren.client.internal.channel.consume.DemandPublisher",
          "dev.warren.client.internal.recovery.Recovery",
          "dev.warren.client.internal.channel.consume.Resubscriber",
          "dev.warren.client.internal.threads.SerialExecutor",
          "dev.warren.client.internal.config.AmqpUriParser",
          "dev.warren.client.internal.transport.SocketOptions",
          "dev.warren.client.internal.transport.tls.TlsHandlerFactory");

  private LogCapture() {
    original = System.err;
    OutputStream tee =
        new OutputStream() {
          @Override
          public void write(int b) {
            original.write(b);
            buffer.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            buffer.write(b, off, len);
          }

          @Override
          public void flush() {
            original.flush();
          }
        };
    System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
  }

  static LogCapture start() {
    return new LogCapture();
  }

  /** Like {@link #start()}, with every dev.warren logger at TRACE until {@link #close()}. */
  static LogCapture startVerbose() {
    LogCapture capture = new LogCapture();
    try {
      LIBRARY_LOGGERS.forEach(LoggerFactory::getLogger);
      ILoggerFactory factory = LoggerFactory.getILoggerFactory();
      Field map = factory.getClass().getDeclaredField("loggerMap");
      map.setAccessible(true);
      Field level =
          Class.forName("org.slf4j.simple.SimpleLogger").getDeclaredField("currentLogLevel");
      level.setAccessible(true);
      for (Object o : ((Map<?, ?>) map.get(factory)).values()) {
        Logger logger = (Logger) o;
        if (logger.getName().startsWith("dev.warren")
            && level.getDeclaringClass().isInstance(logger)) {
          capture.levels.put(logger, level.getInt(logger));
          level.setInt(logger, 0); // SimpleLogger.LOG_LEVEL_TRACE
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      capture.close();
      throw new AssertionError("cannot raise the log level (is slf4j-simple the binding?)", e);
    }
    if (capture.levels.isEmpty()) {
      capture.close();
      throw new AssertionError("no dev.warren logger found to raise to TRACE");
    }
    return capture;
  }

  /** Everything written to System.err since {@link #start()}. */
  String text() {
    System.err.flush();
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      Field level =
          Class.forName("org.slf4j.simple.SimpleLogger").getDeclaredField("currentLogLevel");
      level.setAccessible(true);
      for (Map.Entry<Logger, Integer> e : levels.entrySet()) {
        level.setInt(e.getKey(), e.getValue());
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    System.err.flush();
    System.setErr(original);
  }
}
