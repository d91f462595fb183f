/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.testkit;

import dev.warren.errors.ProtocolException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.codec.FrameDecoder;
import dev.warren.protocol.codec.FrameHandler;
import dev.warren.protocol.codec.Method;
import dev.warren.protocol.codec.ProtocolHeader;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the client's byte stream into {@link Event}s for a {@link ScriptedPeer}: the protocol
 * header, methods (with their content assembled), heartbeats, and protocol violations. Keeps a
 * trailing partial frame until the rest arrives. Not thread-safe; the peer guards it.
 */
final class InboundDecoder {

  /** Something the client did. */
  sealed interface Event permits HeaderIn, MethodIn, HeartbeatIn, ViolationIn, ClosedIn {
    /** For failure messages and the transcript. */
    String describe();
  }

  /** The client sent a protocol header. */
  record HeaderIn(ProtocolHeader header) implements Event {
    @Override
    public String describe() {
      return "protocol header " + header;
    }
  }

  /** The client sent a method (and its content, if it has one). */
  record MethodIn(Received<?> received) implements Event {
    @Override
    public String describe() {
      return received.toString();
    }
  }

  /** The client sent a heartbeat frame. */
  record HeartbeatIn(int channel) implements Event {
    @Override
    public String describe() {
      return "heartbeat on channel " + channel;
    }
  }

  /** The client broke the protocol: malformed bytes or a broken content sequence. */
  record ViolationIn(String problem) implements Event {
    @Override
    public String describe() {
      return "a protocol violation: " + problem;
    }
  }

  /** The client closed the connection (end of stream). */
  record ClosedIn() implements Event {
    @Override
    public String describe() {
      return "end of stream (the client closed the connection)";
    }
  }

  /** Content being assembled on one channel. */
  private static final class Partial {
    final Method method;
    BasicProperties properties;
    long size = -1;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    Partial(Method method) {
      this.method = method;
    }
  }

  private final FrameDecoder decoder = new FrameDecoder(0);
  private final Map<Integer, Partial> partials = new HashMap<>();
  private final List<Event> events = new ArrayList<>();
  private byte[] buf = new byte[4096];
  private int len;
  private boolean atStart = true;
  private boolean broken;

  private final FrameHandler handler =
      new FrameHandler() {
        @Override
        public void onMethod(int channel, Method method) {
          Partial p = partials.remove(channel);
          if (p != null) {
            violation(
                method.protocolName()
                    + " on channel "
                    + channel
                    + " while the content of "
                    + p.method.protocolName()
                    + " was incomplete");
          }
          if (method.hasContent()) {
            partials.put(channel, new Partial(method));
          } else {
            events.add(new MethodIn(new Received<>(channel, method, null, null)));
          }
        }

        @Override
        public void onContentHeader(
            int channel, int classId, long bodySize, BasicProperties properties) {
          Partial p = partials.get(channel);
          if (p == null || p.size >= 0) {
            violation(
                "a content header on channel " + channel + " with no content method before it");
            return;
          }
          p.properties = properties;
          p.size = bodySize;
          completeIfFull(channel, p);
        }

        @Override
        public void onContentBody(int channel, ByteBuffer payload) {
          Partial p = partials.get(channel);
          if (p == null || p.size < 0) {
            violation("a content body on channel " + channel + " with no content header before it");
            return;
          }
          int n = payload.remaining();
          if (p.body.size() + (long) n > p.size) {
            partials.remove(channel);
            violation(
                "content body frames on channel "
                    + channel
                    + " overrun the announced body size of "
                    + p.size
                    + " bytes");
            return;
          }
          byte[] chunk = new byte[n];
          payload.get(chunk);
          p.body.write(chunk, 0, n);
          completeIfFull(channel, p);
        }

        @Override
        public void onHeartbeat(int channel) {
          events.add(new HeartbeatIn(channel));
        }
      };

  private void completeIfFull(int channel, Partial p) {
    if (p.body.size() == p.size) {
      partials.remove(channel);
      events.add(
          new MethodIn(new Received<>(channel, p.method, p.properties, p.body.toByteArray())));
    }
  }

  private void violation(String problem) {
    events.add(new ViolationIn(problem));
  }

  /** Appends bytes the client sent. */
  void append(byte[] bytes, int off, int n) {
    if (broken) {
      return;
    }
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
    System.arraycopy(bytes, off, buf, len, n);
    len += n;
  }

  /** Decodes everything complete that was appended, returning the events in wire order. */
  List<Event> drain() {
    events.clear();
    if (broken || len == 0) {
      return List.of();
    }
    ByteBuffer in = ByteBuffer.wrap(buf, 0, len);
    try {
      if (atStart) {
        if (in.get(0) == 'A') {
          ProtocolHeader header = ProtocolHeader.parse(in);
          if (header == null) {
            return List.of();
          }
          events.add(new HeaderIn(header));
        }
        atStart = false;
      }
      decoder.decode(in, handler);
    } catch (ProtocolException e) {
      broken = true;
      violation("the client sent bytes that are not valid AMQP 0-9-1: " + e.getMessage());
      in.position(in.limit());
    }
    int consumed = in.position();
    System.arraycopy(buf, consumed, buf, 0, len - consumed);
    len -= consumed;
    return List.copyOf(events);
  }

  /** Bytes received but not yet decoded (a partial frame). */
  int buffered() {
    return len;
  }
}
