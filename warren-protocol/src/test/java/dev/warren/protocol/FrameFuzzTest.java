/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.warren.errors.ProtocolException;
import dev.warren.protocol.codec.FieldTables;
import dev.warren.protocol.codec.FrameDecoder;
import dev.warren.protocol.codec.FrameEncoder;
import dev.warren.protocol.codec.HeapByteOutput;
import dev.warren.protocol.codec.Method;
import dev.warren.protocol.codec.MethodCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the decoders with Jazzer: any input either decodes or fails with
 * {@link ProtocolException}; nothing else escapes. Whatever decodes must also survive a round trip:
 * encoding it and decoding the bytes again gives an equal value.
 *
 * <p>The first input byte selects the target: 0 the frame decoder (no frame limit), 1 the frame
 * decoder with a 64-byte frame limit, 2 {@link MethodCodec#decode} on a method payload, 3 {@link
 * FieldTables#decode}. The seed corpus is in {@code
 * src/test/resources/dev/warren/protocol/FrameFuzzTestInputs/decode}. See FUZZING.md: a normal
 * build replays the corpus in the default test run and fuzzes for 20 s in the {@code fuzz} Surefire
 * execution (JAZZER_FUZZ=1).
 */
class FrameFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void decode(byte[] data) {
    if (data.length == 0) {
      return;
    }
    ByteBuffer in = ByteBuffer.wrap(data, 1, data.length - 1).slice();
    try {
      switch (data[0] & 3) {
        case 0 -> frames(in, 0);
        case 1 -> frames(in, 64);
        case 2 -> method(in);
        default -> table(in);
      }
    } catch (ProtocolException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  private static void frames(ByteBuffer in, int maxFrameSize) {
    Recorder rec = new Recorder();
    new FrameDecoder(maxFrameSize).decode(in, rec);
    for (List<Object> e : rec.events) {
      HeapByteOutput out = new HeapByteOutput();
      switch ((String) e.get(0)) {
        case "method" -> {
          Method m = (Method) e.get(2);
          FrameEncoder.writeMethod(out, (Integer) e.get(1), m);
        }
        case "header" -> {
          BasicProperties p = (BasicProperties) e.get(4);
          FrameEncoder.writeContentHeader(
              out, (Integer) e.get(1), (Integer) e.get(2), (Long) e.get(3), p);
        }
        default -> {
          continue;
        }
      }
      Recorder again = new Recorder();
      new FrameDecoder(0).decode(out.asByteBuffer(), again);
      assertThat(RandomValues.canonical(again.events))
          .isEqualTo(RandomValues.canonical(List.of(e)));
    }
  }

  private static void method(ByteBuffer in) {
    Method m = MethodCodec.decode(in);
    HeapByteOutput out = new HeapByteOutput();
    MethodCodec.encode(out, m);
    assertThat(RandomValues.canonical(MethodCodec.decode(out.asByteBuffer())))
        .isEqualTo(RandomValues.canonical(m));
  }

  private static void table(ByteBuffer in) {
    Map<String, Object> t = FieldTables.decode(in);
    HeapByteOutput out = new HeapByteOutput();
    FieldTables.encode(out, t);
    assertThat(RandomValues.canonical(FieldTables.decode(out.asByteBuffer())))
        .isEqualTo(RandomValues.canonical(t));
  }

  /** Writes the seed corpus from the golden inputs (run by hand: see FUZZING.md). */
  static List<byte[]> seeds() {
    List<byte[]> seeds = new ArrayList<>();
    for (String input : SplitInputTest.inputs().toList()) {
      byte[] frames = SplitInputTest.bytes(input);
      seeds.add(prefixed(0, frames, 0, frames.length));
      seeds.add(prefixed(1, frames, 0, frames.length));
      if (frames[0] == 1) {
        int size = ByteBuffer.wrap(frames, 3, 4).getInt();
        seeds.add(prefixed(2, frames, 7, size));
      }
    }
    GoldenTest.fieldValues()
        .forEach(
            a -> {
              byte[] t = Hex.parse((String) a.get()[0]);
              seeds.add(prefixed(3, t, 0, t.length));
            });
    // every letter in one table, and a timestamp of 2^63 (refused)
    for (byte[] t : FieldTypesTest.seedTables()) {
      seeds.add(prefixed(3, t, 0, t.length));
    }
    return seeds;
  }

  private static byte[] prefixed(int mode, byte[] b, int off, int len) {
    byte[] s = new byte[len + 1];
    s[0] = (byte) mode;
    System.arraycopy(b, off, s, 1, len);
    return s;
  }
}
