/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warren.errors.ProtocolException;
import dev.warren.errors.ReplyCode;
import dev.warren.protocol.codec.FieldTables;
import dev.warren.protocol.codec.FrameDecoder;
import dev.warren.protocol.codec.FrameEncoder;
import dev.warren.protocol.codec.HeapByteOutput;
import dev.warren.protocol.codec.Method;
import dev.warren.protocol.codec.MethodCodec;
import dev.warren.protocol.method.BasicDeliver;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The field type letters Warren reads and writes (FieldTables' class comment and
 * docs/field-tables.md): py-amqp's {@code L}, the spec's {@code U}, unsigned values, timestamps at
 * the edge of 2^63, and shortstrs that are not UTF-8.
 */
class FieldTypesTest {

  /** Every letter the decoder accepts, one entry each: key, letter, value bytes. */
  private static final String EVERY_LETTER =
      String.join(
          " ",
          "01 74 74 02", // t (any non-zero octet is true)
          "01 62 62 80", // b
          "01 42 42 ff", // B
          "01 73 73 8000", // s
          "01 55 55 7fff", // U
          "01 75 75 ffff", // u
          "01 49 49 80000000", // I
          "01 69 69 ffffffff", // i
          "01 6c 6c 8000000000000000", // l
          "01 4c 4c 7fffffffffffffff", // L
          "01 66 66 bf800000", // f
          "01 64 64 c000000000000000", // d
          "01 44 44 03 fffffc18", // D -1.000
          "01 53 53 00000002 c3a9", // S
          "01 41 41 00000009 4c ffffffffffffffff", // A [L -1]
          "01 54 54 7fffffffffffffff", // T
          "01 46 46 00000000", // F
          "01 56 56", // V
          "01 78 78 00000001 ff"); // x

  private static byte[] table(String entriesHex) {
    byte[] entries = Hex.parse(entriesHex);
    HeapByteOutput out = new HeapByteOutput();
    out.writeInt(entries.length);
    out.writeBytes(entries, 0, entries.length);
    return out.toByteArray();
  }

  /** Tables for FrameFuzzTest's seed corpus. */
  static List<byte[]> seedTables() {
    return List.of(table(EVERY_LETTER), table("02 7473 54 8000000000000000"));
  }

  private static Map<String, Object> decode(String entriesHex) {
    ByteBuffer in = ByteBuffer.wrap(table(entriesHex));
    Map<String, Object> t = FieldTables.decode(in);
    assertThat(in.hasRemaining()).isFalse();
    return t;
  }

  private static String encode(Map<String, ?> table) {
    HeapByteOutput out = new HeapByteOutput();
    FieldTables.encode(out, table);
    return Hex.format(out.toByteArray()).replace("\n", " ");
  }

  /** A content header frame on channel 1 whose only property is the given headers table. */
  private static byte[] headerFrame(byte[] table) {
    HeapByteOutput out = new HeapByteOutput();
    out.writeByte(FrameDecoder.FRAME_HEADER);
    out.writeShort(1);
    out.writeInt(2 + 2 + 8 + 2 + table.length);
    out.writeShort(60);
    out.writeShort(0);
    out.writeLong(0);
    out.writeShort(1 << 13);
    out.writeBytes(table, 0, table.length);
    out.writeByte(FrameDecoder.FRAME_END);
    return out.toByteArray();
  }

  private static BasicProperties decodeHeader(byte[] frame) {
    Recorder rec = new Recorder();
    ByteBuffer in = ByteBuffer.wrap(frame);
    assertThat(new FrameDecoder(0).decode(in, rec)).isEqualTo(1);
    assertThat(in.hasRemaining()).isFalse();
    return (BasicProperties) rec.events.get(0).get(4);
  }

  // ------------------------------------------------------------------------------ every letter

