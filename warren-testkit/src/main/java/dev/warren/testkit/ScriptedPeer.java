/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.testkit;

import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.LongString;
import dev.warren.protocol.codec.FrameEncoder;
import dev.warren.protocol.codec.HeapByteOutput;
import dev.warren.protocol.codec.Method;
import dev.warren.protocol.codec.ProtocolHeader;
import dev.warren.protocol.method.ChannelClose;
import dev.warren.protocol.method.ChannelCloseOk;
import dev.warren.protocol.method.ChannelOpen;
import dev.warren.protocol.method.ChannelOpenOk;
import dev.warren.protocol.method.ConnectionClose;
import dev.warren.protocol.method.ConnectionCloseOk;
import dev.warren.protocol.method.ConnectionOpen;
import dev.warren.protocol.method.ConnectionOpenOk;
import dev.warren.protocol.method.ConnectionStart;
import dev.warren.protocol.method.ConnectionStartOk;
import dev.warren.protocol.method.ConnectionTune;
import dev.warren.protocol.method.ConnectionTuneOk;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A scripted AMQP 0-9-1 broker for tests, in the style of qpid-protonj2's test peer and OkHttp's
 * MockWebServer: the test writes down what the broker expects from the client and what it sends, in
 * order, drives the client, then calls {@link #verify()}.
 *
 * <pre>{@code
 * ScriptedPeer peer = new ScriptedPeer(transport);
 * HandshakeScript hs = peer.handshake();                 // header, start, tune, open
 * peer.expectChannelOpen(1);                             // answers open-ok
 * peer.expect(QueueDeclare.class).onChannel(1)
 *     .matching("durable", QueueDeclare::durable)
 *     .respond(new QueueDeclareOk("orders", 0, 0));
 * peer.send(1, new ChannelClose(404, "NOT_FOUND - no queue 'x'", 50, 10));
 * peer.expect(ChannelCloseOk.class).onChannel(1);
 * peer.expectClose();                                    // answers close-ok
 * ... drive the client ...
 * peer.verify();   // every step done, in order, nothing unexpected arrived
 * }</pre>
 *
 * <h2>The script</h2>
 *
 * <p>The script is a list of steps, run in order. An <em>expectation</em> ({@code expect...}) waits
 * for the next thing the client sends: the protocol header, a method (with its content, assembled
 * from header and body frames), a heartbeat, or the end of its stream. An <em>action</em> ({@code
 * send...}, {@link #sendRaw}, {@link #delay}, {@link #disconnect}) runs as soon as every step
 * before it is done: at once when nothing is awaited, otherwise right after the expectation before
 * it is met. Responses attached to an expectation ({@link Expectation#respond}) run when it is met,
 * before the steps after it. Steps can be added at any time, also while the client runs.
 *
 * <p>Whatever the client sends must meet the next expectation. Anything else (another method, the
 * wrong channel, a failed check, something after the last expectation, malformed bytes, a broken
 * content sequence) is a failure: the peer stops, records what it wanted and what arrived, and
 * {@link #verify()} throws an {@link AssertionError} saying so, with the script and a transcript.
 * Heartbeats from the client are counted ({@link #heartbeatsReceived()}) and otherwise ignored,
 * unless the next step is {@link #expectHeartbeat()} or {@link #strictHeartbeats()} was called.
 *
 * <h2>Two ways to run it</h2>
 *
 * <ul>
 *   <li><b>In memory</b>, for sans-IO engines: the test hands the bytes the client wrote to {@link
 *       #receive(byte[])}, and its {@link PeerTransport} gives the peer's bytes to the client (for
 *       Warren's engine: {@code engine.ingest}). Everything happens on the test's thread, inside
 *       these calls; nothing waits, so time stays under the test's control.
 *   <li><b>Over a socket</b>: {@link ScriptedBrokerServer} runs a script per accepted connection,
 *       each on its own thread.
 * </ul>
 *
 * <p>The peer speaks AMQP 0-9-1 frames only and checks no broker semantics: it does not know what a
 * queue is, it only knows its script. The body of content it sends is split at the frame_max the
 * client sent in connection.tune-ok ({@value #DEFAULT_FRAME_MAX} bytes until then).
 *
 * <p>Thread-safe: every method holds the peer's lock, and the transport is called with the lock
 * held (see {@link PeerTransport}).
 */
public final class ScriptedPeer {
  /** The frame size content is split at until the client's connection.tune-ok says otherwise. */
  public static final int DEFAULT_FRAME_MAX = 131072;

  private static final int TRANSCRIPT_LINES_IN_REPORT = 40;

  /** One step of the script: an expectation, or an action. */
  private static final class Step {
    final Expectation expectation;
    final String description;
    final Runnable action;
    boolean done;

    Step(Expectation expectation) {
      this.expectation = expectation;
      this.description = null;
      this.action = null;
    }

    Step(String description, Runnable action) {
      this.expectation = null;
      this.description = description;
      this.action = action;
    }

    String describe() {
      return expectation != null ? "expect " + expectation.describe() : description;
    }
  }

  private final PeerTransport transport;
  private final InboundDecoder decoder = new InboundDecoder();
  private final List<Step> steps = new ArrayList<>();
  private final List<Received<?>> received = new ArrayList<>();
  private final List<String> transcript = new ArrayList<>();
  private int next;
  private String failure;
  private boolean busy;
  private boolean clientEndOfStream;
  private boolean endOfStreamHandled;
  private boolean transportClosed;
  private boolean strictHeartbeats;
  private int heartbeatsReceived;
  private int frameMax = DEFAULT_FRAME_MAX;

  /** A peer sending through {@code transport}; the script starts empty. */
  public ScriptedPeer(PeerTransport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  // ---- expectations ----

  /** Expects the AMQP 0-9-1 protocol header {@code "AMQP" 0 0 9 1}. */
  public Expectation expectProtocolHeader() {
    return expectProtocolHeader(ProtocolHeader.AMQP_0_9_1);
  }

  /** Expects the protocol header {@code header}. */
  public Expectation expectProtocolHeader(ProtocolHeader header) {
    Objects.requireNonNull(header, "header");
    return addExpectation(
        new FrameExpectation(this, FrameExpectation.Kind.PROTOCOL_HEADER, header));
  }

  /**
   * Expects a method of type {@code type} (a class of {@code dev.warren.protocol.method}, or {@code
   * Method.class} for any), on any channel until {@link MethodExpectation#onChannel} says.
   */
  public <T extends Method> MethodExpectation<T> expect(Class<T> type) {
    return addExpectation(new MethodExpectation<>(this, type));
  }

  /** Expects a method of type {@code type} on {@code channel}. */
  public <T extends Method> MethodExpectation<T> expect(int channel, Class<T> type) {
    MethodExpectation<T> e = new MethodExpectation<>(this, type);
    e.onChannel(channel);
    return addExpectation(e);
  }

  /** Expects a heartbeat frame (on channel 0). */
  public Expectation expectHeartbeat() {
    return addExpectation(new FrameExpectation(this, FrameExpectation.Kind.HEARTBEAT, null));
  }

  /**
   * Expects the client to close the connection (the end of its byte stream; for an in-memory peer,
   * {@link #clientClosed()}).
   */
  public Expectation expectDisconnect() {
    return addExpectation(new FrameExpectation(this, FrameExpectation.Kind.CLIENT_CLOSE, null));
  }

  /** Expects connection.close and answers connection.close-ok, as a broker does. */
  public MethodExpectation<ConnectionClose> expectClose() {
    return expect(0, ConnectionClose.class).respond(ConnectionCloseOk.INSTANCE);
  }

  /** Expects connection.close with {@code replyCode} and answers connection.close-ok. */
  public MethodExpectation<ConnectionClose> expectClose(int replyCode) {
    return expect(0, ConnectionClose.class)
        .matching("reply code " + replyCode, c -> c.replyCode() == replyCode)
        .respond(ConnectionCloseOk.INSTANCE);
  }

  /** Expects channel.open on {@code channel} and answers channel.open-ok, as a broker does. */
  public MethodExpectation<ChannelOpen> expectChannelOpen(int channel) {
    return expect(channel, ChannelOpen.class).respond(new ChannelOpenOk(LongString.EMPTY));
  }

  /** Expects channel.close on {@code channel} and answers channel.close-ok, as a broker does. */
  public MethodExpectation<ChannelClose> expectChannelClose(int channel) {
    return expect(channel, ChannelClose.class).respond(ChannelCloseOk.INSTANCE);
  }

  // ---- the handshake ----

  /** {@link #handshake(BrokerHandshake)} with {@link BrokerHandshake#rabbitMq()}. */
  public HandshakeScript handshake() {
    return handshake(BrokerHandshake.rabbitMq());
  }

  /**
   * Scripts a broker's side of a successful handshake: expects the protocol header and answers
   * connection.start; expects start-ok naming one of the offered mechanisms and answers
   * connection.tune; expects tune-ok; expects connection.open and answers open-ok. No
   * connection.secure round: script it by hand for challenge-response mechanisms.
   *
   * @return the three expectations, to check what the client sent
   */
  public HandshakeScript handshake(BrokerHandshake broker) {
    Objects.requireNonNull(broker, "broker");
    List<String> offered = Arrays.asList(broker.mechanisms().trim().split("\\s+"));
    synchronized (this) {
      expectProtocolHeader().respond(start(broker));
      MethodExpectation<ConnectionStartOk> startOk =
          expect(0, ConnectionStartOk.class)
              .matching(
                  "one of the offered mechanisms " + offered,
                  so -> offered.contains(so.mechanism()))
              .respond(
                  new ConnectionTune(broker.channelMax(), broker.frameMax(), broker.heartbeat()));
      MethodExpectation<ConnectionTuneOk> tuneOk = expect(0, ConnectionTuneOk.class);
      MethodExpectation<ConnectionOpen> open =
          expect(0, ConnectionOpen.class).respond(new ConnectionOpenOk(""));
      return new HandshakeScript(startOk, tuneOk, open);
    }
  }

  /** Sends connection.start as {@link BrokerHandshake#rabbitMq()} describes it. */
  public ScriptedPeer sendStart() {
    return sendStart(BrokerHandshake.rabbitMq());
  }

  /**
   * Sends connection.start with the server properties, mechanisms and locales of {@code broker}.
   */
  public ScriptedPeer sendStart(BrokerHandshake broker) {
    return send(0, start(broker));
  }

  private static ConnectionStart start(BrokerHandshake broker) {
    return new ConnectionStart(
        0,
        9,
        broker.serverProperties(),
        LongString.of(broker.mechanisms()),
        LongString.of(broker.locales()));
  }

  // ---- actions ----

  /** Sends {@code method} on {@code channel}. */
  public ScriptedPeer send(int channel, Method method) {
    Objects.requireNonNull(method, "method");
    return addAction(
        "send " + method.protocolName() + " on channel " + channel,
        () -> emitMethod(channel, method));
  }

  /**
   * Sends a method with content ({@code basic.deliver}, {@code basic.get-ok}, {@code
   * basic.return}): the method frame, a content header of class 60 and the body split into frames
   * of the negotiated size.
   */
  public ScriptedPeer sendContent(
      int channel, Method method, BasicProperties properties, byte[] body) {
    Objects.requireNonNull(method, "method");
    byte[] copy = body.clone();
    return addAction(
        "send "
            + method.protocolName()
            + " on channel "
            + channel
            + " with a body of "
            + copy.length
            + " bytes",
        () -> emitContent(channel, method, properties, copy));
  }

  /**
   * Sends a content header frame on its own, announcing {@code bodySize} bytes: with {@link
   * #sendContentBody} and {@link #send}, for content sequences a well-behaved broker never sends.
   */
  public ScriptedPeer sendContentHeader(
      int channel, int classId, long bodySize, BasicProperties properties) {
    return addAction(
        "send a content header of class "
            + classId
            + " for "
            + bodySize
            + " bytes on channel "
            + channel,
        () -> {
          HeapByteOutput out = new HeapByteOutput();
          FrameEncoder.writeContentHeader(out, channel, classId, bodySize, properties);
          deliver("a content header on channel " + channel, out.toByteArray());
        });
  }

  /** Sends one content body frame carrying all of {@code body}. */
  public ScriptedPeer sendContentBody(int channel, byte[] body) {
    byte[] copy = body.clone();
    return addAction(
        "send a content body frame of " + copy.length + " bytes on channel " + channel,
        () -> {
          HeapByteOutput out = new HeapByteOutput();
          FrameEncoder.writeContentBody(out, channel, copy, 0, copy.length);
          deliver("a content body frame on channel " + channel, out.toByteArray());
        });
  }

  /** Sends {@code bytes} as they are: another protocol header, a malformed frame ... */
  public ScriptedPeer sendRaw(byte[] bytes) {
    byte[] copy = bytes.clone();
    return addAction(
        "send " + copy.length + " raw bytes", () -> emitRaw(copy.length + " raw bytes", copy));
  }

  /** Sends a heartbeat frame. */
  public ScriptedPeer sendHeartbeat() {
    return addAction(
        "send a heartbeat",
        () -> {
          HeapByteOutput out = new HeapByteOutput(8);
          FrameEncoder.writeHeartbeat(out);
          deliver("a heartbeat", out.toByteArray());
        });
  }

  /**
   * Pauses the script: the transport's {@link PeerTransport#pause} (a socket peer sleeps, holding
   * the peer; an in-memory harness may advance its clock).
   */
  public ScriptedPeer delay(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    return addAction(
        "pause " + duration.toMillis() + " ms",
        () -> {
          log("peer paused " + duration.toMillis() + " ms");
          transport.pause(duration);
        });
  }

  /** Closes the connection from the broker's side, without a connection.close. */
  public ScriptedPeer disconnect() {
    return addAction("disconnect", this::emitDisconnect);
  }

  /**
   * Adds several steps as one: {@code steps} runs holding the peer's lock, so nothing the client
   * sends is handled until all of them are in the script (actions among them still run as soon as
   * they are ready). For a test that extends the script while a client on another thread runs: an
   * action the client answers at once, and the expectation of that answer, go in together, so the
   * answer cannot arrive while the script still ends at the action.
   *
   * <pre>{@code
   * peer.addSteps(p -> {
   *   p.send(0, new ConnectionClose(320, "CONNECTION_FORCED - shutdown", 0, 0));
   *   p.expect(0, ConnectionCloseOk.class);
   * });
   * }</pre>
   *
   * @return this peer
   */
  public ScriptedPeer addSteps(java.util.function.Consumer<? super ScriptedPeer> steps) {
    Objects.requireNonNull(steps, "steps");
    synchronized (this) {
      steps.accept(this);
    }
    return this;
  }

  // ---- options ----

  /** Makes a heartbeat from the client a failure unless {@link #expectHeartbeat()} awaits it. */
  public synchronized ScriptedPeer strictHeartbeats() {
    strictHeartbeats = true;
    return this;
  }

  // ---- input from the client ----

  /** Bytes the client sent; partial frames are kept until the rest arrives. */
  public void receive(byte[] bytes) {
    receive(bytes, 0, bytes.length);
  }

  /** {@code len} bytes the client sent, from {@code off}. */
  public synchronized void receive(byte[] bytes, int off, int len) {
    Objects.checkFromIndexSize(off, len, bytes.length);
    if (len == 0) {
      return;
    }
    decoder.append(bytes, off, len);
    drive();
  }

  /** The remaining bytes of {@code bytes}, which the client sent; consumes them. */
  public void receive(ByteBuffer bytes) {
    byte[] copy = new byte[bytes.remaining()];
    bytes.get(copy);
    receive(copy);
  }

  /** The client closed the connection: its byte stream ended. */
  public synchronized void clientClosed() {
    clientEndOfStream = true;
    drive();
  }

  // ---- state ----

  /** Whether every step of the script is done (and none failed). */
  public synchronized boolean isDone() {
    return failure == null && next == steps.size();
  }

  /** The first failure, or {@code null}. */
  public synchronized String failure() {
    return failure;
  }

  /** Whether the connection is over: closed by the script, or by the client, or it broke. */
  public synchronized boolean isTransportClosed() {
    return transportClosed;
  }

  /** Heartbeat frames received from the client so far. */
  public synchronized int heartbeatsReceived() {
    return heartbeatsReceived;
  }

  /** Every method received from the client so far, in order. */
  public synchronized List<Received<?>> received() {
    return List.copyOf(received);
  }

  /** The methods of type {@code type} received from the client so far, in order. */
  @SuppressWarnings("unchecked")
  public synchronized <T extends Method> List<Received<T>> received(Class<T> type) {
    List<Received<T>> matching = new ArrayList<>();
    for (Received<?> r : received) {
      if (type.isInstance(r.method())) {
        matching.add((Received<T>) r);
      }
    }
    return matching;
  }

  /** What went over the wire and what the peer did, one line per event, oldest first. */
  public synchronized List<String> transcript() {
    return List.copyOf(transcript);
  }

  // ---- verification ----

  /**
   * Asserts that every step of the script is done, in order, and that nothing unexpected arrived.
   *
   * @throws AssertionError naming the step that was not met and what arrived instead, with the
   *     script and the end of the transcript
   */
  public synchronized void verify() {
    String problem = failure;
    if (problem == null && next < steps.size()) {
      Step s = steps.get(next);
      problem =
          "step "
              + (next + 1)
              + " of "
              + steps.size()
              + " ("
              + s.describe()
              + ") was not met: "
              + (transportClosed ? "the connection is closed" : "nothing more arrived")
              + (received.isEmpty()
                  ? ""
                  : "; the last method received was " + received.get(received.size() - 1));
    }
    if (problem != null) {
      throw new AssertionError(report(problem));
    }
  }

  /**
   * Waits up to {@code timeout} for the script to be done (or to fail), then {@link #verify()}s:
   * for a peer driven by another thread, such as over a socket.
   */
  public void verify(Duration timeout) {
    awaitDone(timeout);
    verify();
  }

  /**
   * Waits up to {@code timeout} for every step to be done or a failure.
   *
   * @return whether the script is done without failure
   */
  public synchronized boolean awaitDone(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (failure == null && next < steps.size()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return failure == null;
  }

  @Override
  public synchronized String toString() {
    return "ScriptedPeer[step "
        + Math.min(next + 1, steps.size())
        + " of "
        + steps.size()
        + (failure == null ? "" : ", failed")
        + "]";
  }

  // ---- internals ----

  private synchronized <E extends Expectation> E addExpectation(E expectation) {
    steps.add(new Step(expectation));
    expectation.position(steps.size());
    return expectation;
  }

  private synchronized ScriptedPeer addAction(String description, Runnable action) {
    steps.add(new Step(description, action));
    drive();
    return this;
  }

  /**
   * Runs ready actions and handles buffered input until neither makes progress. Re-entrant calls
   * (from the transport, while a step runs) return at once: the outer call picks up their work.
   */
  private void drive() {
    if (busy) {
      return;
    }
    busy = true;
    try {
      while (true) {
        runReadyActions();
        List<InboundDecoder.Event> events = decoder.drain();
        if (!events.isEmpty()) {
          for (InboundDecoder.Event e : events) {
            handle(e);
          }
          continue;
        }
        if (clientEndOfStream && !endOfStreamHandled) {
          endOfStreamHandled = true;
          handle(new InboundDecoder.ClosedIn());
          continue;
        }
        break;
      }
    } finally {
      busy = false;
      notifyAll();
    }
  }

  private void runReadyActions() {
    while (failure == null && next < steps.size() && steps.get(next).expectation == null) {
      Step s = steps.get(next++);
      s.done = true;
      s.action.run();
    }
  }

  private void handle(InboundDecoder.Event event) {
    if (event instanceof InboundDecoder.MethodIn in) {
      received.add(in.received());
      if (in.received().method() instanceof ConnectionTuneOk tuneOk && tuneOk.frameMax() > 0) {
        frameMax = (int) Math.min(tuneOk.frameMax(), Integer.MAX_VALUE);
      }
    } else if (event instanceof InboundDecoder.HeartbeatIn) {
      heartbeatsReceived++;
    } else if (event instanceof InboundDecoder.ClosedIn) {
      transportClosed = true;
    }
    log("client sent: " + event.describe());
    if (failure != null) {
      return;
    }
    if (event instanceof InboundDecoder.ViolationIn v) {
      fail("the client broke the protocol: " + v.problem());
      return;
    }
    runReadyActions();
    Step head = next < steps.size() ? steps.get(next) : null;
    if (event instanceof InboundDecoder.HeartbeatIn
        && !strictHeartbeats
        && !awaitsHeartbeat(head)) {
      return;
    }
    if (head == null) {
      if (!(event instanceof InboundDecoder.ClosedIn)) {
        fail("unexpected " + event.describe() + ": the script expected nothing more");
      }
      return;
    }
    String why = head.expectation.mismatch(event);
    if (why != null) {
      fail(
          "step "
              + (next + 1)
              + " of "
              + steps.size()
              + " (expect "
              + head.expectation.describe()
              + ") was not met: "
              + (event instanceof InboundDecoder.ClosedIn
                  ? "the client closed the connection"
                  : why));
      return;
    }
    head.done = true;
    next++;
    head.expectation.accept(event);
    int channel = event instanceof InboundDecoder.MethodIn in ? in.received().channel() : 0;
    for (Expectation.Response r : head.expectation.responses) {
      r.action().accept(channel);
    }
    runReadyActions();
  }

  private static boolean awaitsHeartbeat(Step head) {
    return head != null
        && head.expectation instanceof FrameExpectation f
        && f.kind() == FrameExpectation.Kind.HEARTBEAT;
  }

  private void fail(String problem) {
    if (failure == null) {
      failure = problem;
      log("FAILED: " + problem);
      notifyAll();
    }
  }

  private void log(String line) {
    transcript.add(line);
  }

  void emitMethod(int channel, Method method) {
    HeapByteOutput out = new HeapByteOutput();
    FrameEncoder.writeMethod(out, channel, method);
    deliver(method.protocolName() + " on channel " + channel + ": " + method, out.toByteArray());
  }

  void emitContent(int channel, Method method, BasicProperties properties, byte[] body) {
    HeapByteOutput out = new HeapByteOutput(body.length + 256);
    FrameEncoder.writeMethod(out, channel, method);
    FrameEncoder.writeContent(out, channel, 60, properties, body, 0, body.length, frameMax);
    deliver(
        method.protocolName()
            + " on channel "
            + channel
            + ": "
            + method
            + " with a body of "
            + body.length
            + " bytes",
        out.toByteArray());
  }

  void emitRaw(String description, byte[] bytes) {
    deliver(description, bytes);
  }

  void emitDisconnect() {
    if (transportClosed) {
      log("peer disconnect: already closed");
      return;
    }
    transportClosed = true;
    log("peer disconnected");
    transport.close();
  }

  private void deliver(String description, byte[] bytes) {
    if (transportClosed) {
      log("not delivered, the connection is closed: " + description);
      return;
    }
    log("peer sent: " + description);
    try {
      transport.send(bytes);
    } catch (UncheckedIOException e) {
      transportClosed = true;
      log("not delivered, the client is gone (" + e.getCause() + "): " + description);
    }
  }

  private String report(String problem) {
    StringBuilder sb = new StringBuilder("ScriptedPeer: ").append(problem).append("\nScript:\n");
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      String mark = s.done ? "[done] " : i == next ? "[NEXT] " : "[    ] ";
      sb.append("  ").append(mark).append(i + 1).append(". ").append(s.describe()).append('\n');
      if (s.expectation != null) {
        for (Expectation.Response r : s.expectation.responses) {
          sb.append("           then ").append(r.description()).append('\n');
        }
      }
    }
    int from = Math.max(0, transcript.size() - TRANSCRIPT_LINES_IN_REPORT);
    sb.append("Transcript")
        .append(from > 0 ? " (last " + (transcript.size() - from) + " lines)" : "")
        .append(":\n");
    for (int i = from; i < transcript.size(); i++) {
      sb.append("  ").append(transcript.get(i)).append('\n');
    }
    return sb.toString();
  }
}
