/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.scripted;

import static dev.warren.client.scripted.ScriptedBroker.handshake;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.AsyncChannel;
import dev.warren.client.AsyncConnection;
import dev.warren.client.Binding;
import dev.warren.client.Channel;
import dev.warren.client.ConfirmOptions;
import dev.warren.client.Connection;
import dev.warren.client.ConnectionParameters;
import dev.warren.client.ConsumeSpec;
import dev.warren.client.EndpointList;
import dev.warren.client.ExchangeSpec;
import dev.warren.client.PublishOptions;
import dev.warren.client.Qos;
import dev.warren.client.QueueSpec;
import dev.warren.client.RecoveryPolicy;
import dev.warren.protocol.BasicProperties;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rule of docs/errors.md ("Null arguments"), swept over every public instance method of {@link
 * Channel}, {@link AsyncChannel}, {@link Connection} and {@link AsyncConnection} by reflection: a
 * {@code null} for any object parameter throws, at once and on the calling thread, a {@link
 * NullPointerException} whose message is the parameter's name (a Java identifier) — never a failed
 * future, a frame sent to the broker, a hang or a closed channel. Each call gets a fresh connection
 * whose scripted peer accepts nothing after channel.open but the final connection.close.
 */
@Timeout(300)
class NullArgumentsTest {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z][A-Za-z0-9]*");

  /** Methods that take null on purpose, by their Javadoc: name and parameter index. */
  private static final List<String> NULL_ALLOWED =
      List.of("consume:1"); // Channel.consume(spec, inactivityTimeout): null waits forever

  private final ScriptedBroker broker = new ScriptedBroker();
  private final AtomicInteger connections = new AtomicInteger();

  @AfterEach
  void tearDown() {
    broker.close();
  }

  private static final Map<Class<?>, Object> SAMPLES =
      Map.ofEntries(
          Map.entry(String.class, "x"),
          Map.entry(byte[].class, new byte[0]),
          Map.entry(BasicProperties.class, BasicProperties.EMPTY),
          Map.entry(QueueSpec.class, QueueSpec.named("q")),
          Map.entry(ExchangeSpec.class, ExchangeSpec.direct("x")),
          Map.entry(ConsumeSpec.class, ConsumeSpec.queue("q")),
          Map.entry(PublishOptions.class, PublishOptions.defaults()),
          Map.entry(Qos.class, Qos.prefetch(1)),
          Map.entry(Duration.class, Duration.ofMillis(200)),
          Map.entry(Binding.class, Binding.queue("q").to("x")),
          Map.entry(ConfirmOptions.class, ConfirmOptions.unbounded()),
          Map.entry(Map.class, Map.of()));

  private Object sample(Class<?> type) {
    if (type == long.class) {
      return 1L;
    }
    if (type == int.class) {
      return 1;
    }
    if (type == boolean.class) {
      return false;
    }
    Object v = SAMPLES.get(type);
    if (v != null) {
      return v;
    }
    if (type.isEnum()) {
      return type.getEnumConstants()[0];
    }
    if (type == ConnectionParameters.class) {
      return broker.parameters().build();
    }
    if (type == EndpointList.class) {
      return EndpointList.of(broker.parameters().build());
    }
    if (type.isInterface()) {
      return Proxy.newProxyInstance(
          type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> defaultOf(m));
    }
    throw new AssertionError("no sample value for " + type.getName() + ": add one to SAMPLES");
  }

  private static Object defaultOf(Method m) {
    Class<?> r = m.getReturnType();
    if (r == boolean.class) {
      return false;
    }
    if (r.isPrimitive() && r != void.class) {
      return 0;
    }
    return null;
  }

  private static List<Method> methodsOf(Class<?> type) {
    return Arrays.stream(type.getMethods())
        .filter(m -> !Modifier.isStatic(m.getModifiers()))
        .filter(m -> m.getDeclaringClass() != Object.class)
        .sorted(Comparator.comparing(Method::toGenericString))
        .toList();
  }

  /** Calls {@code m} on a fresh target with null for parameter {@code index}; "" when it passed. */
  private String check(Method m, int index, Function<Connection, Object> target) throws Exception {
    int n = connections.getAndIncrement();
    broker.script(
        n,
        p -> {
          handshake(p);
          p.expectChannelOpen(1);
          p.expectClose();
        });
    Connection conn =
        broker.connect(broker.parameters().recovery(RecoveryPolicy.disabled()).build());
    Object on = target.apply(conn);
    Object[] args = new Object[m.getParameterCount()];
    Class<?>[] types = m.getParameterTypes();
    for (int i = 0; i < args.length; i++) {
      args[i] = i == index ? null : sample(types[i]);
    }
    String what = m.getDeclaringClass().getSimpleName() + "." + m.getName() + " parameter " + index;
    String problem;
    CompletableFuture<Object> call =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return m.invoke(on, args);
              } catch (InvocationTargetException e) {
                return e.getCause();
              } catch (ReflectiveOperationException e) {
                return new AssertionError(e);
              }
            });
    Object result;
    try {
      result = call.get(5, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      return what + ": hung";
    } catch (ExecutionException e) {
      return what + ": " + e.getCause();
    }
    if (result instanceof NullPointerException npe) {
      problem =
          npe.getMessage() != null && IDENTIFIER.matcher(npe.getMessage()).matches()
              ? ""
              : what + ": NullPointerException without the parameter's name: " + npe.getMessage();
    } else if (result instanceof Throwable t) {
      problem = what + ": threw " + t;
    } else if (result instanceof CompletableFuture<?> f) {
      problem = what + ": returned a future" + (f.isCompletedExceptionally() ? " (failed)" : "");
    } else {
      problem = what + ": returned normally";
    }
    if (conn.isOpen()) {
      conn.close();
    }
    try {
      broker.verify(n);
    } catch (AssertionError e) {
      problem += (problem.isEmpty() ? what + ":" : ";") + " sent something: " + e.getMessage();
    }
    return problem;
  }

  private List<String> sweep(Class<?> type, Function<Connection, Object> target) throws Exception {
    List<String> problems = new ArrayList<>();
    for (Method m : methodsOf(type)) {
      Class<?>[] types = m.getParameterTypes();
      for (int i = 0; i < types.length; i++) {
        if (types[i].isPrimitive() || NULL_ALLOWED.contains(m.getName() + ":" + i)) {
          continue;
        }
        String problem = check(m, i, target);
        if (!problem.isEmpty()) {
          problems.add(problem);
        }
      }
    }
    return problems;
  }

  @Test
  void everyObjectParameterOfTheBlockingChannelRefusesNullByName() throws Exception {
    assertThat(sweep(Channel.class, Connection::openChannel)).isEmpty();
  }

  @Test
  void everyObjectParameterOfTheAsyncChannelRefusesNullByName() throws Exception {
    assertThat(sweep(AsyncChannel.class, c -> c.openChannel().async())).isEmpty();
  }

  @Test
  void everyObjectParameterOfTheConnectionRefusesNullByName() throws Exception {
    assertThat(
            sweep(
                Connection.class,
                c -> {
                  c.openChannel();
                  return c;
                }))
        .isEmpty();
  }

  @Test
  void everyObjectParameterOfTheAsyncConnectionRefusesNullByName() throws Exception {
    assertThat(
            sweep(
                AsyncConnection.class,
                c -> {
                  c.openChannel();
                  return c.async();
                }))
        .isEmpty();
  }
}
