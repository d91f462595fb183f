/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.examples.async;

import dev.warren.client.AsyncChannel;
import dev.warren.client.AsyncConnection;
import dev.warren.client.ConnectionParameters;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.Consumer;
import dev.warren.client.Delivery;
import dev.warren.client.ExchangeSpec;
import dev.warren.client.Qos;
import dev.warren.client.QueueSpec;
import dev.warren.client.RecoveryPolicy;
import dev.warren.errors.AmqpException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.Initiator;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pika's asynchronous consumer example (§2.3.10) in Java: a consumer written with callbacks only —
 * every step runs when the previous one's future completes, nothing blocks a thread.
 *
 * <p>It reconnects when the broker closes the connection (or it cannot connect), and shuts down
 * when the broker cancels the consumer or closes the channel. Like pika's example it does the
 * reconnecting itself, so Warren's automatic recovery is switched off for its connections.
 *
 * <pre>
 * connect ─▶ onConnectionOpen ─▶ openChannel ─▶ onChannelOpen ─▶ setupExchange
 *   ─▶ onExchangeDeclareOk ─▶ setupQueue ─▶ onQueueDeclareOk ─▶ onBindOk ─▶ setQos
 *   ─▶ onBasicQosOk ─▶ startConsuming ─▶ onMessage (ack) ...
 * stop ─▶ stopConsuming ─▶ onCancelOk ─▶ closeChannel ─▶ onChannelClosed ─▶ closeConnection
 *   ─▶ onConnectionClosed (stopped)
 * </pre>
 *
 * <p>Run it with {@code AMQP_URL} pointing at a broker; publish to exchange {@code message} with
 * routing key {@code example.text} and it logs and acknowledges each message. Ctrl-C stops it.
 */
public final class AsyncConsumer {
  private static final Logger log = LoggerFactory.getLogger(AsyncConsumer.class);

  public static final String EXCHANGE = "message";
  public static final String QUEUE = "text";
  public static final String ROUTING_KEY = "example.text";

  private final ConnectionParameters parameters;
  private final String exchange;
  private final String queue;
  private final String routingKey;
  private final java.util.function.Consumer<Delivery> handler;
  private final int prefetchCount = 1; // pika's example: raise it for more throughput

  // Written by callbacks (one at a time in practice), read anywhere.
  private volatile AsyncConnection connection;
  private volatile AsyncChannel channel;
  private volatile String consumerTag;
  private volatile boolean consuming;
  private volatile boolean wasConsuming;
  private volatile boolean closing;
  private volatile int reconnectDelaySeconds;
  private final AtomicInteger connections = new AtomicInteger();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();

  /**
   * @param parameters where to connect (automatic recovery is switched off: this class reconnects)
   * @param handler what to do with each message before it is acknowledged; runs on the channel's
   *     dispatcher, may block
   */
  public AsyncConsumer(
      ConnectionParameters parameters,
      String exchange,
      String queue,
      String routingKey,
      java.util.function.Consumer<Delivery> handler) {
    this.parameters = parameters.toBuilder().recovery(RecoveryPolicy.disabled()).build();
    this.exchange = exchange;
    this.queue = queue;
    this.routingKey = routingKey;
    this.handler = handler;
  }

  /** Starts consuming; the future completes once the consumer has stopped for good. */
  public CompletableFuture<Void> start() {
    connect();
    return stopped;
  }

  /** How many connections it opened so far (more than one after reconnecting). */
  public int connections() {
    return connections.get();
  }

  /** Whether the consumer is subscribed right now. */
  public boolean isConsuming() {
    return consuming;
  }

  // ---- connection ----

  private void connect() {
    log.info("Connecting to {}", parameters.endpoint());
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
    connections.incrementAndGet();
    connection = conn;
    conn.addCloseListener(this::onConnectionClosed);
    if (closing) {
      closeConnection(); // stop() came while connecting
      return;
    }
    openChannel();
  }

  private void onConnectionOpenError(Throwable error) {
    log.error("Connection open failed: {}", error.getMessage());
    reconnect();
  }

  private void onConnectionClosed(ConnectionClosedException reason) {
    channel = null;
    consuming = false;
    if (closing) {
      log.info("Connection closed: {}", reason.getMessage());
      stopped.complete(null);
    } else {
      log.warn("Connection closed, reconnect necessary: {}", reason.getMessage());
      reconnect();
    }
  }

  /** pika's ReconnectingExampleConsumer: wait a little (longer each time), then start over. */
  private void reconnect() {
    if (closing) {
      stopped.complete(null);
      return;
    }
    int delay = nextReconnectDelay();
    log.info("Reconnecting after {} seconds", delay);
    CompletableFuture.delayedExecutor(delay, TimeUnit.SECONDS).execute(this::connect);
  }

  private int nextReconnectDelay() {
    if (wasConsuming) {
      reconnectDelaySeconds = 0;
    } else {
      reconnectDelaySeconds = Math.min(reconnectDelaySeconds + 1, 30);
    }
    wasConsuming = false;
    return reconnectDelaySeconds;
  }

  private void closeConnection() {
    consuming = false;
    AsyncConnection conn = connection;
    if (conn == null || conn.closeFuture().isDone()) {
      log.info("Connection is closing or already closed");
      if (conn == null) {
        stopped.complete(null);
      }
    } else {
      log.info("Closing connection");
      conn.close();
    }
  }

  // ---- channel ----

