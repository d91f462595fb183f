/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.engine;

import dev.warren.errors.AmqpException;
import dev.warren.errors.AuthenticationException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.Initiator;
import dev.warren.errors.ProtocolException;
import dev.warren.errors.ReplyCode;
import dev.warren.errors.VirtualHostAccessException;
import dev.warren.protocol.LongString;
import dev.warren.protocol.method.ConnectionClose;
import dev.warren.protocol.method.ConnectionOpen;
import dev.warren.protocol.method.ConnectionSecure;
import dev.warren.protocol.method.ConnectionSecureOk;
import dev.warren.protocol.method.ConnectionStart;
import dev.warren.protocol.method.ConnectionStartOk;
import dev.warren.protocol.method.ConnectionTune;
import dev.warren.protocol.method.ConnectionTuneOk;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/** The opening of a connection: start / start-ok, secure / secure-ok, tune / tune-ok, open. */
final class Handshake {
  private final ConnectionEngine engine;
  private SaslClient sasl;

  Handshake(ConnectionEngine engine) {
    this.engine = engine;
  }

  /**
   * A broker that does not accept our protocol version answers the protocol header with its own
   * ("AMQP" and four version octets) and closes. Returns true when the input is (the start of) such
   * a header, which ends the connection, or when more bytes are needed to tell.
   */
  boolean rejectedProtocolHeader(ByteBuffer in) {
    if (!in.hasRemaining() || in.get(in.position()) != 'A') {
      return false;
    }
    if (in.remaining() < 8) {
      return true;
    }
    byte[] header = new byte[8];
    in.get(header);
    String version = header[5] + "-" + header[6] + "-" + header[7];
    engine.fail(
        new ConnectionClosedException(
            ReplyCode.NOT_IMPLEMENTED,
            "protocol version mismatch",
            Initiator.BROKER,
            "the broker does not speak AMQP 0-9-1: it answered with protocol header AMQP "
                + version
                + "; point Warren at an AMQP 0-9-1 port (RabbitMQ: 5672, or 5671 with TLS)",
            new ProtocolException(
                ReplyCode.NOT_IMPLEMENTED, "protocol header " + Arrays.toString(header))));
    return true;
  }

  void onStart(ConnectionStart start) {
    engine.serverProperties = start.serverProperties();
    List<String> mechanisms = splitWords(start.mechanisms().asString());
    try {
      sasl = engine.config.sasl().apply(mechanisms);
    } catch (AmqpException e) {
      engine.fail(asClosed(e));
      return;
    }
    byte[] response = sasl.initialResponse();
    engine.write(
        0,
        new ConnectionStartOk(
            engine.config.clientProperties(),
            sasl.mechanism(),
            LongString.of(response),
            engine.config.locale()));
    engine.state = ConnectionState.AUTHENTICATING;
  }

  void onSecure(ConnectionSecure secure) {
    byte[] answer;
    try {
      answer = sasl.respond(secure.challenge().bytes());
    } catch (RuntimeException e) {
      engine.fail(
          new AuthenticationException(
              ReplyCode.ACCESS_REFUSED,
              "",
              "SASL mechanism "
                  + sasl.mechanism()
                  + " could not answer the broker's challenge: "
                  + e.getMessage()));
      return;
    }
    engine.write(0, new ConnectionSecureOk(LongString.of(answer)));
  }

  void onTune(ConnectionTune tune) {
    EngineConfig config = engine.config;
    int channelMax = (int) Tuning.negotiate(config.channelMax(), tune.channelMax());
    if (channelMax == 0) {
      channelMax = 65535;
    }
    long frameMax = Tuning.negotiate(config.frameMax(), tune.frameMax());
    if (frameMax != 0 && frameMax < ConnectionEngine.MIN_FRAME_MAX) {
      frameMax = ConnectionEngine.MIN_FRAME_MAX;
    }
    int heartbeat = Math.max(0, Math.min(65535, config.heartbeat().applyAsInt(tune.heartbeat())));
    Tuning tuning =
        new Tuning(
            channelMax,
            (int) Math.min(frameMax, Integer.MAX_VALUE),
            heartbeat,
            Math.max(0, Math.min(65535, tune.heartbeat())));
    engine.write(0, new ConnectionTuneOk(channelMax, frameMax, heartbeat));
    engine.opened(tuning);
    engine.write(0, new ConnectionOpen(config.virtualHost(), "", false));
    engine.state = ConnectionState.OPENING;
  }

  void onOpenOk() {
    engine.state = ConnectionState.OPEN;
    engine.listener.onOpen(engine.tuning, engine.serverProperties);
  }

  /** The exception for a connection.close from the broker, given the stage it arrived in. */
  ConnectionClosedException closeFromBroker(ConnectionClose close) {
    int code = close.replyCode();
    String text = close.replyText();
    ConnectionState state = engine.state;
    if (code == ReplyCode.ACCESS_REFUSED
        && (state == ConnectionState.AUTHENTICATING || state == ConnectionState.AWAITING_START)) {
      return new AuthenticationException(
          code,
          text,
          "authentication failed"
              + (sasl == null ? "" : " with mechanism " + sasl.mechanism())
              + ": "
              + code
              + " ACCESS_REFUSED - "
              + text
              + "; "
              + loginHint());
    }
    if (state == ConnectionState.OPENING
        && (code == ReplyCode.NOT_ALLOWED
            || code == ReplyCode.INVALID_PATH
            || code == ReplyCode.ACCESS_REFUSED)) {
      return new VirtualHostAccessException(code, text, engine.config.virtualHost());
    }
    return new ConnectionClosedException(code, text, Initiator.BROKER);
  }

  /** What to check after a refused login: EXTERNAL has no user name or password. */
  private String loginHint() {
    if (sasl != null && "EXTERNAL".equalsIgnoreCase(sasl.mechanism())) {
      return "check that the client presents a TLS certificate (TlsOptions keyPem/keyStore) that"
          + " the broker trusts, and that the user it names exists";
    }
    return "check the user name and password";
  }

  ConnectionClosedException probableAuthenticationFailure(Throwable cause) {
    AuthenticationException e =
        new AuthenticationException(
            ReplyCode.ACCESS_REFUSED,
            "",
            "the broker closed the connection during authentication"
                + (sasl == null ? "" : " (mechanism " + sasl.mechanism() + ")")
                + ": probably a wrong user name or password");
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  ConnectionClosedException probableAccessDenied(Throwable cause) {
    VirtualHostAccessException e =
        new VirtualHostAccessException(
            ReplyCode.NOT_ALLOWED,
            "the broker closed the socket during connection.open",
            engine.config.virtualHost());
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  private static ConnectionClosedException asClosed(AmqpException e) {
    if (e instanceof ConnectionClosedException closed) {
      return closed;
    }
    return new ConnectionClosedException(
        e.replyCode(), e.getMessage(), Initiator.LIBRARY, e.getMessage(), e);
  }

  private static List<String> splitWords(String s) {
    String trimmed = s.trim();
    return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
  }
}
