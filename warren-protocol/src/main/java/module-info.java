/**
 * Warren's AMQP 0-9-1 codec: frames, methods, field tables and basic properties, with no
 * dependencies.
 *
 * <p>A user of the client reads two packages of it: {@link dev.warren.protocol} (what applications
 * handle: {@link dev.warren.protocol.BasicProperties}, {@link dev.warren.protocol.LongString},
 * {@link dev.warren.protocol.FieldValue}, {@link dev.warren.protocol.ShortStrings}) and {@link
 * dev.warren.errors} (the exception hierarchy shared by every Warren module). The codec itself,
 * {@code dev.warren.protocol.codec} (frame decoder and encoder, field tables, method metadata) and
 * {@code dev.warren.protocol.method} (one immutable record per AMQP method), is exported only to
 * the engine, the client and the test kit.
 */
// The engine, the client and the test kit are compiled after this module: javac cannot find them.
@SuppressWarnings("module")
module dev.warren.protocol {
  exports dev.warren.protocol;
  exports dev.warren.errors;
  exports dev.warren.protocol.codec to
      dev.warren.engine,
      dev.warren.client,
      dev.warren.testkit;
  exports dev.warren.protocol.method to
      dev.warren.engine,
      dev.warren.client,
      dev.warren.testkit;
}