  @Test
  void everyAcceptedLetterDecodesToItsDocumentedType() {
    Map<String, Object> t = decode(EVERY_LETTER);
    assertThat(t.keySet())
        .containsExactly(
            "t", "b", "B", "s", "U", "u", "I", "i", "l", "L", "f", "d", "D", "S", "A", "T", "F",
            "V", "x");
    assertThat(t.get("t")).isEqualTo(true);
    assertThat(t.get("b")).isEqualTo((byte) -128);
    assertThat(t.get("B")).isEqualTo(FieldValue.unsignedByte(255));
    assertThat(t.get("s")).isEqualTo((short) -32768);
    assertThat(t.get("U")).isEqualTo((short) 32767);
    assertThat(t.get("u")).isEqualTo(FieldValue.unsignedShort(65535));
    assertThat(t.get("I")).isEqualTo(Integer.MIN_VALUE);
    assertThat(t.get("i")).isEqualTo(FieldValue.unsignedInt(4294967295L));
    assertThat(t.get("l")).isEqualTo(Long.MIN_VALUE);
    assertThat(t.get("L")).isEqualTo(Long.MAX_VALUE);
    assertThat(t.get("f")).isEqualTo(-1.0f);
    assertThat(t.get("d")).isEqualTo(-2.0d);
    assertThat(t.get("D")).isEqualTo(new BigDecimal("-1.000"));
    assertThat(t.get("S")).isEqualTo("\u00e9");
    assertThat(t.get("A")).isEqualTo(List.of(-1L));
    assertThat(t.get("T")).isEqualTo(Instant.ofEpochSecond(Instant.MAX.getEpochSecond()));
    assertThat(t.get("F")).isEqualTo(Map.of());
    assertThat(t).containsEntry("V", null);
    assertThat((byte[]) t.get("x")).containsExactly(0xff);
  }

  @Test
  void everyDecodedValueEncodesBackToItsLetterSaveUAndL() {
    Map<String, Object> t = decode(EVERY_LETTER);
    String expected =
        Hex.format(table(EVERY_LETTER))
            .replace("\n", " ")
            .replace("01 74 74 02", "01 74 74 01") // t: written as 1
            .replace("01 55 55 7f ff", "01 55 73 7f ff") // U: written as s
            .replace("01 4c 4c 7f", "01 4c 6c 7f") // L: written as l
            .replace("4c ff ff", "6c ff ff") // the L in the array too
            // T beyond Instant.MAX: written as its last second
            .replace("01 54 54 7f ff ff ff ff ff ff ff", "01 54 54 00 70 1c d2 fa 95 78 ff");
    assertThat(encode(t)).isEqualTo(expected);
  }

  @Test
  void everyLetterIsReadInsideArraysToo() {
    // {"a": [B 1, U -2, u 3, i 4, L -5]}
    Map<String, Object> t =
        decode("01 61 41 00000016 42 01 55 fffe 75 0003 69 00000004 4c fffffffffffffffb");
    assertThat(t.get("a"))
        .isEqualTo(
            List.of(
                FieldValue.unsignedByte(1),
                (short) -2,
                FieldValue.unsignedShort(3),
                FieldValue.unsignedInt(4),
                -5L));
  }

