/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.ExchangeQueueIT.awaitGet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.errors.AmqpException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.LongString;
import dev.warren.protocol.ShortStrings;
import dev.warren.protocol.codec.FrameDecoder;
import dev.warren.protocol.codec.FrameEncoder;
import dev.warren.protocol.codec.FrameHandler;
import dev.warren.protocol.codec.HeapByteOutput;
import dev.warren.protocol.codec.Method;
import dev.warren.protocol.method.BasicGet;
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
import dev.warren.protocol.method.QueueBind;
import dev.warren.protocol.method.QueueBindOk;
import dev.warren.protocol.method.QueueDeclare;
import dev.warren.protocol.method.QueueDeclareOk;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Field types that Warren itself never writes, sent to the real broker by a minimal hand-written
 * client and consumed by Warren: py-amqp's {@code L} (signed 64-bit: every integer outside the
 * 32-bit range), and shortstrs that are not UTF-8 in a content header or a publish's routing key
 * (which RabbitMQ relays as they are, and Warren keeps byte for byte: the raw client reads back
 * exactly the bytes it sent).
 */
@Timeout(60)
class FieldTypesIT extends ExclusiveQueueFixture {

  /**
   * The headers py-amqp writes for {"big": 2**40 + 1, "min": -2**63, "nested": ..., "list": ...}.
   */
  private static byte[] pyAmqpHeaders() {
    RawTable nested = new RawTable().entry("n", 'L', -1L);
    RawTable list = new RawTable().value('L', 1L << 33).value('I', 7);
    return new RawTable()
        .entry("big", 'L', (1L << 40) + 1)
        .entry("min", 'L', Long.MIN_VALUE)
        .entry("nested", 'F', nested)
        .entry("list", 'A', list)
        .entry("small", 'I', 42)
        .bytes();
  }

  private static void assertPyAmqpHeaders(BasicProperties p) {
    Map<String, Object> h = p.headers();
    assertThat(h.keySet()).containsExactly("big", "min", "nested", "list", "small");
    assertThat(h.get("big")).isInstanceOf(Long.class).isEqualTo((1L << 40) + 1);
    assertThat(h.get("min")).isInstanceOf(Long.class).isEqualTo(Long.MIN_VALUE);
    assertThat(h.get("nested")).isEqualTo(Map.of("n", -1L));
    assertThat(h.get("list")).isEqualTo(List.of(1L << 33, 7));
    assertThat(h.get("small")).isEqualTo(42);
    assertThat(p.contentType()).isEqualTo("text/plain");
  }

  @Test
  void capitalLHeadersArriveAsLongsThroughGetAndConsumeAndTheConnectionStaysOpen()
      throws Exception {
    try (RawClient raw = RawClient.connect()) {
      raw.publish("", q, RawClient.properties("text/plain", pyAmqpHeaders()), "one");
      GetResponse got = awaitGet(ch, q);
      assertPyAmqpHeaders(got.delivery().properties());
      assertThat(got.delivery().bodyAsString()).isEqualTo("one");

      LinkedBlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
      ch.basicConsume(ConsumeSpec.queue(q).autoAck(), received::add);
      raw.publish("", q, RawClient.properties("text/plain", pyAmqpHeaders()), "two");
      Delivery d = received.poll(10, TimeUnit.SECONDS);
      assertThat(d).as("delivery to the consumer").isNotNull();
      assertPyAmqpHeaders(d.properties());
      assertThat(d.bodyAsString()).isEqualTo("two");

      // the connection and the channel are fine: Warren republishes the headers (as 'l') and
      // gets them back
      assertThat(conn.isOpen()).isTrue();
      assertThat(ch.isOpen()).isTrue();
      Channel other = conn.openChannel();
      String q2 = other.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
      other.basicPublish("", q2, d.properties(), d.body());
      assertPyAmqpHeaders(awaitGet(other, q2).delivery().properties());
    }
  }

