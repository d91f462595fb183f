/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warren.errors.AccessRefusedException;
import dev.warren.errors.AmqpException;
import dev.warren.errors.AmqpReplyCode;
import dev.warren.errors.ChannelClosedException;
import dev.warren.errors.ConnectionClosedException;
import dev.warren.errors.Initiator;
import dev.warren.errors.NotFoundException;
import dev.warren.errors.PreconditionFailedException;
import dev.warren.errors.ResourceLockedException;
import dev.warren.errors.UnroutableException;
import dev.warren.errors.VirtualHostAccessException;
import dev.warren.protocol.BasicProperties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each reply code RabbitMQ 3.10 can be made to send, provoked on the real broker: the exception is
 * typed ({@link AmqpException#code()}, and the subclass for 403-406), says whether it is a hard
 * error and recoverable, names the method that failed, and does not repeat the code's name. The
 * codes RabbitMQ cannot be made to send on demand are in the scripted {@code ReplyCodesTest}.
 */
@Timeout(60)
class ReplyCodesIT {
  private Connection conn;
  private Channel ch;

  @BeforeEach
  void open() {
    conn = Connection.open(params().build());
    ch = conn.openChannel();
  }

  @AfterEach
  void close() {
    if (conn.isOpen()) {
      conn.close();
    }
  }

  private static ConnectionParameters.Builder params() {
    return Broker.parameters().toBuilder().recovery(RecoveryPolicy.disabled());
  }

  private static void assertTyped(
      AmqpException e, AmqpReplyCode code, boolean hard, boolean recoverable, String method) {
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.replyCode()).isEqualTo(code.number());
    assertThat(e.isHardError()).as("isHardError").isEqualTo(hard);
    assertThat(e.isRecoverable()).as("isRecoverable").isEqualTo(recoverable);
    assertThat(e.getMessage())
        .contains(code.number() + " " + code.name() + " - ")
        .doesNotContain(code.name() + " - " + code.name());
    if (method != null) {
      String named =
          e instanceof ChannelClosedException c
              ? c.failingMethodName()
              : ((ConnectionClosedException) e).failingMethodName();
      assertThat(named).isEqualTo(method);
      assertThat(e.getMessage()).contains("(caused by " + method + ")");
    }
  }

  /** The connection's close cause, waiting for it (a hard error closes it). */
  private ConnectionClosedException closeCause() throws Exception {
    CompletableFuture<ConnectionClosedException> cause = new CompletableFuture<>();
    conn.addCloseListener(cause::complete);
    return cause.get(10, TimeUnit.SECONDS);
  }

  @Test
  void accessRefused403() {
    AccessRefusedException e =
        catchThrowableOfType(
            AccessRefusedException.class,
            () -> ch.queueDeclare(QueueSpec.named("amq." + Broker.unique("reply-codes"))));
    assertTyped(e, AmqpReplyCode.ACCESS_REFUSED, false, false, "queue.declare");
    assertThat(conn.isOpen()).isTrue();
  }

  @Test
  void notFound404() {
    NotFoundException e =
        catchThrowableOfType(
            NotFoundException.class,
            () -> ch.queueDeclare(QueueSpec.named(Broker.unique("reply-codes")).passive()));
    assertTyped(e, AmqpReplyCode.NOT_FOUND, false, false, "queue.declare");
  }

  @Test
  void resourceLocked405() {
    String q = ch.queueDeclare(QueueSpec.named(Broker.unique("reply-codes")).exclusive()).queue();
    try (Connection other = Connection.open(params().build())) {
      Channel otherCh = other.openChannel();
      ResourceLockedException e =
          catchThrowableOfType(
              ResourceLockedException.class,
              () -> otherCh.queueDeclare(QueueSpec.named(q).exclusive()));
      assertTyped(e, AmqpReplyCode.RESOURCE_LOCKED, false, true, "queue.declare");
    }
  }

  @Test
  void preconditionFailed406() {
    String q = Broker.unique("reply-codes");
    ch.queueDeclare(QueueSpec.named(q).autoDelete());
    try {
      PreconditionFailedException e =
          catchThrowableOfType(
              PreconditionFailedException.class,
              () -> ch.queueDeclare(QueueSpec.named(q).durable()));
      assertTyped(e, AmqpReplyCode.PRECONDITION_FAILED, false, false, "queue.declare");
    } finally {
      conn.openChannel().queueDelete(q);
    }
  }

  @Test
  void noRoute312OnAMandatoryPublish() {
    ch.confirmSelect();
    UnroutableException e =
        catchThrowableOfType(
            UnroutableException.class,
            () ->
                ch.publishConfirmed(
                    "amq.direct",
                    Broker.unique("nowhere"),
                    BasicProperties.EMPTY,
                    "x".getBytes(UTF_8),
                    PublishOptions.defaults().mandatory()));
    assertThat(e.code()).isEqualTo(AmqpReplyCode.NO_ROUTE);
    assertThat(e.isHardError()).isFalse();
    assertThat(e.isRecoverable()).isTrue();
    assertThat(e.getMessage()).contains("312 NO_ROUTE;").doesNotContain("NO_ROUTE - NO_ROUTE");
  }

  @Test
  void connectionForced320ByRabbitmqctl() throws Exception {
    String name = Broker.unique("reply-codes-320");
    conn.close();
    conn = Connection.open(params().connectionName(name).build());
    CompletableFuture<ConnectionClosedException> cause = new CompletableFuture<>();
    conn.addCloseListener(cause::complete);
    ItSupport.ctl("close_connection", ItSupport.connectionPid(name), "closed by ReplyCodesIT");
    ConnectionClosedException e = cause.get(10, TimeUnit.SECONDS);
    assertTyped(e, AmqpReplyCode.CONNECTION_FORCED, true, true, null);
    assertThat(e.initiator()).isEqualTo(Initiator.BROKER);
    assertThat(e.getMessage()).contains("closed by ReplyCodesIT");
  }

  @Test
  void commandInvalid503ForAnUnknownExchangeType() throws Exception {
    AmqpException e =
        catchThrowableOfType(
            AmqpException.class,
            () -> ch.exchangeDeclare(ExchangeSpec.of(Broker.unique("reply-codes"), "x-no-such")));
    assertThat(e.code()).isEqualTo(AmqpReplyCode.COMMAND_INVALID);
    assertTyped(closeCause(), AmqpReplyCode.COMMAND_INVALID, true, false, "exchange.declare");
  }

  @Test
  void notImplemented540ForAPrefetchSize() throws Exception {
    AmqpException e =
        catchThrowableOfType(
            AmqpException.class, () -> ch.basicQos(Qos.prefetch(1).prefetchSize(1000)));
    assertThat(e.code()).isEqualTo(AmqpReplyCode.NOT_IMPLEMENTED);
    assertTyped(closeCause(), AmqpReplyCode.NOT_IMPLEMENTED, true, false, "basic.qos");
  }

  @Test
  void notAllowed530ForAVirtualHostThatDoesNotExist() {
    String vhost = Broker.unique("reply-codes-no-vhost");
    VirtualHostAccessException e =
        catchThrowableOfType(
            VirtualHostAccessException.class,
            () -> Connection.open(params().virtualHost(vhost).build()).close());
    assertThat(e.virtualHost()).isEqualTo(vhost);
    assertThat(e.initiator()).isEqualTo(Initiator.BROKER);
    assertTyped(e, AmqpReplyCode.NOT_ALLOWED, true, false, null);
  }

  @Test
  void aClosedConnectionsChannelsCarryTheCodeAndFailingMethodToo() throws Exception {
    Channel other = conn.openChannel();
    CompletableFuture<ChannelClosedException> otherCause = new CompletableFuture<>();
    other.addCloseListener(otherCause::complete);
    catchThrowableOfType(AmqpException.class, () -> ch.basicQos(Qos.prefetch(1).prefetchSize(9)));
    ChannelClosedException e = otherCause.get(10, TimeUnit.SECONDS);
    assertThat(e.code()).isEqualTo(AmqpReplyCode.NOT_IMPLEMENTED);
    assertThat(e.initiator()).isEqualTo(Initiator.LIBRARY);
    assertThat(e.failingMethodName()).isEqualTo("basic.qos");
    assertThat(e.getCause()).isInstanceOf(ConnectionClosedException.class);
  }
}
