/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.testkit;

import dev.warren.protocol.codec.ProtocolHeader;

/**
 * An expectation of something that is not a method: the protocol header, a heartbeat frame, or the
 * end of the client's stream.
 */
final class FrameExpectation extends Expectation {
  enum Kind {
    PROTOCOL_HEADER,
    HEARTBEAT,
    CLIENT_CLOSE
  }

  private final Kind kind;
  private final ProtocolHeader header;

  FrameExpectation(ScriptedPeer peer, Kind kind, ProtocolHeader header) {
    super(peer);
    this.kind = kind;
    this.header = header;
  }

  Kind kind() {
    return kind;
  }

  @Override
  String describe() {
    return switch (kind) {
      case PROTOCOL_HEADER -> "protocol header " + header;
      case HEARTBEAT -> "a heartbeat frame";
      case CLIENT_CLOSE -> "the client to close the connection";
    };
  }

  @Override
  String mismatch(InboundDecoder.Event event) {
    switch (kind) {
      case PROTOCOL_HEADER:
        if (event instanceof InboundDecoder.HeaderIn in) {
          return in.header().equals(header)
              ? null
              : "the client sent protocol header " + in.header() + " instead";
        }
        break;
      case HEARTBEAT:
        if (event instanceof InboundDecoder.HeartbeatIn in) {
          return in.channel() == 0 ? null : "the heartbeat arrived on channel " + in.channel();
        }
        break;
      default:
        if (event instanceof InboundDecoder.ClosedIn) {
          return null;
        }
        break;
    }
    return "received " + event.describe() + " instead";
  }
}
