/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client.internal.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.client.ClientObserver;
import dev.warren.client.PublishContext;
import dev.warren.client.PublishObservation;
import dev.warren.client.PublishOutcome;
import dev.warren.protocol.BasicProperties;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObserversTest {
  @Test
  void noObserverIsTheConstantThatIsOff() {
    assertThat(Observers.of(List.of())).isSameAs(Observers.NONE);
    assertThat(Observers.NONE.on).isFalse();
    assertThat(Observers.of(List.of(new ClientObserver() {})).on).isTrue();
  }

  @Test
  void onlyAnObserverThatOverridesStartPublishFollowsPublishes() {
    assertThat(Observers.of(List.of(new ClientObserver() {})).followsPublishes).isFalse();
    assertThat(Observers.of(List.of(adding("a", new ArrayList<>()))).followsPublishes).isTrue();
  }

  @Test
  void anObserverThatThrowsDoesNotStopTheNext() {
    List<String> heard = new ArrayList<>();
    ClientObserver throwing =
        new ClientObserver() {
          @Override
          public void published(int channel, String exchange, int bodySize) {
            throw new IllegalStateException("boom");
          }
        };
    ClientObserver recording =
        new ClientObserver() {
          @Override
          public void published(int channel, String exchange, int bodySize) {
            heard.add(channel + " " + exchange + " " + bodySize);
          }
        };
    Observers.of(List.of(throwing, recording)).published(3, "x", 10);
    assertThat(heard).containsExactly("3 x 10");
  }

  @Test
  void eachObserverSeesThePropertiesTheOneBeforeItReturnedAndAllHearTheOutcome() {
    List<String> heard = new ArrayList<>();
    ClientObserver first = adding("a", heard);
    ClientObserver second = adding("b", heard);
    PublishObservation p =
        Observers.of(List.of(first, second))
            .startPublish(
                new PublishContext(1, "ex", "rk", BasicProperties.EMPTY, 5, "localhost", 5672));
    assertThat(p.properties().headers()).containsOnlyKeys("a", "b");
    p.finished(PublishOutcome.CONFIRMED, null);
    assertThat(heard).containsExactly("a saw []", "b saw [a]", "a CONFIRMED", "b CONFIRMED");
  }

  @Test
  void noObservationWhenNoObserverFollowsThePublish() {
    assertThat(
            Observers.of(List.of(new ClientObserver() {}))
                .startPublish(
                    new PublishContext(1, "", "rk", BasicProperties.EMPTY, 0, "localhost", 5672)))
        .isNull();
  }

  private static ClientObserver adding(String header, List<String> heard) {
    return new ClientObserver() {
      @Override
      public PublishObservation startPublish(PublishContext c) {
        heard.add(
            header
                + " saw "
                + (c.properties().headers() == null
                    ? "[]"
                    : c.properties().headers().keySet().toString()));
        BasicProperties props = c.properties().toBuilder().header(header, "1").build();
        return new PublishObservation() {
          @Override
          public BasicProperties properties() {
            return props;
          }

          @Override
          public void finished(PublishOutcome outcome, Throwable failure) {
            heard.add(header + " " + outcome);
          }
        };
      }
    };
  }
}
