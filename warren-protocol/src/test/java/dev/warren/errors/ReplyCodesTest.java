/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every AMQP 0-9-1 reply code has its type, its hard/soft kind and its recoverability, and every
 * exception that carries one (channel or connection, from the broker) reports them, names the
 * failing method and does not repeat the code's name in its message.
 */
class ReplyCodesTest {

  /** code, name, hard error, recoverable: the table of docs/errors.md. */
  static Stream<Arguments> codes() {
    return Stream.of(
        Arguments.of(311, "CONTENT_TOO_LARGE", false, true),
        Arguments.of(312, "NO_ROUTE", false, true),
        Arguments.of(313, "NO_CONSUMERS", false, true),
        Arguments.of(320, "CONNECTION_FORCED", true, true),
        Arguments.of(402, "INVALID_PATH", true, false),
        Arguments.of(403, "ACCESS_REFUSED", false, false),
        Arguments.of(404, "NOT_FOUND", false, false),
        Arguments.of(405, "RESOURCE_LOCKED", false, true),
        Arguments.of(406, "PRECONDITION_FAILED", false, false),
        Arguments.of(501, "FRAME_ERROR", true, false),
        Arguments.of(502, "SYNTAX_ERROR", true, false),
        Arguments.of(503, "COMMAND_INVALID", true, false),
        Arguments.of(504, "CHANNEL_ERROR", true, false),
        Arguments.of(505, "UNEXPECTED_FRAME", true, false),
        Arguments.of(506, "RESOURCE_ERROR", true, true),
        Arguments.of(530, "NOT_ALLOWED", true, false),
        Arguments.of(540, "NOT_IMPLEMENTED", true, false),
        Arguments.of(541, "INTERNAL_ERROR", true, true));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("codes")
  void theCodeHasItsTypeKindAndRecoverability(
      int number, String name, boolean hard, boolean recoverable) {
    AmqpReplyCode code = AmqpReplyCode.of(number);
    assertThat(code.name()).isEqualTo(name);
    assertThat(code.number()).isEqualTo(number);
    assertThat(code.protocolName()).isEqualTo(name);
    assertThat(code.isHardError()).as("isHardError").isEqualTo(hard);
    assertThat(code.isRecoverable()).as("isRecoverable").isEqualTo(recoverable);
    assertThat(ReplyCode.isHardError(number)).isEqualTo(hard);
    assertThat(ReplyCode.isRecoverable(number)).isEqualTo(recoverable);
    assertThat(ReplyCode.nameOf(number)).isEqualTo(name);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("codes")
  void aChannelCloseWithTheCodeIsTypedAndNamesTheFailingMethod(
      int number, String name, boolean hard, boolean recoverable) {
    // 50/10 is queue.declare; RabbitMQ's reply texts start with the code's name.
    ChannelClosedException e =
        ChannelClosedException.fromBroker(3, number, name + " - something failed", 50, 10);
    assertThat(e.code()).isEqualTo(AmqpReplyCode.of(number));
    assertThat(e.replyCode()).isEqualTo(number);
    assertThat(e.isHardError()).isEqualTo(hard);
    assertThat(e.isRecoverable()).isEqualTo(recoverable);
    assertThat(e.failingMethodName()).isEqualTo("queue.declare");
    assertThat(e.getMessage())
        .isEqualTo(
            "channel 3 closed by the broker: "
                + number
                + " "
                + name
                + " - something failed (caused by queue.declare)");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("codes")
  void aConnectionCloseWithTheCodeIsTypedAndNamesTheFailingMethod(
      int number, String name, boolean hard, boolean recoverable) {
    // 20/10 is channel.open.
    ConnectionClosedException e =
        ConnectionClosedException.fromBroker(number, name + " - something failed", 20, 10);
    assertThat(e.code()).isEqualTo(AmqpReplyCode.of(number));
    assertThat(e.isHardError()).isEqualTo(hard);
    assertThat(e.isRecoverable()).isEqualTo(recoverable);
    assertThat(e.initiator()).isEqualTo(Initiator.BROKER);
    assertThat(e.failingMethodName()).isEqualTo("channel.open");
    assertThat(e.failingClassId()).isEqualTo(20);
    assertThat(e.failingMethodId()).isEqualTo(10);
    assertThat(e.getMessage())
        .isEqualTo(
            "connection closed by the broker: "
                + number
                + " "
                + name
                + " - something failed (caused by channel.open)");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("codes")
  void aReturnWithTheCodeIsTyped(int number, String name, boolean hard, boolean recoverable) {
    UnroutableException e = new UnroutableException(number, name, "x", "k", null, new byte[0]);
    assertThat(e.code()).isEqualTo(AmqpReplyCode.of(number));
    assertThat(e.isRecoverable()).isEqualTo(recoverable);
    assertThat(e.getMessage()).contains("returned by the broker: " + number + " " + name + ";");
    assertThat(e.getMessage()).doesNotContain(name + " - " + name);
  }

  @Test
  void theSubclassesOfTheSoftCodesStay() {
    assertThat(ChannelClosedException.fromBroker(1, 403, "", 0, 0))
        .isInstanceOf(AccessRefusedException.class);
    assertThat(ChannelClosedException.fromBroker(1, 404, "", 0, 0))
        .isInstanceOf(NotFoundException.class);
    assertThat(ChannelClosedException.fromBroker(1, 405, "", 0, 0))
        .isInstanceOf(ResourceLockedException.class);
    assertThat(ChannelClosedException.fromBroker(1, 406, "", 0, 0))
        .isInstanceOf(PreconditionFailedException.class);
    assertThat(ChannelClosedException.fromBroker(1, 530, "", 0, 0).getClass())
        .isEqualTo(ChannelClosedException.class);
  }

  @Test
  void everySpecCodeButSuccessIsCoveredAndOnlyThoseHaveAType() {
    int[] listed = codes().mapToInt(a -> (Integer) a.get()[0]).toArray();
    int[] typed =
        Arrays.stream(AmqpReplyCode.values())
            .filter(
                c ->
                    c != AmqpReplyCode.NONE
                        && c != AmqpReplyCode.UNKNOWN
                        && c != AmqpReplyCode.REPLY_SUCCESS)
            .mapToInt(AmqpReplyCode::number)
            .toArray();
    assertThat(typed).containsExactly(listed);
  }

  @Test
  void noCodeAndUnknownCodes() {
    assertThat(AmqpReplyCode.of(0)).isEqualTo(AmqpReplyCode.NONE);
    assertThat(AmqpReplyCode.of(200)).isEqualTo(AmqpReplyCode.REPLY_SUCCESS);
    assertThat(AmqpReplyCode.of(999)).isEqualTo(AmqpReplyCode.UNKNOWN);
    assertThat(AmqpReplyCode.of(-1)).isEqualTo(AmqpReplyCode.UNKNOWN);
    AmqpException none = new WrongStateException("x", null);
    assertThat(none.code()).isEqualTo(AmqpReplyCode.NONE);
    assertThat(none.isHardError()).isFalse();
    assertThat(none.isRecoverable()).isFalse();
    // A 5xx number outside the spec still closes the connection, as the spec's classes say.
    ConnectionClosedException odd = ConnectionClosedException.fromBroker(599, "odd", 0, 0);
    assertThat(odd.code()).isEqualTo(AmqpReplyCode.UNKNOWN);
    assertThat(odd.replyCode()).isEqualTo(599);
    assertThat(odd.isHardError()).isTrue();
    assertThat(odd.isRecoverable()).isFalse();
    assertThat(odd.failingMethodName()).isNull();
    assertThat(odd.getMessage()).isEqualTo("connection closed by the broker: 599 UNKNOWN - odd");
  }

  @Test
  void aReplyTextThatDoesNotStartWithTheNameGetsIt() {
    assertThat(ReplyCode.describe(404, "no queue 'q'")).isEqualTo("404 NOT_FOUND - no queue 'q'");
    assertThat(ReplyCode.describe(404, "NOT_FOUND - no queue 'q'"))
        .isEqualTo("404 NOT_FOUND - no queue 'q'");
    assertThat(ReplyCode.describe(404, "")).isEqualTo("404 NOT_FOUND");
  }

  @Test
  void aRefusedVirtualHostDoesNotRepeatTheName() {
    VirtualHostAccessException e =
        new VirtualHostAccessException(530, "NOT_ALLOWED - vhost nope not found", "nope");
    assertThat(e.getMessage()).contains("(530 NOT_ALLOWED - vhost nope not found)");
    assertThat(e.code()).isEqualTo(AmqpReplyCode.NOT_ALLOWED);
    assertThat(e.isHardError()).isTrue();
  }
}
