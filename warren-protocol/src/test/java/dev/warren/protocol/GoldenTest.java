/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.errors.ProtocolException;
import dev.warren.protocol.codec.FieldTables;
import dev.warren.protocol.codec.FrameDecoder;
import dev.warren.protocol.codec.FrameEncoder;
import dev.warren.protocol.codec.HeapByteOutput;
import dev.warren.protocol.codec.Method;
import dev.warren.protocol.codec.ProtocolHeader;
import dev.warren.protocol.method.AccessRequest;
import dev.warren.protocol.method.BasicDeliver;
import dev.warren.protocol.method.BasicGetOk;
import dev.warren.protocol.method.BasicNack;
import dev.warren.protocol.method.BasicPublish;
import dev.warren.protocol.method.ChannelClose;
import dev.warren.protocol.method.ChannelOpen;
import dev.warren.protocol.method.ConfirmSelect;
import dev.warren.protocol.method.ConnectionClose;
import dev.warren.protocol.method.ConnectionStart;
import dev.warren.protocol.method.ConnectionTune;
import dev.warren.protocol.method.ExchangeDeclare;
import dev.warren.protocol.method.QueueDeclare;
import dev.warren.protocol.method.TxSelect;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden bytes: hand-checked frames for a method of every class and tables with every field type
 * letter, and frames captured from RabbitMQ 3.10.8 (src/test/resources/golden, see
 * src/test/scripts/capture_golden.py).
 */
class GoldenTest {

  /** Hand-encoded method frames, checked byte by byte against the spec. */
  static Stream<Arguments> methodFrames() {
    return Stream.of(
        Arguments.of(
            // connection.tune: channel-max 2047, frame-max 131072, heartbeat 60
            "01 0000 0000000c 000a 001e 07ff 00020000 003c ce",
            0,
            new ConnectionTune(2047, 131072, 60)),
        Arguments.of(
            // connection.close: 320 "bye", no failing method
            "01 0000 0000000e 000a 0032 0140 03 627965 0000 0000 ce",
            0,
            new ConnectionClose(320, "bye", 0, 0)),
        Arguments.of(
            // channel.open on channel 1: out-of-band ""
            "01 0001 00000005 0014 000a 00 ce", 1, new ChannelOpen("")),
        Arguments.of(
            // channel.close: 404 NOT_FOUND caused by queue.declare (50/10)
            "01 0001 00000014 0014 0028 0194 09 4e4f545f464f554e44 0032 000a ce",
            1,
            new ChannelClose(404, "NOT_FOUND", 50, 10)),
        Arguments.of(
            // access.request "/data", bits exclusive=0 passive=1 active=1 write=1 read=1 -> 0x1e
            "01 0001 0000000b 001e 000a 05 2f64617461 1e ce",
            1,
            new AccessRequest("/data", false, true, true, true, true)),
        Arguments.of(
            // exchange.declare "ex" topic durable auto-delete {alternate-exchange: "ae"}
            "01 0001 0000002e 0028 000a 0000 02 6578 05 746f706963 06"
                + " 0000001a 12 616c7465726e6174652d65786368616e6765 53 00000002 6165 ce",
            1,
            new ExchangeDeclare(
                0,
                "ex",
                "topic",
                false,
                true,
                true,
                false,
                false,
                Map.of("alternate-exchange", "ae"))),
        Arguments.of(
            // queue.declare "q" durable nowait {x-max-priority: 10 (I)}
            "01 0001 00000021 0032 000a 0000 01 71 12"
                + " 00000014 0e 782d6d61782d7072696f72697479 49 0000000a ce",
            1,
            new QueueDeclare(
                0, "q", false, true, false, false, true, Map.of("x-max-priority", 10))),
        Arguments.of(
            // basic.publish to amq.direct, routing key "rk", mandatory
            "01 0001 00000015 003c 0028 0000 0a 616d712e646972656374 02 726b 01 ce",
            1,
            new BasicPublish(0, "amq.direct", "rk", true, false)),
        Arguments.of(
            // basic.nack tag 5, multiple, requeue -> bits 0x03
            "01 0001 0000000d 003c 0078 0000000000000005 03 ce", 1, new BasicNack(5, true, true)),
        Arguments.of("01 0001 00000004 005a 000a ce", 1, TxSelect.INSTANCE),
        Arguments.of("01 0001 00000005 0055 000a 00 ce", 1, new ConfirmSelect(false)));
  }

