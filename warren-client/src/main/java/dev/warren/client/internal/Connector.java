package dev.warren.client.internal;

import dev.warren.client.AsyncConnection;
import dev.warren.client.ConnectionParameters;
import dev.warren.client.Credentials;
import dev.warren.client.EndpointList;
import dev.warren.client.SaslMechanism;
import dev.warren.client.SaslMechanisms;
import dev.warren.client.SaslSession;
import dev.warren.client.internal.config.SocketOptions;
import dev.warren.engine.EngineConfig;
import dev.warren.engine.SaslClient;
import dev.warren.errors.AmqpException;
import dev.warren.errors.AuthenticationException;
import dev.warren.errors.ConnectFailedException;
import dev.warren.errors.ReplyCode;
import dev.warren.errors.VirtualHostAccessException;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
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
  public static ConnectionCore open(ConnectionParameters parameters) {
    return open(EndpointList.of(parameters));
  }

  public static ConnectionCore open(EndpointList endpoints) {
    CompletableFuture<ConnectionCore> f = openCore(endpoints);
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AmqpException(AmqpException.NO_REPLY_CODE, "interrupted while connecting", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw Await.rethrow(e.getCause());
    }
  }

  public static CompletableFuture<AsyncConnection> openAsync(ConnectionParameters parameters) {
    return openCore(EndpointList.of(parameters)).thenApply(c -> (AsyncConnection) c);
  }

  public static CompletableFuture<AsyncConnection> openAsync(EndpointList endpoints) {
    return openCore(endpoints).thenApply(c -> (AsyncConnection) c);
  }

  static CompletableFuture<ConnectionCore> openCore(EndpointList endpoints) {
    CallbackFuture<ConnectionCore> result =
        new CallbackFuture<>(SharedResources.callbackExecutor());
    Iterator<EndpointList.Attempt> plan = endpoints.attempts().iterator();
    next(plan, new ArrayList<>(), result);
    return result;
  }

  private static void next(
      Iterator<EndpointList.Attempt> plan,
      List<ConnectFailedException.Attempt> failures,
      CompletableFuture<ConnectionCore> result) {
    EndpointList.Attempt attempt = plan.next();
    Runnable go =
        () ->
            attempt(attempt.parameters())
                .whenComplete(
                    (conn, error) -> {
                      if (error == null) {
                        result.complete(conn);
                        return;
                      }
                      Throwable cause = unwrap(error);
                      failures.add(
                          new ConnectFailedException.Attempt(
                              attempt.parameters().endpoint(), (int) attempt.number(), cause));
                      log.debug("connection attempt {} failed: {}", attempt, cause.getMessage());
                      if (cause instanceof AuthenticationException
                          || cause instanceof VirtualHostAccessException
                          || !plan.hasNext()) {
                        result.completeExceptionally(finalFailure(cause, failures));
                      } else {
                        next(plan, failures, result);
                      }
                    });
    Duration delay = attempt.delayBefore();
    if (delay.isZero()) {
      go.run();
    } else {
      SharedResources.ioGroup().schedule(go, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
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

  /** One attempt at one endpoint. */
  static CompletableFuture<ConnectionCore> attempt(ConnectionParameters p) {
    String endpoint = p.endpoint();
    Credentials credentials;
    try {
      credentials = p.credentialsProvider().get();
    } catch (RuntimeException e) {
      return CallbackFuture.failed(
          SharedResources.callbackExecutor(),
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
    EventLoop loop = SharedResources.ioGroup().next();
    ConnectionCore core = new ConnectionCore(p, endpoint, config, loop);
    boolean tls = p.tlsEnabled();
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(SharedResources.socketChannelClass())
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (tls) {
                      ch.pipeline()
                          .addLast(
                              "tls",
                              dev.warren.client.internal.tls.TlsHandlerFactory.newHandler(
                                  p.tls().orElseThrow(),
                                  p.host(),
                                  p.port(),
                                  ch.alloc(),
                                  p.stackTimeout()));
                    }
                    ch.pipeline().addLast("amqp", new AmqpHandler(core, tls));
                  }
                });
    SocketOptions.apply(
        bootstrap,
        p,
        SharedResources.epoll() ? SocketOptions.Transport.EPOLL : SocketOptions.Transport.NIO);
    ChannelFuture connect = bootstrap.connect(p.host(), p.port());
    connect.addListener(
        f -> {
          if (!f.isSuccess()) {
            core.openFuture.completeExceptionally(
                new ConnectFailedException(
                    "could not connect to "
                        + endpoint
                        + ": TCP connect failed: "
                        + describe(f.cause(), p.socketTimeout()),
                    f.cause(),
                    List.of()));
          }
        });
    Duration stackTimeout = p.stackTimeout();
    var timer =
        loop.schedule(
            () -> {
              if (!core.openFuture.isDone()) {
                core.openFuture.completeExceptionally(
                    new ConnectFailedException(
                        "could not connect to "
                            + endpoint
                            + ": the "
                            + core.stage().description
                            + " did not finish within the stack timeout of "
                            + stackTimeout.toMillis()
                            + " ms; is this an AMQP port, and is the broker responsive?",
                        null,
                        List.of()));
                connect.channel().close();
              }
            },
            stackTimeout.toNanos(),
            TimeUnit.NANOSECONDS);
    core.openFuture.whenComplete(
        (c, e) -> {
          timer.cancel(false);
          if (e != null) {
            connect.channel().close();
          }
        });
    return core.openFuture;
  }

  private static String describe(Throwable cause, Duration socketTimeout) {
    if (cause instanceof io.netty.channel.ConnectTimeoutException) {
      return "no answer within the socket timeout of " + socketTimeout.toMillis() + " ms";
    }
    if (cause instanceof java.net.ConnectException) {
      return "connection refused (" + cause.getMessage() + "); is the broker running?";
    }
    if (cause instanceof java.net.UnknownHostException) {
      return "unknown host (" + cause.getMessage() + ")";
    }
    return String.valueOf(cause);
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
