/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.config;

import io.netty.util.NetUtil;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Host names, ports and percent-encoding as AMQP URIs and the configuration use them. */
public final class HostNames {
  private HostNames() {}

  /**
   * Checks a host name or IP address and returns it without IPv6 brackets.
   *
   * @throws IllegalArgumentException when empty, containing whitespace or one of {@code /?#@}, or
   *     containing ':' without being an IPv6 address
   */
  public static String checkHost(String host) {
    Objects.requireNonNull(host, "host");
    String h = host;
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.isEmpty()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    for (int i = 0; i < h.length(); i++) {
      char c = h.charAt(i);
      if (c <= ' ' || c == '/' || c == '?' || c == '#' || c == '@' || c == '[' || c == ']') {
        throw new IllegalArgumentException(
            "host must be a host name or an IP address, got '" + host + "'");
      }
    }
    if (h.indexOf(':') >= 0 && !NetUtil.isValidIpV6Address(h)) {
      throw new IllegalArgumentException(
          "host '"
              + host
              + "' contains ':' but is not an IPv6 address; set the port with port(int) or"
              + " address(\"host:port\")");
    }
    return h;
  }

  /** Whether {@code host} is an IPv4 or IPv6 address literal (not a name). */
  public static boolean isIpAddress(String host) {
    return NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host);
  }

  /** The host as written in a URI: IPv6 addresses in brackets. */
  public static String forUri(String host) {
    return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
  }

  /**
   * Splits {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port} or a bare IPv6 address
   * into {host, port-or-null}.
   */
  public static String[] splitHostPort(String s) {
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("IPv6 address '" + s + "' lacks its closing ']'");
      }
      String host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (rest.isEmpty()) {
        return new String[] {host, null};
      }
      if (!rest.startsWith(":")) {
        throw new IllegalArgumentException(
            "expected ':port' after the IPv6 address '[" + host + "]'");
      }
      return new String[] {host, rest.substring(1)};
    }
    int first = s.indexOf(':');
    if (first < 0) {
      return new String[] {s, null};
    }
    if (s.indexOf(':', first + 1) >= 0) {
      // Several colons: a bare IPv6 address, no port.
      return new String[] {s, null};
    }
    return new String[] {s.substring(0, first), s.substring(first + 1)};
  }

  /**
   * Parses a port number (digits only).
   *
   * @throws IllegalArgumentException when not a number (the text is not echoed when it is not
   *     digits, since a mis-split URI could put part of a password there)
   */
  public static int parsePort(String s) {
    if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(
          s.chars().allMatch(c -> c >= '0' && c <= '9') && !s.isEmpty()
              ? "port must be between 1 and 65535, got " + s
              : "port must be a number between 1 and 65535");
    }
    return Integer.parseInt(s);
  }

  /**
   * Percent-decodes {@code s} as UTF-8; with {@code plusIsSpace}, '+' is a space (query strings, as
   * HTML forms and Python's urlencode write them).
   *
   * @param what names the component in messages ("the password"...); the text itself is never part
   *     of a message
   * @throws IllegalArgumentException for a malformed %-escape or invalid UTF-8
   */
  public static String percentDecode(String s, String what, boolean plusIsSpace) {
    if (s.indexOf('%') < 0 && !(plusIsSpace && s.indexOf('+') >= 0)) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); ) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new IllegalArgumentException("invalid percent-encoding in " + what);
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("invalid percent-encoding in " + what);
        }
        out.write(hi * 16 + lo);
        i += 3;
      } else if (c == '+' && plusIsSpace) {
        out.write(' ');
        i++;
      } else {
        int cp = s.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        i += Character.charCount(cp);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("invalid UTF-8 after percent-decoding " + what);
    }
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters (so "/" becomes %2F). */
  public static String percentEncode(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        sb.append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }
}