  @ParameterizedTest
  @MethodSource("methodFrames")
  void methodFramesDecodeAndEncode(String hex, int channel, Method expected) {
    byte[] bytes = Hex.parse(hex);
    Recorder rec = new Recorder();
    ByteBuffer in = ByteBuffer.wrap(bytes);
    assertThat(new FrameDecoder(4096).decode(in, rec)).isEqualTo(1);
    assertThat(in.remaining()).isZero();
    assertThat(rec.events).containsExactly(List.of("method", channel, expected));

    HeapByteOutput out = new HeapByteOutput();
    FrameEncoder.writeMethod(out, channel, expected);
    assertThat(Hex.format(out.toByteArray())).isEqualTo(Hex.format(bytes));
  }

  /** One table per field type letter: {"a": value}. */
  static Stream<Arguments> fieldValues() {
    return Stream.of(
        Arguments.of("00000004 01 61 74 01", true, true),
        Arguments.of("00000004 01 61 74 00", false, true),
        Arguments.of("00000004 01 61 62 f9", (byte) -7, true),
        Arguments.of("00000004 01 61 42 c8", FieldValue.unsignedByte(200), true),
        Arguments.of("00000005 01 61 73 fed4", (short) -300, true),
        Arguments.of("00000005 01 61 55 fed4", (short) -300, false), // U: the spec's, written s
        Arguments.of("00000005 01 61 75 fffe", FieldValue.unsignedShort(65534), true),
        Arguments.of("00000007 01 61 49 ffffffd6", -42, true),
        Arguments.of("00000007 01 61 69 fffffffe", FieldValue.unsignedInt(4294967294L), true),
        Arguments.of("0000000b 01 61 6c 0000010000000000", 1L << 40, true),
        Arguments.of("0000000b 01 61 4c fffffffffffffffb", -5L, false), // L: py-amqp's, written l
        Arguments.of("00000007 01 61 66 3fc00000", 1.5f, true),
        Arguments.of("0000000b 01 61 64 4004000000000000", 2.5d, true),
        Arguments.of("00000008 01 61 44 02 00003039", new BigDecimal("123.45"), true),
        Arguments.of("0000000d 01 61 53 00000006 68c3a96c6c6f", "h\u00e9llo", true),
        Arguments.of("00000009 01 61 53 00000002 fffe", LongString.of(new byte[] {-1, -2}), true),
        Arguments.of(
            "00000014 01 61 41 0000000d 49 00000001 53 00000003 74776f", List.of(1, "two"), true),
        Arguments.of("0000000b 01 61 54 000000006553f100", Instant.ofEpochSecond(1700000000), true),
        Arguments.of("0000000f 01 61 46 00000008 01 6b 53 00000001 76", Map.of("k", "v"), true),
        Arguments.of("00000003 01 61 56", null, true),
        Arguments.of("0000000a 01 61 78 00000003 0001ff", new byte[] {0, 1, -1}, true));
  }

