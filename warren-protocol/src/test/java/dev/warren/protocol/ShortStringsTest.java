/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.protocol.codec.FieldTables;
import dev.warren.protocol.codec.FrameDecoder;
import dev.warren.protocol.codec.FrameEncoder;
import dev.warren.protocol.codec.HeapByteOutput;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Short strings that are not UTF-8 keep their bytes: each byte of an ill-formed sequence decodes as
 * U+DC00 + byte (PEP 383's surrogateescape) and is written back as that byte.
 */
class ShortStringsTest {

  private static byte[] bytes(int... b) {
    byte[] r = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      r[i] = (byte) b[i];
    }
    return r;
  }

  /** Decodes {@code b}, checks the result against the expected string and back to the bytes. */
  private static void assertDecodes(byte[] b, String expected) {
    String s = ShortStrings.fromBytes(b);
    assertThat(s).as("%s", Hex.format(b)).isEqualTo(expected);
    assertThat(ShortStrings.toBytes(s)).as("%s", Hex.format(b)).isEqualTo(b);
  }

  // --------------------------------------------------------------------------- valid UTF-8

  @Test
  void wellFormedUtf8DecodesAsTheJdkDoesAndHasNoRawBytes() {
    for (String s :
        new String[] {
          "",
          "amq.ctag-1",
          "text/plain",
          "caf\u00e9",
          "\u20ac 5",
          "\ud83d\ude00",
          "\ud800\udc80",
          "\ufffd",
          "a\ufffdb",
          "\u07ff\u0800\uffff\udbff\udfff"
        }) {
      byte[] b = s.getBytes(UTF_8);
      assertDecodes(b, s);
      assertThat(ShortStrings.fromBytes(b)).isEqualTo(new String(b, UTF_8));
      assertThat(ShortStrings.hasRawBytes(s)).as(s).isFalse();
    }
    // U+10080 is the pair D800 DC80: its low half is in the escape range, but is not an escape
    assertThat(ShortStrings.toBytes("\ud800\udc80")).containsExactly(0xf0, 0x90, 0x82, 0x80);
  }

  // ------------------------------------------------------------------------ invalid UTF-8

  @Test
  void aStrayByteIsOneEscapedChar() {
    assertDecodes(bytes(0x61, 0xff, 0x62), "a\udcffb");
    assertThat(ShortStrings.hasRawBytes("a\udcffb")).isTrue();
    assertDecodes(bytes(0x80), "\udc80");
    assertDecodes(bytes(0xbf, 0xbf), "\udcbf\udcbf");
  }

  @Test
  void eachByteOfATruncatedSequenceIsOneEscapedChar() {
    assertDecodes(bytes(0xe2, 0x82, 0x63), "\udce2\udc82c");
    assertDecodes(bytes(0xe2, 0x82), "\udce2\udc82");
    assertDecodes(bytes(0x72, 0xf0, 0x9f, 0x98), "r\udcf0\udc9f\udc98");
    assertDecodes(bytes(0xc3), "\udcc3");
    // decoding resumes at the byte that broke the sequence: here a whole euro sign
    assertDecodes(bytes(0xe2, 0x82, 0xe2, 0x82, 0xac), "\udce2\udc82\u20ac");
  }

  @Test
  void overlongFormsSurrogatesAndBytesBeyondF4AreEscaped() {
    assertDecodes(bytes(0xc0, 0xaf), "\udcc0\udcaf"); // overlong '/'
    assertDecodes(bytes(0xc1, 0xbf), "\udcc1\udcbf");
    assertDecodes(bytes(0xe0, 0x80, 0xaf), "\udce0\udc80\udcaf"); // overlong 3-byte
    assertDecodes(bytes(0xf0, 0x80, 0x80, 0xaf), "\udcf0\udc80\udc80\udcaf"); // overlong 4-byte
    assertDecodes(bytes(0xed, 0xa0, 0x80), "\udced\udca0\udc80"); // U+D800 encoded
    assertDecodes(bytes(0xed, 0xbf, 0xbf), "\udced\udcbf\udcbf"); // U+DFFF encoded
    assertDecodes(bytes(0xf4, 0x90, 0x80, 0x80), "\udcf4\udc90\udc80\udc80"); // U+110000
    assertDecodes(bytes(0xf5, 0x80, 0x80, 0x80), "\udcf5\udc80\udc80\udc80");
    assertDecodes(bytes(0xf8, 0x61, 0xfe, 0xff), "\udcf8a\udcfe\udcff");
  }

  @Test
  void aRealReplacementCharacterIsNotAnEscapedByte() {
    String real = ShortStrings.fromBytes(bytes(0x61, 0xef, 0xbf, 0xbd, 0x62));
    String escaped = ShortStrings.fromBytes(bytes(0x61, 0xff, 0x62));
    assertThat(real).isEqualTo("a\ufffdb");
    assertThat(ShortStrings.hasRawBytes(real)).isFalse();
    assertThat(ShortStrings.hasRawBytes(escaped)).isTrue();
    assertThat(escaped).isNotEqualTo(real);
    assertThat(ShortStrings.toBytes(real)).containsExactly(0x61, 0xef, 0xbf, 0xbd, 0x62);
  }

  @Test
  void otherUnpairedSurrogatesAreStillQuestionMarks() {
    assertThat(ShortStrings.toBytes("\ud800x")).containsExactly('?', 'x');
    assertThat(ShortStrings.toBytes("x\udbff")).containsExactly('x', '?');
    assertThat(ShortStrings.toBytes("\udc7f\udd00\udfff")).containsExactly('?', '?', '?');
    assertThat(ShortStrings.hasRawBytes("\ud800x\udc7f\udd00")).isFalse();
    // a high surrogate followed by an escape's char is a pair, and is written as one
    assertThat(ShortStrings.toBytes("\udbff\udcff")).containsExactly(0xf4, 0x8f, 0xb3, 0xbf);
    assertThat(ShortStrings.hasRawBytes("\udbff\udcff")).isFalse();
  }

  @Test
  void nullIsRefusedNamingTheParameter() {
    assertThatThrownBy(() -> ShortStrings.toBytes(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("s");
    assertThatThrownBy(() -> ShortStrings.hasRawBytes(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("s");
    assertThatThrownBy(() -> ShortStrings.fromBytes(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("bytes");
  }

  @Test
  void fromBytesDoesNotKeepTheArray() {
    byte[] b = bytes(0x61, 0xff);
    String s = ShortStrings.fromBytes(b);
    b[1] = 'b';
    assertThat(s).isEqualTo("a\udcff");
    byte[] out = ShortStrings.toBytes(s);
    out[0] = 'z';
    assertThat(ShortStrings.toBytes(s)).containsExactly(0x61, 0xff);
  }

  // ----------------------------------------------------------------- against a reference

  /**
   * PEP 383 with the JDK's strict decoder: every byte of each malformed range it reports is
   * escaped, everything else is decoded by the JDK.
   */
  private static String reference(byte[] b) {
    CharsetDecoder d =
        UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(b);
    CharBuffer out = CharBuffer.allocate(b.length * 2 + 4);
    while (true) {
      CoderResult r = d.decode(in, out, true);
      if (r.isError()) {
        for (int i = 0; i < r.length(); i++) {
          out.put((char) (0xDC00 | (in.get() & 0xFF)));
        }
      } else if (r.isUnderflow()) {
        d.flush(out);
        return out.flip().toString();
      } else {
        throw new AssertionError(r);
      }
    }
  }

  @Test
  void randomBytesDecodeAsPep383DoesAndEncodeBackExactly() {
    Random rnd = new Random(383);
    int[] interesting = {
      0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1,
      0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xf7, 0xf8, 0xfe, 0xff
    };
    for (int n = 0; n < 50_000; n++) {
      byte[] b = new byte[rnd.nextInt(12)];
      for (int i = 0; i < b.length; i++) {
        b[i] =
            (byte)
                (rnd.nextBoolean() ? interesting[rnd.nextInt(interesting.length)] : rnd.nextInt());
      }
      String s = ShortStrings.fromBytes(b);
      assertThat(s).as("%s", Hex.format(b)).isEqualTo(reference(b));
      assertThat(ShortStrings.toBytes(s)).as("%s", Hex.format(b)).isEqualTo(b);
      boolean valid = Arrays.equals(new String(b, UTF_8).getBytes(UTF_8), b);
      assertThat(ShortStrings.hasRawBytes(s)).as("%s", Hex.format(b)).isEqualTo(!valid);
      if (valid) {
        assertThat(s).isEqualTo(new String(b, UTF_8));
      }
    }
  }

  // --------------------------------------------------------------------- through the codec

  /** A table of one entry per key, value 'I' n, as bytes. */
  private static byte[] table(byte[]... keys) {
    HeapByteOutput entries = new HeapByteOutput();
    int n = 0;
    for (byte[] k : keys) {
      entries.writeByte(k.length);
      entries.writeBytes(k, 0, k.length);
      entries.writeByte('I');
      entries.writeInt(n++);
    }
    HeapByteOutput t = new HeapByteOutput();
    byte[] e = entries.toByteArray();
    t.writeInt(e.length);
    t.writeBytes(e, 0, e.length);
    return t.toByteArray();
  }

  private static byte[] encode(Map<String, ?> table) {
    HeapByteOutput out = new HeapByteOutput();
    FieldTables.encode(out, table);
    return out.toByteArray();
  }

  private static ByteBuffer buffer(byte[] b, boolean direct) {
    if (!direct) {
      return ByteBuffer.wrap(b);
    }
    ByteBuffer d = ByteBuffer.allocateDirect(b.length);
    d.put(b).flip();
    return d;
  }

  private static byte[] filled(int length, int... pattern) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) pattern[i % pattern.length];
    }
    return b;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void tableKeysDifferingOnlyInInvalidBytesStayTwoKeys(boolean direct) {
    // short keys (the decoder's cache) and long ones (over 64 bytes), from heap and direct buffers
    byte[] longA = filled(100, 'k', 0xfe);
    byte[] longB = filled(100, 'k', 0xff);
    byte[] bytes =
        table(
            bytes('a', 0xff), bytes('a', 0xfe), bytes('a', 0xef, 0xbf, 0xbd), longA, longB, longA);
    Map<String, Object> t = FieldTables.decode(buffer(bytes, direct));
    assertThat(t).hasSize(5); // longA repeats: the last value wins
    assertThat(t.keySet())
        .containsExactly(
            "a\udcff",
            "a\udcfe",
            "a\ufffd",
            ShortStrings.fromBytes(longA),
            ShortStrings.fromBytes(longB));
    assertThat(t.get(ShortStrings.fromBytes(longA))).isEqualTo(5);
    // encoded again: the same bytes for every key
    byte[] again = encode(t);
    assertThat(FieldTables.decode(ByteBuffer.wrap(again))).isEqualTo(t);
    assertThat(Arrays.copyOfRange(again, 4, 4 + 1 + 2)).containsExactly(2, 'a', 0xff);
    Map<String, Object> copy = FieldTables.copyOf(new LinkedHashMap<>(t));
    assertThat(encode(copy)).isEqualTo(again);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void theShortStringCacheHandsOutNoStringForInvalidBytes(boolean direct) {
    // 'a' ff 'b' and "axb" hash alike (same length, first and last byte)
    byte[] bytes = table(bytes('a', 0xff, 'b'), bytes('a', 'x', 'b'), bytes('a', 0xff, 'b'));
    for (int round = 0; round < 2; round++) {
      Map<String, Object> t = FieldTables.decode(buffer(bytes, direct));
      assertThat(t.keySet()).containsExactly("a\udcffb", "axb");
    }
  }

  @Test
  void anInvalidShortstrOf255BytesEncodesIn255Bytes() {
    for (byte[] raw :
        new byte[][] {
          filled(255, 0xff),
          filled(255, 0xe2, 0x82),
          filled(255, 'a', 0xc3),
          filled(255, 0xed, 0xa0)
        }) {
      String s = ShortStrings.fromBytes(raw);
      assertThat(ShortStrings.hasRawBytes(s)).isTrue();
      assertThat(ShortStrings.toBytes(s)).isEqualTo(raw);
      // as a key and as a property, through the frame codec
      Map<String, Object> t = FieldTables.decode(ByteBuffer.wrap(table(raw)));
      assertThat(t).containsOnlyKeys(s);
      assertThat(encode(t)).isEqualTo(table(raw));
      BasicProperties p = BasicProperties.builder().contentType(s).headers(t).build();
      HeapByteOutput out = new HeapByteOutput();
      FrameEncoder.writeContentHeader(out, 1, 60, 0, p);
      ByteBuffer frame = out.asByteBuffer();
      assertThat(frame.get(7 + 14) & 0xFF).isEqualTo(255); // content-type's length octet
      assertThat(decodeHeader(frame)).isEqualTo(p);
    }
    // one byte more does not fit
    String tooLong = ShortStrings.fromBytes(filled(256, 0xff));
    BasicProperties p = BasicProperties.builder().contentType(tooLong).build();
    assertThatThrownBy(() -> FrameEncoder.writeContentHeader(new HeapByteOutput(), 1, 60, 0, p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("content-type: shortstr is 256 bytes");
  }

  private static BasicProperties decodeHeader(ByteBuffer frame) {
    Recorder rec = new Recorder();
    assertThat(new FrameDecoder(0).decode(frame, rec)).isEqualTo(1);
    return (BasicProperties) rec.events.get(0).get(4);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aContentTypeRoundTripsThroughTheFrameCodec(boolean direct) {
    byte[] raw = bytes('t', 'e', 'x', 't', '/', 0xe2, 0x82, 0x63);
    String contentType = ShortStrings.fromBytes(raw);
    assertThat(contentType).isEqualTo("text/\udce2\udc82c");
    BasicProperties p =
        BasicProperties.builder()
            .contentType(contentType)
            .header(ShortStrings.fromBytes(bytes('k', 0xff)), 1)
            .header("k\ufffd", 2)
            .build();
    HeapByteOutput out = new HeapByteOutput();
    FrameEncoder.writeContentHeader(out, 1, 60, 0, p);
    byte[] frame = out.toByteArray();
    // type, channel, size, class, weight, body size, flags, then the content-type
    assertThat(Arrays.copyOfRange(frame, 21, 21 + 1 + raw.length))
        .containsExactly(8, 't', 'e', 'x', 't', '/', 0xe2, 0x82, 0x63);
    BasicProperties back = decodeHeader(buffer(frame, direct));
    assertThat(back).isEqualTo(p);
    assertThat(ShortStrings.toBytes(back.contentType())).isEqualTo(raw);
    assertThat(back.headers()).containsExactly(Map.entry("k\udcff", 1), Map.entry("k\ufffd", 2));
    HeapByteOutput again = new HeapByteOutput();
    FrameEncoder.writeContentHeader(again, 1, 60, 0, back);
    assertThat(again.toByteArray()).isEqualTo(frame);
  }
}
