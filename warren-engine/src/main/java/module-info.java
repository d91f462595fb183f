/**
 * Warren's sans-IO engine: AMQP 0-9-1 connection and channel state machines that take bytes in,
 * write bytes out and are told the time. No threads, sockets, locks or clocks: the client drives
 * one engine per connection from one thread.
 */
module dev.warren.engine {
  requires transitive dev.warren.protocol;

  exports dev.warren.engine;
}
