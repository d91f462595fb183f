/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.errors;

import dev.warren.protocol.codec.MethodInfo;

/** The name of the method a channel.close or connection.close blames. */
final class FailingMethod {
  private FailingMethod() {}

  /** Such as {@code "queue.declare"}; null for class id 0 or ids no 0-9-1 method has. */
  static String name(int classId, int methodId) {
    if (classId == 0) {
      return null;
    }
    MethodInfo info = MethodInfo.lookup(classId, methodId);
    return info == null ? null : info.protocolName();
  }
}
