/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every blocking method has an asynchronous twin. For each public method of {@link Channel} and
 * {@link Connection} (static ones included) the asynchronous view must have the same name and
 * parameter types, returning {@code CompletableFuture<T>} where {@code T} is the blocking result
 * boxed ({@code void} → {@code Void}, {@code Channel} → {@code AsyncChannel}), unless the method is
 * listed below, each entry with its reason:
 *
 * <ul>
 *   <li>{@code SAME}: the method does not wait for the broker, so both views have it with the same
 *       signature and return type (listeners, local state, timers); checked to exist on both.
 *   <li>{@code EQUIVALENT}: the asynchronous view does the same thing under another shape; the
 *       named counterpart is checked to exist and to return the documented type.
 *   <li>{@code BLOCKING_ONLY}: deliberately only on the blocking view (a local read that never
 *       waits); asynchronous code reaches it through {@link AsyncConnection#blocking()}.
 * </ul>
 *
 * A new blocking method without a twin or an entry here fails the build, and so does an entry that
 * names a method that no longer exists.
 */
class AsyncApiConsistencyTest {

  /** How a blocking method relates to the asynchronous view, when not by an exact twin. */
  record Rule(Kind kind, String counterpart, Class<?> counterpartReturns, String reason) {
    enum Kind {
      SAME,
      EQUIVALENT,
      BLOCKING_ONLY
    }

    static Rule same(String reason) {
      return new Rule(Kind.SAME, null, null, reason);
    }

    static Rule equivalent(String counterpart, Class<?> returns, String reason) {
      return new Rule(Kind.EQUIVALENT, counterpart, returns, reason);
    }

    static Rule blockingOnly(String reason) {
      return new Rule(Kind.BLOCKING_ONLY, null, null, reason);
    }
  }

  static final Map<String, Rule> CHANNEL_RULES = new LinkedHashMap<>();
  static final Map<String, Rule> CONNECTION_RULES = new LinkedHashMap<>();

  static {
    // ---- Channel ↔ AsyncChannel ----
    CHANNEL_RULES.put(
        "number()", Rule.same("the channel number is fixed at open; nothing to wait for"));
    CHANNEL_RULES.put(
        "isOpen()", Rule.same("reads the state the I/O thread published; nothing to wait for"));
    CHANNEL_RULES.put(
        "state()", Rule.same("reads the state the I/O thread published; nothing to wait for"));
    CHANNEL_RULES.put(
        "consumerTags()",
        Rule.same("a snapshot of the consumers the I/O thread registered; nothing to wait for"));
    CHANNEL_RULES.put(
        "addCancelListener(CancelListener)",
        Rule.same("listener registration is local and returns at once on both views"));
    CHANNEL_RULES.put(
        "nextPublishSeqNo()",
        Rule.same("reads the sequence counter the I/O thread published; nothing to wait for"));
    CHANNEL_RULES.put(
        "addConfirmListener(ConfirmListener)",
        Rule.same("listener registration is local and returns at once on both views"));
    CHANNEL_RULES.put(
        "addConfirmListener(ConfirmListener,CallbackThread)",
        Rule.same("listener registration is local and returns at once on both views"));
    CHANNEL_RULES.put(
        "addReturnListener(ReturnListener)",
        Rule.same("listener registration is local and returns at once on both views"));
    CHANNEL_RULES.put(
        "addCloseListener(Consumer)",
        Rule.same("listener registration is local and returns at once on both views"));
    CHANNEL_RULES.put(
        "addConfirmListener(Callback,Callback)",
        Rule.same("listener registration is local and returns at once on both views"));
    CHANNEL_RULES.put(
        "addFlowListener(Consumer)",
        Rule.same("listener registration is local and returns at once on both views"));
    CHANNEL_RULES.put(
        "async()",
        Rule.equivalent(
            "blocking()", Channel.class, "the view switch: each view returns the other one"));
    CHANNEL_RULES.put(
        "connection()",
        Rule.equivalent(
            "connection()",
            AsyncConnection.class,
            "each view of a channel returns its connection in the same view; nothing to wait for"));
    CHANNEL_RULES.put(
        "consume(ConsumeSpec,Duration)",
        Rule.equivalent(
            "consumeStream(ConsumeSpec)",
            Flow.Publisher.class,
            "pika's consume generator pulls with a blocking iterator; its asynchronous form is a"
                + " demand-driven Flow.Publisher (the subscriber's demand replaces the inactivity"
                + " timeout: nothing blocks, so there is nothing to time out)"));
    CHANNEL_RULES.put(
        "startConsuming()",
        Rule.equivalent(
            "basicConsume(ConsumeSpec,Consumer)",
            CompletableFuture.class,
            "pika's start_consuming only parks the caller while callback consumers run; async"
                + " code never parks: basicConsume's callbacks already run on the dispatcher"));
    CHANNEL_RULES.put(
        "startConsuming(Duration)",
        Rule.equivalent(
            "basicConsume(ConsumeSpec,Consumer)",
            CompletableFuture.class,
            "pika's process_data_events(time_limit) parks the caller for a while; async code"
                + " never parks: basicConsume's callbacks already run on the dispatcher"));
    CHANNEL_RULES.put(
        "stopConsuming()",
        Rule.equivalent(
            "basicCancel(String)",
            CompletableFuture.class,
            "pika's stop_consuming cancels every consumer and ends the parked loop; async code"
                + " cancels its consumers with basicCancel (one future each)"));
    CHANNEL_RULES.put(
        "stopConsuming(String)",
        Rule.equivalent(
            "basicCancel(String)",
            CompletableFuture.class,
            "pika's stop_consuming(consumer_tag) cancels one consumer of the parked loop; async"
                + " code has no parked loop and cancels it with basicCancel"));

    // ---- Connection ↔ AsyncConnection ----
    CONNECTION_RULES.put(
        "async()",
        Rule.equivalent(
            "blocking()", Connection.class, "the view switch: each view returns the other one"));
    for (String getter :
        List.of(
            "state()",
            "isOpen()",
            "isBlocked()",
            "serverProperties()",
            "serverCapabilities()",
            "channelMax()",
            "frameMax()",
            "heartbeat()",
            "serverHeartbeat()",
            "health()",
            "endpoint()",
            "clusterName()",
            "name()")) {
      CONNECTION_RULES.put(
          getter,
          Rule.blockingOnly(
              "a read of state the I/O thread already published (never waits);"
                  + " async code calls it on blocking()"));
    }
    CONNECTION_RULES.put(
        "channel(int)",
        Rule.blockingOnly(
            "a look-up of a channel the application opened; async code keeps the AsyncChannel"
                + " its openChannel future gave, or calls blocking().channel(n) and async()"));
    CONNECTION_RULES.put(
        "callLater(Duration,Runnable)",
        Rule.same("scheduling a timer returns its handle at once on both views"));
    CONNECTION_RULES.put(
        "addCloseListener(Consumer)",
        Rule.same("listener registration is local and returns at once on both views"));
    CONNECTION_RULES.put(
        "addBlockedListener(BlockedListener)",
        Rule.same("listener registration is local and returns at once on both views"));
    CONNECTION_RULES.put(
        "addRecoveryListener(RecoveryListener)",
        Rule.blockingOnly(
            "listener registration is local and never waits; async code registers it on"
                + " blocking()"));
  }

  @Test
  void everyBlockingChannelMethodHasAnAsyncTwin() {
    assertThat(problems(Channel.class, AsyncChannel.class, CHANNEL_RULES)).isEmpty();
  }

  @Test
  void everyBlockingConnectionMethodHasAnAsyncTwin() {
    assertThat(problems(Connection.class, AsyncConnection.class, CONNECTION_RULES)).isEmpty();
  }

  @Test
  void everyExemptionIsJustified() {
    for (Map<String, Rule> rules : List.of(CHANNEL_RULES, CONNECTION_RULES)) {
      rules.forEach(
          (method, rule) ->
              assertThat(rule.reason()).as("reason for %s", method).hasSizeGreaterThan(20));
    }
  }

  @Test
  void channelTwinsReturnTheBoxedBlockingResult() {
    // A few spot checks of the generic mapping, so the rule itself is known to bite.
    assertThat(expectedAsyncResult(long.class)).isEqualTo(Long.class);
    assertThat(expectedAsyncResult(void.class)).isEqualTo(Void.class);
    assertThat(expectedAsyncResult(Channel.class)).isEqualTo(AsyncChannel.class);
    assertThat(expectedAsyncResult(Connection.class)).isEqualTo(AsyncConnection.class);
  }

  // ---- the checker checks: a missing twin, a wrong result type and a stale entry are found ----

  interface FakeBlocking {
    void declare(String name);

    long purge(String name);

    Optional<String> get(String name);

    int local();
  }

  interface FakeAsync {
    CompletableFuture<Long> purge(String name);

    CompletableFuture<Optional<Integer>> get(String name);

    int local();
  }

  @Test
  void theCheckerFailsOnAMissingTwinAWrongResultAndAStaleEntry() {
    Map<String, Rule> rules = new LinkedHashMap<>();
    rules.put("local()", Rule.same("a local read that does not wait for anything"));
    rules.put("gone()", Rule.same("an entry for a method that does not exist any more"));
    List<String> found = problems(FakeBlocking.class, FakeAsync.class, rules);
    assertThat(found)
        .anySatisfy(p -> assertThat(p).contains("declare(String)").contains("no async twin"))
        .anySatisfy(p -> assertThat(p).contains("get(String)").contains("should return"))
        .anySatisfy(p -> assertThat(p).contains("gone()").contains("stale"))
        .hasSize(3);
  }

  // ---- the checker ----

  static List<String> problems(Class<?> blocking, Class<?> async, Map<String, Rule> rules) {
    List<String> problems = new ArrayList<>();
    Map<String, Method> blockingMethods = publicMethods(blocking);
    Map<String, Method> asyncMethods = publicMethods(async);
    for (String key : rules.keySet()) {
      if (!blockingMethods.containsKey(key)) {
        problems.add(blocking.getSimpleName() + "." + key + ": stale exemption, no such method");
      }
    }
    for (Map.Entry<String, Method> e : blockingMethods.entrySet()) {
      String key = e.getKey();
      Method m = e.getValue();
      String where = blocking.getSimpleName() + "." + key;
      Rule rule = rules.get(key);
      if (rule == null) {
        Method twin = asyncMethods.get(key);
        if (twin == null) {
          problems.add(
              where
                  + ": no async twin in "
                  + async.getSimpleName()
                  + " (add one returning CompletableFuture, or a justified rule in this test)");
          continue;
        }
        if (Modifier.isStatic(m.getModifiers()) != Modifier.isStatic(twin.getModifiers())) {
          problems.add(where + ": the twin must be static exactly when the blocking method is");
        }
        Type expected = expectedAsyncResult(m.getGenericReturnType());
        Type actual = twin.getGenericReturnType();
        if (!(actual instanceof ParameterizedType p
            && p.getRawType() == CompletableFuture.class
            && p.getActualTypeArguments()[0].equals(expected))) {
          problems.add(
              where
                  + ": the twin should return CompletableFuture<"
                  + expected.getTypeName()
                  + "> but returns "
                  + actual.getTypeName());
        }
        continue;
      }
      switch (rule.kind()) {
        case SAME -> {
          Method twin = asyncMethods.get(key);
          if (twin == null) {
            problems.add(where + ": should exist with the same signature on " + async.getName());
          } else if (!twin.getGenericReturnType().equals(m.getGenericReturnType())) {
            problems.add(where + ": should return the same type on both views");
          }
        }
        case EQUIVALENT -> {
          Method twin = asyncMethods.get(rule.counterpart());
          if (twin == null) {
            problems.add(
                where + ": its documented equivalent " + rule.counterpart() + " is missing");
          } else if (!rule.counterpartReturns().isAssignableFrom(twin.getReturnType())) {
            problems.add(
                where
                    + ": its equivalent "
                    + rule.counterpart()
                    + " should return "
                    + rule.counterpartReturns().getSimpleName());
          }
        }
        case BLOCKING_ONLY -> {
          // Explicitly only on the blocking view, for the reason given.
        }
      }
    }
    return problems;
  }

  /** Public methods by "name(SimpleParamType,...)", static ones included, Object's excluded. */
  static Map<String, Method> publicMethods(Class<?> type) {
    Map<String, Method> methods = new LinkedHashMap<>();
    List<Method> all = new ArrayList<>(Arrays.asList(type.getMethods()));
    // getMethods() omits static methods of superinterfaces but includes the type's own.
    for (Method m : all) {
      if (m.isSynthetic() || m.isBridge() || m.getDeclaringClass() == Object.class) {
        continue;
      }
      methods.putIfAbsent(key(m), m);
    }
    return methods;
  }

  static String key(Method m) {
    return m.getName()
        + Arrays.stream(m.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(",", "(", ")"));
  }

  /** What CompletableFuture should carry for a blocking result type. */
  static Type expectedAsyncResult(Type blockingResult) {
    if (blockingResult == void.class) {
      return Void.class;
    }
    if (blockingResult == Channel.class) {
      return AsyncChannel.class;
    }
    if (blockingResult == Connection.class) {
      return AsyncConnection.class;
    }
    if (blockingResult instanceof Class<?> c && c.isPrimitive()) {
      return Map.<Class<?>, Class<?>>of(
              long.class, Long.class,
              int.class, Integer.class,
              boolean.class, Boolean.class,
              double.class, Double.class,
              short.class, Short.class,
              byte.class, Byte.class,
              char.class, Character.class,
              float.class, Float.class)
          .get(c);
    }
    return blockingResult;
  }
}
