package dev.warren.client;

import dev.warren.client.internal.Connector;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous view of a connection ({@link Connection} is the blocking view of the same).
 *
 * <p><b>Threading:</b> every method may be called from any thread; dependent actions of the
 * returned futures run on the connection's callback executor, never on the I/O thread.
 *
 * @since 0.1
 */
public interface AsyncConnection {

  /**
   * Opens a connection without blocking the caller; the future fails with the same exceptions
   * {@link Connection#open} throws (pika's on_open_error_callback).
   */
  static CompletableFuture<AsyncConnection> open(ConnectionParameters parameters) {
    return Connector.openAsync(parameters);
  }

  /** The blocking view of this connection. */
  Connection blocking();

  /** Opens a channel with the next free number. */
  CompletableFuture<AsyncChannel> openChannel();

  /** Opens a channel with this number. */
  CompletableFuture<AsyncChannel> openChannel(int number);

  /** connection.update-secret; completes on update-secret-ok. */
  CompletableFuture<Void> updateSecret(String newSecret, String reason);

  /** Closes with 200 OK; completes when the connection is closed. */
  CompletableFuture<Void> close();

  /** Closes with a reply code and text; completes when closed, or after {@code timeout} anyway. */
  CompletableFuture<Void> close(int replyCode, String replyText, Duration timeout);

  /** Completes when the connection closes, for whatever reason (pika's on_close_callback). */
  CompletableFuture<dev.warren.errors.ConnectionClosedException> closeFuture();
}
