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

  /** The channel that closed. */
  private final int channelNumber;

  /** The reply text, never null. */
  private final String replyText;

  /** Class id of the failing method, or 0. */
  private final int failingClassId;

  /** Method id of the failing method, or 0. */
  private final int failingMethodId;

  /** Who closed the channel. */
  private final Initiator initiator;

  /**
   * A closed channel.
   *
   * @param channelNumber the number of the channel that closed
   * @param replyCode the reply code of the close (200 for a normal close)
   * @param replyText the reply text; null is read as empty
   * @param failingClassId the class id of the method that caused the close, or 0
   * @param failingMethodId the method id of the method that caused the close, or 0
   * @param initiator who closed the channel; never null
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
   * there is one: 404 {@link NotFoundException}, 403 {@link AccessRefusedException}, 405 {@link
   * ResourceLockedException}, 406 {@link PreconditionFailedException}; any other code a {@code
   * ChannelClosedException} with initiator {@link Initiator#BROKER}.
   *
   * @param channelNumber the number of the channel the broker closed
   * @param replyCode the close's reply code
   * @param replyText the close's reply text; null is read as empty
   * @param classId the class id of the method that caused the close, or 0
   * @param methodId the method id of the method that caused the close, or 0
   * @return the exception; never null
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

  /**
   * The number of the channel that closed.
   *
   * @return the channel number (1 to channel_max)
   */
  public int channelNumber() {
    return channelNumber;
  }

  /**
   * The reply text of the close.
   *
   * @return the text; never null, empty when there was none
   */
  public String replyText() {
    return replyText;
  }

  /**
   * The class id of the method that caused the close.
   *
   * @return the class id (50 for queue.*), or 0 when the close names no method
   */
  public int failingClassId() {
    return failingClassId;
  }

  /**
   * The method id of the method that caused the close.
   *
   * @return the method id within its class, or 0 when the close names no method
   */
  public int failingMethodId() {
    return failingMethodId;
  }

  /**
   * The spec's name of the method that caused the close, such as {@code "queue.declare"}, or {@code
   * null} when the close names none (class id 0) or ids that no AMQP 0-9-1 method has.
   *
   * @return the method's name, or null
   */
  public String failingMethodName() {
    return FailingMethod.name(failingClassId, failingMethodId);
  }

  /**
   * Who closed the channel: the broker (a channel error), the application, or Warren (its
   * connection closed; the cause is then the {@link ConnectionClosedException}).
   *
   * @return the initiator; never null
   */
  public Initiator initiator() {
    return initiator;
  }
}
