/**
 * One connection as the application sees it ({@code ConnectionCore}, with its blocking view), and
 * the sessions it goes through: a {@code Session} is one transport connection with its sans-IO
 * engine; a recovering connection replaces its session, the application's objects stay. Also
 * connecting (endpoints, TLS, SASL, the stack timeout), the connection's publish gates (write
 * buffer and connection.blocked, {@code PublishGate}), the channel table, how operations wait for a
 * recovery in progress, and keeping credentials that expire fresh on every connection that uses
 * them ({@code CredentialsRefresh}, one per provider, found through {@code CredentialsRefreshes};
 * the provider is called on the callback pool, never on an I/O thread).
 *
 * <p><b>Threads:</b> state changes on the connection's I/O thread; the public methods are
 * thread-safe.
 *
 * <p><b>May use:</b> {@code threads}, {@code transport}, {@code channel}, {@code recovery}, {@code
 * config}. Implements {@code channel.ChannelHost}, what its channels use.
 */
package dev.warren.client.internal.connection;