  @Test
  void eachJavaTypeEncodesToItsDocumentedLetter() {
    Map<Object, Character> cases = new LinkedHashMap<>();
    cases.put(true, 't');
    cases.put((byte) 1, 'b');
    cases.put((short) 2, 's');
    cases.put(3, 'I');
    cases.put(4L, 'l');
    cases.put(FieldValue.unsignedByte(5), 'B');
    cases.put(FieldValue.unsignedShort(6), 'u');
    cases.put(FieldValue.unsignedInt(7), 'i');
    cases.put(1.0f, 'f');
    cases.put(1.0d, 'd');
    cases.put(new BigDecimal("0.5"), 'D');
    cases.put("x", 'S');
    cases.put(LongString.of(new byte[] {(byte) 0xff}), 'S');
    cases.put(List.of(), 'A');
    cases.put(new Object[0], 'A');
    cases.put(Instant.ofEpochSecond(1), 'T');
    cases.put(new Date(2500), 'T');
    cases.put(Map.of(), 'F');
    cases.put(new byte[0], 'x');
    cases.forEach(
        (value, letter) -> {
          Map<String, Object> one = new LinkedHashMap<>();
          one.put("k", value);
          HeapByteOutput out = new HeapByteOutput();
          FieldTables.encode(out, one);
          // length (4), key length (1), key "k" (1), then the letter
          assertThat((char) out.toByteArray()[6]).as("%s", value.getClass()).isEqualTo(letter);
        });
    Map<String, Object> nul = new LinkedHashMap<>();
    nul.put("k", null);
    assertThat(encode(nul)).isEqualTo("00 00 00 03 01 6b 56");
  }

  // ------------------------------------------------------------------------------------- 'L'

  @Test
  void capitalLIsSigned64BitAsRabbitMqReadsIt() {
    Map<String, Object> t =
        decode(
            "03 6d 696e 4c 8000000000000000"
                + " 03 6e 6567 4c ffffffffffffffff"
                + " 03 626967 4c 0000000080000000"
                + " 03 6d6178 4c 7fffffffffffffff");
    assertThat(t)
        .containsExactly(
            Map.entry("min", Long.MIN_VALUE),
            Map.entry("neg", -1L),
            Map.entry("big", 1L << 31),
            Map.entry("max", Long.MAX_VALUE));
    assertThat(t.values()).allSatisfy(v -> assertThat(v).isInstanceOf(Long.class));
    // written back with RabbitMQ's letter
    assertThat(encode(t)).contains("6e 65 67 6c ff ff ff ff ff ff ff ff");
    assertThat(encode(t)).doesNotContain(" 4c ");
  }

  @Test
  void capitalLInMessageHeadersAsPyAmqpWritesThem() {
    // what py-amqp sends for headers={"big": 2**40, "nested": {"n": -2**40}, "list": [2**33]}
    byte[] t =
        table(
            "03 626967 4c 0000010000000000"
                + " 06 6e6573746564 46 0000000b 01 6e 4c ffffff0000000000"
                + " 04 6c697374 41 00000009 4c 0000000200000000");
    BasicProperties p = decodeHeader(headerFrame(t));
    assertThat(p.headers())
        .containsExactly(
            Map.entry("big", 1L << 40),
            Map.entry("nested", Map.of("n", -(1L << 40))),
            Map.entry("list", List.of(1L << 33)));
  }

  // ------------------------------------------------------------------------------------- 'T'

