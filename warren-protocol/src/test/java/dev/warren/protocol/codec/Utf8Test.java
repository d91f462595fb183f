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
}
