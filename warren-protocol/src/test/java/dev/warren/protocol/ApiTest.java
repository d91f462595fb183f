/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.Initiator;
import dev.warren.protocol.codec.FieldTables;
import dev.warren.protocol.codec.FrameDecoder;
import dev.warren.protocol.codec.FrameEncoder;
import dev.warren.protocol.codec.HeapByteOutput;
import dev.warren.protocol.codec.MethodInfo;
import dev.warren.protocol.method.BasicAck;
import dev.warren.protocol.method.BasicConsume;
import dev.warren.protocol.method.BasicDeliver;
import dev.warren.protocol.method.BasicGet;
import dev.warren.protocol.method.BasicGetEmpty;
import dev.warren.protocol.method.BasicGetOk;
import dev.warren.protocol.method.BasicPublish;
import dev.warren.protocol.method.ChannelClose;
import dev.warren.protocol.method.ConnectionClose;
import dev.warren.protocol.method.ConnectionSecureOk;
import dev.warren.protocol.method.ConnectionStartOk;
import dev.warren.protocol.method.ConnectionUpdateSecret;
import dev.warren.protocol.method.ExchangeUnbindOk;
import dev.warren.protocol.method.QueueDeclare;
import dev.warren.protocol.method.QueueDeclareOk;
import dev.warren.protocol.method.TxCommit;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The public API's contract details. */
class ApiTest {
  @Test
  void aChannelCloseNamesTheFailingMethod() {
    assertThat(ChannelClosedException.fromBroker(1, 404, "NOT_FOUND", 50, 10).failingMethodName())
        .isEqualTo("queue.declare");
    assertThat(ChannelClosedException.fromBroker(1, 406, "x", 0, 0).failingMethodName()).isNull();
    assertThat(new ChannelClosedException(1, 504, "x", 99, 1, Initiator.BROKER).failingMethodName())
        .isNull();
  }