  @ParameterizedTest
  @MethodSource("fieldValues")
  void fieldValuesDecodeAndEncode(String hex, Object value, boolean encodesBack) {
    byte[] bytes = Hex.parse(hex);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    Map<String, Object> table = FieldTables.decode(in);
    assertThat(in.remaining()).isZero();
    assertThat(table).containsOnlyKeys("a");
    Object decoded = table.get("a");
    if (value == null) {
      assertThat(decoded).isNull();
    } else {
      Class<?> type =
          value instanceof List ? List.class : value instanceof Map ? Map.class : value.getClass();
      assertThat(decoded).isInstanceOf(type);
      assertThat(RandomValues.canonical(decoded)).isEqualTo(RandomValues.canonical(value));
    }
    if (encodesBack) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("a", value);
      HeapByteOutput out = new HeapByteOutput();
      FieldTables.encode(out, t);
      assertThat(Hex.format(out.toByteArray())).isEqualTo(Hex.format(bytes));
    }
  }

  @Test
  void contentHeaderBodyAndHeartbeatFrames() {
    String header =
        "02 0001 0000001a 003c 0000 0000000000000005 9000 0a 746578742f706c61696e 02 ce";
    String body = "03 0001 00000005 68656c6c6f ce";
    String heartbeat = "08 0000 00000000 ce";
    byte[] bytes = Hex.parse(header + body + heartbeat);
    Recorder rec = new Recorder();
    assertThat(new FrameDecoder(4096).decode(ByteBuffer.wrap(bytes), rec)).isEqualTo(3);
    BasicProperties props =
        BasicProperties.builder().contentType("text/plain").deliveryMode(2).build();
    assertThat(rec.events.get(0)).isEqualTo(List.of("header", 1, 60, 5L, props));
    assertThat(rec.body()).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
    assertThat(rec.events.get(2)).isEqualTo(List.of("heartbeat", 0));

    HeapByteOutput out = new HeapByteOutput();
    byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
    FrameEncoder.writeContent(out, 1, 60, props, hello, 0, hello.length, 4096);
    FrameEncoder.writeHeartbeat(out);
    assertThat(Hex.format(out.toByteArray())).isEqualTo(Hex.format(bytes));
  }

  @Test
  void protocolHeader() {
    HeapByteOutput out = new HeapByteOutput();
    FrameEncoder.writeProtocolHeader(out);
    assertThat(Hex.format(out.toByteArray())).isEqualTo("41 4d 51 50 00 00 09 01");
  }

  // ------------------------------------------------------------- captured from RabbitMQ 3.10.8

  @Test
  void rabbitmqConnectionStart() {
    byte[] bytes = Hex.resource("connection-start.hex");
    Recorder rec = new Recorder();
    ByteBuffer in = ByteBuffer.wrap(bytes);
    assertThat(new FrameDecoder(4096).decode(in, rec)).isEqualTo(1);
    assertThat(in.remaining()).isZero();
    ConnectionStart start = (ConnectionStart) rec.events.get(0).get(2);
    assertThat(rec.events.get(0).get(1)).isEqualTo(0);
    assertThat(start.versionMajor()).isEqualTo(0);
    assertThat(start.versionMinor()).isEqualTo(9);
    assertThat(start.mechanisms().asString()).isEqualTo("PLAIN AMQPLAIN");
    assertThat(start.locales()).isEqualTo(LongString.of("en_US"));
    Map<String, Object> p = start.serverProperties();
    assertThat(p)
        .containsOnlyKeys(
            "capabilities",
            "cluster_name",
            "copyright",
            "information",
            "platform",
            "product",
            "version");
    assertThat(p.keySet())
        .containsExactly(
            "capabilities",
            "cluster_name",
            "copyright",
            "information",
            "platform",
            "product",
            "version");
    assertThat(p.get("product")).isEqualTo("RabbitMQ");
    assertThat(p.get("version")).isEqualTo("3.10.8");
    assertThat(p.get("platform")).isEqualTo("Erlang/OTP 25.2.3");
    assertThat(p.get("cluster_name")).isEqualTo("rabbit@vm");
    assertThat((String) p.get("copyright")).startsWith("Copyright (c) 2007-2022 VMware");
    assertThat((String) p.get("information")).startsWith("Licensed under the MPL 2.0.");
    @SuppressWarnings("unchecked")
    Map<String, Object> caps = (Map<String, Object>) p.get("capabilities");
    assertThat(caps)
        .containsExactly(
            Map.entry("publisher_confirms", true),
            Map.entry("exchange_exchange_bindings", true),
            Map.entry("basic.nack", true),
            Map.entry("consumer_cancel_notify", true),
            Map.entry("connection.blocked", true),
            Map.entry("consumer_priorities", true),
            Map.entry("authentication_failure_close", true),
            Map.entry("per_consumer_qos", true),
            Map.entry("direct_reply_to", true));
    // every letter in it maps 1:1, so encoding gives back the broker's bytes
    HeapByteOutput out = new HeapByteOutput();
    FrameEncoder.writeMethod(out, 0, start);
    assertThat(Hex.format(out.toByteArray())).isEqualTo(Hex.format(bytes));
  }

  /** The message capture_golden.py publishes: properties, headers of every kind, body. */
  static void assertGoldenMessage(Recorder rec, int firstEvent) {
    List<Object> header = rec.events.get(firstEvent);
    assertThat(header.subList(0, 4)).containsExactly("header", 1, 60, 18L);
    BasicProperties p = (BasicProperties) header.get(4);
    assertThat(p.contentType()).isEqualTo("text/plain");
    assertThat(p.contentEncoding()).isEqualTo("utf-8");
    assertThat(p.deliveryMode()).isEqualTo(2);
    assertThat(p.priority()).isEqualTo(5);
    assertThat(p.correlationId()).isEqualTo("corr-1");
    assertThat(p.replyTo()).isEqualTo("reply.queue");
    assertThat(p.expiration()).isEqualTo("60000");
    assertThat(p.messageId()).isEqualTo("msg-1");
    assertThat(p.timestamp()).isEqualTo(Instant.ofEpochSecond(1700000001));
    assertThat(p.type()).isEqualTo("greeting");
    assertThat(p.userId()).isNull();
    assertThat(p.appId()).isEqualTo("golden");
    assertThat(p.clusterId()).isNull();
    Map<String, Object> h = p.headers();
    assertThat(h.keySet())
        .containsExactly(
            "s", "i32", "i64", "bool", "i8", "i16", "dbl", "flt", "dec", "ts", "nested", "arr",
            "void", "bytes");
    assertThat(h.get("s")).isEqualTo("text");
    assertThat(h.get("i32")).isEqualTo(-42);
    assertThat(h.get("i64")).isEqualTo(1L << 40);
    assertThat(h.get("bool")).isEqualTo(true);
    assertThat(h.get("i8")).isEqualTo((byte) -7);
    assertThat(h.get("i16")).isEqualTo((short) -300);
    assertThat(h.get("dbl")).isEqualTo(2.5d);
    assertThat(h.get("flt")).isEqualTo(1.5f);
    assertThat(h.get("dec")).isEqualTo(new BigDecimal("123.45"));
    assertThat(h.get("ts")).isEqualTo(Instant.ofEpochSecond(1700000000));
    assertThat(h.get("nested")).isEqualTo(Map.of("k", "v"));
    assertThat(h.get("arr")).isEqualTo(List.of(1, "two"));
    assertThat(h).containsEntry("void", null);
    assertThat((byte[]) h.get("bytes")).containsExactly(0, 1, 0xff);
    assertThat(new String(rec.body(), StandardCharsets.UTF_8)).isEqualTo("Hello, Warren! \u2713");
  }

  @Test
  void rabbitmqDeliveryWithPropertiesHeadersAndBody() {
    byte[] bytes = Hex.resource("deliver.hex");
    Recorder rec = new Recorder();
    ByteBuffer in = ByteBuffer.wrap(bytes);
    assertThat(new FrameDecoder(131072).decode(in, rec)).isEqualTo(3);
    assertThat(in.remaining()).isZero();
    BasicDeliver d = (BasicDeliver) rec.events.get(0).get(2);
    assertThat(rec.events.get(0).get(1)).isEqualTo(1);
    assertThat(d.consumerTag()).isEqualTo("golden-ctag");
    assertThat(d.deliveryTag()).isEqualTo(2);
    assertThat(d.redelivered()).isFalse();
    assertThat(d.exchange()).isEmpty();
    assertThat(d.routingKey()).startsWith("amq.gen-").hasSize(30);
    assertGoldenMessage(rec, 1);
    assertReencodesIdentically(rec, bytes);
  }

  @Test
  void rabbitmqGetOk() {
    byte[] bytes = Hex.resource("get-ok.hex");
    Recorder rec = new Recorder();
    assertThat(new FrameDecoder(131072).decode(ByteBuffer.wrap(bytes), rec)).isEqualTo(3);
    BasicGetOk g = (BasicGetOk) rec.events.get(0).get(2);
    assertThat(g.deliveryTag()).isEqualTo(1);
    assertThat(g.redelivered()).isFalse();
    assertThat(g.exchange()).isEmpty();
    assertThat(g.routingKey()).startsWith("amq.gen-");
    assertThat(g.messageCount()).isEqualTo(1);
    assertGoldenMessage(rec, 1);
    assertReencodesIdentically(rec, bytes);
  }

  /** Header letters used are all 1:1, so method + header + body encode to the broker's bytes. */
  private static void assertReencodesIdentically(Recorder rec, byte[] bytes) {
    HeapByteOutput out = new HeapByteOutput();
    FrameEncoder.writeMethod(out, 1, (Method) rec.events.get(0).get(2));
    BasicProperties p = (BasicProperties) rec.events.get(1).get(4);
    byte[] body = rec.body();
    FrameEncoder.writeContent(out, 1, 60, p, body, 0, body.length, 131072);
    assertThat(Hex.format(out.toByteArray())).isEqualTo(Hex.format(bytes));
  }

  @Test
  void rabbitmqRejectsAnotherVersionWithItsProtocolHeader() {
    byte[] bytes = Hex.resource("bad-version.hex");
    ByteBuffer in = ByteBuffer.wrap(bytes);
    assertThat(ProtocolHeader.looksLikeProtocolHeader(in)).isTrue();
    ProtocolHeader h = ProtocolHeader.parse(in);
    assertThat(h).isEqualTo(ProtocolHeader.AMQP_0_9_1);
    assertThat(h.isAmqp091()).isTrue();
    assertThat(h).hasToString("AMQP 0-0-9-1");
    assertThat(in.remaining()).isZero();
    assertThatThrownBy(() -> new FrameDecoder(0).decode(ByteBuffer.wrap(bytes), new Recorder()))
        .isInstanceOf(ProtocolException.class)
        .hasMessage(
            "the peer sent the protocol header AMQP 0-0-9-1 instead of a frame: it does not accept"
                + " AMQP 0-9-1 as requested");
    assertThat(ProtocolHeader.parse(ByteBuffer.wrap(bytes, 0, 5))).isNull();
  }
}
