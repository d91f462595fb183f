/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.testkit;

import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.LongString;
import dev.warren.protocol.codec.FrameDecoder;
import dev.warren.protocol.codec.FrameEncoder;
import dev.warren.protocol.codec.FrameHandler;
import dev.warren.protocol.codec.HeapByteOutput;
import dev.warren.protocol.codec.Method;
import dev.warren.protocol.method.BasicAck;
import dev.warren.protocol.method.BasicCancel;
import dev.warren.protocol.method.BasicCancelOk;
import dev.warren.protocol.method.BasicConsume;
import dev.warren.protocol.method.BasicConsumeOk;
import dev.warren.protocol.method.BasicDeliver;
import dev.warren.protocol.method.BasicPublish;
import dev.warren.protocol.method.BasicQos;
import dev.warren.protocol.method.BasicQosOk;
import dev.warren.protocol.method.ChannelClose;
import dev.warren.protocol.method.ChannelCloseOk;
import dev.warren.protocol.method.ChannelOpen;
import dev.warren.protocol.method.ChannelOpenOk;
import dev.warren.protocol.method.ConfirmSelect;
import dev.warren.protocol.method.ConfirmSelectOk;
import dev.warren.protocol.method.ConnectionClose;
import dev.warren.protocol.method.ConnectionCloseOk;
import dev.warren.protocol.method.ConnectionOpen;
import dev.warren.protocol.method.ConnectionOpenOk;
import dev.warren.protocol.method.ConnectionStart;
import dev.warren.protocol.method.ConnectionStartOk;
import dev.warren.protocol.method.ConnectionTune;
import dev.warren.protocol.method.QueueDeclare;
import dev.warren.protocol.method.QueueDeclareOk;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A broker that does nothing but speak the protocol as fast as it can, to measure a client alone:
 * it completes the handshake (any credentials), opens channels, answers queue.declare, basic.qos
 * and confirm.select, swallows publishes (acking each read batch with one {@code basic.ack
 * multiple} in confirm mode), and pushes deliveries of a fixed body to every consumer as fast as
 * the client reads them (respecting the prefetch for manual-ack consumers).
 *
 * <p>One thread per connection reads; one more per consumer writes deliveries. Not a broker: no
 * routing, no queues, no persistence. {@link AutoCloseable}; thread-safe.
 */
public final class NullBroker implements AutoCloseable {
  private final ServerSocket server;
  private final byte[] deliveryBody;
  private final Thread acceptor;
  private final Map<Socket, Boolean> sockets = new ConcurrentHashMap<>();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private volatile boolean closed;