  @Test
  void methodMetadata() {
    BasicPublish p = new BasicPublish("ex", "rk", false, false);
    assertThat(p.ticket()).isZero();
    assertThat(p.classId()).isEqualTo(60);
    assertThat(p.methodId()).isEqualTo(40);
    assertThat(p.protocolName()).isEqualTo("basic.publish");
    assertThat(p.synchronous()).isFalse();
    assertThat(p.hasContent()).isTrue();
    assertThat(p.info()).isSameAs(MethodInfo.of(60, 40));

    assertThat(ExchangeUnbindOk.METHOD_ID).isEqualTo(51);
    assertThat(MethodInfo.byName("exchange.unbind").replies())
        .containsExactly(MethodInfo.of(ExchangeUnbindOk.class));
    assertThat(MethodInfo.of(BasicGet.class).replyMethodIds()).containsExactly(71, 72);
    assertThat(MethodInfo.of(BasicGet.class).isReply(new BasicGetEmpty(""))).isTrue();
    assertThat(MethodInfo.of(BasicGet.class).isReply(BasicGetOk.CLASS_ID, BasicGetOk.METHOD_ID))
        .isTrue();
    assertThat(MethodInfo.of(QueueDeclare.class).replies())
        .containsExactly(MethodInfo.of(QueueDeclareOk.class));
    assertThat(MethodInfo.of(BasicAck.class).replies()).isEmpty();
    assertThat(MethodInfo.of(BasicDeliver.class).hasContent()).isTrue();
    assertThat(MethodInfo.of(BasicGetOk.class).hasContent()).isTrue();
    assertThat(MethodInfo.all()).hasSize(66);
    assertThat(MethodInfo.all().stream().filter(MethodInfo::hasContent).map(MethodInfo::toString))
        .containsExactly("basic.publish", "basic.return", "basic.deliver", "basic.get-ok");
    for (MethodInfo info : MethodInfo.all()) {
      assertThat(info.synchronous()).isEqualTo(!info.replies().isEmpty());
      assertThat(MethodInfo.lookup(info.classId(), info.methodId())).isSameAs(info);
      assertThat(info.recordType().getSimpleName().toLowerCase())
          .isEqualTo(info.protocolName().replace(".", "").replace("-", ""));
    }
    assertThat(MethodInfo.lookup(60, 99)).isNull();
    assertThatThrownBy(() -> MethodInfo.of(60, 99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("class id 60 and method id 99");
    assertThat(TxCommit.INSTANCE.synchronous()).isTrue();
  }

  @Test
  void closeMethodsNameTheFailingMethodDifferently() {
    ConnectionClose c = new ConnectionClose(504, "CHANNEL_ERROR", 60, 40);
    assertThat(c.classId()).isEqualTo(10);
    assertThat(c.methodId()).isEqualTo(50);
    assertThat(c.failingClassId()).isEqualTo(60);
    assertThat(c.failingMethodId()).isEqualTo(40);
    ChannelClose ch = new ChannelClose(404, "NOT_FOUND", 50, 10);
    assertThat(ch.classId()).isEqualTo(20);
    assertThat(ch.failingClassId()).isEqualTo(50);
  }

  @Test
  void recordsNormalizeNullsAndCheckRanges() {
    QueueDeclare q = new QueueDeclare(0, null, false, false, false, false, false, null);
    assertThat(q.queue()).isEmpty();
    assertThat(q.arguments()).isEmpty();
    assertThatThrownBy(() -> new QueueDeclare(70000, "q", false, false, false, false, false, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("queue.declare ticket must be in 0..65535, was 70000");
    assertThatThrownBy(() -> new QueueDeclareOk("q", -1, 0))
        .hasMessage("queue.declare-ok message-count must be in 0..4294967295, was -1");
    Map<String, Object> args = new HashMap<>();
    args.put("x-queue-type", "quorum");
    QueueDeclare d = new QueueDeclare(0, "q", false, true, false, false, false, args);
    args.put("later", 1);
    assertThat(d.arguments()).containsOnlyKeys("x-queue-type");
    assertThatThrownBy(() -> d.arguments().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void secretsAreRedacted() {
    ConnectionStartOk ok =
        new ConnectionStartOk(Map.of(), "PLAIN", LongString.of("\0guest\0s3cret"), "en_US");
    assertThat(ok.toString())
        .isEqualTo(
            "ConnectionStartOk[clientProperties={}, mechanism=PLAIN, response=<redacted>,"
                + " locale=en_US]");
    assertThat(new ConnectionSecureOk(LongString.of("s3cret")).toString())
        .doesNotContain("s3cret")
        .contains("<redacted>");
    assertThat(new ConnectionUpdateSecret(LongString.of("tok3n"), "refresh").toString())
        .isEqualTo("ConnectionUpdateSecret[newSecret=<redacted>, reason=refresh]");
  }

  @Test
  void shortstrLongerThan255BytesFailsNamingTheField() {
    String longKey = "k".repeat(256);
    HeapByteOutput out = new HeapByteOutput();
    assertThatThrownBy(
            () -> FrameEncoder.writeMethod(out, 1, new BasicPublish("", longKey, false, false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "basic.publish routing-key: shortstr is 256 bytes in UTF-8, more than the 255"
                + " allowed");
    // 128 two-byte chars are 256 bytes
    String wide = "\u00e9".repeat(128);
    assertThatThrownBy(
            () ->
                FrameEncoder.writeContentHeader(
                    out, 1, 60, 0, BasicProperties.builder().messageId(wide).build()))
        .hasMessage("message-id: shortstr is 256 bytes in UTF-8, more than the 255 allowed");
    // exactly 255 is fine
    FrameEncoder.writeMethod(out, 1, new BasicPublish("", "k".repeat(255), false, false));
  }

  @Test
  void unsupportedTableValuesFailNamingKeyAndType() {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("ok", 1);
    t.put("bad", new StringBuilder("x"));
    assertThatThrownBy(() -> FieldTables.copyOf(t))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"bad\"")
        .hasMessageContaining("java.lang.StringBuilder");
    assertThatThrownBy(() -> FieldTables.encode(new HeapByteOutput(), t))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "field table: field \"bad\" has a value of type java.lang.StringBuilder, which no"
                + " AMQP field type represents (see FieldTables for the supported types)");
    assertThatThrownBy(() -> FieldTables.copyOf(Map.of("d", new BigDecimal("1e-300"))))
        .hasMessageContaining("does not fit AMQP's decimal");
    Map<String, Object> cyclic = new HashMap<>();
    cyclic.put("self", cyclic);
    assertThatThrownBy(() -> FieldTables.encode(new HeapByteOutput(), cyclic))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nested deeper than 64");
  }

  @Test
  void copyOfFreezesNormalizesAndKeepsOrder() {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("z", 1);
    t.put("a", new Object[] {1, null, "x"});
    t.put("d", new Date(1_700_000_000_123L));
    byte[] bytes = {1, 2};
    t.put("b", bytes);
    Map<String, Object> c = FieldTables.copyOf(t);
    assertThat(c.keySet()).containsExactly("z", "a", "d", "b");
    assertThat(c.get("a")).isEqualTo(java.util.Arrays.asList(1, null, "x"));
    assertThat(c.get("d")).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    bytes[0] = 9;
    assertThat((byte[]) c.get("b")).containsExactly(1, 2);
    assertThat(FieldTables.copyOf(c)).isSameAs(c);
    assertThat(FieldTables.copyOf(null)).isEmpty();
    Map<String, Object> plain = Map.of("x", 1, "y", List.of("a"));
    assertThat(FieldTables.copyOf(plain)).isEqualTo(plain).hasSameHashCodeAs(plain);
    // a big table (hash index) keeps order and finds every key
    Map<String, Object> big = new LinkedHashMap<>();
    for (int i = 0; i < 100; i++) {
      big.put("k" + (99 - i), i);
    }
    Map<String, Object> bc = FieldTables.copyOf(big);
    assertThat(new ArrayList<>(bc.keySet())).isEqualTo(new ArrayList<>(big.keySet()));
    assertThat(bc.get("k42")).isEqualTo(57);
    assertThat(bc.get("nope")).isNull();
    assertThat(bc).isEqualTo(big);
  }

  @Test
  void decodedDuplicateKeysKeepFirstPositionAndLastValue() {
    // {a: 1, b: 2, a: 3}
    byte[] b =
        Hex.parse(
            "00000015 01 61 49 00000001 01 62 49 00000002 01 61 49 00000003".replace(" ", ""));
    Map<String, Object> t = FieldTables.decode(ByteBuffer.wrap(b));
    assertThat(t).containsExactly(Map.entry("a", 3), Map.entry("b", 2));
  }

  @Test
  void emptyTablesAndProperties() {
    assertThat(FieldTables.decode(ByteBuffer.wrap(new byte[4]))).isNotNull().isEmpty();
    HeapByteOutput out = new HeapByteOutput();
    FieldTables.encode(out, null);
    assertThat(out.toByteArray()).containsExactly(0, 0, 0, 0);
    assertThat(BasicProperties.builder().build()).isSameAs(BasicProperties.EMPTY);
    Recorder rec = new Recorder();
    new FrameDecoder(0)
        .decode(
            ByteBuffer.wrap(Hex.parse("02 0001 0000000e 003c 0000 0000000000000000 0000 ce")), rec);
    assertThat(rec.events.get(0).get(4)).isSameAs(BasicProperties.EMPTY);
    assertThat(BasicProperties.EMPTY.isEmpty()).isTrue();
    BasicProperties p =
        BasicProperties.builder().header("a", 1).header("b", "x").persistent().build();
    assertThat(p.headers()).containsExactly(Map.entry("a", 1), Map.entry("b", "x"));
    assertThat(p.isPersistent()).isTrue();
    assertThat(p.flags()).isEqualTo((1 << 13) | (1 << 12));
    assertThat(p.toBuilder().deliveryMode(null).build().isPersistent()).isFalse();
    assertThatThrownBy(() -> BasicProperties.builder().priority(256).build())
        .hasMessage("priority must be in 0..255, was 256");
  }

  @Test
  void longString() {
    byte[] raw = {(byte) 0xff, 'a'};
    LongString s = LongString.of(raw);
    raw[1] = 'b';
    assertThat(s.bytes()).containsExactly(0xff, 'a');
    assertThat(s.length()).isEqualTo(2);
    assertThat(s.isValidUtf8()).isFalse();
    assertThat(s.asString()).isEqualTo("\ufffda");
    assertThat(s).hasToString("\ufffda");
    assertThat(LongString.of("h\u00e9"))
        .isEqualTo(LongString.of("h\u00e9".getBytes(StandardCharsets.UTF_8)));
    assertThat(LongString.of("x").hashCode()).isEqualTo(LongString.of(new byte[] {'x'}).hashCode());
    assertThat(LongString.of("h\u00e9").isValidUtf8()).isTrue();
    assertThat(LongString.of("").length()).isZero();
    assertThat(s.asByteBuffer().isReadOnly()).isTrue();
  }

  @Test
  void decodesFromLittleEndianReadOnlyAndDirectBuffers() {
    byte[] bytes = Hex.resource("deliver.hex");
    Recorder expected = new Recorder();
    new FrameDecoder(0).decode(ByteBuffer.wrap(bytes), expected);
    List<ByteBuffer> variants = new ArrayList<>();
    variants.add(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
    variants.add(ByteBuffer.wrap(bytes).asReadOnlyBuffer());
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes);
    direct.flip();
    variants.add(direct);
    for (ByteBuffer in : variants) {
      Recorder rec = new Recorder();
      assertThat(new FrameDecoder(0).decode(in, rec)).isEqualTo(3);
      assertThat(RandomValues.canonical(rec.events))
          .isEqualTo(RandomValues.canonical(expected.events));
    }
  }

  @Test
  void bodyIsAViewOfTheInput() {
    byte[] bytes = Hex.parse("03 0001 00000003 616263 ce");
    ByteBuffer in = ByteBuffer.wrap(bytes);
    List<ByteBuffer> seen = new ArrayList<>();
    new FrameDecoder(0)
        .decode(
            in,
            new Recorder() {
              @Override
              public void onContentBody(int channel, ByteBuffer payload) {
                seen.add(payload);
                assertThat(payload.hasArray()).isTrue();
                assertThat(payload.array()).isSameAs(bytes);
                assertThat(payload.position()).isEqualTo(7);
                assertThat(payload.remaining()).isEqualTo(3);
              }
            });
    assertThat(seen).hasSize(1);
  }

  @Test
  void writeContentSplitsBodiesByFrameMax() {
    byte[] body = new byte[10];
    HeapByteOutput out = new HeapByteOutput();
    FrameEncoder.writeContent(out, 1, 60, null, body, 0, 10, 12); // 4 payload bytes per frame
    Recorder rec = new Recorder();
    assertThat(new FrameDecoder(12 + 100).decode(out.asByteBuffer(), rec)).isEqualTo(4);
    assertThat(rec.events.subList(1, 4))
        .extracting(e -> ((List<?>) e.get(2)).size())
        .containsExactly(4, 4, 2);
    out.reset();
    FrameEncoder.writeContent(out, 1, 60, null, body, 0, 0, 4096);
    rec = new Recorder();
    assertThat(new FrameDecoder(0).decode(out.asByteBuffer(), rec)).isEqualTo(1);
    assertThatThrownBy(() -> FrameEncoder.writeContent(out, 1, 60, null, body, 0, 1, 8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FrameEncoder.writeMethod(out, 70000, TxCommit.INSTANCE))
        .hasMessage("channel must be in 0..65535, was 70000");
  }

  @Test
  void heapByteOutput() {
    HeapByteOutput out = new HeapByteOutput(0);
    out.writeByte(1);
    out.writeShort(0x0203);
    out.writeInt(0x04050607);
    out.writeLong(0x08090a0b0c0d0e0fL);
    out.writeBytes(new byte[] {0x10, 0x11}, 1, 1);
    out.writeBytes(ByteBuffer.wrap(new byte[] {0x12}));
    out.setInt(3, 0x7f7f7f7f);
    assertThat(Hex.format(out.toByteArray()))
        .isEqualTo("01 02 03 7f 7f 7f 7f 08 09 0a 0b 0c 0d 0e 0f 11\n12");
    assertThat(out.size()).isEqualTo(17).isEqualTo(out.writerIndex());
    assertThat(out.asByteBuffer().remaining()).isEqualTo(17);
    assertThatThrownBy(() -> out.setInt(15, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    out.truncate(16);
    assertThat(out.toByteArray()).hasSize(16).endsWith(0x11);
    out.reset();
    assertThat(out.size()).isZero();
  }

  @Test
  void decoderSettings() {
    FrameDecoder d = new FrameDecoder(0);
    assertThat(d.maxFrameSize()).isZero();
    d.setMaxFrameSize(131072);
    assertThat(d.maxFrameSize()).isEqualTo(131072);
    assertThatThrownBy(() -> d.setMaxFrameSize(8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FrameDecoder(-1)).isInstanceOf(IllegalArgumentException.class);
    BasicConsume c = new BasicConsume("q", "", false, true, false, false, null);
    assertThat(c.ticket()).isZero();
  }
}
