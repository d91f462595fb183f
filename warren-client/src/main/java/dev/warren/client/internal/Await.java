package dev.warren.client.internal;

import dev.warren.errors.AmqpException;
import dev.warren.errors.RpcTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How the blocking views wait: on the future of the asynchronous implementation, always with a
 * deadline, rethrowing Warren's unchecked exceptions as they are.
 */
final class Await {
  private Await() {}

  static <T> T result(CompletableFuture<T> future, Duration timeout, String method) {
    return result(future, timeout, timeout, method);
  }

  /**
   * Waits {@code wait} at most; a timeout reports {@code timeout}, the caller's whole deadline, of
   * which {@code wait} is what was left.
   */
  static <T> T result(CompletableFuture<T> future, Duration wait, Duration timeout, String method) {
    try {
      return future.get(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new RpcTimeoutException(method, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AmqpException(
          AmqpException.NO_REPLY_CODE, "interrupted while waiting for " + method, e);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (CancellationException e) {
      throw new AmqpException(AmqpException.NO_REPLY_CODE, method + " was cancelled", e);
    }
  }

  static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException re) {
      return re;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    return new AmqpException(AmqpException.NO_REPLY_CODE, String.valueOf(cause), cause);
  }
}
