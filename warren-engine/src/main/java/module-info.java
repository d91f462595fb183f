/**
 * Warren's sans-IO engine: AMQP 0-9-1 connection and channel state machines that take bytes in,
 * write bytes out and are told the time. No threads, sockets, locks or clocks: the client drives
 * one engine per connection from one thread.
 *
 * <p>Only the client reads it: a module that requires {@code dev.warren.client} does not see the
 * engine.
 */
// The client is compiled after this module: javac cannot find it.
@SuppressWarnings("module")
module dev.warren.engine {
  requires transitive dev.warren.protocol;

  exports dev.warren.engine to
      dev.warren.client;
}
