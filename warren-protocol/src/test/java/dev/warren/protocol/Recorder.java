/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol;

import dev.warren.protocol.codec.FrameHandler;
import dev.warren.protocol.codec.Method;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A FrameHandler recording what it is given as comparable lists. */
class Recorder implements FrameHandler {
  final List<List<Object>> events = new ArrayList<>();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  @Override
  public void onMethod(int channel, Method method) {
    events.add(List.of("method", channel, method));
  }

  @Override
  public void onContentHeader(int channel, int classId, long bodySize, BasicProperties p) {
    events.add(List.of("header", channel, classId, bodySize, p));
  }

  @Override
  public void onContentBody(int channel, ByteBuffer payload) {
    byte[] b = new byte[payload.remaining()];
    payload.duplicate().get(b);
    body.writeBytes(b);
    List<Byte> l = new ArrayList<>();
    for (byte x : b) {
      l.add(x);
    }
    events.add(List.of("body", channel, l));
  }

  @Override
  public void onHeartbeat(int channel) {
    events.add(List.of("heartbeat", channel));
  }

  byte[] body() {
    return body.toByteArray();
  }
}
