/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.cli;

/** The exit codes of the {@code warren} command, documented in {@code warren --help}. */
public final class ExitCodes {
  private ExitCodes() {}

  /** Done. */
  public static final int OK = 0;

  /** Bad command line: unknown option, missing argument, bad value, unreadable file. */
  public static final int USAGE = 1;

  /** Could not connect or log in, or the connection was lost or closed by the broker. */
  public static final int CONNECTION = 2;

  /** The broker refused an operation (a channel error such as 404 NOT_FOUND or 406). */
  public static final int REFUSED = 3;

  /** Something did not happen in time: a broker reply, or the messages asked for. */
  public static final int TIMEOUT = 4;

  /** A published message was not taken: nacked, or returned as unroutable (--mandatory). */
  public static final int NOT_DELIVERED = 5;

  /** get found the queue empty. */
  public static final int EMPTY = 6;

  /** A bug in warren (run again with --verbose and report the stack trace). */
  public static final int INTERNAL = 70;

  /** Stopped by Ctrl-C (SIGINT) or SIGTERM. */
  public static final int INTERRUPTED = 130;
}
