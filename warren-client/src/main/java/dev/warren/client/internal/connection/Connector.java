/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.connection;

import dev.warren.client.AsyncConnection;
import dev.warren.client.ConnectionParameters;
import dev.warren.client.Credentials;
import dev.warren.client.EndpointList;
import dev.warren.client.RecoveryPolicy;
import dev.warren.client.SaslMechanism;
import dev.warren.client.SaslMechanisms;
import dev.warren.client.SaslSession;
import dev.warren.client.internal.threads.Await;
import dev.warren.client.internal.threads.CallbackFuture;
import dev.warren.client.internal.threads.ExitHook;
import dev.warren.client.internal.threads.Lease;
import dev.warren.client.internal.threads.SharedResources;
import dev.warren.client.internal.threads.ThreadResources;
import dev.warren.client.internal.transport.tls.TlsHandlerFactory;
import dev.warren.engine.EngineConfig;
import dev.warren.engine.SaslClient;
import dev.warren.errors.AmqpException;
import dev.warren.errors.AuthenticationException;
import dev.warren.errors.ConnectFailedException;
import dev.warren.errors.ReplyCode;
import dev.warren.errors.VirtualHostAccessException;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens connections: walks the endpoint plan (each endpoint up to its connection attempts, with the
 * retry delay between), and for each attempt does TCP, TLS and the AMQP handshake within the stack
 * timeout.
 */
public final class Connector {
  private static final Logger log = LoggerFactory.getLogger(Connector.class);

  private Connector() {}

  /** Opens a connection, blocking the caller up to the sum of the attempts' timeouts. */
  public static ConnectionCore open(EndpointList endpoints, RecoveryPolicy policy) {
    CompletableFuture<ConnectionCore> f = openCore(endpoints, policy);
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AmqpException(AmqpException.NO_REPLY_CODE, "interrupted while connecting", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw Await.rethrow(e.getCause());
    }
  }

  public static CompletableFuture<AsyncConnection> openAsync(
      EndpointList endpoints, RecoveryPolicy policy) {
    return openCore(endpoints, policy).thenApply(c -> (AsyncConnection) c);
  }

  static CompletableFuture<ConnectionCore> openCore(EndpointList endpoints, RecoveryPolicy policy) {
    ConnectionParameters first = endpoints.endpoints().get(0);
    Lease lease;
    try {
      lease = ThreadResources.of(first.resources().orElse(null)).acquire();
    } catch (IllegalStateException e) {
      return CallbackFuture.failed(ThreadResources.of(null).callbacks(), e);
    }
    // This connection's own order (shuffled unless the list says as listed); recovery uses it too.
    EndpointList ordered = endpoints.forConnection();
    ConnectionCore core = new ConnectionCore(ordered, policy, lease);
    // Until it is closed, the JVM's shutdown closes it (and waits for what it accepted).
    ExitHook.register(core, core::closeAtExit);
    core.openFuture.whenComplete(
        (c, e) -> {
          if (e != null) {
            core.resourcesReleased();
          }
        });
    walk(core, ordered.attempts().iterator(), new ArrayList<>(), 0, System.nanoTime());
    return core.openFuture;
  }

