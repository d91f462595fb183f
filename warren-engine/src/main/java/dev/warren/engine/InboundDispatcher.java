/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.engine;

import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.FrameTooLargeException;
import dev.warren.errors.ReplyCode;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.codec.FrameHandler;
import dev.warren.protocol.codec.Method;
import dev.warren.protocol.method.BasicAck;
import dev.warren.protocol.method.BasicCancel;
import dev.warren.protocol.method.BasicCancelOk;
import dev.warren.protocol.method.BasicDeliver;
import dev.warren.protocol.method.BasicGetOk;
import dev.warren.protocol.method.BasicNack;
import dev.warren.protocol.method.BasicReturn;
import dev.warren.protocol.method.ChannelClose;
import dev.warren.protocol.method.ChannelCloseOk;
import dev.warren.protocol.method.ChannelFlow;
import dev.warren.protocol.method.ChannelFlowOk;
import dev.warren.protocol.method.ChannelOpenOk;
import dev.warren.protocol.method.ConnectionBlocked;
import dev.warren.protocol.method.ConnectionClose;
import dev.warren.protocol.method.ConnectionCloseOk;
import dev.warren.protocol.method.ConnectionOpenOk;
import dev.warren.protocol.method.ConnectionSecure;
import dev.warren.protocol.method.ConnectionStart;
import dev.warren.protocol.method.ConnectionTune;
import dev.warren.protocol.method.ConnectionUnblocked;
import java.nio.ByteBuffer;

/** Routes decoded frames to the connection, its channels and their content assembly. */
final class InboundDispatcher implements FrameHandler {
  private final ConnectionEngine engine;
  private final Handshake handshake;

  InboundDispatcher(ConnectionEngine engine, Handshake handshake) {
    this.engine = engine;
    this.handshake = handshake;
  }

  @Override
  public void onMethod(int channel, Method method) {
    if (engine.state == ConnectionState.CLOSED) {
      return;
    }
    if (channel != 0 && engine.state == ConnectionState.CLOSING) {
      return; // after connection.close, everything but close / close-ok is discarded
    }
    if (channel == 0) {
      connectionMethod(method);
    } else {
      channelMethod(channel, method);
    }
  }

  @Override
  public void onHeartbeat(int channel) {
    // Any frame counts as a sign of life; ingest() already noted the time.
    engine.listener.onHeartbeatReceived(engine.now);
  }

  private void connectionMethod(Method m) {
    ConnectionState state = engine.state;
    if (m instanceof ConnectionClose close) {
      ConnectionClosedException cause = handshake.closeFromBroker(close);
      engine.write(0, dev.warren.protocol.method.ConnectionCloseOk.INSTANCE);
      engine.closedByBroker(cause);
    } else if (m instanceof ConnectionCloseOk && state == ConnectionState.CLOSING) {
      engine.closeCompleted();
      // A close-ok nobody asked for falls through to the unexpected-frame error below.
    } else if (m instanceof ConnectionBlocked blocked) {
      if (!engine.blocked) {
        // The blocked-connection timeout counts from the first notification: a repeated one (a
        // new alarm, a new reason) must not push the deadline back.
        engine.blockedSinceNanos = engine.now;
      }
      engine.blocked = true;
      engine.blockedReason = blocked.reason();
      engine.listener.onBlocked(blocked.reason());
    } else if (m instanceof ConnectionUnblocked) {
      engine.blocked = false;
      engine.blockedReason = null;
      engine.listener.onUnblocked();
    } else if (m instanceof ConnectionStart start && state == ConnectionState.AWAITING_START) {
      handshake.onStart(start);
    } else if (m instanceof ConnectionSecure secure && state == ConnectionState.AUTHENTICATING) {
      handshake.onSecure(secure);
    } else if (m instanceof ConnectionTune tune && state == ConnectionState.AUTHENTICATING) {
      handshake.onTune(tune);
    } else if (m instanceof ConnectionOpenOk && state == ConnectionState.OPENING) {
      handshake.onOpenOk();
    } else if (state == ConnectionState.CLOSING) {
      // After sending connection.close, everything but close / close-ok is discarded.
    } else {
      RpcCallback cb = engine.channel0.takeIfReplyTo(m);
      if (cb == null) {
        unexpected(m.protocolName() + " on channel 0 in state " + state);
        return;
      }
      cb.onReply(m, null, null);
    }
  }

  private void channelMethod(int number, Method m) {
    EngineChannel ch = requireChannel(number, m.protocolName());
    if (ch == null) {
      return;
    }
    if (ch.state == ChannelState.CLOSING) {
      closingChannelMethod(ch, m);
      return;
    }
    if (ch.assemblingContent()) {
      unexpected(
          m.protocolName()
              + " on channel "
              + number
              + " while the content of "
              + ch.contentMethod.protocolName()
              + " was expected");
      return;
    }
    if (m instanceof BasicDeliver || m instanceof BasicReturn || m instanceof BasicGetOk) {
      ch.contentMethod = m;
      ch.awaitingHeader = true;
    } else if (m instanceof BasicAck ack) {
      ch.listener.onAck(ack.deliveryTag(), ack.multiple());
    } else if (m instanceof BasicNack nack) {
      ch.listener.onNack(nack.deliveryTag(), nack.multiple());
    } else if (m instanceof ChannelClose close) {
      engine.write(number, dev.warren.protocol.method.ChannelCloseOk.INSTANCE);
      engine.removeChannel(ch);
      ch.close(
          ChannelClosedException.fromBroker(
              number,
              close.replyCode(),
              close.replyText(),
              close.failingClassId(),
              close.failingMethodId()));
    } else if (m instanceof ChannelFlow flow) {
      engine.write(number, new ChannelFlowOk(flow.active()));
      ch.listener.onFlow(flow.active());
    } else if (m instanceof BasicCancel cancel) {
      if (!cancel.nowait()) {
        engine.write(number, new BasicCancelOk(cancel.consumerTag()));
      }
      ch.listener.onCancelledByBroker(cancel.consumerTag());
    } else {
      RpcCallback cb = ch.takeIfReplyTo(m);
      if (cb == null) {
        unexpected(m.protocolName() + " on channel " + number + ", which was not waiting for it");
        return;
      }
      if (m instanceof ChannelOpenOk) {
        ch.state = ChannelState.OPEN;
      }
      cb.onReply(m, null, null);
    }
  }

