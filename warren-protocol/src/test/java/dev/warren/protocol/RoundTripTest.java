/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.protocol.codec.FieldTables;
import dev.warren.protocol.codec.FrameDecoder;
import dev.warren.protocol.codec.FrameEncoder;
import dev.warren.protocol.codec.HeapByteOutput;
import dev.warren.protocol.codec.Method;
import dev.warren.protocol.codec.MethodCodec;
import dev.warren.protocol.codec.MethodInfo;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Property tests: random methods, tables and properties survive encode + decode. */
class RoundTripTest {
  static final long SEED = Long.getLong("warren.seed", System.nanoTime());

  @Test
  void everyMethodTypeRoundTrips() {
    RandomValues rv = new RandomValues(SEED);
    for (int i = 0; i < 200; i++) {
      for (MethodInfo info : MethodInfo.all()) {
        Method m = rv.method(info.recordType());
        HeapByteOutput out = new HeapByteOutput();
        MethodCodec.encode(out, m);
        Method back = MethodCodec.decode(out.asByteBuffer());
        assertThat(RandomValues.canonical(back))
            .as("seed %d (-Dwarren.seed=%d), %s", SEED, SEED, m)
            .isEqualTo(RandomValues.canonical(m));
        // and through whole frames
        HeapByteOutput frame = new HeapByteOutput();
        FrameEncoder.writeMethod(frame, 7, m);
        Recorder rec = new Recorder();
        ByteBuffer in = frame.asByteBuffer();
        assertThat(new FrameDecoder(0).decode(in, rec)).isEqualTo(1);
        assertThat(in.hasRemaining()).isFalse();
        assertThat(RandomValues.canonical(rec.events.get(0)))
            .as("seed %d", SEED)
            .isEqualTo(List.of("method", 7, RandomValues.canonical(m)));
      }
    }
  }

  @Test
  void randomTablesRoundTrip() {
    RandomValues rv = new RandomValues(SEED + 1);
    for (int i = 0; i < 2000; i++) {
      Map<String, Object> t = rv.table(1);
      HeapByteOutput out = new HeapByteOutput();
      FieldTables.encode(out, t);
      ByteBuffer in = out.asByteBuffer();
      Map<String, Object> back = FieldTables.decode(in);
      assertThat(in.hasRemaining()).isFalse();
      assertThat(RandomValues.canonical(back))
          .as("seed %d (-Dwarren.seed=%d)", SEED, SEED)
          .isEqualTo(RandomValues.canonical(normalize(t)));
      assertThat(RandomValues.canonical(FieldTables.copyOf(t)))
          .isEqualTo(RandomValues.canonical(normalize(t)));
    }
  }

  /** What decoding gives for a value encoded from {@code v} (all generated types map 1:1). */
  private static Object normalize(Object v) {
    return v;
  }

  @Test
  void randomPropertiesRoundTrip() {
    RandomValues rv = new RandomValues(SEED + 2);
    for (int i = 0; i < 2000; i++) {
      BasicProperties p = rv.properties();
      byte[] body = new byte[rv.random().nextInt(100)];
      rv.random().nextBytes(body);
      int frameMax = rv.random().nextBoolean() ? 0 : 9 + rv.random().nextInt(40);
      HeapByteOutput out = new HeapByteOutput();
      FrameEncoder.writeContent(out, 3, 60, p, body, 0, body.length, frameMax);
      Recorder rec = new Recorder();
      ByteBuffer in = out.asByteBuffer();
      new FrameDecoder(0).decode(in, rec);
      assertThat(in.hasRemaining()).isFalse();
      List<Object> expected = new ArrayList<>();
      expected.add(List.of("header", 3, 60, (long) body.length, RandomValues.canonical(p)));
      assertThat(RandomValues.canonical(rec.events.get(0)))
          .as("seed %d (-Dwarren.seed=%d)", SEED, SEED)
          .isEqualTo(expected.get(0));
      assertThat(rec.body()).isEqualTo(body);
      int chunk = frameMax == 0 ? Integer.MAX_VALUE : frameMax - 8;
      assertThat(rec.events).hasSize(1 + (int) ((body.length + (long) chunk - 1) / chunk));
    }
  }
}