  /**
   * Tries the plan's attempts in order; when the plan is exhausted and the recovery policy says so,
   * keeps trying over it with the policy's backoff.
   */
  private static void walk(
      ConnectionCore core,
      Iterator<EndpointList.Attempt> plan,
      List<ConnectFailedException.Attempt> failures,
      int extraRounds,
      long startNanos) {
    EndpointList.Attempt attempt = plan.next();
    Runnable go =
        () ->
            attempt(core, attempt.parameters())
                .whenComplete(
                    (session, error) -> {
                      if (error == null) {
                        core.openFuture.complete(core);
                        return;
                      }
                      Throwable cause = unwrap(error);
                      failures.add(
                          new ConnectFailedException.Attempt(
                              attempt.parameters().endpoint(), failures.size() + 1, cause));
                      log.debug("connection attempt {} failed: {}", attempt, cause.getMessage());
                      boolean refused =
                          cause instanceof AuthenticationException
                              || cause instanceof VirtualHostAccessException;
                      if (!refused && plan.hasNext()) {
                        walk(core, plan, failures, extraRounds, startNanos);
                      } else if (!refused
                          && retryOverPolicy(core.recoveryPolicy, extraRounds, startNanos)) {
                        Duration delay =
                            core.recoveryPolicy.delayBefore(
                                extraRounds + 1,
                                java.util.concurrent.ThreadLocalRandom.current().nextDouble());
                        core.loop.schedule(
                            () ->
                                walk(
                                    core,
                                    core.endpoints.attempts().iterator(),
                                    failures,
                                    extraRounds + 1,
                                    startNanos),
                            delay.toNanos(),
                            TimeUnit.NANOSECONDS);
                      } else {
                        core.openFuture.completeExceptionally(finalFailure(cause, failures));
                      }
                    });
    Duration delay = attempt.delayBefore();
    if (delay.isZero()) {
      go.run();
    } else {
      core.loop.schedule(go, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private static boolean retryOverPolicy(RecoveryPolicy policy, int roundsSoFar, long startNanos) {
    if (!policy.isEnabled() || !policy.retriesFirstConnect()) {
      return false;
    }
    if (policy.maxAttempts() > 0 && roundsSoFar + 1 >= policy.maxAttempts()) {
      return false;
    }
    return policy.maxDuration().map(d -> System.nanoTime() - startNanos < d.toNanos()).orElse(true);
  }

  private static Throwable finalFailure(
      Throwable last, List<ConnectFailedException.Attempt> failures) {
    if (failures.size() == 1) {
      return last;
    }
    StringBuilder msg =
        new StringBuilder("all ").append(failures.size()).append(" connection attempts failed:");
    for (ConnectFailedException.Attempt a : failures) {
      msg.append("\n  attempt ")
          .append(a.attempt())
          .append(" to ")
          .append(a.endpoint())
          .append(": ")
          .append(a.failure().getMessage());
    }
    return new ConnectFailedException(msg.toString(), last, failures);
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * One attempt at one endpoint: a new session of {@code core}. Called on an I/O thread (a retry, a
   * recovery), it hands the attempt to the callback pool first: the credentials provider may block
   * (an HTTP call for a token) and must not stall the connections of that thread.
   */
  public static CompletableFuture<Session> attempt(ConnectionCore core, ConnectionParameters p) {
    if (!SharedResources.onIoThread()) {
      return attemptNow(core, p);
    }
    CallbackFuture<Session> result = new CallbackFuture<>(core.callbacks);
    core.callbacks.execute(
        () ->
            attemptNow(core, p)
                .whenComplete(
                    (session, error) -> {
                      if (error == null) {
                        result.complete(session);
                      } else {
                        result.completeExceptionally(error);
                      }
                    }));
    return result;
  }

  private static CompletableFuture<Session> attemptNow(
      ConnectionCore core, ConnectionParameters p) {
    String endpoint = p.endpoint();
    Credentials credentials;
    try {
      // The latest of a refresh under way, if not due for refresh yet; else the provider's.
      credentials = CredentialsRefreshes.shared().forAttempt(p.credentialsProvider());
    } catch (RuntimeException e) {
      return CallbackFuture.failed(
          core.callbacks,
          new ConnectFailedException(
              "could not connect to "
                  + endpoint
                  + ": the credentials provider failed: "
                  + e.getMessage(),
              e,
              List.of()));
    }
    List<SaslMechanism> mechanisms = p.authMechanismsFor(credentials);
    EngineConfig config =
        new EngineConfig(
            ClientProperties.forConnection(p),
            sasl(mechanisms, credentials),
            p.locale(),
            p.virtualHost(),
            p.channelMax(),
            p.frameMax(),
            p.heartbeat()::negotiateSeconds,
            p.maxInboundBodySize(),
            p.blockedConnectionTimeout().map(Duration::toNanos).orElse(0L));
    EventLoop loop = core.loop;
    boolean tls = p.tlsEnabled();
    TlsHandlerFactory tlsFactory;
    try {
      // Reads certificate and key files now, so a bad file fails this attempt at once with a
      // message naming it, rather than inside Netty's initializer.
      tlsFactory = tls ? TlsHandlerFactory.create(p.tls().orElseThrow()) : null;
    } catch (IllegalArgumentException e) {
      return CallbackFuture.failed(
          core.callbacks,
          new ConnectFailedException(
              "could not connect to " + endpoint + ": TLS options: " + e.getMessage(),
              e,
              List.of()));
    }
    Session session = new Session(core, p, config);
    session.transport.connect(
        loop,
        p,
        tlsFactory,
        session,
        (reason, cause) ->
            session.opened.completeExceptionally(
                new ConnectFailedException(
                    "could not connect to " + endpoint + ": TCP connect failed: " + reason,
                    cause,
                    List.of())));
    Duration stackTimeout = p.stackTimeout();
    var timer =
        loop.schedule(
            () -> {
              if (!session.opened.isDone()) {
                session.opened.completeExceptionally(
                    new ConnectFailedException(
                        "could not connect to "
                            + endpoint
                            + ": the "
                            + session.stage().description
                            + " did not finish within the stack timeout of "
                            + stackTimeout.toMillis()
                            + " ms; is this an AMQP port, and is the broker responsive?",
                        null,
                        List.of()));
                session.transport.close();
              }
            },
            stackTimeout.toNanos(),
            TimeUnit.NANOSECONDS);
    // Completes once the session is open and, when its credentials expire, registered for
    // refresh: a second connection of the same provider opened right after this one returns
    // then reuses these credentials.
    CallbackFuture<Session> result = new CallbackFuture<>(core.callbacks);
    session.opened.whenComplete(
        (c, e) -> {
          timer.cancel(false);
          if (e == null) {
            try {
              CredentialsRefreshes.sessionOpened(core, p.credentialsProvider(), credentials);
            } catch (RuntimeException failure) {
              log.warn("{}: cannot keep the credentials fresh: {}", endpoint, failure.toString());
            }
            result.complete(c);
          } else {
            // On the I/O thread, after what the engine wrote (a connection.close-ok to the
            // broker's refusal, say) is flushed: then the socket goes.
            loop.execute(session::flushAndClose);
            result.completeExceptionally(e);
          }
        });
    return result;
  }

  static Function<List<String>, SaslClient> sasl(
      List<SaslMechanism> ours, Credentials credentials) {
    return offered -> {
      SaslMechanism chosen =
          SaslMechanisms.select(ours, offered)
              .orElseThrow(
                  () ->
                      new AuthenticationException(
                          ReplyCode.ACCESS_REFUSED,
                          "",
                          SaslMechanisms.noCommonMechanismMessage(offered, ours)));
      SaslSession session = chosen.start(credentials);
      return new SaslClient() {
        @Override
        public String mechanism() {
          return session.mechanism();
        }

        @Override
        public byte[] initialResponse() {
          return session.initialResponse();
        }

        @Override
        public byte[] respond(byte[] challenge) {
          return session.respond(challenge);
        }
      };
    };
  }
}
