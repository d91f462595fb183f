/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.bench.codec;

import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.codec.FrameDecoder;
import dev.warren.protocol.codec.FrameEncoder;
import dev.warren.protocol.codec.FrameHandler;
import dev.warren.protocol.codec.HeapByteOutput;
import dev.warren.protocol.codec.Method;
import dev.warren.protocol.method.BasicDeliver;
import dev.warren.protocol.method.BasicPublish;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The codec's hot paths: encoding basic.publish + content header + body, and decoding basic.deliver
 * + content header + body, for a 16-byte and a 1 KiB body.
 *
 * <p>The message carries typical properties: content-type, delivery-mode 2, message-id, timestamp
 * and a two-entry headers table. Run with {@code -prof gc} to see the bytes allocated per operation
 * (see docs/performance.md, "Codec micro-benchmarks").
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
  @Param({"16", "1024"})
  int bodySize;

  private static final int FRAME_MAX = 131072;
  private static final int CHANNEL = 1;

  private BasicPublish publish;
  private BasicProperties properties;
  private byte[] body;
  private HeapByteOutput out;

  private ByteBuffer delivery;
  private FrameDecoder decoder;
  private ConsumingHandler handler;

  @Setup
  public void setUp(Blackhole bh) {
    body = new byte[bodySize];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) ('a' + i % 26);
    }
    publish = new BasicPublish("amq.topic", "orders.eu.created", false, false);
    properties =
        BasicProperties.builder()
            .contentType("application/json")
            .deliveryMode(2)
            .messageId("6f1c2a3e-8b7d-4e0f-9a21-5c3d7e9b1f40")
            .timestamp(Instant.ofEpochSecond(1_700_000_000L))
            .headers(Map.of("x-tenant", "acme", "x-attempt", 1))
            .build();
    out = new HeapByteOutput(2048);

    // what the broker sends for that message once it is routed to a consumer
    HeapByteOutput wire = new HeapByteOutput();
    FrameEncoder.writeMethod(
        wire,
        CHANNEL,
        new BasicDeliver(
            "amq.ctag-Wc3qIpm1xO5ZQ2fC6lBb7g", 123_456, false, "amq.topic", "orders.eu.created"));
    FrameEncoder.writeContent(wire, CHANNEL, 60, properties, body, 0, body.length, FRAME_MAX);
    delivery = ByteBuffer.wrap(wire.toByteArray());
    decoder = new FrameDecoder(FRAME_MAX);
    handler = new ConsumingHandler(bh);
  }

  /** basic.publish method frame + content header frame + one body frame, into a reused buffer. */
  @Benchmark
  public int encodePublish() {
    HeapByteOutput o = out;
    o.reset();
    FrameEncoder.writeMethod(o, CHANNEL, publish);
    FrameEncoder.writeContent(o, CHANNEL, 60, properties, body, 0, body.length, FRAME_MAX);
    return o.size();
  }

  /**
   * basic.deliver + content header + body frames, decoded and handed to a handler that consumes the
   * method, the properties and the body (without copying it).
   */
  @Benchmark
  public int decodeDeliver() {
    ByteBuffer in = delivery;
    in.clear();
    return decoder.decode(in, handler);
  }

  /** Hands what it receives to the Blackhole, as a consumer's dispatcher would keep it. */
  static final class ConsumingHandler implements FrameHandler {
    private final Blackhole bh;

    ConsumingHandler(Blackhole bh) {
      this.bh = bh;
    }

    @Override
    public void onMethod(int channel, Method method) {
      bh.consume(method);
    }

    @Override
    public void onContentHeader(
        int channel, int classId, long bodySize, BasicProperties properties) {
      bh.consume(properties);
      bh.consume(bodySize);
    }

    @Override
    public void onContentBody(int channel, ByteBuffer payload) {
      bh.consume(payload.get(payload.position()));
      bh.consume(payload.remaining());
    }

    @Override
    public void onHeartbeat(int channel) {}
  }
}