  /** Starts on an ephemeral localhost port; deliveries carry {@code deliveryBodySize} bytes. */
  public NullBroker(int deliveryBodySize) throws IOException {
    this.server = new ServerSocket();
    this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    this.deliveryBody = new byte[deliveryBodySize];
    this.acceptor = new Thread(this::acceptLoop, "null-broker-accept");
    this.acceptor.setDaemon(true);
    this.acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Messages published to this broker so far. */
  public long published() {
    return published.get();
  }

  /** Messages delivered by this broker so far. */
  public long delivered() {
    return delivered.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        sockets.put(s, Boolean.TRUE);
        Thread t = new Thread(() -> serve(s), "null-broker-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      new Conn(socket).run();
    } catch (IOException | RuntimeException e) {
      // the client went away, or the broker is closing
    } finally {
      sockets.remove(socket);
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket s : sockets.keySet()) {
      s.close();
    }
  }

  /** One client connection. */
  private final class Conn implements FrameHandler {
    private final InputStream in;
    private final OutputStream out;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final HeapByteOutput replies = new HeapByteOutput(64 * 1024);
    private final FrameDecoder decoder = new FrameDecoder(1 << 20);
    private final Map<Integer, long[]> confirmSeq = new ConcurrentHashMap<>();
    private final Map<String, Pusher> pushers = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> prefetch = new ConcurrentHashMap<>();
    private boolean inPublish;
    private long bodyLeft;
    private int publishChannel;
    private volatile boolean open = true;

    Conn(Socket socket) throws IOException {
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }

    void run() throws IOException {
      byte[] header = in.readNBytes(8);
      if (header.length < 8) {
        return;
      }
      FrameEncoder.writeMethod(
          replies,
          0,
          new ConnectionStart(
              0,
              9,
              Map.of("product", "NullBroker", "capabilities", Map.of("publisher_confirms", true)),
              LongString.of("PLAIN AMQPLAIN"),
              LongString.of("en_US")));
      flushReplies();
      ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
      while (open) {
        int n = in.read(buf.array(), buf.position(), buf.remaining());
        if (n < 0) {
          return;
        }
        buf.position(buf.position() + n);
        buf.flip();
        decoder.decode(buf, this);
        buf.compact();
        if (!buf.hasRemaining()) {
          ByteBuffer bigger = ByteBuffer.allocate(buf.capacity() * 2);
          buf.flip();
          bigger.put(buf);
          buf = bigger;
        }
        // One multiple-ack per channel for everything published in this read.
        for (Map.Entry<Integer, long[]> e : confirmSeq.entrySet()) {
          long[] seq = e.getValue();
          if (seq[0] > seq[1]) {
            seq[1] = seq[0];
            FrameEncoder.writeMethod(replies, e.getKey(), new BasicAck(seq[0], true));
          }
        }
        flushReplies();
      }
    }

    private void flushReplies() throws IOException {
      if (replies.size() == 0) {
        return;
      }
      writeLock.lock();
      try {
        ByteBuffer b = replies.asByteBuffer();
        out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        out.flush();
      } finally {
        writeLock.unlock();
      }
      replies.reset();
    }

    @Override
    public void onMethod(int channel, Method m) {
      if (m instanceof BasicPublish) {
        inPublish = true;
        publishChannel = channel;
      } else if (m instanceof BasicAck ack) {
        Pusher p = pusherOn(channel);
        if (p != null) {
          p.acked(ack.deliveryTag());
        }
      } else if (m instanceof ConnectionStartOk) {
        FrameEncoder.writeMethod(replies, 0, new ConnectionTune(2047, 131072, 0));
      } else if (m instanceof ConnectionOpen) {
        FrameEncoder.writeMethod(replies, 0, new ConnectionOpenOk(""));
      } else if (m instanceof ChannelOpen) {
        FrameEncoder.writeMethod(replies, channel, new ChannelOpenOk(LongString.EMPTY));
      } else if (m instanceof ConfirmSelect select) {
        confirmSeq.put(channel, new long[2]);
        if (!select.nowait()) {
          FrameEncoder.writeMethod(replies, channel, ConfirmSelectOk.INSTANCE);
        }
      } else if (m instanceof QueueDeclare q) {
        String name = q.queue().isEmpty() ? "null-" + System.nanoTime() : q.queue();
        FrameEncoder.writeMethod(replies, channel, new QueueDeclareOk(name, 0, 0));
      } else if (m instanceof BasicQos qos) {
        prefetch.put(channel, qos.prefetchCount());
        FrameEncoder.writeMethod(replies, channel, BasicQosOk.INSTANCE);
      } else if (m instanceof BasicConsume c) {
        String tag = c.consumerTag().isEmpty() ? "null-ctag-" + pushers.size() : c.consumerTag();
        FrameEncoder.writeMethod(replies, channel, new BasicConsumeOk(tag));
        // consume-ok goes out before the pusher's first delivery, as a broker's would: a client
        // drops (or, amqp-client, fails on) a delivery for a consumer it does not know yet
        try {
          flushReplies();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        Pusher p = new Pusher(channel, tag, c.noAck() ? 0 : prefetch.getOrDefault(channel, 0));
        pushers.put(tag, p);
        p.start();
      } else if (m instanceof BasicCancel cancel) {
        Pusher p = pushers.remove(cancel.consumerTag());
        if (p != null) {
          p.stop();
        }
        FrameEncoder.writeMethod(replies, channel, new BasicCancelOk(cancel.consumerTag()));
      } else if (m instanceof ChannelClose) {
        stopPushers(channel);
        FrameEncoder.writeMethod(replies, channel, ChannelCloseOk.INSTANCE);
      } else if (m instanceof ConnectionClose) {
        pushers.values().forEach(Pusher::stop);
        FrameEncoder.writeMethod(replies, 0, ConnectionCloseOk.INSTANCE);
        open = false;
      }
    }

    private Pusher pusherOn(int channel) {
      for (Pusher p : pushers.values()) {
        if (p.channel == channel) {
          return p;
        }
      }
      return null;
    }

    private void stopPushers(int channel) {
      pushers
          .values()
          .removeIf(
              p -> {
                if (p.channel == channel) {
                  p.stop();
                  return true;
                }
                return false;
              });
    }

    @Override
    public void onContentHeader(
        int channel, int classId, long bodySize, BasicProperties properties) {
      bodyLeft = bodySize;
      if (bodySize == 0) {
        published();
      }
    }

    @Override
    public void onContentBody(int channel, ByteBuffer payload) {
      bodyLeft -= payload.remaining();
      if (bodyLeft <= 0) {
        published();
      }
    }

    private void published() {
      if (!inPublish) {
        return;
      }
      inPublish = false;
      published.incrementAndGet();
      long[] seq = confirmSeq.get(publishChannel);
      if (seq != null) {
        seq[0]++;
      }
    }

    @Override
    public void onHeartbeat(int channel) {}

    /** Writes deliveries for one consumer as fast as the socket takes them. */
    private final class Pusher implements Runnable {
      final int channel;
      final String tag;
      final int window;
      private final AtomicLong acked = new AtomicLong();
      private volatile boolean running = true;
      private Thread thread;

      Pusher(int channel, String tag, int window) {
        this.channel = channel;
        this.tag = tag;
        this.window = window;
      }

      void start() {
        thread = new Thread(this, "null-broker-push");
        thread.setDaemon(true);
        thread.start();
      }

      void stop() {
        running = false;
      }

      void acked(long tag) {
        acked.accumulateAndGet(tag, Math::max);
      }

      @Override
      public void run() {
        HeapByteOutput batch = new HeapByteOutput(256 * 1024);
        long next = 1;
        try {
          while (running && open) {
            int inBatch = 0;
            while (inBatch < 64 && (window == 0 || next - acked.get() <= window)) {
              FrameEncoder.writeMethod(batch, channel, new BasicDeliver(tag, next, false, "", "q"));
              FrameEncoder.writeContent(
                  batch,
                  channel,
                  60,
                  BasicProperties.EMPTY,
                  deliveryBody,
                  0,
                  deliveryBody.length,
                  131072);
              next++;
              inBatch++;
            }
            if (inBatch == 0) {
              Thread.onSpinWait();
              continue;
            }
            writeLock.lock();
            try {
              ByteBuffer b = batch.asByteBuffer();
              out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
            } finally {
              writeLock.unlock();
            }
            delivered.addAndGet(inBatch);
            batch.reset();
          }
        } catch (IOException e) {
          running = false;
        }
      }
    }
  }
}
