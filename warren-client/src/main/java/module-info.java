/**
 * Warren: an AMQP 0-9-1 client for RabbitMQ, blocking and asynchronous, safe to share between
 * threads. The public API is {@code dev.warren.client}; exceptions are in {@code dev.warren.errors}
 * and message properties in {@code dev.warren.protocol}.
 *
 * <p>The engine is required without {@code transitive}: a module that requires this one reads
 * dev.warren.client, dev.warren.errors and dev.warren.protocol, and nothing of the engine or the
 * codec (PublicSurfaceTest counts it, docs/architecture.md says what and why).
 */
module dev.warren.client {
  requires dev.warren.engine;
  requires transitive dev.warren.protocol;
  requires io.netty.common;
  requires io.netty.buffer;
  requires io.netty.transport;
  requires io.netty.handler;
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport.unix.common;
  requires org.slf4j;

  exports dev.warren.client;
  exports dev.warren.client.rpc;
}
