/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.protocol.codec.FrameDecoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Partial reads: every golden input, split at every offset k, decodes to the same frames when the
 * decoder first sees bytes [0, k) and then the unconsumed rest with the remaining bytes appended.
 */
class SplitInputTest {

  static Stream<String> inputs() {
    List<String> all =
        new ArrayList<>(List.of("connection-start.hex", "deliver.hex", "get-ok.hex"));
    GoldenTest.methodFrames().forEach(a -> all.add("inline:" + a.get()[0]));
    all.add(
        "inline:02 0001 0000001a 003c 0000 0000000000000005 9000 0a 746578742f706c61696e 02 ce"
            + " 03 0001 00000005 68656c6c6f ce 08 0000 00000000 ce");
    return all.stream();
  }

  static byte[] bytes(String input) {
    return input.startsWith("inline:") ? Hex.parse(input.substring(7)) : Hex.resource(input);
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void splitAtEveryOffsetGivesTheSameFrames(String input) {
    byte[] all = bytes(input);
    Recorder whole = new Recorder();
    int frames = new FrameDecoder(0).decode(ByteBuffer.wrap(all), whole);
    assertThat(frames).isPositive();

    for (int k = 0; k <= all.length; k++) {
      FrameDecoder decoder = new FrameDecoder(0);
      Recorder rec = new Recorder();
      // first read: bytes [0, k), in a buffer that is larger and not at offset 0 of its array
      ByteBuffer first = ByteBuffer.allocate(all.length + 10);
      first.position(3);
      first.put(all, 0, k);
      first.flip().position(3);
      int n1 = decoder.decode(first, rec);
      // the caller keeps the unconsumed bytes and appends what arrives next
      ByteBuffer second = ByteBuffer.allocateDirect(first.remaining() + all.length - k);
      second.put(first).put(all, k, all.length - k).flip();
      int n2 = decoder.decode(second, rec);
      assertThat(second.remaining()).as("split at %d leaves nothing", k).isZero();
      assertThat(n1 + n2).as("split at %d", k).isEqualTo(frames);
      assertThat(RandomValues.canonical(rec.events))
          .as("split at %d", k)
          .isEqualTo(RandomValues.canonical(whole.events));
    }
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void byteByByteGivesTheSameFrames(String input) {
    byte[] all = bytes(input);
    Recorder whole = new Recorder();
    new FrameDecoder(0).decode(ByteBuffer.wrap(all), whole);
    FrameDecoder decoder = new FrameDecoder(0);
    Recorder rec = new Recorder();
    ByteBuffer acc = ByteBuffer.allocate(all.length);
    for (byte b : all) {
      acc.put(b).flip();
      decoder.decode(acc, rec);
      acc.compact();
    }
    assertThat(acc.position()).isZero();
    assertThat(RandomValues.canonical(rec.events)).isEqualTo(RandomValues.canonical(whole.events));
  }
}
