/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnackedDeliveriesTest {
  @Test
  void singleSettlementsInAnyOrderCountDown() {
    UnackedDeliveries u = new UnackedDeliveries();
    for (long t = 1; t <= 5; t++) {
      u.delivered(t);
    }
    u.settled(3, false);
    u.settled(1, false);
    u.settled(5, false);
    assertThat(u.count()).isEqualTo(2);
    u.settled(3, false); // already settled: no change
    assertThat(u.count()).isEqualTo(2);
    u.settled(2, false);
    u.settled(4, false);
    assertThat(u.count()).isZero();
  }

  @Test
  void multipleSettlesEverythingUpToItsTagAndZeroMeansAll() {
    UnackedDeliveries u = new UnackedDeliveries();
    for (long t = 1; t <= 100; t++) { // past the initial capacity: the ring grows
      u.delivered(t);
    }
    u.settled(10, false);
    u.settled(40, true);
    assertThat(u.count()).isEqualTo(60);
    u.settled(70, false);
    assertThat(u.count()).isEqualTo(59);
    u.settled(0, true);
    assertThat(u.count()).isZero();
  }

  @Test
  void onlyTrackedTagsCount() {
    UnackedDeliveries u = new UnackedDeliveries();
    u.delivered(2); // tag 1 went to an auto-ack consumer: not tracked
    u.delivered(4);
    u.settled(1, false);
    u.settled(3, false);
    assertThat(u.count()).isEqualTo(2);
    u.settled(4, false);
    assertThat(u.count()).isEqualTo(1);
    u.clear();
    assertThat(u.count()).isZero();
  }
}
