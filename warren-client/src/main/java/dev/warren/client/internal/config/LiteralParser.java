/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the dictionaries that pika puts in URL query values ({@code client_properties}, {@code
 * ssl_options}, {@code tcp_options}): a JSON object or a Python dict literal as {@code str(dict)}
 * writes it.
 *
 * <p>Accepted: objects {@code {key: value, ...}} (keys are strings), lists {@code [...]}, strings
 * in single or double quotes with JSON and Python escapes ({@code \\ \' \" \n \r \t \b \f \/ \xHH
 * \\uHHHH}), numbers (integers become {@link Long}, others {@link BigDecimal}), {@code
 * true/false/True/False} ({@link Boolean}) and {@code null/None} ({@code null}). A trailing comma
 * is allowed, as in Python.
 *
 * <p>Error messages give the position, never the text: the text may contain a password.
 */
public final class LiteralParser {
  private final String s;
  private int pos;

  private LiteralParser(String s) {
    this.s = s;
  }

  /**
   * Parses a dictionary literal into an unmodifiable, order-preserving map.
   *
   * @throws IllegalArgumentException when the text is not one dictionary literal
   */
  public static Map<String, Object> parseObject(String text) {
    LiteralParser p = new LiteralParser(text);
    p.skipSpace();
    if (p.peek() != '{') {
      throw p.error("expected a dictionary starting with '{'");
    }
    Map<String, Object> result = p.object();
    p.skipSpace();
    if (p.pos != p.s.length()) {
      throw p.error("unexpected text after the closing '}'");
    }
    return result;
  }

  private Map<String, Object> object() {
    expect('{');
    Map<String, Object> map = new LinkedHashMap<>();
    skipSpace();
    while (peek() != '}') {
      skipSpace();
      char q = peek();
      if (q != '\'' && q != '"') {
        throw error("expected a quoted key");
      }
      String key = string();
      skipSpace();
      expect(':');
      skipSpace();
      Object value = value();
      if (map.containsKey(key)) {
        throw error("key '" + key + "' appears twice");
      }
      map.put(key, value);
      skipSpace();
      if (peek() == ',') {
        pos++;
        skipSpace();
      } else if (peek() != '}') {
        throw error("expected ',' or '}'");
      }
    }
    expect('}');
    return Collections.unmodifiableMap(map);
  }

  private List<Object> list() {
    expect('[');
    List<Object> list = new ArrayList<>();
    skipSpace();
    while (peek() != ']') {
      list.add(value());
      skipSpace();
      if (peek() == ',') {
        pos++;
        skipSpace();
      } else if (peek() != ']') {
        throw error("expected ',' or ']'");
      }
    }
    expect(']');
    return Collections.unmodifiableList(list);
  }

  private Object value() {
    char c = peek();
    if (c == '{') {
      return object();
    }
    if (c == '[') {
      return list();
    }
    if (c == '\'' || c == '"') {
      return string();
    }
    if (c == '-' || c == '+' || (c >= '0' && c <= '9') || c == '.') {
      return number();
    }
    int start = pos;
    while (pos < s.length() && Character.isLetter(s.charAt(pos))) {
      pos++;
    }
    String word = s.substring(start, pos);
    switch (word) {
      case "true":
      case "True":
        return Boolean.TRUE;
      case "false":
      case "False":
        return Boolean.FALSE;
      case "null":
      case "None":
        return null;
      default:
        pos = start;
        throw error("expected a string, number, true, false or null");
    }
  }

  private Object number() {
    int start = pos;
    while (pos < s.length() && "+-0123456789.eE_".indexOf(s.charAt(pos)) >= 0) {
      pos++;
    }
    String text = s.substring(start, pos).replace("_", "");
    try {
      BigDecimal n = new BigDecimal(text.startsWith("+") ? text.substring(1) : text);
      try {
        return n.longValueExact();
      } catch (ArithmeticException notIntegral) {
        return n;
      }
    } catch (NumberFormatException e) {
      pos = start;
      throw error("malformed number");
    }
  }

  private String string() {
    char quote = s.charAt(pos++);
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= s.length()) {
        throw error("unterminated string");
      }
      char c = s.charAt(pos++);
      if (c == quote) {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= s.length()) {
        throw error("unterminated escape");
      }
      char e = s.charAt(pos++);
      switch (e) {
        case '\\', '\'', '"', '/' -> sb.append(e);
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'x' -> sb.append((char) hex(2));
        case 'u' -> sb.append((char) hex(4));
        default -> throw error("unknown escape");
      }
    }
  }

  private int hex(int digits) {
    if (pos + digits > s.length()) {
      throw error("truncated escape");
    }
    int v = 0;
    for (int i = 0; i < digits; i++) {
      int d = Character.digit(s.charAt(pos++), 16);
      if (d < 0) {
        throw error("bad hexadecimal digit in escape");
      }
      v = v * 16 + d;
    }
    return v;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private char peek() {
    return pos < s.length() ? s.charAt(pos) : '\0';
  }

  private void skipSpace() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(
        what + " at character " + pos + " of the dictionary (JSON or Python dict literal)");
  }
}
