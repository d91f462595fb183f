/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The codec's UTF-8 helpers against the JDK's encoder and decoder. */
class Utf8Test {
  @Test
  void utf8EncodingMatchesTheJdk() {
    Random rnd = new Random(42);
    for (int i = 0; i < 20000; i++) {
      StringBuilder b = new StringBuilder();
      int n = rnd.nextInt(20);
      for (int j = 0; j < n; j++) {
        b.append((char) (rnd.nextInt(4) == 0 ? rnd.nextInt(0x10000) : rnd.nextInt(0x80)));
      }
      String s = b.toString();
      HeapByteOutput out = new HeapByteOutput();
      WireWriter.writeLongstr(out, s);
      byte[] expected = s.getBytes(StandardCharsets.UTF_8);
      ByteBuffer got = out.asByteBuffer();
      assertThat(got.getInt()).isEqualTo(expected.length);
      byte[] body = new byte[got.remaining()];
      got.get(body);
      assertThat(body)
          .as("%s", s.chars().mapToObj(Integer::toHexString).toList())
          .isEqualTo(expected);
      // and validity agrees with the JDK's decoder
      byte[] random = new byte[rnd.nextInt(8)];
      rnd.nextBytes(random);
      boolean jdkValid =
          java.util.Arrays.equals(
              new String(random, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), random);
      assertThat(Utf8.isValid(random, 0, random.length)).isEqualTo(jdkValid);
    }
  }

  /** What a short string's bytes should be: the JDK's UTF-8, but an escape is its byte. */
  private static byte[] expectedShortstr(String s) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.writeBytes(s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
        i++;
      } else if (c >= 0xDC80 && c <= 0xDCFF) {
        out.write(c - 0xDC00);
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  @Test
  void shortstrEncodingDiffersFromTheJdkOnlyInEscapedBytesAndNotInLength() {
    Random rnd = new Random(7);
    char[] edges = {
      'a', '\u007f', '\u0080', '\u07ff', '\u0800', '\ufffd', '\ud800', '\udbff', '\udc00', '\udc7f',
      '\udc80', '\udcc3', '\udcff', '\udd00', '\udfff'
    };
    for (int i = 0; i < 20000; i++) {
      StringBuilder b = new StringBuilder();
      int n = rnd.nextInt(20);
      for (int j = 0; j < n; j++) {
        b.append(
            rnd.nextBoolean() ? edges[rnd.nextInt(edges.length)] : (char) rnd.nextInt(0x10000));
      }
      String s = b.toString();
      HeapByteOutput out = new HeapByteOutput();
      WireWriter.writeShortstr(out, s, "test");
      byte[] expected = expectedShortstr(s);
      byte[] got = out.toByteArray();
      String what = s.chars().mapToObj(Integer::toHexString).toList().toString();
      assertThat(got[0] & 0xFF).as(what).isEqualTo(expected.length);
      assertThat(java.util.Arrays.copyOfRange(got, 1, got.length)).as(what).isEqualTo(expected);
      assertThat(Utf8.shortstrBytes(s)).as(what).isEqualTo(expected);
      // the length is the JDK's: an escape is one byte, as the '?' of another lone surrogate
      assertThat(expected.length).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
      assertThat(Utf8.length(Utf8.encodedLengthOrAscii(s))).isEqualTo(expected.length);
    }
  }

  @Test
  void longStringsDoNotEscape() {
    // a String written as a long string stays the JDK's UTF-8: '?' for every unpaired surrogate
    HeapByteOutput out = new HeapByteOutput();
    WireWriter.writeLongstr(out, "a\udcffb");
    assertThat(out.toByteArray()).containsExactly(0, 0, 0, 3, 'a', '?', 'b');
  }

  @Test
  void decodingIsTheJdksForValidBytesAndReturnsItsString() {
    byte[] b = "caf\u00e9 \ufffd".getBytes(StandardCharsets.UTF_8);
    String jdk = new String(b, StandardCharsets.UTF_8);
    assertThat(Utf8.lossless(jdk, b, 0, b.length)).isSameAs(jdk);
    assertThat(Utf8.decodeShortstr(b, 0, b.length)).isEqualTo(jdk);
    byte[] bad = {'x', (byte) 0xff, (byte) 0xe2, (byte) 0x82, 'y'};
    assertThat(Utf8.decodeShortstr(bad, 1, 3)).isEqualTo("\udcff\udce2\udc82");
  }
}
