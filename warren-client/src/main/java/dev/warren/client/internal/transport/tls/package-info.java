/**
 * TLS for the transport: the Netty {@code SslHandler} built from {@link
 * dev.warren.client.TlsOptions} (trust, key material, protocols, hostname verification) and the
 * one-line explanations of TLS failures (expired, untrusted or mismatched certificates, handshake
 * alerts).
 *
 * <p><b>Threads:</b> handlers are built on the I/O thread; the rest is stateless.
 *
 * <p><b>May use:</b> {@code config}, Netty's handler package.
 */
package dev.warren.client.internal.transport.tls;