  @Test
  void rabbitMqReadsCapitalLAsSigned64BitWhenItRoutesOnIt() {
    // a headers exchange forces RabbitMQ to parse the table: the binding holds -5 as Warren writes
    // it ('l'); only the message whose 'L' RabbitMQ reads as -5 too is routed
    String x = Broker.unique("it-x-fieldtypes");
    ch.exchangeDeclare(ExchangeSpec.headers(x).autoDelete());
    ch.queueBind(Binding.queue(q).to(x).argument("x-match", "all").argument("n", -5L));
    try (RawClient raw = RawClient.connect()) {
      // another value first, so that the binding is seen to filter
      byte[] other = new RawTable().entry("n", 'L', 1L << 40).bytes();
      raw.publish(x, "", RawClient.properties(null, other), "not routed");
      byte[] minusFive = new RawTable().entry("n", 'L', -5L).bytes();
      raw.publish(x, "", RawClient.properties(null, minusFive), "routed");
      GetResponse got = awaitGet(ch, q);
      assertThat(got.delivery().bodyAsString()).isEqualTo("routed");
      assertThat(got.delivery().properties().headers()).containsExactly(Map.entry("n", -5L));
      assertThat(ch.basicGet(q, AckMode.AUTO)).isEmpty();
    }
    assertThat(conn.isOpen()).isTrue();
  }

  @Test
  void shortstrsThatAreNotUtf8AreRelayedAndWarrenRepublishesTheirExactBytes() {
    byte[] key = {'k', (byte) 0xff};
    byte[] headers = new RawTable().entry(key, 'I', 1).bytes();
    byte[] contentType = {'t', 'e', 'x', 't', '/', (byte) 0xc3};
    byte[] properties = RawClient.properties(contentType, headers);
    try (RawClient raw = RawClient.connect()) {
      raw.publish("", q, properties, "bytes");
      GetResponse got = awaitGet(ch, q);
      BasicProperties p = got.delivery().properties();
      // each bad byte is one escaped char, U+DC00 + byte, and the bytes are reachable
      assertThat(p.contentType()).isEqualTo("text/\udcc3");
      assertThat(ShortStrings.hasRawBytes(p.contentType())).isTrue();
      assertThat(ShortStrings.toBytes(p.contentType())).isEqualTo(contentType);
      assertThat(p.headers()).containsExactly(Map.entry("k\udcff", 1));
      assertThat(ShortStrings.toBytes(p.headers().keySet().iterator().next())).isEqualTo(key);
      assertThat(got.delivery().bodyAsString()).isEqualTo("bytes");

      // Warren republishes the properties as they are: a raw reader gets the bytes it sent
      String rawQueue = raw.declareExclusiveQueue();
      ch.basicPublish("", rawQueue, p, got.delivery().body());
      RawMessage back = raw.awaitGet(rawQueue);
      assertThat(back.properties()).as("content header properties").isEqualTo(properties);
      assertThat(back.routingKey()).isEqualTo(rawQueue.getBytes(StandardCharsets.UTF_8));
      assertThat(back.body()).isEqualTo("bytes");

      // the publisher's connection was not refused either
      raw.publish("", q, RawClient.properties("text/plain", headers), "again");
      assertThat(awaitGet(ch, q).delivery().bodyAsString()).isEqualTo("again");
    }
    assertThat(conn.isOpen()).isTrue();
  }

