/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol;

import dev.warren.protocol.codec.Method;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random AMQP values for property tests; deterministic for a given seed. */
final class RandomValues {
  private final Random rnd;

  RandomValues(long seed) {
    this.rnd = new Random(seed);
  }

  Random random() {
    return rnd;
  }

  String string(int maxChars) {
    int n = rnd.nextInt(maxChars + 1);
    StringBuilder b = new StringBuilder(n);
    int kind = rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      switch (kind) {
        case 0, 1 -> b.append((char) (0x20 + rnd.nextInt(0x5f)));
        case 2 -> b.append((char) (0x20 + rnd.nextInt(0x7ff)));
        default -> {
          int r = rnd.nextInt(10);
          if (r == 0) {
            b.appendCodePoint(0x10000 + rnd.nextInt(0xFFFFF));
          } else if (r == 1) {
            b.append((char) (0x800 + rnd.nextInt(0xD000)));
          } else {
            b.append((char) rnd.nextInt(0x80));
          }
        }
      }
    }
    return b.toString();
  }

  /** A string of at most 255 bytes in UTF-8. */
  String shortstr() {
    while (true) {
      String s = string(rnd.nextInt(4) == 0 ? 255 : 24);
      if (s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 255) {
        return s;
      }
    }
  }

  LongString longstr() {
    if (rnd.nextBoolean()) {
      return LongString.of(string(64));
    }
    byte[] b = new byte[rnd.nextInt(64)];
    rnd.nextBytes(b);
    return LongString.of(b);
  }

  /** A table whose values decode back to equal values (see {@link #canonical(Object)}). */
  Map<String, Object> table(int depth) {
    int n = depth > 4 ? 0 : rnd.nextInt(depth == 1 ? 8 : 4);
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put(shortstr(), value(depth));
    }
    return m;
  }

  Object value(int depth) {
    switch (rnd.nextInt(depth > 4 ? 17 : 19)) {
      case 0:
        return rnd.nextBoolean();
      case 1:
        return (byte) rnd.nextInt();
      case 2:
        return (short) rnd.nextInt();
      case 3:
        return rnd.nextInt();
      case 4:
        return rnd.nextLong();
      case 5:
        return rnd.nextFloat() * 1e6f;
      case 6:
        return rnd.nextDouble() * 1e12;
      case 7:
        return BigDecimal.valueOf(rnd.nextInt(), rnd.nextInt(256));
      case 8:
        return string(40);
      case 9:
        {
          byte[] b = new byte[rnd.nextInt(20) + 1];
          rnd.nextBytes(b);
          b[0] = (byte) 0xFF; // never valid UTF-8: stays a LongString
          return LongString.of(b);
        }
      case 10:
        return Instant.ofEpochSecond(rnd.nextInt() & 0xFFFFFFFFL);
      case 11:
        return null;
      case 12:
        {
          byte[] b = new byte[rnd.nextInt(20)];
          rnd.nextBytes(b);
          return b;
        }
      case 13:
        return string(3);
      case 14:
        return FieldValue.unsignedByte(rnd.nextInt(256));
      case 15:
        return FieldValue.unsignedShort(rnd.nextInt(65536));
      case 16:
        return FieldValue.unsignedInt(rnd.nextInt() & 0xFFFFFFFFL);
      case 17:
        return table(depth + 1);
      default:
        {
          int n = rnd.nextInt(5);
          List<Object> l = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            l.add(value(depth + 1));
          }
          return l;
        }
    }
  }

  BasicProperties properties() {
    BasicProperties.Builder b = BasicProperties.builder();
    if (rnd.nextBoolean()) {
      b.contentType(shortstr());
    }
    if (rnd.nextBoolean()) {
      b.contentEncoding(shortstr());
    }
    if (rnd.nextBoolean()) {
      b.headers(table(1));
    }
    if (rnd.nextBoolean()) {
      b.deliveryMode(rnd.nextInt(256));
    }
    if (rnd.nextBoolean()) {
      b.priority(rnd.nextInt(256));
    }
    if (rnd.nextBoolean()) {
      b.correlationId(shortstr());
    }
    if (rnd.nextBoolean()) {
      b.replyTo(shortstr());
    }
    if (rnd.nextBoolean()) {
      b.expiration(shortstr());
    }
    if (rnd.nextBoolean()) {
      b.messageId(shortstr());
    }
    if (rnd.nextBoolean()) {
      b.timestamp(Instant.ofEpochSecond(rnd.nextLong() >> 30));
    }
    if (rnd.nextBoolean()) {
      b.type(shortstr());
    }
    if (rnd.nextBoolean()) {
      b.userId(shortstr());
    }
    if (rnd.nextBoolean()) {
      b.appId(shortstr());
    }
    if (rnd.nextBoolean()) {
      b.clusterId(shortstr());
    }
    return b.build();
  }

  /** A random instance of the record {@code type}, every component random. */
  Method method(Class<? extends Method> type) {
    RecordComponent[] comps = type.getRecordComponents();
    Class<?>[] types = Arrays.stream(comps).map(RecordComponent::getType).toArray(Class<?>[]::new);
    try {
      Constructor<? extends Method> ctor = type.getDeclaredConstructor(types);
      for (int attempt = 0; ; attempt++) {
        Object[] args = new Object[comps.length];
        for (int i = 0; i < comps.length; i++) {
          args[i] = component(types[i], attempt);
        }
        try {
          return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
          if (!(e.getCause() instanceof IllegalArgumentException) || attempt > 50) {
            throw e;
          }
        }
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private Object component(Class<?> t, int attempt) {
    // The record checks octet/short/long ranges: wide values first, narrower on retry.
    if (t == int.class) {
      return attempt == 0 ? rnd.nextInt(0x10000) : rnd.nextInt(0x100);
    }
    if (t == long.class) {
      return attempt == 0 ? rnd.nextLong() : rnd.nextLong() & 0xFFFFFFFFL;
    }
    if (t == boolean.class) {
      return rnd.nextBoolean();
    }
    if (t == String.class) {
      return shortstr();
    }
    if (t == LongString.class) {
      return longstr();
    }
    if (t == Map.class) {
      return table(1);
    }
    if (t == Instant.class) {
      return Instant.ofEpochSecond(rnd.nextInt());
    }
    throw new AssertionError("unexpected component type " + t);
  }

  /**
   * A value in the form decoding gives: Object[] and byte[] compared by content (byte[] becomes a
   * List of Byte here), Date becomes Instant, and so on, so that equals works.
   */
  static Object canonical(Object v) {
    if (v instanceof byte[] b) {
      List<Byte> l = new ArrayList<>();
      for (byte x : b) {
        l.add(x);
      }
      return List.of("x", l);
    }
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> c = new LinkedHashMap<>();
      m.forEach((k, x) -> c.put(k, canonical(x)));
      return c;
    }
    if (v instanceof List<?> l) {
      List<Object> c = new ArrayList<>();
      l.forEach(x -> c.add(canonical(x)));
      return c;
    }
    if (v instanceof Object[] a) {
      return canonical(Arrays.asList(a));
    }
    if (v instanceof Record r) {
      List<Object> c = new ArrayList<>();
      c.add(r.getClass().getName());
      for (RecordComponent rc : r.getClass().getRecordComponents()) {
        try {
          c.add(canonical(rc.getAccessor().invoke(r)));
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }
      return c;
    }
    return v;
  }
}
