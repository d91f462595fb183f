/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

import dev.warren.client.InvalidUriException;
import dev.warren.errors.AmqpException;
import dev.warren.errors.AuthenticationException;
import dev.warren.errors.BackpressureTimeoutException;
import dev.warren.errors.BlockedTimeoutException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectFailedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.HeartbeatTimeoutException;
import dev.warren.errors.NackedException;
import dev.warren.errors.ReplyCode;
import dev.warren.errors.RpcTimeoutException;
import dev.warren.errors.UnroutableException;
import dev.warren.errors.VirtualHostAccessException;
import dev.warren.errors.WrongStateException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Turns an exception into one line for the user and an exit code. */
public final class Errors {
  private Errors() {}

  /** What to print and how to exit. */
  public record Failure(int exitCode, String message) {}

  /**
   * The exit code and one-line message (without the {@code "warren: "} prefix) for {@code e}.
   *
   * @param url the broker URL without its password, for connection errors
   */
  public static Failure describe(Throwable e, String url) {
    Throwable t = unwrap(e);
    if (t instanceof CliException c) {
      return new Failure(c.exitCode(), c.getMessage());
    }
    if (t instanceof InvalidUriException) {
      return new Failure(ExitCodes.USAGE, "bad broker URL: " + t.getMessage());
    }
    if (t instanceof IllegalArgumentException) {
      return new Failure(ExitCodes.USAGE, t.getMessage());
    }
    AuthenticationException auth = find(t, AuthenticationException.class);
    if (auth != null) {
      return new Failure(
          ExitCodes.CONNECTION,
          "the broker at "
              + url
              + " refused the login: "
              + brokerText(auth.replyCode(), auth.replyText(), auth.getMessage())
              + " — check the user name and password in the URL");
    }
    VirtualHostAccessException vhost = find(t, VirtualHostAccessException.class);
    if (vhost != null) {
      return new Failure(
          ExitCodes.CONNECTION,
          "the broker at "
              + url
              + " refused the virtual host '"
              + vhost.virtualHost()
              + "': "
              + brokerText(vhost.replyCode(), vhost.replyText(), vhost.getMessage())
              + " — check that it exists and that the user may use it");
    }
    if (t instanceof ConnectFailedException) {
      return new Failure(
          ExitCodes.CONNECTION,
          "could not connect to "
              + url
              + ": "
              + connectReason(t.getMessage())
              + " — is the broker running? try scripts/broker ensure");
    }
    if (t instanceof RpcTimeoutException
        || t instanceof BackpressureTimeoutException
        || t instanceof BlockedTimeoutException) {
      return new Failure(ExitCodes.TIMEOUT, "timed out: " + t.getMessage());
    }
    if (t instanceof HeartbeatTimeoutException) {
      return new Failure(
          ExitCodes.CONNECTION, "lost the connection to " + url + ": " + t.getMessage());
    }
    if (t instanceof ChannelClosedException c) {
      String method = c.failingMethodName();
      return new Failure(
          ExitCodes.REFUSED,
          "the broker refused "
              + (method == null ? "the operation" : method)
              + ": "
              + brokerText(c.replyCode(), c.replyText(), c.getMessage()));
    }
    if (t instanceof ConnectionClosedException c) {
      return new Failure(
          ExitCodes.CONNECTION,
          "the connection to "
              + url
              + " closed: "
              + brokerText(c.replyCode(), c.replyText(), c.getMessage()));
    }
    if (t instanceof UnroutableException u) {
      return new Failure(
          ExitCodes.NOT_DELIVERED,
          "the broker returned the message: "
              + brokerText(u.replyCode(), u.replyText(), u.getMessage())
              + " (exchange '"
              + u.exchange()
              + "', routing key '"
              + u.routingKey()
              + "') — no queue is bound for it");
    }
    if (t instanceof NackedException) {
      return new Failure(
          ExitCodes.NOT_DELIVERED, "the broker did not take the message: " + t.getMessage());
    }
    if (t instanceof WrongStateException) {
      ConnectionClosedException closed = find(t, ConnectionClosedException.class);
      if (closed != null) {
        return describe(closed, url);
      }
      ChannelClosedException ch = find(t, ChannelClosedException.class);
      if (ch != null) {
        return describe(ch, url);
      }
      return new Failure(ExitCodes.INTERNAL, t.getMessage());
    }
    if (t instanceof NoSuchFileException f) {
      return new Failure(ExitCodes.USAGE, "no such file: " + f.getFile());
    }
    if (t instanceof AccessDeniedException f) {
      return new Failure(ExitCodes.USAGE, "permission denied: " + f.getFile());
    }
    if (t instanceof FileNotFoundException || t instanceof IOException) {
      return new Failure(ExitCodes.USAGE, t.getMessage());
    }
    if (t instanceof AmqpException a) {
      return new Failure(ExitCodes.INTERNAL, a.getMessage());
    }
    return new Failure(
        ExitCodes.INTERNAL,
        "internal error: "
            + t
            + " — rerun with --verbose for the stack trace, and please report it");
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof java.util.concurrent.CompletionException
            || t instanceof java.util.concurrent.ExecutionException
            || t instanceof UncheckedIOException
            || t instanceof java.lang.reflect.InvocationTargetException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  /** "404 NOT_FOUND - no queue 'x' in vhost '/'" (RabbitMQ's text already names the code). */
  static String brokerText(int code, String replyText, String fallback) {
    if (code <= 0) {
      return fallback;
    }
    String name = ReplyCode.nameOf(code);
    String text = replyText == null ? "" : replyText.strip();
    if (text.startsWith(name)) {
      text = text.substring(name.length()).strip();
      if (text.startsWith("-")) {
        text = text.substring(1).strip();
      }
    }
    return code + " " + name + (text.isEmpty() ? "" : " - " + text);
  }

  /** The client's reason without the URL (said already), Netty's details or its own hint. */
  static String connectReason(String message) {
    if (message == null) {
      return "unknown reason";
    }
    String m = message.replaceAll("could not connect to \\S+: ", "");
    m = m.replaceAll(" \\(finishConnect\\(\\.\\.\\) failed: [^)]*\\)", "");
    m = m.replaceAll(";? ?is the broker running\\?", "");
    m = m.replaceAll("\\s*\\n\\s*", "; ").replace(":;", ":");
    return m.strip();
  }
}
