/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static dev.warren.client.ExchangeQueueIT.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.client.ConsumeIT.Recorder;
import dev.warren.errors.WrongStateException;
import dev.warren.protocol.BasicProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link CallbackThread#IO_THREAD} consumers: every callback on the connection's I/O thread, in
 * order; acknowledgements, asynchronous calls and publishes from there work; a blocking call that
 * would wait for the broker fails at once with a message saying what to do, and the connection goes
 * on; a callback that holds the thread is logged.
 */
@Timeout(30)
class IoThreadConsumerIT extends ExclusiveQueueFixture {

  private ConsumeSpec onIoThread() {
    return ConsumeSpec.queue(q).callbackThread(CallbackThread.IO_THREAD);
  }

  @Test
  void everyCallbackRunsOnTheIoThreadInOrder() throws Exception {
    Recorder recorder = new Recorder();
    String tag = ch.basicConsume(onIoThread(), recorder);
    for (int i = 0; i < 100; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("m" + i));
    }
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Delivery d = recorder.next();
      bodies.add(new String(d.body(), StandardCharsets.UTF_8));
      ch.basicAck(d.deliveryTag());
    }
    assertThat(bodies).first().isEqualTo("m0");
    assertThat(bodies).last().isEqualTo("m99");
    assertThat(bodies).doesNotHaveDuplicates();
    ch.basicCancel(tag);
    ch.close();
    ItSupport.waitUntil(Duration.ofSeconds(5), "cancel-ok", () -> recorder.events.size() == 2);

    assertThat(recorder.events).containsExactly("consume-ok " + tag, "cancel-ok " + tag);
    // consume-ok, 100 deliveries, cancel-ok: all on an I/O thread, none on the callback pool.
    assertThat(recorder.threads).hasSize(102).allMatch(t -> t.startsWith("warren-io-"));
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void acksAndPublishesFromTheCallbackWork() {
    String out = ch.queueDeclare(QueueSpec.serverNamed().exclusive()).queue();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    ch.basicConsume(
        onIoThread(),
        d -> {
          try {
            // consume, transform, publish, ack: the usual pipeline, all without leaving the thread
            ch.basicPublish("", out, BasicProperties.EMPTY, bytes("seen " + d.deliveryTag()));
            ch.basicAck(d.deliveryTag());
          } catch (RuntimeException e) {
            failure.set(e);
          }
        });
    for (int i = 0; i < 50; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("m" + i));
    }
    ItSupport.waitUntil(
        Duration.ofSeconds(10),
        "50 messages forwarded",
        () -> ch.queueDeclare(QueueSpec.named(out).passive()).messageCount() == 50);
    assertThat(failure.get()).isNull();
    // Closing the channel requeues what it left unacknowledged: nothing, if every ack went out.
    ch.close();
    Channel check = conn.openChannel();
    assertThat(check.queueDeclare(QueueSpec.named(q).passive()).messageCount()).isZero();
  }

  @Test
  void aBlockingRpcFromTheCallbackFailsAtOnceAndAnAsyncOneWorks() throws Exception {
    CompletableFuture<Throwable> blocking = new CompletableFuture<>();
    AtomicLong blockedForNanos = new AtomicLong();
    CompletableFuture<QueueDeclareOk> async = new CompletableFuture<>();
    String never = Broker.unique("never-declared");
    ch.basicConsume(
        onIoThread().autoAck(),
        d -> {
          long start = System.nanoTime();
          try {
            ch.queueDeclare(QueueSpec.named(never).exclusive());
            blocking.complete(null);
          } catch (Throwable t) {
            blocking.complete(t);
          }
          blockedForNanos.set(System.nanoTime() - start);
          ch.async()
              .queueDeclare(QueueSpec.named(q).passive())
              .whenComplete(
                  (ok, e) -> {
                    if (e != null) {
                      async.completeExceptionally(e);
                    } else {
                      async.complete(ok);
                    }
                  });
        });
    ch.basicPublish("", q, BasicProperties.EMPTY, bytes("one"));

    Throwable e = blocking.get(10, TimeUnit.SECONDS);
    assertThat(e)
        .isInstanceOf(WrongStateException.class)
        .hasMessageContaining("queue.declare")
        .hasMessageContaining("I/O thread")
        .hasMessageContaining("async()");
    // It did not wait for the RPC timeout (10 s by default): it failed before sending anything.
    assertThat(Duration.ofNanos(blockedForNanos.get())).isLessThan(Duration.ofSeconds(1));
    assertThat(async.get(10, TimeUnit.SECONDS).queue()).isEqualTo(q);
    // Refused before anything was sent: the queue was never declared.
    Channel other = conn.openChannel();
    assertThatThrownBy(() -> other.queueDeclare(QueueSpec.named(never).passive()))
        .isInstanceOf(dev.warren.errors.NotFoundException.class);
    // The channel and connection are fine afterwards.
    assertThat(ch.isOpen()).isTrue();
    assertThat(ch.queueDeclare(QueueSpec.named(q).passive()).queue()).isEqualTo(q);
  }

  @Test
  void joiningAWarrenFutureInTheCallbackFailsAtOnce() throws Exception {
    CompletableFuture<Throwable> joined = new CompletableFuture<>();
    ch.basicConsume(
        onIoThread().autoAck(),
        d -> {
          try {
            ch.async().queueDeclare(QueueSpec.named(q).passive()).join();
            joined.complete(null);
          } catch (Throwable t) {
            joined.complete(t);
          }
        });
    ch.basicPublish("", q, BasicProperties.EMPTY, bytes("one"));
    assertThat(joined.get(10, TimeUnit.SECONDS))
        .isInstanceOf(WrongStateException.class)
        .hasMessageContaining("I/O thread");
    assertThat(ch.queueDeclare(QueueSpec.named(q).passive()).queue()).isEqualTo(q);
  }

  @Test
  void aBlockingCloseFromTheCallbackFailsAtOnceAndTheAsyncCloseWorks() throws Exception {
    CompletableFuture<Throwable> blocking = new CompletableFuture<>();
    Recorder shutdown = new Recorder();
    ch.basicConsume(
        onIoThread().autoAck(),
        new Consumer() {
          @Override
          public void handleDelivery(Delivery d) {
            try {
              ch.close();
              blocking.complete(null);
            } catch (Throwable t) {
              blocking.complete(t);
            }
            ch.async().close(); // pika's channel.close() from a callback
          }

          @Override
          public void handleShutdown(String consumerTag, dev.warren.errors.AmqpException cause) {
            shutdown.handleShutdown(consumerTag, cause);
          }
        });
    ch.basicPublish("", q, BasicProperties.EMPTY, bytes("stop"));

    assertThat(blocking.get(10, TimeUnit.SECONDS)).isInstanceOf(WrongStateException.class);
    assertThat(shutdown.shutdown.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(shutdown.threads).singleElement().asString().startsWith("warren-io-");
    ItSupport.waitUntil(Duration.ofSeconds(5), "the channel closed", () -> !ch.isOpen());
    assertThat(conn.isOpen()).isTrue();
  }

  @Test
  void stopConsumingFromTheCallbackCancelsWithoutWaitingAndEndsStartConsuming() {
    ch.basicConsume(onIoThread().autoAck(), d -> ch.stopConsuming()); // pika's stop_consuming()
    CompletableFuture<Void> loop = CompletableFuture.runAsync(ch::startConsuming);
    ch.basicPublish("", q, BasicProperties.EMPTY, bytes("stop"));
    loop.orTimeout(10, TimeUnit.SECONDS).join();
    ItSupport.waitUntil(Duration.ofSeconds(5), "no consumer", () -> ch.consumerTags().isEmpty());
    assertThat(ch.queueDeclare(QueueSpec.named(q).passive()).consumerCount()).isZero();
  }

  @Test
  void aCallbackThatHoldsTheIoThreadIsLogged() throws Exception {
    try (LogCapture log = LogCapture.start()) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      ch.basicConsume(
          onIoThread().autoAck(),
          d -> {
            Thread.sleep(250);
            done.complete(null);
          });
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("slow"));
      done.get(10, TimeUnit.SECONDS);
      ItSupport.waitUntil(
          Duration.ofSeconds(5),
          "the warning",
          () -> log.text().contains("held the I/O thread for"));
      assertThat(log.text()).contains("CallbackThread.DISPATCHER");
    }
  }

  @Test
  void aConsumerStreamAskedForTheIoThreadStillHandsOverOnTheDispatcher() {
    for (int i = 0; i < 3; i++) {
      ch.basicPublish("", q, BasicProperties.EMPTY, bytes("m" + i));
    }
    try (ConsumerStream stream = ch.consume(onIoThread(), Duration.ofSeconds(5))) {
      java.util.Iterator<ConsumerStream.Item> items = stream.iterator();
      for (int i = 0; i < 3; i++) {
        ConsumerStream.Item item = items.next();
        assertThat(item.isInactive()).isFalse();
        ch.basicAck(item.delivery().deliveryTag());
      }
    }
  }

  @Test
  void theSpecCarriesTheChoice() {
    ConsumeSpec spec = ConsumeSpec.queue("q");
    assertThat(spec.callbackThread()).isEqualTo(CallbackThread.DISPATCHER);
    ConsumeSpec io = spec.tag("t").callbackThread(CallbackThread.IO_THREAD).autoAck();
    assertThat(io.callbackThread()).isEqualTo(CallbackThread.IO_THREAD);
    assertThat(io.withQueue("other").callbackThread()).isEqualTo(CallbackThread.IO_THREAD);
    assertThat(io).isNotEqualTo(spec.tag("t").autoAck());
    assertThat(io.toString()).contains("callbackThread=IO_THREAD");
    assertThatThrownBy(() -> spec.callbackThread(null)).isInstanceOf(NullPointerException.class);
  }
}
