/**
 * Warren's AMQP 0-9-1 codec: frames, methods, field tables and basic properties, with no
 * dependencies.
 *
 * <p>{@link dev.warren.protocol} holds the frame decoder and encoder, field tables, {@link
 * dev.warren.protocol.BasicProperties} and the method metadata; {@link dev.warren.protocol.method}
 * holds one immutable record per AMQP method; {@link dev.warren.errors} holds the exception
 * hierarchy shared by every Warren module.
 */
module dev.warren.protocol {
  exports dev.warren.protocol;
  exports dev.warren.protocol.method;
  exports dev.warren.errors;
}
