/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.client.rpc.RpcCallTimeoutException;
import dev.warren.client.rpc.RpcClient;
import dev.warren.client.rpc.RpcReply;
import dev.warren.client.rpc.RpcServer;
import dev.warren.client.rpc.RpcServerOptions;
import dev.warren.errors.ConnectionLostException;
import dev.warren.errors.UnroutableException;
import dev.warren.protocol.BasicProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RPC over direct reply-to: RpcClient and RpcServer against the real broker. */
@Timeout(60)
class RpcIT {
  private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

  private Connection serverConn;
  private Channel admin;
  private String queue;

  @BeforeEach
  void declareQueue() {
    serverConn = Broker.connect();
    admin = serverConn.openChannel();
    queue = Broker.unique("rpc");
    admin.queueDeclare(QueueSpec.named(queue));
  }

  @AfterEach
  void cleanUp() {
    admin.queueDelete(queue);
    serverConn.close();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The tutorial's (deliberately slow, recursive) Fibonacci. */
  static int fib(int n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
  }

  @Test
  void tutorialFibServerAndClient() {
    try (RpcServer server =
            RpcServer.start(
                serverConn,
                queue,
                request ->
                    RpcReply.text(Integer.toString(fib(Integer.parseInt(request.bodyAsString())))),
                RpcServerOptions.defaults().prefetch(1));
        Connection clientConn = Broker.connect();
        RpcClient rpc = RpcClient.open(clientConn)) {
      for (int n : new int[] {0, 1, 2, 10, 30}) {
        Delivery reply =
            rpc.call("", queue, BasicProperties.EMPTY, bytes(Integer.toString(n)), FIVE_SECONDS);
        assertThat(reply.bodyAsString()).as("fib(%d)", n).isEqualTo(Integer.toString(fib(n)));
        assertThat(reply.properties().correlationId()).isNotEmpty();
        assertThat(reply.properties().contentType()).isEqualTo("text/plain");
      }
      assertThat(fib(30)).isEqualTo(832040);
      assertThat(server.answered()).isEqualTo(5);
      assertThat(rpc.pendingCalls()).isZero();
    }
  }

  @Test
  void eightThreadsWithAThousandCallsEachOnOneClient() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try (RpcServer server =
            RpcServer.start(
                serverConn,
                queue,
                request -> RpcReply.of(request.body()),
                RpcServerOptions.defaults().prefetch(500));
        Connection clientConn = Broker.connect();
        RpcClient rpc = RpcClient.open(clientConn)) {
      long start = System.nanoTime();
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        results.add(
            threads.submit(
                () -> {
                  go.await(10, TimeUnit.SECONDS);
                  List<CompletableFuture<Delivery>> calls = new ArrayList<>();
                  for (int i = 0; i < 1000; i++) {
                    calls.add(
                        rpc.callAsync(
                            "",
                            queue,
                            BasicProperties.EMPTY,
                            bytes(thread + ":" + i),
                            Duration.ofSeconds(30)));
                  }
                  int matched = 0;
                  for (int i = 0; i < 1000; i++) {
                    Delivery reply = calls.get(i).get(40, TimeUnit.SECONDS);
                    if (reply.bodyAsString().equals(thread + ":" + i)) {
                      matched++;
                    }
                  }
                  return matched;
                }));
      }
      go.countDown();
      int matched = 0;
      for (Future<Integer> r : results) {
        matched += r.get(45, TimeUnit.SECONDS);
      }
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      System.out.println("RpcIT: 8 x 1000 calls in " + ms + " ms");
      assertThat(matched).isEqualTo(8000);
      assertThat(rpc.pendingCalls()).isZero();
      ItSupport.waitUntil(FIVE_SECONDS, "8000 requests acked", () -> server.answered() == 8000);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aCallTimesOutNamingItselfAndItsLateReplyIsDropped() throws Exception {
    try (RpcServer slow =
            RpcServer.start(
                serverConn,
                queue,
                request -> {
                  if (request.bodyAsString().equals("slow")) {
                    Thread.sleep(600);
                  }
                  return RpcReply.of(request.body());
                },
                RpcServerOptions.defaults());
        Connection clientConn = Broker.connect();
        RpcClient rpc = RpcClient.open(clientConn)) {
      long start = System.nanoTime();
      RpcCallTimeoutException e =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              () ->
                  rpc.call("", queue, BasicProperties.EMPTY, bytes("slow"), Duration.ofMillis(200)),
              RpcCallTimeoutException.class);
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(ms).isBetween(190L, 3000L);
      assertThat(e.correlationId()).isNotEmpty();
      assertThat(e.getMessage())
          .contains("no reply to RPC call " + e.correlationId())
          .contains("routing key '" + queue + "'")
          .contains("within 200 ms");
      assertThat(e.routingKey()).isEqualTo(queue);
      // The late reply arrives and is dropped; the next call gets its own reply, not that one.
      Delivery next = rpc.call("", queue, BasicProperties.EMPTY, bytes("fast"), FIVE_SECONDS);
      assertThat(next.bodyAsString()).isEqualTo("fast");
      assertThat(next.properties().correlationId()).isNotEqualTo(e.correlationId());
      assertThat(rpc.pendingCalls()).isZero();
    }
  }

