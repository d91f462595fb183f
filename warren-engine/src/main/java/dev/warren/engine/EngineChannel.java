/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.engine;

import dev.warren.errors.AmqpException;
import dev.warren.errors.ChannelClosedException;
import dev.warren.protocol.BasicProperties;
import dev.warren.protocol.codec.Method;
import java.util.ArrayDeque;

/**
 * The engine's record of one channel: state, RPCs awaiting replies (in order: the broker answers
 * synchronous methods of a channel in the order it received them), the content being assembled, and
 * publish sequence numbers. Touched only by the engine's thread.
 */
final class EngineChannel {
  private record PendingRpc(Method request, RpcCallback callback) {}

  final int number;
  final ChannelListener listener;
  ChannelState state = ChannelState.OPENING;
  private final ArrayDeque<PendingRpc> pending = new ArrayDeque<>(4);

  boolean confirmMode;
  boolean txMode;
  long nextPublishSeqNo = 1;

  // Content being assembled: method -> header -> body frames.
  Method contentMethod;
  BasicProperties contentProperties;
  byte[] contentBody;
  int contentFilled;
  boolean awaitingHeader;

  // Set while CLOSING: who asked, and why the channel is closing.
  RpcCallback closeCallback;
  ChannelClosedException closeCause;
  private boolean closeNotified;

  EngineChannel(int number, ChannelListener listener) {
    this.number = number;
    this.listener = listener;
  }

  boolean assemblingContent() {
    return contentMethod != null;
  }

  void resetContent() {
    contentMethod = null;
    contentProperties = null;
    contentBody = null;
    contentFilled = 0;
    awaitingHeader = false;
  }

  void enqueue(Method request, RpcCallback callback) {
    pending.addLast(new PendingRpc(request, callback));
  }

  /** The oldest RPC, if {@code reply} answers it; null otherwise. */
  RpcCallback takeIfReplyTo(Method reply) {
    PendingRpc head = pending.peekFirst();
    if (head == null || !isReply(head.request, reply)) {
      return null;
    }
    pending.pollFirst();
    return head.callback;
  }

  boolean hasPendingRpc() {
    return !pending.isEmpty();
  }

  String headRequestName() {
    PendingRpc head = pending.peekFirst();
    return head == null ? null : head.request.protocolName();
  }

  void failAll(AmqpException cause) {
    PendingRpc rpc;
    while ((rpc = pending.pollFirst()) != null) {
      rpc.callback.onFailure(cause);
    }
  }

  /**
   * Marks the channel closed, tells the owner (once, however often called), then fails its RPCs:
   * whoever hears of the failure already finds the channel closed.
   */
  void close(ChannelClosedException cause) {
    state = ChannelState.CLOSED;
    resetContent();
    if (!closeNotified) {
      closeNotified = true;
      listener.onClosed(cause);
    }
    failAll(cause);
  }

  /**
   * Whether {@code reply} answers {@code request}. In AMQP 0-9-1 the reply to method N of a class
   * is method N+1 of the same class, with two exceptions: basic.get is answered by get-ok (71) or
   * get-empty (72), and RabbitMQ's exchange.unbind (40) by unbind-ok (51).
   */
  static boolean isReply(Method request, Method reply) {
    if (request.classId() != reply.classId()) {
      return false;
    }
    int req = request.methodId();
    int rep = reply.methodId();
    if (request.classId() == 60 && req == 70) {
      return rep == 71 || rep == 72;
    }
    if (request.classId() == 40 && req == 40) {
      return rep == 51;
    }
    return rep == req + 1;
  }
}
