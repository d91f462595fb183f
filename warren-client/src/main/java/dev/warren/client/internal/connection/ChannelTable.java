/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.connection;

import dev.warren.client.internal.channel.ChannelContext;
import dev.warren.client.internal.channel.ChannelCore;
import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A connection's open channels by number. A channel keeps its number across recoveries; a number is
 * free again once its channel closed for good. Used on the connection's I/O thread only.
 */
final class ChannelTable {
  private final IntObjectHashMap<ChannelCore> byNumber = new IntObjectHashMap<>();

  void add(ChannelCore ch) {
    byNumber.put(ch.number(), ch);
  }

  /**
   * Forgets the channel of {@code ctx}, unless its number already belongs to a newer one; returns
   * the channel it forgot, or null.
   */
  ChannelCore remove(ChannelContext ctx) {
    ChannelCore current = byNumber.get(ctx.number());
    if (current != null && current.context() == ctx) {
      byNumber.remove(ctx.number());
      return current;
    }
    return null;
  }

  /** The channel with this number, or null. */
  ChannelCore get(int number) {
    return byNumber.get(number);
  }

  /** The channels, lowest number first. */
  List<ChannelCore> snapshot() {
    List<ChannelCore> list = new ArrayList<>(byNumber.values());
    list.sort(Comparator.comparingInt(ChannelCore::number));
    return list;
  }

  /** Takes every channel out (the connection closed for good). */
  List<ChannelCore> removeAll() {
    List<ChannelCore> all = new ArrayList<>(byNumber.values());
    byNumber.clear();
    return all;
  }
}