  private void openChannel() {
    log.info("Creating a new channel");
    connection
        .openChannel()
        .whenComplete(
            (ch, error) -> {
              if (error != null) {
                log.error("Channel open failed: {}", error.getMessage());
                closeConnection();
              } else {
                onChannelOpen(ch);
              }
            });
  }

  private void onChannelOpen(AsyncChannel ch) {
    log.info("Channel {} opened", ch.number());
    channel = ch;
    ch.addCloseListener(this::onChannelClosed);
    setupExchange();
  }

  /**
   * The channel closed. When its connection went, {@link #onConnectionClosed} decides what comes
   * next; otherwise the broker closed it (or we did, stopping): shut down for good.
   */
  private void onChannelClosed(ChannelClosedException reason) {
    log.warn("Channel was closed: {}", reason.getMessage());
    consuming = false;
    if (reason.initiator() == Initiator.LIBRARY) {
      return;
    }
    closing = true;
    closeConnection();
  }

  private void setupExchange() {
    log.info("Declaring exchange: {}", exchange);
    channel
        .exchangeDeclare(ExchangeSpec.topic(exchange))
        .whenComplete((v, e) -> next(e, this::onExchangeDeclareOk));
  }

  private void onExchangeDeclareOk() {
    log.info("Exchange declared: {}", exchange);
    setupQueue();
  }

  private void setupQueue() {
    log.info("Declaring queue {}", queue);
    channel
        .queueDeclare(QueueSpec.named(queue))
        .whenComplete((ok, e) -> next(e, this::onQueueDeclareOk));
  }

  private void onQueueDeclareOk() {
    log.info("Binding {} to {} with {}", exchange, queue, routingKey);
    channel.queueBind(queue, exchange, routingKey).whenComplete((v, e) -> next(e, this::onBindOk));
  }

  private void onBindOk() {
    log.info("Queue bound: {}", queue);
    setQos();
  }

  private void setQos() {
    channel.basicQos(Qos.prefetch(prefetchCount)).whenComplete((v, e) -> next(e, this::onQosOk));
  }

  private void onQosOk() {
    log.info("QOS set to: {}", prefetchCount);
    startConsuming();
  }

  /** A step's future completed: go on, or let the channel's close listener handle the failure. */
  private void next(Throwable error, Runnable step) {
    if (error == null) {
      step.run();
    } else {
      log.error("Setting up failed: {}", error.getMessage());
      // A channel error closed the channel (onChannelClosed stops), or the connection went
      // (onConnectionClosed reconnects).
    }
  }

  // ---- consuming ----

  private void startConsuming() {
    log.info("Issuing consumer related RPC commands");
    AsyncChannel ch = channel;
    ch.basicConsume(
            ConsumeSpec.queue(queue),
            new Consumer() {
              @Override
              public void handleDelivery(Delivery delivery) {
                onMessage(ch, delivery);
              }

              @Override
              public void handleCancel(String tag) {
                onConsumerCancelled(ch, tag);
              }

              @Override
              public void handleShutdown(String tag, AmqpException cause) {
                log.info("Consumer {} shut down: {}", tag, cause.getMessage());
              }
            })
        .whenComplete(
            (tag, e) -> {
              if (e == null) {
                consumerTag = tag;
                consuming = true;
                wasConsuming = true;
                if (closing) {
                  stopConsuming(); // stop() came while subscribing
                }
              } else {
                log.error("basic.consume failed: {}", e.getMessage());
              }
            });
  }

  private void onMessage(AsyncChannel ch, Delivery delivery) {
    log.info(
        "Received message # {} from {}: {}",
        delivery.deliveryTag(),
        delivery.properties().appId(),
        delivery.bodyAsString());
    handler.accept(delivery);
    ch.basicAck(delivery.deliveryTag());
  }

  private void onConsumerCancelled(AsyncChannel ch, String tag) {
    log.info("Consumer was cancelled remotely, shutting down: {}", tag);
    consuming = false;
    ch.close();
  }

  /**
   * Stops cleanly: cancels the consumer, closes the channel, then the connection; the future of
   * {@link #start()} completes when that is done. Safe to call from any thread, more than once.
   */
  public CompletableFuture<Void> stop() {
    if (!closing) {
      closing = true;
      log.info("Stopping");
      if (consuming) {
        stopConsuming();
      } else {
        closeConnection();
      }
    }
    return stopped;
  }

  private void stopConsuming() {
    AsyncChannel ch = channel;
    if (ch != null) {
      log.info("Sending a basic.cancel RPC command to RabbitMQ");
      ch.basicCancel(consumerTag).whenComplete((v, e) -> onCancelOk(ch));
    } else {
      closeConnection();
    }
  }

  private void onCancelOk(AsyncChannel ch) {
    consuming = false;
    log.info("RabbitMQ acknowledged the cancellation of the consumer: {}", consumerTag);
    closeChannel(ch);
  }

  private void closeChannel(AsyncChannel ch) {
    log.info("Closing the channel");
    ch.close(); // onChannelClosed closes the connection
  }

  /** Consumes from {@code AMQP_URL} (default: a local broker) until Ctrl-C. */
  public static void main(String[] args) throws Exception {
    String url = System.getenv().getOrDefault("AMQP_URL", "amqp://guest:guest@localhost:5672/%2F");
    AsyncConsumer consumer =
        new AsyncConsumer(
            ConnectionParameters.fromUri(url), EXCHANGE, QUEUE, ROUTING_KEY, delivery -> {});
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> consumer.stop().orTimeout(10, TimeUnit.SECONDS).join()));
    consumer.start().get();
  }

  /** For tests and callers that want a bound on the stop. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    try {
      stopped.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return true;
    }
  }
}
