/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.engine;

import dev.warren.errors.AmqpException;
import dev.warren.errors.BlockedTimeoutException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.ConnectionLostException;
import dev.warren.errors.HeartbeatTimeoutException;
import dev.warren.errors.Initiator;
import dev.warren.errors.NoFreeChannelsException;
import dev.warren.errors.ProtocolException;
import dev.warren.errors.ReplyCode;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.LongString;
import dev.warren.protocol.codec.ByteOutput;
import dev.warren.protocol.codec.FrameDecoder;
import dev.warren.protocol.codec.FrameEncoder;
import dev.warren.protocol.codec.Method;
import dev.warren.protocol.method.BasicPublish;
import dev.warren.protocol.method.ChannelClose;
import dev.warren.protocol.method.ChannelOpen;
import dev.warren.protocol.method.ConfirmSelect;
import dev.warren.protocol.method.ConnectionClose;
import dev.warren.protocol.method.ConnectionUpdateSecret;
import dev.warren.protocol.method.TxSelect;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * One AMQP 0-9-1 connection as a state machine: bytes in ({@link #ingest}), frames out (to the
 * {@link ByteOutput} given at construction), time in ({@link #tick}). It performs the handshake,
 * negotiates limits, keeps heartbeats, multiplexes channels, matches replies to synchronous methods
 * and assembles message content.
 *
 * <p>Not thread-safe: the owner calls it from one thread (the connection's event loop) only, and
 * all listener and callback invocations happen on that thread, inside the call that caused them. It
 * has no clock of its own: every time-dependent call takes {@code System.nanoTime()}-style
 * nanoseconds.
 */
public final class ConnectionEngine {
  static final int MIN_FRAME_MAX = 4096;

  final EngineConfig config;
  final EngineListener listener;
  final ByteOutput out;
  final FrameDecoder decoder;
  private final Handshake handshake;
  private final InboundDispatcher inbound;

  ConnectionState state = ConnectionState.AWAITING_START;
  Tuning tuning;
  Map<String, Object> serverProperties = Map.of();
  private EngineChannel[] channels = new EngineChannel[8];
  final EngineChannel channel0;
  private int lastAllocated;
  private boolean transportDone;
  private ConnectionClosedException closeCause;
  private RpcCallback closeCallback;

  long now;
  private long heartbeatNanos;
  private long lastReadNanos;
  private long lastWriteNanos;
  boolean wroteSinceTick;
  boolean blocked;
  String blockedReason;
  long blockedSinceNanos;

  public ConnectionEngine(EngineConfig config, EngineListener listener, ByteOutput out) {
    this.config = config;
    this.listener = listener;
    this.out = out;
    int initialFrameMax = config.frameMax() == 0 ? 1 << 20 : Math.max(config.frameMax(), 131072);
    this.decoder = new FrameDecoder(initialFrameMax);
    this.handshake = new Handshake(this);
    this.inbound = new InboundDispatcher(this, handshake);
    this.channel0 = new EngineChannel(0, NO_CHANNEL_LISTENER);
    this.channel0.state = ChannelState.OPEN;
  }

  /** Sends the protocol header; the broker answers with connection.start. */
  public void start(long nowNanos) {
    now = nowNanos;
    lastReadNanos = nowNanos;
    lastWriteNanos = nowNanos;
    FrameEncoder.writeProtocolHeader(out);
    wroteSinceTick = true;
  }

  /**
   * Consumes every complete frame in {@code in}, leaving a trailing partial frame for the next
   * call. Malformed input closes the connection with a {@link ProtocolException} as the cause.
   */
  public void ingest(ByteBuffer in, long nowNanos) {
    now = nowNanos;
    lastReadNanos = nowNanos;
    if (state == ConnectionState.CLOSED) {
      in.position(in.limit());
      return;
    }
    try {
      if (state == ConnectionState.AWAITING_START && handshake.notAmqp091(in)) {
        return;
      }
      decoder.decode(in, inbound);
    } catch (ProtocolException e) {
      in.position(in.limit());
      connectionError(e.replyCode(), e.getMessage(), e);
    }
  }

  /**
   * Sends a heartbeat when the connection has been quiet for half the interval, detects a dead peer
   * after two intervals of silence, and enforces the blocked-connection timeout.
   *
   * @return when to call again, in the same nanoseconds; {@link Long#MAX_VALUE} for never
   */
  public long tick(long nowNanos) {
    now = nowNanos;
    if (state == ConnectionState.CLOSED) {
      return Long.MAX_VALUE;
    }
    long next = Long.MAX_VALUE;
    if (heartbeatNanos > 0) {
      if (wroteSinceTick) {
        lastWriteNanos = nowNanos;
        wroteSinceTick = false;
      }
      long silence = nowNanos - lastReadNanos;
      if (silence >= 2 * heartbeatNanos) {
        fail(
            new HeartbeatTimeoutException(
                Duration.ofSeconds(tuning.heartbeatSeconds()), Duration.ofNanos(silence)));
        return Long.MAX_VALUE;
      }
      if (nowNanos - lastWriteNanos >= heartbeatNanos / 2) {
        FrameEncoder.writeHeartbeat(out);
        lastWriteNanos = nowNanos;
        listener.onHeartbeatSent(nowNanos);
      }
      next = nowNanos + heartbeatNanos / 4;
    }
    long blockedTimeout = config.blockedTimeoutNanos();
    if (blocked && blockedTimeout > 0) {
      long deadline = blockedSinceNanos + blockedTimeout;
      if (nowNanos - deadline >= 0) {
        fail(new BlockedTimeoutException(Duration.ofNanos(blockedTimeout), blockedReason));
        return Long.MAX_VALUE;
      }
      next = Math.min(next, deadline);
    }
    return next;
  }

  /** The transport is gone (end of stream or an I/O error). Fails everything still pending. */
  public void transportClosed(Throwable cause) {
    transportDone = true;
    if (state == ConnectionState.CLOSED) {
      return;
    }
    ConnectionClosedException reason =
        switch (state) {
          case AWAITING_START ->
              new ConnectionLostException(
                  "the peer closed the connection before sending connection.start; is this an"
                      + " AMQP 0-9-1 port?",
                  cause);
          case AUTHENTICATING -> handshake.probableAuthenticationFailure(cause);
          case OPENING -> handshake.probableAccessDenied(cause);
          case CLOSING ->
              closeCause != null
                  ? closeCause
                  : new ConnectionLostException("connection lost while closing", cause);
          default ->
              new ConnectionLostException(
                  "connection lost: "
                      + (cause == null ? "the broker closed the socket" : String.valueOf(cause)),
                  cause);
        };
    finish(reason);
  }

  // ---- connection-level operations ----

  /** Asks the broker to close the connection; {@code callback} completes on close-ok. */
  public void close(int replyCode, String replyText, RpcCallback callback) {
    switch (state) {
      case CLOSED -> callback.onReply(null, null, null);
      case CLOSING -> {
        RpcCallback previous = closeCallback;
        closeCallback = chain(previous, callback);
      }
      case OPEN -> {
        write(0, new ConnectionClose(replyCode, replyText, 0, 0));
        state = ConnectionState.CLOSING;
        closeCallback = callback;
        closeCause = new ConnectionClosedException(replyCode, replyText, Initiator.CLIENT);
        closeAllChannels(closeCause);
      }
      default -> {
        // Mid-handshake: nothing to negotiate, just drop the transport.
        closeCallback = callback;
        finish(new ConnectionClosedException(replyCode, replyText, Initiator.CLIENT));
      }
    }
  }

  /** connection.update-secret: gives the broker a new secret (an OAuth 2 token, say). */
  public void updateSecret(byte[] newSecret, String reason, RpcCallback callback) {
    requireOpen();
    ConnectionUpdateSecret request = new ConnectionUpdateSecret(LongString.of(newSecret), reason);
    write(0, request);
    channel0.enqueue(request, callback);
  }

  // ---- channels ----

  /** The lowest free channel number above the last one allocated, wrapping around. */
  public int allocateChannelNumber() {
    requireOpen();
    int max = tuning.channelMax();
    for (int i = 1; i <= max; i++) {
      int candidate = (lastAllocated + i - 1) % max + 1;
      if (channel(candidate) == null) {
        lastAllocated = candidate;
        return candidate;
      }
    }
    throw new NoFreeChannelsException(max);
  }

  /** Whether the number is free to be opened. */
  public boolean isChannelNumberFree(int number) {
    return number >= 1
        && (tuning == null || number <= tuning.channelMax())
        && channel(number) == null;
  }

  /** Sends channel.open; {@code callback} completes on open-ok. */
  public void openChannel(int number, ChannelListener channelListener, RpcCallback callback) {
    requireOpen();
    if (number < 1 || number > tuning.channelMax()) {
      throw new IllegalArgumentException(
          "channel number " + number + " is outside 1.." + tuning.channelMax());
    }
    if (channel(number) != null) {
      throw new IllegalStateException("channel " + number + " is already in use");
    }
    EngineChannel ch = new EngineChannel(number, channelListener);
    putChannel(ch);
    ch.enqueue(CHANNEL_OPEN, callback);
    write(number, CHANNEL_OPEN);
  }

  /** Sends a synchronous method; {@code callback} gets the reply in order. */
  public void rpc(int channel, Method request, RpcCallback callback) {
    EngineChannel ch = openChannel(channel);
    // Written first: a method that cannot be encoded throws before anything awaits its reply.
    write(channel, request);
    ch.enqueue(request, callback);
    noteModeChange(ch, request);
  }

  /** Sends a method that has no reply (ack, nack, reject, recover-async, no-wait variants ...). */
  public void send(int channel, Method method) {
    EngineChannel ch = openChannel(channel);
    write(channel, method);
    noteModeChange(ch, method);
  }

  /**
   * confirm.select and tx.select take effect for every publish sent after them, whether or not the
   * reply has arrived (and with no-wait there is none), so the mode is recorded on sending.
   */
  private static void noteModeChange(EngineChannel ch, Method method) {
    if (method instanceof ConfirmSelect) {
      if (!ch.confirmMode) {
        ch.confirmMode = true;
        ch.nextPublishSeqNo = 1;
      }
    } else if (method instanceof TxSelect) {
      ch.txMode = true;
    }
  }

  /**
   * Publishes a message: basic.publish, its content header and body frames.
   *
   * @return the message's publish sequence number in confirm mode, 0 otherwise
   */
  public long publish(
      int channel,
      String exchange,
      String routingKey,
      boolean mandatory,
      BasicProperties properties,
      byte[] body,
      int offset,
      int length) {
    EngineChannel ch = openChannel(channel);
    int mark = out.writerIndex();
    try {
      FrameEncoder.writeMethod(
          out, channel, new BasicPublish(0, exchange, routingKey, mandatory, false));
      FrameEncoder.writeContent(
          out, channel, 60, properties, body, offset, length, tuning.frameMax());
    } catch (IllegalArgumentException e) {
      out.truncate(mark); // nothing half-written may reach the peer
      throw e;
    }
    wroteSinceTick = true;
    return ch.confirmMode ? ch.nextPublishSeqNo++ : 0;
  }

  /** The sequence number the next publish on this channel will get in confirm mode (else 0). */
  public long nextPublishSeqNo(int channel) {
    EngineChannel ch = channel(channel);
    return ch != null && ch.confirmMode ? ch.nextPublishSeqNo : 0;
  }

  /** Sends channel.close; {@code callback} completes on close-ok. */
  public void closeChannel(int channel, int replyCode, String replyText, RpcCallback callback) {
    EngineChannel ch = channel(channel);
    if (ch == null || ch.state == ChannelState.CLOSED) {
      callback.onReply(null, null, null);
      return;
    }
    if (ch.state == ChannelState.CLOSING) {
      ch.closeCallback = chain(ch.closeCallback, callback);
      return;
    }
    if (state != ConnectionState.OPEN) {
      callback.onReply(null, null, null);
      return;
    }
    write(channel, new ChannelClose(replyCode, replyText, 0, 0));
    ch.state = ChannelState.CLOSING;
    ch.closeCallback = callback;
    ChannelClosedException cause =
        new ChannelClosedException(channel, replyCode, replyText, 0, 0, Initiator.CLIENT);
    ch.closeCause = cause;
    ch.resetContent();
    ch.failAll(cause);
  }

  /**
   * Closes a channel at once because of a problem found on this side (a body too large, say):
   * channel.close goes to the broker and the channel's owner hears {@code cause} now.
   */
  void channelError(EngineChannel ch, int replyCode, String replyText, Throwable detail) {
    write(ch.number, new ChannelClose(replyCode, replyText, 0, 0));
    ChannelClosedException cause =
        new ChannelClosedException(ch.number, replyCode, replyText, 0, 0, Initiator.LIBRARY);
    if (detail != null) {
      cause.initCause(detail);
    }
    ch.closeCause = cause;
    ch.close(cause);
    ch.state = ChannelState.CLOSING; // still awaiting close-ok; frames until then are discarded
  }

  // ---- state ----

  public ConnectionState state() {
    return state;
  }

  /** The negotiated limits, or null before connection.tune. */
  public Tuning tuning() {
    return tuning;
  }

  public Map<String, Object> serverProperties() {
    return serverProperties;
  }

  public boolean isBlocked() {
    return blocked;
  }

  /** The state of a channel, or {@link ChannelState#CLOSED} when it is not in use. */
  public ChannelState channelState(int number) {
    EngineChannel ch = channel(number);
    return ch == null ? ChannelState.CLOSED : ch.state;
  }

  /** Whether the owner should close the transport now: the connection is over. */
  public boolean isTransportDone() {
    return transportDone;
  }

  /** Why the connection closed, once it has; null before. */
  public ConnectionClosedException closeCause() {
    return state == ConnectionState.CLOSED ? closeCause : null;
  }

  // ---- internals used by Handshake and InboundDispatcher ----

  /**
   * Writes a method frame; one that cannot be encoded (a shortstr over 255 bytes, say) throws
   * {@link IllegalArgumentException} and leaves nothing of itself in the output.
   */
  void write(int channel, Method method) {
    int mark = out.writerIndex();
    try {
      FrameEncoder.writeMethod(out, channel, method);
    } catch (IllegalArgumentException e) {
      out.truncate(mark);
      throw e;
    }
    wroteSinceTick = true;
  }

  void opened(Tuning negotiated) {
    this.tuning = negotiated;
    this.heartbeatNanos = negotiated.heartbeatSeconds() * 1_000_000_000L;
    decoder.setMaxFrameSize(negotiated.frameMax() == 0 ? Integer.MAX_VALUE : negotiated.frameMax());
  }

  EngineChannel channel(int number) {
    return number < channels.length ? channels[number] : null;
  }

  private void putChannel(EngineChannel ch) {
    if (ch.number >= channels.length) {
      channels = Arrays.copyOf(channels, Math.max(ch.number + 1, channels.length * 2));
    }
    channels[ch.number] = ch;
  }

  void removeChannel(EngineChannel ch) {
    if (ch.number < channels.length && channels[ch.number] == ch) {
      channels[ch.number] = null;
    }
  }

  private EngineChannel openChannel(int number) {
    if (state != ConnectionState.OPEN) {
      throw new WrongStateException(
          "connection is " + state.name().toLowerCase(java.util.Locale.ROOT), closeCause);
    }
    EngineChannel ch = channel(number);
    if (ch == null || ch.state != ChannelState.OPEN) {
      throw new WrongStateException(
          "channel "
              + number
              + " is "
              + (ch == null ? "closed" : ch.state.name().toLowerCase(java.util.Locale.ROOT)),
          ch == null ? null : ch.closeCause);
    }
    return ch;
  }

  private void requireOpen() {
    if (state != ConnectionState.OPEN) {
      throw new WrongStateException(
          "connection is " + state.name().toLowerCase(java.util.Locale.ROOT), closeCause);
    }
  }

  /** The broker broke the protocol (or a limit): tell it why, then give up on the connection. */
  void connectionError(int replyCode, String text, Throwable cause) {
    if (state == ConnectionState.CLOSED) {
      return;
    }
    if (state == ConnectionState.OPEN || state == ConnectionState.OPENING) {
      write(0, new ConnectionClose(replyCode, truncate(text), 0, 0));
    }
    finish(
        new ConnectionClosedException(
            replyCode,
            text,
            Initiator.LIBRARY,
            "connection closed by Warren: " + ReplyCode.describe(replyCode, text),
            cause));
  }

  /** A local failure (heartbeat, blocked timeout): no close handshake, the transport goes. */
  void fail(ConnectionClosedException cause) {
    finish(cause);
  }

  /** The broker's connection.close was answered with close-ok. */
  void closedByBroker(ConnectionClosedException cause) {
    finish(cause);
  }

  /** Our connection.close was answered. */
  void closeCompleted() {
    finish(closeCause);
  }

  private void finish(ConnectionClosedException cause) {
    if (state == ConnectionState.CLOSED) {
      return;
    }
    state = ConnectionState.CLOSED;
    closeCause = cause;
    transportDone = true;
    heartbeatNanos = 0;
    closeAllChannels(cause);
    channel0.failAll(cause);
    listener.onClosed(cause);
    RpcCallback cb = closeCallback;
    closeCallback = null;
    if (cb != null) {
      if (cause.initiator() == Initiator.CLIENT) {
        cb.onReply(null, null, null);
      } else {
        cb.onFailure(cause);
      }
    }
  }

  private void closeAllChannels(ConnectionClosedException cause) {
    for (int i = 1; i < channels.length; i++) {
      EngineChannel ch = channels[i];
      if (ch != null) {
        channels[i] = null;
        ChannelClosedException channelCause =
            new ChannelClosedException(
                ch.number,
                cause.replyCode(),
                cause.replyText(),
                cause.failingClassId(),
                cause.failingMethodId(),
                Initiator.LIBRARY);
        channelCause.initCause(cause);
        RpcCallback cb = ch.closeCallback;
        ch.closeCallback = null;
        ch.close(channelCause);
        if (cb != null) {
          cb.onReply(null, null, null);
        }
      }
    }
  }

  static RpcCallback chain(RpcCallback first, RpcCallback second) {
    if (first == null) {
      return second;
    }
    return new RpcCallback() {
      @Override
      public void onReply(Method reply, BasicProperties properties, byte[] body) {
        first.onReply(reply, properties, body);
        second.onReply(reply, properties, body);
      }

      @Override
      public void onFailure(AmqpException failure) {
        first.onFailure(failure);
        second.onFailure(failure);
      }
    };
  }

  static String truncate(String text) {
    if (text == null) {
      return "";
    }
    // shortstr holds at most 255 bytes; reply texts are ASCII in practice, so chars ~ bytes.
    return text.length() > 200 ? text.substring(0, 200) : text;
  }

  private static final ChannelOpen CHANNEL_OPEN = new ChannelOpen("");

  private static final ChannelListener NO_CHANNEL_LISTENER =
      new ChannelListener() {
        @Override
        public void onDelivery(
            dev.warren.protocol.method.BasicDeliver d, BasicProperties p, byte[] b) {}

        @Override
        public void onReturn(
            dev.warren.protocol.method.BasicReturn r, BasicProperties p, byte[] b) {}

        @Override
        public void onAck(long deliveryTag, boolean multiple) {}

        @Override
        public void onNack(long deliveryTag, boolean multiple) {}

        @Override
        public void onCancelledByBroker(String consumerTag) {}

        @Override
        public void onFlow(boolean active) {}

        @Override
        public void onClosed(ChannelClosedException cause) {}
      };
}
