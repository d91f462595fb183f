/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.examples.async;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.warren.client.AsyncChannel;
import dev.warren.client.AsyncConnection;
import dev.warren.client.Cancellable;
import dev.warren.client.ConfirmListener;
import dev.warren.client.ConnectionParameters;
import dev.warren.client.ExchangeSpec;
import dev.warren.client.QueueSpec;
import dev.warren.client.RecoveryPolicy;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.Initiator;
import dev.warren.protocol.BasicProperties;
import java.time.Duration;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pika's asynchronous publisher example (§2.3.11) in Java: callbacks only, publisher confirms
 * tracked per delivery tag (acks and nacks, single and multiple), and each next publish scheduled
 * with {@link AsyncConnection#callLater} (pika's {@code call_later}).
 *
 * <p>It reconnects when the broker closes the connection and shuts down when the broker closes the
 * channel. Like pika's example it does the reconnecting itself, so Warren's automatic recovery is
 * switched off for its connections.
 *
 * <pre>
 * connect ─▶ onConnectionOpen ─▶ openChannel ─▶ onChannelOpen ─▶ setupExchange
 *   ─▶ setupQueue ─▶ onBindOk ─▶ startPublishing ─▶ enableDeliveryConfirmations
 *   ─▶ scheduleNextMessage ─▶ publishMessage ─▶ scheduleNextMessage ...
 * broker acks/nacks ─▶ onDeliveryConfirmation (tracks what is still unconfirmed)
 * </pre>
 *
 * <p>Unlike pika's, it can stop by itself after a number of messages, once every one of them is
 * confirmed; {@link #start()}'s future then reports the counts.
 */
public final class AsyncPublisher {
  private static final Logger log = LoggerFactory.getLogger(AsyncPublisher.class);

  public static final String EXCHANGE = "message";
  public static final String QUEUE = "text";
  public static final String ROUTING_KEY = "example.text";
  public static final Duration PUBLISH_INTERVAL = Duration.ofSeconds(1);

  /** What the publisher did. */
  public record Report(long published, long acked, long nacked, int connections) {}

  private final ConnectionParameters parameters;
  private final String exchange;
  private final String queue;
  private final String routingKey;
  private final Duration publishInterval;
  private final long maxMessages; // 0: until stopped

  private volatile AsyncConnection connection;
  private volatile AsyncChannel channel;
  private volatile Cancellable nextPublish;
  private volatile boolean stopping;
  // pika's _deliveries, _acked, _nacked, _message_number (reset for each connection, as there).
  private final NavigableSet<Long> deliveries = new ConcurrentSkipListSet<>();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong nacked = new AtomicLong();
  private volatile long messageNumber;
  private final AtomicLong totalPublished = new AtomicLong();
  private final AtomicLong totalAcked = new AtomicLong();
  private final AtomicLong totalNacked = new AtomicLong();
  private volatile int connections;
  private final CompletableFuture<Report> finished = new CompletableFuture<>();

  /**
   * @param maxMessages stop after this many messages, once all are confirmed; 0 publishes until
   *     {@link #stop()}
   */
  public AsyncPublisher(
      ConnectionParameters parameters,
      String exchange,
      String queue,
      String routingKey,
      Duration publishInterval,
      long maxMessages) {
    this.parameters = parameters.toBuilder().recovery(RecoveryPolicy.disabled()).build();
    this.exchange = exchange;
    this.queue = queue;
    this.routingKey = routingKey;
    this.publishInterval = publishInterval;
    this.maxMessages = maxMessages;
  }

  /** Starts publishing; the future completes with the counts once the publisher has stopped. */
  public CompletableFuture<Report> start() {
    connect();
    return finished;
  }

  private Report report() {
    return new Report(totalPublished.get(), totalAcked.get(), totalNacked.get(), connections);
  }

  // ---- connection ----

  private void connect() {
    log.info("Connecting to {}", parameters.endpoint());
    deliveries.clear();
    acked.set(0);
    nacked.set(0);
    messageNumber = 0;
    AsyncConnection.open(parameters)
        .whenComplete(
            (conn, error) -> {
              if (error != null) {
                onConnectionOpenError(error);
              } else {
                onConnectionOpen(conn);
              }
            });
  }

  private void onConnectionOpen(AsyncConnection conn) {
    log.info("Connection opened");
    connections++;
    connection = conn;
    conn.addCloseListener(this::onConnectionClosed);
    if (stopping) {
      conn.close();
      return;
    }
    openChannel();
  }

  private void onConnectionOpenError(Throwable error) {
    log.error("Connection open failed, reopening in 5 seconds: {}", error.getMessage());
    reconnectLater();
  }

  private void onConnectionClosed(ConnectionClosedException reason) {
    channel = null;
    if (stopping) {
      log.info("Connection closed: {}", reason.getMessage());
      finished.complete(report());
    } else {
      log.warn("Connection closed, reopening in 5 seconds: {}", reason.getMessage());
      reconnectLater();
    }
  }

  private void reconnectLater() {
    if (stopping) {
      finished.complete(report());
      return;
    }
    CompletableFuture.delayedExecutor(5, TimeUnit.SECONDS).execute(this::connect);
  }

  // ---- channel ----

  private void openChannel() {
    log.info("Creating a new channel");
    connection
        .openChannel()
        .whenComplete(
            (ch, e) -> {
              if (e != null) {
                log.error("Channel open failed: {}", e.getMessage());
                connection.close();
              } else {
                onChannelOpen(ch);
              }
            });
  }

  private void onChannelOpen(AsyncChannel ch) {
    log.info("Channel opened");
    channel = ch;
    ch.addCloseListener(this::onChannelClosed);
    setupExchange();
  }

  /** The broker closed the channel (or we did): stop for good, as pika's example does. */
  private void onChannelClosed(ChannelClosedException reason) {
    log.warn("Channel was closed: {}", reason.getMessage());
    channel = null;
    if (reason.initiator() == Initiator.LIBRARY) {
      return; // its connection went: onConnectionClosed reconnects
    }
    if (!stopping) {
      stopping = true;
      cancelNextPublish();
      connection.close();
    }
  }

  private void setupExchange() {
    log.info("Declaring exchange {}", exchange);
    channel
        .exchangeDeclare(ExchangeSpec.topic(exchange))
        .thenCompose(
            v -> {
              log.info("Exchange declared: {}; declaring queue {}", exchange, queue);
              return channel.queueDeclare(QueueSpec.named(queue));
            })
        .thenCompose(
            ok -> {
              log.info("Binding {} to {} with {}", exchange, queue, routingKey);
              return channel.queueBind(queue, exchange, routingKey);
            })
        .whenComplete(
            (v, e) -> {
              if (e == null) {
                onBindOk();
              } else {
                log.error("Setting up failed: {}", e.getMessage()); // the channel closes
              }
            });
  }

  private void onBindOk() {
    log.info("Queue bound");
    startPublishing();
  }

  // ---- publishing ----

  private void startPublishing() {
    log.info("Issuing consumer related RPC commands");
    enableDeliveryConfirmations();
  }

  /** pika's {@code confirm_delivery(ack_nack_callback)}. */
  private void enableDeliveryConfirmations() {
    log.info("Issuing Confirm.Select RPC command");
    AsyncChannel ch = channel;
    ch.addConfirmListener(
        new ConfirmListener() {
          @Override
          public void handleAck(long sequenceNumber, boolean multiple) {
            onDeliveryConfirmation(sequenceNumber, multiple, true);
          }

          @Override
          public void handleNack(long sequenceNumber, boolean multiple) {
            onDeliveryConfirmation(sequenceNumber, multiple, false);
          }
        });
    ch.confirmSelect()
        .whenComplete(
            (v, e) -> {
              if (e == null) {
                scheduleNextMessage();
              }
            });
  }

  private void onDeliveryConfirmation(long deliveryTag, boolean multiple, boolean ack) {
    log.info("Received {} for delivery tag: {}", ack ? "ack" : "nack", deliveryTag);
    NavigableSet<Long> confirmed =
        multiple
            ? deliveries.headSet(deliveryTag, true)
            : deliveries.subSet(deliveryTag, true, deliveryTag, true);
    long n = 0;
    while (confirmed.pollFirst() != null) {
      n++;
    }
    (ack ? acked : nacked).addAndGet(n);
    (ack ? totalAcked : totalNacked).addAndGet(n);
    log.info(
        "Published {} messages, {} have yet to be confirmed, {} were acked and {} were nacked",
        messageNumber,
        deliveries.size(),
        acked.get(),
        nacked.get());
    if (maxMessages > 0
        && messageNumber >= maxMessages
        && deliveries.isEmpty()
        && acked.get() + nacked.get() == messageNumber) {
      log.info("All {} messages confirmed", messageNumber);
      stop();
    }
  }

  /** pika's {@code schedule_next_message}: the next publish, after the interval, via call_later. */
  private void scheduleNextMessage() {
    if (stopping || (maxMessages > 0 && messageNumber >= maxMessages)) {
      return;
    }
    log.debug("Scheduling next message for {} ms", publishInterval.toMillis());
    nextPublish = connection.callLater(publishInterval, this::publishMessage);
  }

  private void publishMessage() {
    AsyncChannel ch = channel;
    if (ch == null || !ch.isOpen() || stopping) {
      return;
    }
    Map<String, Object> headers = Map.of("مفتاح", " قيمة", "键", "值", "キー", "値");
    BasicProperties properties =
        BasicProperties.builder()
            .appId("example-publisher")
            .contentType("application/json")
            .headers(headers)
            .build();
    String message = "{\"مفتاح\": \" قيمة\", \"键\": \"值\", \"キー\": \"値\"}";
    // Publishes are made one at a time (each schedules the next), so the channel numbers them in
    // this same order: the counter is the publish sequence number the confirms will carry. It is
    // recorded before the publish, as the confirm may arrive (on another thread) at once.
    long number = messageNumber + 1;
    deliveries.add(number);
    messageNumber = number;
    totalPublished.incrementAndGet();
    ch.basicPublish(exchange, routingKey, properties, message.getBytes(UTF_8));
    log.info("Published message # {}", number);
    scheduleNextMessage();
  }

  private void cancelNextPublish() {
    Cancellable next = nextPublish;
    if (next != null) {
      next.cancel(); // pika's remove_timeout
    }
  }

  /** Stops: no further publishes, then the channel and the connection close. */
  public CompletableFuture<Report> stop() {
    if (!stopping) {
      log.info("Stopping");
      stopping = true;
      cancelNextPublish();
      AsyncChannel ch = channel;
      AsyncConnection conn = connection;
      if (ch != null) {
        log.info("Closing the channel");
        ch.close().whenComplete((v, e) -> closeConnection(conn));
      } else {
        closeConnection(conn);
      }
    }
    return finished;
  }

  private void closeConnection(AsyncConnection conn) {
    if (conn == null) {
      finished.complete(report());
    } else {
      log.info("Closing connection");
      conn.close();
    }
  }

  /** Publishes to {@code AMQP_URL} (default: a local broker) every second until Ctrl-C. */
  public static void main(String[] args) throws Exception {
    String url = System.getenv().getOrDefault("AMQP_URL", "amqp://guest:guest@localhost:5672/%2F");
    AsyncPublisher publisher =
        new AsyncPublisher(
            ConnectionParameters.fromUri(url), EXCHANGE, QUEUE, ROUTING_KEY, PUBLISH_INTERVAL, 0);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> publisher.stop().orTimeout(10, TimeUnit.SECONDS).join()));
    Report report = publisher.start().get();
    log.info("Done: {}", report);
  }
}