  @Test
  void routingKeysThatAreNotUtf8AreRelayedAndWarrenRepublishesTheirExactBytes() {
    // RabbitMQ does not check basic.publish's routing key; a fanout exchange routes whatever it is
    byte[] key = {'r', 'k', '.', (byte) 0xfe, (byte) 0xe2, (byte) 0x82};
    String x = Broker.unique("it-x-rawkey");
    ch.exchangeDeclare(ExchangeSpec.fanout(x).autoDelete());
    ch.queueBind(Binding.queue(q).to(x));
    try (RawClient raw = RawClient.connect()) {
      String rawQueue = raw.declareExclusiveQueue();
      raw.bind(rawQueue, x);
      raw.publish(x, key, RawClient.properties(null, new RawTable().bytes()), "from raw");
      GetResponse got = awaitGet(ch, q);
      assertThat(got.delivery().bodyAsString()).isEqualTo("from raw");
      assertThat(got.delivery().routingKey()).isEqualTo("rk.\udcfe\udce2\udc82");
      assertThat(ShortStrings.toBytes(got.delivery().routingKey())).isEqualTo(key);
      assertThat(raw.awaitGet(rawQueue).routingKey()).isEqualTo(key);

      // Warren publishes with the routing key it received: the raw reader sees the same bytes
      ch.basicPublish(
          x,
          got.delivery().routingKey(),
          BasicProperties.EMPTY,
          "from warren".getBytes(StandardCharsets.UTF_8));
      RawMessage back = raw.awaitGet(rawQueue);
      assertThat(back.body()).isEqualTo("from warren");
      assertThat(back.routingKey()).isEqualTo(key);
      // and so does Warren, which also built the same string from the bytes
      Delivery again = awaitGet(ch, q).delivery();
      assertThat(again.bodyAsString()).isEqualTo("from warren");
      assertThat(again.routingKey()).isEqualTo(ShortStrings.fromBytes(key));
    }
    assertThat(conn.isOpen()).isTrue();
  }

  @Test
  void rabbitMqRefusesABindingWhoseRoutingKeyIsNotUtf8AndWarrenSendsItsExactBytes() {
    // Unlike basic.publish and content headers, RabbitMQ checks the shortstrs of queue.bind (and of
    // exchange.declare, queue.declare, basic.consume). The same key with U+FFFD in place of the bad
    // byte is valid UTF-8:
    String x = Broker.unique("it-x-rawkey");
    ch.exchangeDeclare(ExchangeSpec.direct(x).autoDelete());
    ch.queueBind(Binding.queue(q).to(x).withKey("rk.\ufffd"));
    // Warren writes the escaped byte as the byte (not as '?' or U+FFFD, which RabbitMQ would
    // take), and RabbitMQ closes the connection
    String key = ShortStrings.fromBytes(new byte[] {'r', 'k', '.', (byte) 0xfe});
    assertThat(key).isEqualTo("rk.\udcfe");
    assertThatThrownBy(() -> ch.queueBind(Binding.queue(q).to(x).withKey(key)))
        .isInstanceOf(AmqpException.class)
        .hasMessageContaining("501 FRAME_ERROR - Malformed UTF-8 in shortstr");
  }

  /**
   * A message the raw client got: the routing key of basic.get-ok and the property flags and list
   * of the content header, both as the bytes on the wire, and the body.
   */
  record RawMessage(byte[] routingKey, byte[] properties, String body) {}

  // ------------------------------------------------------------------ the hand-written client

  /** Field table bytes with any type letter: entries of a table, or values of an array. */
  static final class RawTable {
    private final HeapByteOutput out = new HeapByteOutput();

    RawTable entry(String key, char letter, Object value) {
      return entry(key.getBytes(StandardCharsets.UTF_8), letter, value);
    }

    RawTable entry(byte[] key, char letter, Object value) {
      out.writeByte(key.length);
      out.writeBytes(key, 0, key.length);
      return value(letter, value);
    }

    RawTable value(char letter, Object value) {
      out.writeByte(letter);
      switch (letter) {
        case 'L', 'l' -> out.writeLong((Long) value);
        case 'I' -> out.writeInt((Integer) value);
        case 'F', 'A' -> {
          byte[] inner = ((RawTable) value).out.toByteArray();
          out.writeInt(inner.length);
          out.writeBytes(inner, 0, inner.length);
        }
        default -> throw new IllegalArgumentException("letter " + letter);
      }
      return this;
    }