  @Test
  void aServerThatNeverAnswersTimesEveryCallOut() throws Exception {
    // A consumer that takes the requests and never replies.
    admin.basicConsume(ConsumeSpec.queue(queue).autoAck(), d -> {});
    try (Connection clientConn = Broker.connect();
        RpcClient rpc = RpcClient.open(clientConn)) {
      List<CompletableFuture<Delivery>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(
            rpc.callAsync(
                "", queue, BasicProperties.EMPTY, bytes("x" + i), Duration.ofMillis(300)));
      }
      for (CompletableFuture<Delivery> call : calls) {
        assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOf(RpcCallTimeoutException.class);
      }
      assertThat(rpc.pendingCalls()).isZero();
    }
  }

  @Test
  void aRequestNoQueueTakesFailsAtOnce() {
    try (Connection clientConn = Broker.connect();
        RpcClient rpc = RpcClient.open(clientConn)) {
      assertThatThrownBy(
              () ->
                  rpc.call("", queue + "-nobody", BasicProperties.EMPTY, bytes("x"), FIVE_SECONDS))
          .isInstanceOf(UnroutableException.class)
          .hasMessageContaining("312");
    }
  }

  @Test
  void pendingCallsFailAtAConnectionLossAndLaterCallsWorkAfterRecovery() throws Exception {
    String name = Broker.unique("rpc-client");
    Connection clientConn =
        Connection.open(
            Broker.parameters().toBuilder()
                .connectionName(name)
                .recovery(
                    RecoveryPolicy.builder()
                        .backoff(Duration.ofMillis(50), Duration.ofSeconds(1))
                        .build())
                .build());
    CountDownLatch recovered = new CountDownLatch(1);
    clientConn.addRecoveryListener(
        new RecoveryListener() {
          @Override
          public void recovered(String endpoint) {
            recovered.countDown();
          }
        });
    try (clientConn;
        RpcClient rpc = RpcClient.open(clientConn)) {
      // No server yet: the calls wait.
      List<CompletableFuture<Delivery>> calls = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        calls.add(
            rpc.callAsync(
                "", queue, BasicProperties.EMPTY, bytes("p" + i), Duration.ofSeconds(30)));
      }
      ItSupport.waitUntil(
          FIVE_SECONDS,
          "10 requests queued",
          () -> admin.queueDeclare(QueueSpec.named(queue).passive()).messageCount() == 10);
      ItSupport.ctl("close_connection", ItSupport.connectionPid(name), "test: forced close");
      for (CompletableFuture<Delivery> call : calls) {
        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOf(ConnectionLostException.class)
            .hasMessageContaining("connection lost while the RPC call waited for its reply");
      }
      assertThat(recovered.await(20, TimeUnit.SECONDS)).as("recovered").isTrue();
      admin.queuePurge(queue);
      try (RpcServer server =
          RpcServer.start(
              serverConn,
              queue,
              request -> RpcReply.of(request.body()),
              RpcServerOptions.defaults())) {
        Delivery reply = rpc.call("", queue, BasicProperties.EMPTY, bytes("after"), FIVE_SECONDS);
        assertThat(reply.bodyAsString()).isEqualTo("after");
      }
    }
  }

  @Test
  void confirmedRepliesAreAckedAfterTheirConfirm() {
    try (RpcServer server =
            RpcServer.start(
                serverConn,
                queue,
                request -> RpcReply.text(request.bodyAsString().toUpperCase(java.util.Locale.ROOT)),
                RpcServerOptions.defaults().confirmReplies(FIVE_SECONDS));
        Connection clientConn = Broker.connect();
        RpcClient rpc = RpcClient.open(clientConn)) {
      assertThat(
              rpc.call("", queue, BasicProperties.EMPTY, bytes("abc"), FIVE_SECONDS).bodyAsString())
          .isEqualTo("ABC");
      ItSupport.waitUntil(FIVE_SECONDS, "request acked", () -> server.answered() == 1);
      assertThat(admin.queueDeclare(QueueSpec.named(queue).passive()).messageCount()).isZero();
    }
  }
}