  private void closingChannelMethod(EngineChannel ch, Method m) {
    if (m instanceof ChannelCloseOk) {
      engine.removeChannel(ch);
      RpcCallback cb = ch.closeCallback;
      ch.closeCallback = null;
      ChannelClosedException cause = ch.closeCause;
      ch.close(cause);
      if (cb != null) {
        cb.onReply(m, null, null);
      }
    } else if (m instanceof ChannelClose close) {
      // Both sides closed at once: answer, report the broker's reason, keep waiting for close-ok.
      engine.write(ch.number, dev.warren.protocol.method.ChannelCloseOk.INSTANCE);
      ch.close(
          ChannelClosedException.fromBroker(
              ch.number,
              close.replyCode(),
              close.replyText(),
              close.failingClassId(),
              close.failingMethodId()));
      ch.state = ChannelState.CLOSING;
    }
    // Anything else on a closing channel is discarded, as the spec requires.
  }

  @Override
  public void onContentHeader(int channel, int classId, long bodySize, BasicProperties properties) {
    if (engine.state == ConnectionState.CLOSED || engine.state == ConnectionState.CLOSING) {
      return;
    }
    EngineChannel ch = requireChannel(channel, "a content header");
    if (ch == null || ch.state == ChannelState.CLOSING) {
      return;
    }
    if (!ch.awaitingHeader) {
      unexpected("a content header on channel " + channel + " with no method before it");
      return;
    }
    if (classId != 60) {
      unexpected("a content header of class " + classId + " on channel " + channel);
      return;
    }
    long limit = Math.min(engine.config.maxBodySize(), Integer.MAX_VALUE - 8);
    if (bodySize > limit || bodySize < 0) {
      String text =
          "message body of "
              + bodySize
              + " bytes exceeds the maximum inbound body size of "
              + limit
              + " bytes";
      engine.channelError(
          ch,
          ReplyCode.CONTENT_TOO_LARGE,
          text,
          new FrameTooLargeException("message body", bodySize, limit));
      return;
    }
    ch.awaitingHeader = false;
    ch.contentProperties = properties;
    ch.contentBody = new byte[(int) bodySize];
    ch.contentFilled = 0;
    if (bodySize == 0) {
      completeContent(ch);
    }
  }

  @Override
  public void onContentBody(int channel, ByteBuffer payload) {
    if (engine.state == ConnectionState.CLOSED || engine.state == ConnectionState.CLOSING) {
      return;
    }
    EngineChannel ch = requireChannel(channel, "a content body");
    if (ch == null || ch.state == ChannelState.CLOSING) {
      return;
    }
    if (!ch.assemblingContent() || ch.awaitingHeader) {
      unexpected(
          "a content body frame on channel " + channel + " with no content header before it");
      return;
    }
    int n = payload.remaining();
    int room = ch.contentBody.length - ch.contentFilled;
    if (n > room) {
      engine.connectionError(
          ReplyCode.FRAME_ERROR,
          "content body frame of "
              + n
              + " bytes on channel "
              + channel
              + " overruns the announced body size of "
              + ch.contentBody.length
              + " bytes",
          null);
      return;
    }
    payload.get(ch.contentBody, ch.contentFilled, n);
    ch.contentFilled += n;
    if (ch.contentFilled == ch.contentBody.length) {
      completeContent(ch);
    }
  }

  private void completeContent(EngineChannel ch) {
    Method m = ch.contentMethod;
    BasicProperties props = ch.contentProperties;
    byte[] body = ch.contentBody;
    ch.resetContent();
    if (m instanceof BasicDeliver deliver) {
      ch.listener.onDelivery(deliver, props, body);
    } else if (m instanceof BasicReturn returned) {
      ch.listener.onReturn(returned, props, body);
    } else {
      RpcCallback cb = ch.takeIfReplyTo(m);
      if (cb == null) {
        unexpected("basic.get-ok on channel " + ch.number + " with no basic.get waiting for it");
        return;
      }
      cb.onReply(m, props, body);
    }
  }

  private EngineChannel requireChannel(int number, String what) {
    EngineChannel ch = engine.channel(number);
    if (ch == null) {
      engine.connectionError(
          ReplyCode.CHANNEL_ERROR,
          what + " arrived for channel " + number + ", which is not open",
          null);
    }
    return ch;
  }

  private void unexpected(String what) {
    engine.connectionError(ReplyCode.UNEXPECTED_FRAME, "unexpected frame: " + what, null);
  }
}
