package dev.warren.protocol;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An immutable, insertion-ordered field table whose values were validated and frozen when it was
 * built (by the decoder or {@link FieldTables#copyOf}), so it can be shared without copying.
 */
final class FrozenTable extends AbstractMap<String, Object> {
  private final Map<String, Object> view;

  /** Takes ownership of {@code map}, whose values must already be frozen. */
  FrozenTable(LinkedHashMap<String, Object> map) {
    this.view = Collections.unmodifiableMap(map);
  }

  @Override
  public Object get(Object key) {
    return view.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return view.containsKey(key);
  }

  @Override
  public int size() {
    return view.size();
  }

  @Override
  public boolean isEmpty() {
    return view.isEmpty();
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return view.entrySet();
  }

  @Override
  public Set<String> keySet() {
    return view.keySet();
  }
}
