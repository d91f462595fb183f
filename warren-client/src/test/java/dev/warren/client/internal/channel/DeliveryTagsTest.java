/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Delivery tags across recoveries, without a connection. */
class DeliveryTagsTest {
  private final DeliveryTags tags = new DeliveryTags();

  @Test
  void beforeAnyRecoveryTheApplicationSeesTheBrokersTags() {
    assertThat(tags.userTag(1)).isEqualTo(1);
    assertThat(tags.userTag(2)).isEqualTo(2);
    assertThat(tags.rawTag(2, false)).isEqualTo(2);
  }

  @Test
  void afterARecoveryTagsKeepIncreasingAndMapBackToTheNewChannels() {
    tags.userTag(1);
    tags.userTag(7);
    tags.suspend();
    assertThat(tags.userTag(1)).as("the new channel's first delivery").isEqualTo(8);
    assertThat(tags.rawTag(8, false)).isEqualTo(1);
    assertThat(tags.rawTag(8, true)).isEqualTo(1);
  }

  @Test
  void aTagFromBeforeTheRecoveryIsStale() {
    tags.userTag(5);
    tags.suspend();
    tags.userTag(1);
    assertThat(tags.rawTag(5, false)).isEqualTo(DeliveryTags.STALE);
    assertThat(tags.rawTag(3, true)).isEqualTo(DeliveryTags.STALE);
  }

  @Test
  void zeroWithMultipleMeansEverythingOutstandingOnTheCurrentChannel() {
    tags.userTag(4);
    tags.suspend();
    assertThat(tags.rawTag(0, true)).isZero();
    assertThat(tags.rawTag(0, false)).isEqualTo(DeliveryTags.STALE);
  }

  @Test
  void twoRecoveriesInARowWithoutDeliveriesBetweenKeepTheOffset() {
    tags.userTag(3);
    tags.suspend();
    tags.suspend(); // lost again while recovering
    assertThat(tags.userTag(1)).isEqualTo(4);
    assertThat(tags.rawTag(4, false)).isEqualTo(1);
    assertThat(tags.rawTag(3, false)).isEqualTo(DeliveryTags.STALE);
  }

  @Test
  void tagsSeenOutOfOrderDoNotLowerTheOffset() {
    tags.userTag(9);
    tags.userTag(4); // a basic.get-ok after a delivery, say
    tags.suspend();
    assertThat(tags.userTag(1)).isEqualTo(10);
  }
}
