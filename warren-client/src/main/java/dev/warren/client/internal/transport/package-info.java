/**
 * The socket: {@link dev.warren.client.internal.transport.NettyTransport} owns a connection's Netty
 * bootstrap, pipeline (TLS, then {@code AmqpHandler}) and socket, and the output the engine writes
 * frames into; {@link dev.warren.client.internal.transport.TransportListener} is the seam through
 * which the session hears what happens on it, with no Netty type crossing. Also the receive
 * coalescing pacer and the socket options.
 *
 * <p><b>Threads:</b> the connection's I/O thread only, except creating a transport.
 *
 * <p><b>May use:</b> {@code threads}, {@code transport.tls}, {@code config}. The only package that
 * may use Netty's bootstrap, handlers, buffers and {@code ChannelHandlerContext} (checked by {@code
 * PackageRulesTest}).
 */
package dev.warren.client.internal.transport;
