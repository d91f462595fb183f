/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

/**
 * The channel is closed, so the operation could not be done: by the broker (a soft error such as
 * 404 NOT_FOUND or 406 PRECONDITION_FAILED, which closes only this channel), by the application, or
 * because its connection closed.
 *
 * <p>The connection and its other channels keep working after a channel error. Catch the subclasses
 * for specific reply codes: {@link NotFoundException}, {@link AccessRefusedException}, {@link
 * ResourceLockedException}, {@link PreconditionFailedException}; for every other code (a peer may
 * close a channel with any), {@link #code()} names it. The message names the method that caused the
 * close when the broker said ({@link #failingMethodName()}). See docs/errors.md.
 *
 * @since 0.1
 */
public class ChannelClosedException extends AmqpException {
  private static final long serialVersionUID = 1L;

  private final int channelNumber;
  private final String replyText;
  private final int failingClassId;
  private final int failingMethodId;
  private final Initiator initiator;

  /**
   * A closed channel.
   *
   * @param channelNumber the channel's number
   * @param replyCode the reply code, or {@link #NO_REPLY_CODE}
   * @param replyText the reply text; null reads as empty
   * @param failingClassId the class id of the method that caused the close, or 0
   * @param failingMethodId the method id of the method that caused the close, or 0
   * @param initiator who closed the channel
   */
  public ChannelClosedException(
      int channelNumber,
      int replyCode,
      String replyText,
      int failingClassId,
      int failingMethodId,
      Initiator initiator) {
    super(
        replyCode,
        describe(channelNumber, replyCode, replyText, initiator, failingClassId, failingMethodId));
    this.channelNumber = channelNumber;
    this.replyText = replyText == null ? "" : replyText;
    this.failingClassId = failingClassId;
    this.failingMethodId = failingMethodId;
    this.initiator = initiator;
  }

  /**
   * The exception for a channel.close from the broker, as the subclass for its reply code when
   * there is one (403, 404, 405, 406); every other code is a {@code ChannelClosedException} whose
   * {@link #code()} names it.
   */
  public static ChannelClosedException fromBroker(
      int channelNumber, int replyCode, String replyText, int classId, int methodId) {
    return switch (replyCode) {
      case ReplyCode.NOT_FOUND ->
          new NotFoundException(channelNumber, replyText, classId, methodId);
      case ReplyCode.ACCESS_REFUSED ->
          new AccessRefusedException(channelNumber, replyText, classId, methodId);
      case ReplyCode.RESOURCE_LOCKED ->
          new ResourceLockedException(channelNumber, replyText, classId, methodId);
      case ReplyCode.PRECONDITION_FAILED ->
          new PreconditionFailedException(channelNumber, replyText, classId, methodId);
      default ->
          new ChannelClosedException(
              channelNumber, replyCode, replyText, classId, methodId, Initiator.BROKER);
    };
  }

  private static String describe(
      int channel, int code, String text, Initiator initiator, int classId, int methodId) {
    String who =
        switch (initiator) {
          case BROKER -> "closed by the broker";
          case CLIENT -> "closed by the application";
          case LIBRARY -> "closed by Warren";
        };
    String method = FailingMethod.name(classId, methodId);
    return "channel "
        + channel
        + " "
        + who
        + ": "
        + ReplyCode.describe(code, text)
        + (method == null ? "" : " (caused by " + method + ")");
  }

  /** The number of the channel that closed. */
  public int channelNumber() {
    return channelNumber;
  }

  /** The reply text, never null. */
  public String replyText() {
    return replyText;
  }

  /** The class id of the method that caused the close, or 0. */
  public int failingClassId() {
    return failingClassId;
  }

  /** The method id of the method that caused the close, or 0. */
  public int failingMethodId() {
    return failingMethodId;
  }

  /**
   * The spec's name of the method that caused the close, such as {@code "queue.declare"}, or {@code
   * null} when the close names none (class id 0) or ids that no AMQP 0-9-1 method has.
   */
  public String failingMethodName() {
    return FailingMethod.name(failingClassId, failingMethodId);
  }

  /** Who closed the channel. */
  public Initiator initiator() {
    return initiator;
  }
}