  @Test
  void timestampOf2To63OrMoreFailsNamingTheKeyAndTheLetter() {
    ProtocolException e =
        catchThrowableOfType(
            ProtocolException.class,
            () -> FieldTables.decode(ByteBuffer.wrap(table("02 7473 54 8000000000000000"))));
    assertThat(e.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
    assertThat(e)
        .hasMessage(
            "field table: field table: field type 'T' timestamp of 9223372036854775808 seconds at"
                + " offset 7 is beyond 2^63-1 (key \"ts\")");

    // in message headers, inside an array: the key is the table's
    byte[] frame =
        headerFrame(table("01 61 49 00000001 03 617272 41 00000009 54 ffffffffffffffff"));
    ProtocolException h =
        catchThrowableOfType(
            ProtocolException.class,
            () -> new FrameDecoder(0).decode(ByteBuffer.wrap(frame), new Recorder()));
    assertThat(h.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
    assertThat(h)
        .hasMessage(
            "headers: field array: field type 'T' timestamp of 18446744073709551615 seconds at"
                + " offset 34 is beyond 2^63-1 (key \"arr\")");
  }

  @Test
  void timestampsUpTo2To63Minus1Decode() {
    Map<String, Object> t =
        decode(
            "01 30 54 0000000000000000"
                + " 01 31 54 00000000ffffffff"
                + " 01 32 54 00701cd2fa9578ff" // Instant.MAX's second
                + " 01 33 54 7fffffffffffffff");
    assertThat(t)
        .containsExactly(
            Map.entry("0", Instant.EPOCH),
            Map.entry("1", Instant.ofEpochSecond(4294967295L)),
            Map.entry("2", Instant.ofEpochSecond(Instant.MAX.getEpochSecond())),
            Map.entry("3", Instant.ofEpochSecond(Instant.MAX.getEpochSecond())));
  }

  @Test
  void timestampsBefore1970FailToEncodeNamingTheKey() {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("when", Instant.ofEpochSecond(-1));
    assertThatThrownBy(() -> FieldTables.encode(new HeapByteOutput(), t))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "field table: field \"when\": timestamp 1969-12-31T23:59:59Z is before"
                + " 1970-01-01T00:00:00Z; a field-table timestamp ('T') is unsigned seconds since"
                + " the epoch");
    assertThatThrownBy(() -> FieldTables.copyOf(t))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"when\"");
    assertThatThrownBy(() -> FieldTables.copyOf(Map.of("d", new Date(-1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1969-12-31T23:59:59.999Z is before 1970");
    assertThatThrownBy(() -> FieldTables.copyOf(Map.of("a", List.of(Instant.ofEpochSecond(-5)))))
        .hasMessageContaining("field \"a\"");
    // the epoch itself is fine, and so is a fraction of a second after it
    assertThat(encode(Map.of("e", new Date(999)))).endsWith("54 00 00 00 00 00 00 00 00");

    // the timestamp property stays signed, as amqp-client reads and writes it
    BasicProperties p = BasicProperties.builder().timestamp(Instant.ofEpochSecond(-1)).build();
    HeapByteOutput out = new HeapByteOutput();
    FrameEncoder.writeContentHeader(out, 1, 60, 0, p);
    Recorder rec = new Recorder();
    new FrameDecoder(0).decode(out.asByteBuffer(), rec);
    assertThat(((BasicProperties) rec.events.get(0).get(4)).timestamp())
        .isEqualTo(Instant.ofEpochSecond(-1));
  }

  // ------------------------------------------------------------------------- unsigned values

  @Test
  void unsignedValuesCheckTheirRange() {
    assertThat(FieldValue.unsignedByte(0).value()).isZero();
    assertThat(FieldValue.unsignedByte(255).longValue()).isEqualTo(255);
    assertThat(FieldValue.unsignedShort(65535).longValue()).isEqualTo(65535);
    assertThat(FieldValue.unsignedInt(4294967295L).longValue()).isEqualTo(4294967295L);
    assertThatThrownBy(() -> FieldValue.unsignedByte(256))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unsigned byte must be in 0..255, was 256");
    assertThatThrownBy(() -> FieldValue.unsignedByte(-1))
        .hasMessage("unsigned byte must be in 0..255, was -1");
    assertThatThrownBy(() -> FieldValue.unsignedShort(65536))
        .hasMessage("unsigned short must be in 0..65535, was 65536");
    assertThatThrownBy(() -> new FieldValue.UnsignedShort(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FieldValue.unsignedInt(1L << 32))
        .hasMessage("unsigned int must be in 0..4294967295, was 4294967296");
    assertThatThrownBy(() -> FieldValue.unsignedInt(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(FieldValue.unsignedByte(7).typeLetter()).isEqualTo('B');
    assertThat(FieldValue.unsignedShort(7).typeLetter()).isEqualTo('u');
    assertThat(FieldValue.unsignedInt(7).typeLetter()).isEqualTo('i');
    assertThat(FieldValue.unsignedShort(7))
        .isEqualTo(new FieldValue.UnsignedShort(7))
        .isNotEqualTo(FieldValue.unsignedByte(7))
        .isNotEqualTo(7);
  }

  @Test
  void unsignedValuesRoundTripByteForByte() {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("B", FieldValue.unsignedByte(255));
    t.put("u", FieldValue.unsignedShort(65535));
    t.put("i", FieldValue.unsignedInt(4294967295L));
    t.put("a", List.of(FieldValue.unsignedByte(1), FieldValue.unsignedInt(2)));
    String bytes = encode(t);
    assertThat(bytes)
        .isEqualTo(
            "00 00 00 1e 01 42 42 ff 01 75 75 ff ff 01 69 69 ff ff ff ff 01 61 41 00 00 00 07 42"
                + " 01 69 00 00 00 02");
    Map<String, Object> back = FieldTables.decode(ByteBuffer.wrap(Hex.parse(bytes)));
    assertThat(back).isEqualTo(t);
    assertThat(encode(back)).isEqualTo(bytes);
    Map<String, Object> copy = FieldTables.copyOf(t);
    assertThat(copy.get("B")).isSameAs(t.get("B"));
    // in message headers too
    BasicProperties p = BasicProperties.builder().headers(t).build();
    HeapByteOutput out = new HeapByteOutput();
    FrameEncoder.writeContentHeader(out, 1, 60, 0, p);
    Recorder rec = new Recorder();
    new FrameDecoder(0).decode(out.asByteBuffer(), rec);
    assertThat(((BasicProperties) rec.events.get(0).get(4)).headers()).isEqualTo(t);
  }

  // ----------------------------------------------------------------- shortstrs that are not UTF-8

  @Test
  void keysThatAreNotUtf8DecodeWithEscapedBytesAndEncodeBackToThem() {
    String bytes =
        "03 61ff62 49 00000001" // a stray 0xff
            + " 03 e28263 49 00000002" // a truncated 3-byte sequence, then 'c'
            + " 02 c3a9 49 00000003"; // valid: é
    Map<String, Object> t = decode(bytes);
    assertThat(t.keySet()).containsExactly("a\udcffb", "\udce2\udc82c", "\u00e9");
    // the bytes are kept: encoding writes them back as they were
    assertThat(encode(t)).isEqualTo(Hex.format(table(bytes)).replace("\n", " "));
    assertThat(encode(Map.of("a\udcffb", 1))).isEqualTo("00 00 00 09 03 61 ff 62 49 00 00 00 01");
    // a real U+FFFD is still its UTF-8, and is another key
    assertThat(encode(Map.of("a\ufffdb", 1)))
        .isEqualTo("00 00 00 0b 05 61 ef bf bd 62 49 00 00 00 01");
    assertThat(decode("05 61efbfbd62 49 00000001")).containsOnlyKeys("a\ufffdb");
  }

  @Test
  void keysDifferingOnlyInTheirBadBytesStayTwoKeys() {
    String bytes = "02 61ff 49 00000001 02 61fe 49 00000002";
    Map<String, Object> t = decode(bytes);
    assertThat(t).containsExactly(Map.entry("a\udcff", 1), Map.entry("a\udcfe", 2));
    assertThat(encode(t)).isEqualTo(Hex.format(table(bytes)).replace("\n", " "));
    // and after a copy into a map of the application's and back
    Map<String, Object> copy = FieldTables.copyOf(new LinkedHashMap<>(t));
    assertThat(FieldTables.decode(ByteBuffer.wrap(Hex.parse(encode(copy))))).isEqualTo(t);
  }

  @Test
  void stringPropertiesAndMethodFieldsThatAreNotUtf8KeepTheirBytes() {
    // content header with content-type "text/\xff" and a header key "k\xc3"
    HeapByteOutput out = new HeapByteOutput();
    byte[] payload =
        Hex.parse("003c 0000 0000000000000000 a000 06 746578742fff 00000008 02 6bc3 49 00000001");
    out.writeByte(FrameDecoder.FRAME_HEADER);
    out.writeShort(1);
    out.writeInt(payload.length);
    out.writeBytes(payload, 0, payload.length);
    out.writeByte(FrameDecoder.FRAME_END);
    byte[] frame = out.toByteArray();
    BasicProperties p = decodeHeader(frame);
    assertThat(p.contentType()).isEqualTo("text/\udcff");
    assertThat(p.headers()).containsOnlyKeys("k\udcc3");
    assertThat(ShortStrings.toBytes(p.contentType()))
        .containsExactly('t', 'e', 'x', 't', '/', 0xff);
    // encoding the properties again gives the same frame
    HeapByteOutput again = new HeapByteOutput();
    FrameEncoder.writeContentHeader(again, 1, 60, 0, p);
    assertThat(Hex.format(again.toByteArray())).isEqualTo(Hex.format(frame));

    // basic.deliver with consumer tag "c\x80" and routing key "r\xf0\x9f" (a truncated 4-byte
    // sequence)
    byte[] deliver = Hex.parse("003c 003c 02 6380 0000000000000001 00 00 03 72f09f");
    Method m = MethodCodec.decode(ByteBuffer.wrap(deliver));
    BasicDeliver d = (BasicDeliver) m;
    assertThat(d.consumerTag()).isEqualTo("c\udc80");
    assertThat(d.routingKey()).isEqualTo("r\udcf0\udc9f");
    assertThat(d.exchange()).isEmpty();
    HeapByteOutput method = new HeapByteOutput();
    MethodCodec.encode(method, d);
    assertThat(Hex.format(method.toByteArray())).isEqualTo(Hex.format(deliver));
  }

  @Test
  void propertiesBuiltFromRawBytesRoundTripThroughTheFrameCodec() {
    String contentType = ShortStrings.fromBytes(new byte[] {'a', '/', (byte) 0xc0, (byte) 0xaf});
    String messageId = ShortStrings.fromBytes(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80});
    BasicProperties p =
        BasicProperties.builder()
            .contentType(contentType)
            .messageId(messageId)
            .header(ShortStrings.fromBytes(new byte[] {'h', (byte) 0xf5}), 1)
            .build();
    HeapByteOutput out = new HeapByteOutput();
    FrameEncoder.writeContentHeader(out, 1, 60, 0, p);
    byte[] frame = out.toByteArray();
    assertThat(Hex.format(frame).replace("\n", " "))
        .contains("04 61 2f c0 af") // content-type
        .contains("02 68 f5 49 00 00 00 01") // the header
        .contains("03 ed a0 80"); // message-id
    BasicProperties back = decodeHeader(frame);
    assertThat(back).isEqualTo(p);
    assertThat(back.contentType()).isEqualTo("a/\udcc0\udcaf");
    assertThat(back.messageId()).isEqualTo("\udced\udca0\udc80");
    assertThat(back.headers()).containsExactly(Map.entry("h\udcf5", 1));
  }

  @Test
  void longStringsThatAreNotUtf8KeepTheirBytes() {
    // unlike shortstrs, an 'S' value keeps its exact bytes (as a LongString)
    Map<String, Object> t = decode("01 76 53 00000003 61ff62");
    assertThat(t.get("v")).isEqualTo(LongString.of(new byte[] {'a', (byte) 0xff, 'b'}));
    assertThat(encode(t)).isEqualTo("00 00 00 0a 01 76 53 00 00 00 03 61 ff 62");
  }

  // ------------------------------------------------------------------------------------ the docs

  @Test
  void theDocsListEveryAcceptedLetter() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "field-tables.md"));
    for (String letter : decode(EVERY_LETTER).keySet()) {
      assertThat(doc)
          .as("docs/field-tables.md row for %s", letter)
          .contains("| `" + letter + "` |");
    }
    // and a letter outside the list is refused
    assertThatThrownBy(() -> decode("01 7a 5a 00"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("unknown field type 'Z'");
  }
}
