/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.protocol.codec;

import dev.warren.protocol.LongString;
import java.util.Objects;

/**
 * The codec's access to a {@link LongString}'s bytes without copying them, which {@link LongString}
 * keeps to its own package: decoding takes ownership of the array it just filled, and encoding
 * writes the backing array directly. {@link LongString} hands over the two operations when it is
 * initialized (the pattern of the JDK's own shared secrets); nothing else may.
 */
public final class LongStrings {
  /** What {@link LongString} lends the codec. */
  public interface Access {
    /** A long string that owns {@code bytes}, which the caller no longer touches. */
    LongString wrap(byte[] bytes);

    /** The backing array of {@code s}, never to be modified. */
    byte[] array(LongString s);
  }

  private static Access installed;

  private LongStrings() {}

  /**
   * Called once, by {@link LongString}'s static initializer.
   *
   * @throws IllegalStateException when an access is installed already
   */
  public static synchronized void install(Access access) {
    Objects.requireNonNull(access, "access");
    if (installed != null) {
      throw new IllegalStateException("LongString access is installed already");
    }
    installed = access;
  }

  /** Takes ownership of {@code bytes} without copying them. */
  static LongString wrap(byte[] bytes) {
    return Holder.ACCESS.wrap(bytes);
  }

  /** The backing array of {@code s}, never to be modified. */
  static byte[] array(LongString s) {
    return Holder.ACCESS.array(s);
  }

  /** Initialized on first use, after {@link LongString} (which installs the access) is. */
  private static final class Holder {
    static final Access ACCESS;

    static {
      Objects.requireNonNull(LongString.EMPTY);
      synchronized (LongStrings.class) {
        ACCESS = Objects.requireNonNull(installed, "LongString did not install its access");
      }
    }
  }
}