    /** The table: its length, then the entries. */
    byte[] bytes() {
      byte[] entries = out.toByteArray();
      HeapByteOutput t = new HeapByteOutput();
      t.writeInt(entries.length);
      t.writeBytes(entries, 0, entries.length);
      return t.toByteArray();
    }
  }

  /**
   * Just enough of an AMQP client to publish a content header whose bytes the test wrote: PLAIN
   * handshake over a plain socket, no heartbeats, channel 1, every read bounded by a timeout.
   */
  static final class RawClient implements AutoCloseable, FrameHandler {
    private static final int READ_TIMEOUT_MS = 5000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final FrameDecoder decoder = new FrameDecoder(0);
    private final ArrayDeque<Method> methods = new ArrayDeque<>();
    // every frame the decoder consumed, undecoded: type octet, then payload
    private final ArrayDeque<byte[]> rawFrames = new ArrayDeque<>();
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

    private RawClient(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }

    /** Connects to the test broker (AMQP_URL) and opens channel 1. */
    static RawClient connect() {
      URI uri = URI.create(Broker.url());
      String[] user = uri.getRawUserInfo().split(":", 2);
      String vhost = URLDecoder.decode(uri.getRawPath().substring(1), StandardCharsets.UTF_8);
      Socket s = new Socket();
      try {
        s.connect(
            new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 5672 : uri.getPort()), 5000);
        s.setSoTimeout(READ_TIMEOUT_MS);
        RawClient c = new RawClient(s);
        c.handshake(
            URLDecoder.decode(user[0], StandardCharsets.UTF_8),
            URLDecoder.decode(user[1], StandardCharsets.UTF_8),
            vhost);
        return c;
      } catch (IOException e) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing after a failure
        }
        throw new AssertionError("raw client could not connect to " + uri.getHost(), e);
      }
    }

    private void handshake(String user, String password, String vhost) throws IOException {
      HeapByteOutput o = new HeapByteOutput();
      FrameEncoder.writeProtocolHeader(o);
      send(o);
      expect(ConnectionStart.class);
      LongString response = LongString.of("\0" + user + "\0" + password);
      sendMethod(
          0,
          new ConnectionStartOk(
              Map.of("product", "warren FieldTypesIT raw client"), "PLAIN", response, "en_US"));
      ConnectionTune tune = expect(ConnectionTune.class);
      sendMethod(0, new ConnectionTuneOk(tune.channelMax(), tune.frameMax(), 0));
      sendMethod(0, new ConnectionOpen(vhost));
      expect(ConnectionOpenOk.class);
      sendMethod(1, new ChannelOpen());
      expect(ChannelOpenOk.class);
    }

    /**
     * The property flags and property list of a content header: content-type (a String, raw bytes
     * or null) and a headers table given as bytes.
     */
    static byte[] properties(Object contentType, byte[] headersTable) {
      HeapByteOutput p = new HeapByteOutput();
      p.writeShort((contentType != null ? 1 << 15 : 0) | (1 << 13));
      if (contentType != null) {
        byte[] ct =
            contentType instanceof byte[] b
                ? b
                : ((String) contentType).getBytes(StandardCharsets.UTF_8);
        p.writeByte(ct.length);
        p.writeBytes(ct, 0, ct.length);
      }
      p.writeBytes(headersTable, 0, headersTable.length);
      return p.toByteArray();
    }

    /** basic.publish, then a content header with {@code properties} as given, then the body. */
    void publish(String exchange, String routingKey, byte[] properties, String body) {
      publish(exchange, routingKey.getBytes(StandardCharsets.UTF_8), properties, body);
    }

    /** {@link #publish(String, String, byte[], String)} with the routing key's bytes as given. */
    void publish(String exchange, byte[] routingKey, byte[] properties, String body) {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      HeapByteOutput args = new HeapByteOutput();
      args.writeShort(0); // ticket
      shortstr(args, exchange.getBytes(StandardCharsets.UTF_8));
      shortstr(args, routingKey);
      args.writeByte(0); // mandatory, immediate
      HeapByteOutput o = new HeapByteOutput();
      rawMethod(o, 60, 40, args.toByteArray());
      o.writeByte(FrameDecoder.FRAME_HEADER);
      o.writeShort(1);
      o.writeInt(2 + 2 + 8 + properties.length);
      o.writeShort(60);
      o.writeShort(0);
      o.writeLong(b.length);
      o.writeBytes(properties, 0, properties.length);
      o.writeByte(FrameDecoder.FRAME_END);
      FrameEncoder.writeContentBody(o, 1, b, 0, b.length);
      try {
        send(o);
      } catch (IOException e) {
        throw new AssertionError("raw client could not publish", e);
      }
      // the broker answers nothing to a publish, but refuses a bad one by closing: look without
      // waiting long
      Optional<Method> early = poll(Duration.ofMillis(50));
      early.ifPresent(m -> fail("the broker answered the publish with " + m));
    }

    private static void shortstr(HeapByteOutput o, byte[] s) {
      o.writeByte(s.length);
      o.writeBytes(s, 0, s.length);
    }

    /** A method frame on channel 1 whose arguments the caller wrote byte by byte. */
    private static void rawMethod(HeapByteOutput o, int classId, int methodId, byte[] args) {
      o.writeByte(FrameDecoder.FRAME_METHOD);
      o.writeShort(1);
      o.writeInt(4 + args.length);
      o.writeShort(classId);
      o.writeShort(methodId);
      o.writeBytes(args, 0, args.length);
      o.writeByte(FrameDecoder.FRAME_END);
    }

    /** Declares a server-named exclusive queue on this connection; returns its name. */
    String declareExclusiveQueue() {
      try {
        sendMethod(1, new QueueDeclare("", false, false, true, false, false, Map.of()));
        return expect(QueueDeclareOk.class).queue();
      } catch (IOException e) {
        throw new AssertionError("raw client could not declare a queue", e);
      }
    }

    /** Binds {@code queue} to {@code exchange} with the empty routing key. */
    void bind(String queue, String exchange) {
      try {
        sendMethod(1, new QueueBind(queue, exchange, "", false, Map.of()));
        expect(QueueBindOk.class);
      } catch (IOException e) {
        throw new AssertionError("raw client could not bind", e);
      }
    }

    /**
     * basic.get (no-ack) on {@code queue} until a message comes, within 5 s; its routing key and
     * properties as the bytes the broker sent.
     */
    RawMessage awaitGet(String queue) {
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      try {
        while (true) {
          methods.clear();
          rawFrames.clear();
          sendMethod(1, new BasicGet(queue, true));
          byte[] method = nextRawFrame(FrameDecoder.FRAME_METHOD);
          ByteBuffer m = ByteBuffer.wrap(method, 1, method.length - 1);
          int classId = m.getShort() & 0xFFFF;
          int methodId = m.getShort() & 0xFFFF;
          if (classId == 60 && methodId == 72) { // get-empty
            if (System.nanoTime() - deadline > 0) {
              throw new AssertionError("raw client: no message arrived in " + queue + " in 5 s");
            }
            Thread.sleep(20);
            continue;
          }
          if (classId != 60 || methodId != 71) {
            fail("expected basic.get-ok, got " + methods.peek());
          }
          m.position(m.position() + 8 + 1); // delivery tag, redelivered
          m.position(m.position() + 1 + (m.get(m.position()) & 0xFF)); // exchange
          byte[] routingKey = new byte[m.get() & 0xFF];
          m.get(routingKey);
          byte[] header = nextRawFrame(FrameDecoder.FRAME_HEADER);
          long bodySize = ByteBuffer.wrap(header, 1 + 4, 8).getLong();
          byte[] properties = Arrays.copyOfRange(header, 1 + 12, header.length);
          java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
          while (body.size() < bodySize) {
            byte[] part = nextRawFrame(FrameDecoder.FRAME_BODY);
            body.write(part, 1, part.length - 1);
          }
          methods.clear();
          return new RawMessage(routingKey, properties, body.toString(StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new AssertionError("raw client: basic.get failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }

    /** The next frame read, which must be of {@code type}: its type octet, then its payload. */
    private byte[] nextRawFrame(int type) throws IOException {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (rawFrames.isEmpty()) {
        if (System.nanoTime() - deadline > 0 || !readOnce()) {
          fail("no frame of type " + type + " from the broker");
        }
      }
      byte[] f = rawFrames.poll();
      if ((f[0] & 0xFF) != type) {
        fail("expected a frame of type " + type + ", got type " + (f[0] & 0xFF) + ": " + methods);
      }
      return f;
    }

    private void sendMethod(int channel, Method m) throws IOException {
      HeapByteOutput o = new HeapByteOutput();
      FrameEncoder.writeMethod(o, channel, m);
      send(o);
    }

    private void send(HeapByteOutput o) throws IOException {
      out.write(o.toByteArray());
      out.flush();
    }

    private <T extends Method> T expect(Class<T> type) throws IOException {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (methods.isEmpty()) {
        if (System.nanoTime() - deadline > 0 || !readOnce()) {
          throw new AssertionError("raw client: no " + type.getSimpleName() + " from the broker");
        }
      }
      Method m = methods.poll();
      if (!type.isInstance(m)) {
        fail("expected " + type.getSimpleName() + ", got " + m);
      }
      return type.cast(m);
    }

    /** A method the broker sent within {@code wait}, if any. */
    private Optional<Method> poll(Duration wait) {
      try {
        socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
        try {
          if (methods.isEmpty()) {
            readOnce();
          }
        } catch (java.net.SocketTimeoutException nothing) {
          // nothing arrived
        } finally {
          socket.setSoTimeout(READ_TIMEOUT_MS);
        }
      } catch (IOException e) {
        throw new AssertionError("raw client: read failed", e);
      }
      return Optional.ofNullable(methods.poll());
    }

    /** Reads what the socket has and decodes whole frames; false at the end of the stream. */
    private boolean readOnce() throws IOException {
      if (!buffer.hasRemaining()) {
        buffer = ByteBuffer.allocate(buffer.capacity() * 2).put(buffer.flip());
      }
      int n = in.read(buffer.array(), buffer.position(), buffer.remaining());
      if (n < 0) {
        return false;
      }
      buffer.position(buffer.position() + n);
      buffer.flip();
      int start = buffer.position();
      decoder.decode(buffer, this);
      // keep the frames the decoder consumed as they were on the wire
      for (int at = start; at < buffer.position(); ) {
        int size = buffer.getInt(at + 3);
        byte[] f = new byte[1 + size];
        f[0] = buffer.get(at);
        buffer.get(at + 7, f, 1, size);
        rawFrames.add(f);
        at += 7 + size + 1;
      }
      buffer.compact();
      return true;
    }

    private void fail(String message) {
      throw new AssertionError("raw client: " + message);
    }

    @Override
    public void onMethod(int channel, Method method) {
      methods.add(method);
    }

    @Override
    public void onContentHeader(int channel, int classId, long bodySize, BasicProperties p) {}

    @Override
    public void onContentBody(int channel, ByteBuffer payload) {}

    @Override
    public void onHeartbeat(int channel) {}

    /** connection.close, waiting (bounded) for close-ok, then the socket. */
    @Override
    public void close() {
      try {
        sendMethod(0, new ConnectionClose(200, "bye", 0, 0));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() - deadline < 0) {
          Method m = methods.poll();
          if (m instanceof ConnectionCloseOk || (m == null && !readOnce())) {
            break;
          }
        }
      } catch (IOException e) {
        // the socket is closed below either way
      } finally {
        try {
          socket.close();
        } catch (IOException ignored) {
          // nothing more to do
        }
      }
    }
  }
}
