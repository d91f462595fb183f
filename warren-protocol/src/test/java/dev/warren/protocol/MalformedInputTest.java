/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.errors.FrameTooLargeException;
import dev.warren.errors.ProtocolException;
import dev.warren.errors.ReplyCode;
import dev.warren.protocol.codec.FieldTables;
import dev.warren.protocol.codec.FrameDecoder;
import dev.warren.protocol.codec.HeapByteOutput;
import dev.warren.protocol.codec.ProtocolHeader;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Malformed input fails with a ProtocolException whose message names the problem and where. */
class MalformedInputTest {

  private static ProtocolException decodeFails(String hex, int maxFrameSize) {
    ByteBuffer in = ByteBuffer.wrap(Hex.parse(hex));
    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> new FrameDecoder(maxFrameSize).decode(in, new Recorder()));
    assertThat(t).isInstanceOf(ProtocolException.class);
    return (ProtocolException) t;
  }

  private static ProtocolException decodeFails(String hex) {
    return decodeFails(hex, 0);
  }

  @Test
  void wrongFrameEnd() {
    ProtocolException e = decodeFails("01 0001 00000005 0055 000a 00 cd");
    assertThat(e.replyCode()).isEqualTo(ReplyCode.FRAME_ERROR);
    assertThat(e)
        .hasMessage(
            "frame end octet 0xce expected after the 5-byte payload of a method frame on channel"
                + " 1, found 0xcd");
  }

  @Test
  void truncatedInsideMethodArguments() {
    // basic.ack with a 4-byte delivery tag
    ProtocolException e = decodeFails("01 0001 00000008 003c 0050 00000005 ce");
    assertThat(e.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
    assertThat(e)
        .hasMessage(
            "basic.ack delivery-tag: longlong needs 8 bytes but only 4 remain in the frame payload"
                + " at offset 4");
  }

  @Test
  void missingBitOctet() {
    ProtocolException e = decodeFails("01 0001 0000000c 003c 0050 0000000000000005 ce");
    assertThat(e)
        .hasMessage(
            "basic.ack multiple: octet needs 1 bytes but only 0 remain in the frame payload at"
                + " offset 12");
  }

  @Test
  void trailingGarbageInMethodFrame() {
    ProtocolException e = decodeFails("01 0001 0000000f 003c 0050 0000000000000005 00 abcd ce");
    assertThat(e.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
    assertThat(e).hasMessage("basic.ack: 2 unexpected bytes after the arguments at offset 13");
  }

  @Test
  void unknownFieldTypeLetter() {
    // queue.declare "q" with arguments {k: 'Z' ...}
    ProtocolException e =
        decodeFails("01 0001 00000011 0032 000a 0000 01 71 00 00000004 01 6b 5a 00 ce");
    assertThat(e.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
    assertThat(e)
        .hasMessage(
            "queue.declare arguments: field table: unknown field type 'Z' (0x5a) at offset 15"
                + " (key \"k\")");
  }

  @Test
  void unknownFieldTypeInArray() {
    ProtocolException e =
        decodeFails(
            "01 0001 00000018 0032 000a 0000 01 71 00 0000000b 01 6b 41 00000004 49 00 00 00 ce");
    // the array says 4 bytes, but 'I' needs 4 after its letter: only 3 remain in the array
    assertThat(e)
        .hasMessage(
            "queue.declare arguments: long needs 4 bytes but only 3 remain in the field array at"
                + " offset 21 (key \"k\")");
    ProtocolException e2 =
        decodeFails("01 0001 00000015 0032 000a 0000 01 71 00 00000008 01 6b 41 00000001 01 ce");
    assertThat(e2)
        .hasMessage(
            "queue.declare arguments: field array: unknown field type 0x01 at offset 20 (key"
                + " \"k\")");
  }

  @Test
  void lengthBeyondTheBuffer() {
    // basic.consume-ok with a shortstr claiming 200 bytes
    ProtocolException e = decodeFails("01 0001 00000008 003c 0015 c8 616263 ce");
    assertThat(e)
        .hasMessage(
            "basic.consume-ok consumer-tag: shortstr length 200 exceeds the 3 bytes remaining in"
                + " the frame payload at offset 5");
    // a table claiming more than the frame holds
    ProtocolException t = decodeFails("01 0001 0000000d 0032 000a 0000 01 71 00 7fffffff ce");
    assertThat(t)
        .hasMessage(
            "queue.declare arguments: field table length 2147483647 exceeds the 0 bytes remaining"
                + " in the frame payload at offset 13");
    // a long string in a table claiming more than the table holds
    ProtocolException s =
        decodeFails("01 0001 00000016 0032 000a 0000 01 71 00 00000009 01 6b 53 ffffffff 6161 ce");
    assertThat(s)
        .hasMessage(
            "queue.declare arguments: longstr length 4294967295 exceeds the 2 bytes remaining in"
                + " the field table at offset 20 (key \"k\")");
  }

  @Test
  void nestingDeeperThanTheLimit() {
    // 65 nested tables: {"k": {"k": ... {}}}
    int depth = FieldTables.MAX_DEPTH + 1;
    HeapByteOutput out = new HeapByteOutput();
    int[] lengthAt = new int[depth];
    for (int i = 0; i < depth; i++) {
      lengthAt[i] = out.writerIndex();
      out.writeInt(0);
      if (i < depth - 1) {
        out.writeByte(1);
        out.writeByte('k');
        out.writeByte('F');
      }
    }
    for (int i = depth - 1; i >= 0; i--) {
      out.setInt(lengthAt[i], out.writerIndex() - lengthAt[i] - 4);
    }
    ByteBuffer in = out.asByteBuffer();
    assertThatThrownBy(() -> FieldTables.decode(in))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("field table: field table: nesting deeper than 64 levels at offset 448");
    // 64 levels are fine
    HeapByteOutput ok = new HeapByteOutput();
    ok.writeBytes(out.toByteArray(), 7, out.size() - 7);
    assertThat(FieldTables.decode(ok.asByteBuffer())).containsKey("k");
  }

  @Test
  void oversizedFrameFailsAsSoonAsItsHeaderArrives() {
    ByteBuffer in = ByteBuffer.wrap(Hex.parse("01 0001 000186a0")); // 100000-byte payload
    assertThatThrownBy(() -> new FrameDecoder(4096).decode(in, new Recorder()))
        .isInstanceOf(FrameTooLargeException.class)
        .hasMessageStartingWith(
            "method frame on channel 1 of 100008 bytes is larger than the limit of 4096 bytes")
        .satisfies(
            t -> {
              FrameTooLargeException f = (FrameTooLargeException) t;
              assertThat(f.size()).isEqualTo(100008);
              assertThat(f.limit()).isEqualTo(4096);
              assertThat(f.replyCode()).isEqualTo(ReplyCode.FRAME_ERROR);
            });
    // exactly at the limit is fine (but incomplete: nothing consumed)
    ByteBuffer atLimit = ByteBuffer.wrap(Hex.parse("03 0001 00000ff8"));
    assertThat(new FrameDecoder(4096).decode(atLimit, new Recorder())).isZero();
    assertThat(atLimit.position()).isZero();
    ByteBuffer over = ByteBuffer.wrap(Hex.parse("03 0001 00000ff9"));
    assertThatThrownBy(() -> new FrameDecoder(4096).decode(over, new Recorder()))
        .isInstanceOf(FrameTooLargeException.class)
        .hasMessageStartingWith("content body frame on channel 1 of 4097 bytes");
    // maxFrameSize 0: only the protocol's limit
    ByteBuffer huge = ByteBuffer.wrap(Hex.parse("03 0001 ffffffff"));
    assertThatThrownBy(() -> new FrameDecoder(0).decode(huge, new Recorder()))
        .isInstanceOf(FrameTooLargeException.class);
  }

  @Test
  void unknownClassAndMethod() {
    ProtocolException m = decodeFails("01 0001 00000004 003c 0063 ce");
    assertThat(m.replyCode()).isEqualTo(ReplyCode.COMMAND_INVALID);
    assertThat(m).hasMessage("unknown method: class id 60, method id 99");
    ProtocolException c = decodeFails("01 0001 00000004 0063 000a ce");
    assertThat(c).hasMessage("unknown method: class id 99, method id 10");
    ProtocolException s = decodeFails("01 0001 00000002 003c ce");
    assertThat(s)
        .hasMessage("method frame payload of 2 bytes is too short for a class id and a method id");
  }

  @Test
  void unknownFrameType() {
    ProtocolException e = decodeFails("04 0001 00000000 ce");
    assertThat(e.replyCode()).isEqualTo(ReplyCode.FRAME_ERROR);
    assertThat(e)
        .hasMessage(
            "unknown frame type 0x04 at the start of a frame; expected 1 (method), 2 (header), 3"
                + " (body) or 8 (heartbeat)");
    // detected as soon as the 7-byte header is there
    assertThat(decodeFails("48 54 54 50 2f 31 2e"))
        .hasMessageStartingWith("unknown frame type 'H' (0x48)");
  }

  @Test
  void malformedContentHeaders() {
    assertThat(decodeFails("02 0001 0000000e 000a 0000 0000000000000005 0000 ce"))
        .hasMessage("content header for class 10; only class 60 (basic) has content");
    assertThat(decodeFails("02 0001 0000000e 003c 0000 0000000000000005 8000 ce"))
        .hasMessage(
            "content-type: shortstr needs 1 bytes but only 0 remain in the frame payload at offset"
                + " 14");
    assertThat(decodeFails("02 0001 0000000e 003c 0000 0000000000000005 0002 ce"))
        .hasMessage("content header sets property flag bit 1, which basic does not define");
    assertThat(decodeFails("02 0001 00000010 003c 0000 0000000000000005 0001 8000 ce"))
        .hasMessage("content header property flags continuation sets unknown properties: 0x8000");
    assertThat(decodeFails("02 0001 0000000f 003c 0000 0000000000000005 0000 00 ce"))
        .hasMessage("content header: 1 unexpected bytes after the properties at offset 14");
    assertThat(decodeFails("02 0001 0000000e 003c 0000 8000000000000005 0000 ce"))
        .hasMessage(
            "content header announces a body of 9223372036854775813 bytes, more than 2^63-1");
  }

  @Test
  void heartbeatWithPayload() {
    assertThat(decodeFails("08 0000 00000001 00 ce"))
        .hasMessage("heartbeat frame on channel 0 has a payload of 1 bytes; it must be empty");
  }

  @Test
  void heartbeatOnAChannel() {
    assertThat(decodeFails("08 0003 00000000 ce"))
        .hasMessage("heartbeat frame on channel 3; heartbeats must use channel 0");
  }

  @Test
  void framesBeforeAnErrorAreHandedOverAndConsumed() {
    ByteBuffer in = ByteBuffer.wrap(Hex.parse("08 0000 00000000 ce 04 0000 00000000 ce"));
    Recorder rec = new Recorder();
    assertThatThrownBy(() -> new FrameDecoder(0).decode(in, rec))
        .isInstanceOf(ProtocolException.class);
    assertThat(rec.events).hasSize(1);
    assertThat(in.position()).isEqualTo(8);
  }

  @Test
  void protocolHeaderParseRejectsOtherBytes() {
    assertThatThrownBy(() -> ProtocolHeader.parse(ByteBuffer.wrap(Hex.parse("41 4d 51 58 00"))))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("not an AMQP protocol header: byte 3 is 0x58, expected 'P'");
  }
}
