/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Hex helpers for golden bytes: whitespace is ignored, lines starting with '#' are comments. */
final class Hex {
  private Hex() {}

  static byte[] parse(String hex) {
    StringBuilder digits = new StringBuilder();
    for (String line : hex.split("\n")) {
      String l = line.strip();
      if (l.startsWith("#")) {
        continue;
      }
      digits.append(l.replaceAll("\\s+", ""));
    }
    if (digits.length() % 2 != 0) {
      throw new IllegalArgumentException("odd number of hex digits");
    }
    byte[] b = new byte[digits.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  static byte[] resource(String name) {
    try (InputStream in = Hex.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource golden/" + name);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String format(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < b.length; i++) {
      if (i > 0) {
        s.append(i % 16 == 0 ? '\n' : ' ');
      }
      s.append(String.format("%02x", b[i] & 0xFF));
    }
    return s.toString();
  }
}
