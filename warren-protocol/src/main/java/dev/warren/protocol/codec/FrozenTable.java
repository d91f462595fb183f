/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol.codec;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable, insertion-ordered field table whose values were validated and frozen when it was
 * built (by the decoder or {@link FieldTables#copyOf}), so it can be shared without copying.
 *
 * <p>Entries are kept in two arrays: building one allocates little, and the encoder walks them by
 * index without allocating. Small tables are searched linearly; larger ones get a hash index.
 */
final class FrozenTable extends AbstractMap<String, Object> {
  private static final int LINEAR_MAX = 12;

  private final String[] keys;
  private final Object[] values;
  private final int size;
  private final HashMap<String, Integer> index;

  /**
   * Takes ownership of the first {@code n} entries of the arrays, whose values must already be
   * frozen. A repeated key keeps its first position and takes its last value, as a LinkedHashMap
   * would.
   */
  FrozenTable(String[] keys, Object[] values, int n) {
    if (n > LINEAR_MAX) {
      HashMap<String, Integer> idx = new HashMap<>(n * 2);
      int out = 0;
      for (int i = 0; i < n; i++) {
        Integer at = idx.putIfAbsent(keys[i], out);
        if (at == null) {
          keys[out] = keys[i];
          values[out] = values[i];
          out++;
        } else {
          values[at] = values[i];
        }
      }
      this.index = idx;
      n = out;
    } else {
      this.index = null;
      n = dedupSmall(keys, values, n);
    }
    this.keys = keys;
    this.values = values;
    this.size = n;
  }

  private static int dedupSmall(String[] keys, Object[] values, int n) {
    int out = 0;
    outer:
    for (int i = 0; i < n; i++) {
      String k = keys[i];
      for (int j = 0; j < out; j++) {
        if (keys[j].equals(k)) {
          values[j] = values[i];
          continue outer;
        }
      }
      keys[out] = k;
      values[out] = values[i];
      out++;
    }
    for (int i = out; i < n; i++) {
      keys[i] = null;
      values[i] = null;
    }
    return out;
  }

  String keyAt(int i) {
    return keys[i];
  }

  Object valueAt(int i) {
    return values[i];
  }

  private int indexOf(Object key) {
    if (index != null) {
      Integer at = index.get(key);
      return at == null ? -1 : at;
    }
    if (key == null) {
      return -1;
    }
    for (int i = 0; i < size; i++) {
      if (keys[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Object get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : values[i];
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < size;
          }

          @Override
          public Entry<String, Object> next() {
            if (i >= size) {
              throw new NoSuchElementException();
            }
            Entry<String, Object> e = new SimpleImmutableEntry<>(keys[i], values[i]);
            i++;
            return e;
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }
}
