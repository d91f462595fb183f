/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.queues;

import dev.warren.client.ConsumeSpec;
import dev.warren.client.Qos;
import dev.warren.client.QueueSpec;
import dev.warren.errors.AmqpException;
import dev.warren.errors.QueueTypeUnsupportedException;
import dev.warren.errors.ReplyCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Quorum and stream queues' refusals: checked before sending where the request shows them, and the
 * broker's replies (RabbitMQ 3.10's texts) turned into {@link QueueTypeUnsupportedException}.
 */
public final class QueueTypeChecks {
  private static final Pattern INVALID_PROPERTY = Pattern.compile("invalid property '([a-z-]+)'");
  private static final Pattern INVALID_ARG =
      Pattern.compile("invalid arg '([^']+)' for .* of queue type rabbit_(quorum|stream)_queue");

  private QueueTypeChecks() {}

  /**
   * The refusal of declaring {@code spec}, or null when nothing about its queue type is wrong. A
   * passive declare is not checked (its flags are ignored).
   */
  public static QueueTypeUnsupportedException checkDeclare(QueueSpec spec) {
    String type = spec.queueType().orElse("");
    if (spec.isPassive() || !(type.equals("quorum") || type.equals("stream"))) {
      return null;
    }
    String how =
        "declare it without "
            + "%s (QueueSpec."
            + type
            + "() sets durable), or use a classic queue";
    if (spec.isExclusive()) {
      return beforeSending(type, "exclusive queues", how.formatted("exclusive()"));
    }
    if (spec.isAutoDelete()) {
      return beforeSending(type, "auto-delete queues", how.formatted("autoDelete()"));
    }
    if (!spec.isDurable()) {
      return new QueueTypeUnsupportedException(
          AmqpException.NO_REPLY_CODE,
          type,
          "non-durable queues",
          "add durable() (QueueSpec." + type + "() sets it), or use a classic queue",
          null);
    }
    return null;
  }

  /**
   * The refusal of consuming with {@code spec} on a channel whose last basic.qos was {@code qos}
   * (null: none), or null. Only a spec with a stream offset is known to be a stream consume.
   */
  public static QueueTypeUnsupportedException checkConsume(ConsumeSpec spec, Qos qos) {
    if (spec.streamOffset().isEmpty()) {
      return null;
    }
    if (qos == null || qos.prefetchCount() == 0 || qos.isGlobal()) {
      return beforeSending(
          "stream",
          "consuming without a per-consumer prefetch",
          "call basicQos(Qos.prefetch(n)) (not global) on the channel before basicConsume");
    }
    return null;
  }

  private static QueueTypeUnsupportedException beforeSending(
      String type, String feature, String advice) {
    return new QueueTypeUnsupportedException(
        AmqpException.NO_REPLY_CODE, type, feature, advice, null);
  }

  /**
   * {@code future}, with a failure that is a quorum or stream queue's refusal replaced by its
   * {@link QueueTypeUnsupportedException}; {@code declaredType} is the queue type the request asked
   * for ("" when unknown), since some of the broker's texts do not name it. Completes {@code out}
   * (the channel's kind of future) and returns it.
   */
  public static <T> CompletableFuture<T> mapFailure(
      CompletableFuture<T> future, CompletableFuture<T> out, String declaredType) {
    future.whenComplete(
        (value, failure) -> {
          if (failure == null) {
            out.complete(value);
          } else {
            out.completeExceptionally(translate(failure, declaredType));
          }
        });
    return out;
  }

  /** {@code failure}, or the queue type's refusal it stands for. */
  public static Throwable translate(Throwable failure, String declaredType) {
    Throwable f =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (!(f instanceof AmqpException amqp)) {
      return f;
    }
    String text = amqp.getMessage() == null ? "" : amqp.getMessage();
    int code = amqp.replyCode();
    if (code == ReplyCode.PRECONDITION_FAILED) {
      Matcher property = INVALID_PROPERTY.matcher(text);
      if (property.find()) {
        String type = declaredType.isEmpty() ? "quorum and stream" : declaredType;
        return switch (property.group(1)) {
          case "exclusive-owner" ->
              refused(code, type, "exclusive queues", "declare it without exclusive()", amqp);
          case "auto-delete" ->
              refused(code, type, "auto-delete queues", "declare it without autoDelete()", amqp);
          case "non-durable" -> refused(code, type, "non-durable queues", "add durable()", amqp);
          default -> f;
        };
      }
      Matcher arg = INVALID_ARG.matcher(text);
      if (arg.find()) {
        return refused(
            code,
            arg.group(2),
            "the argument " + arg.group(1),
            "leave it out, or use a classic queue for it",
            amqp);
      }
      if (text.contains("consumer prefetch count is not set")) {
        return refused(
            code,
            "stream",
            "consuming without a per-consumer prefetch",
            "call basicQos(Qos.prefetch(n)) (not global) on the channel before basicConsume",
            amqp);
      }
    } else if (code == ReplyCode.NOT_IMPLEMENTED) {
      if (text.contains("does not support global qos")) {
        return refused(
            code,
            "quorum",
            "global qos",
            "use a per-consumer prefetch, Qos.prefetch(n) without global()",
            amqp);
      }
      if (text.contains("automatic acknowledgement not supported by stream queues")) {
        return refused(
            code, "stream", "auto-ack consumers", "consume with manual acks and a prefetch", amqp);
      }
      if (text.contains("basic.get not supported by stream queues")) {
        return refused(
            code,
            "stream",
            "basic.get",
            "consume with basicConsume, manual acks and a prefetch instead",
            amqp);
      }
    }
    return f;
  }

  private static QueueTypeUnsupportedException refused(
      int code, String type, String feature, String advice, AmqpException cause) {
    return new QueueTypeUnsupportedException(code, type, feature, advice, cause);
  }
}
