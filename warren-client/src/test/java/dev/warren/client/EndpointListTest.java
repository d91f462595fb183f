/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EndpointListTest {
  private static ConnectionParameters ep(String host, int attempts, int delaySeconds) {
    return ConnectionParameters.builder()
        .host(host)
        .connectionAttempts(attempts)
        .retryDelay(Duration.ofSeconds(delaySeconds))
        .build();
  }

  private static List<String> describe(List<EndpointList.Attempt> plan) {
    List<String> out = new ArrayList<>();
    for (EndpointList.Attempt a : plan) {
      out.add(
          a.number()
              + ":"
              + a.parameters().host()
              + "#"
              + a.round()
              + "@"
              + a.endpointIndex()
              + "+"
              + a.delayBefore().getSeconds());
    }
    return out;
  }

  @Test
  void singleEndpointWithRetries() {
    List<EndpointList.Attempt> plan = EndpointList.of(ep("a", 3, 2)).plan();
    assertThat(describe(plan)).containsExactly("1:a#1@0+0", "2:a#2@0+2", "3:a#3@0+2");
    assertThat(plan.get(2).isLast()).isTrue();
    assertThat(plan.get(0).isLast()).isFalse();
    assertThat(plan.get(0).totalAttempts()).isEqualTo(3);
  }

  @Test
  void defaultIsOneAttemptPerEndpointInOrderWithoutDelay() {
    EndpointList list = EndpointList.of(ep("a", 1, 2), ep("b", 1, 2), ep("c", 1, 2));
    assertThat(describe(list.plan())).containsExactly("1:a#1@0+0", "2:b#1@1+0", "3:c#1@2+0");
  }

  @Test
  void roundsSkipEndpointsWithoutAttemptsLeft() {
    EndpointList list = EndpointList.of(ep("a", 1, 1), ep("b", 3, 5), ep("c", 2, 7));
    assertThat(describe(list.plan()))
        .containsExactly(
            "1:a#1@0+0", "2:b#1@1+0", "3:c#1@2+0", "4:b#2@1+5", "5:c#2@2+0", "6:b#3@1+5");
    assertThat(list.totalAttempts()).isEqualTo(6);
  }

  @Test
  void shuffleWithSeededRandomIsDeterministicAndLeavesOriginalAlone() {
    EndpointList list = EndpointList.of(ep("a", 1, 0), ep("b", 1, 0), ep("c", 1, 0), ep("d", 1, 0));
    EndpointList s1 = list.shuffled(new Random(42));
    EndpointList s2 = list.shuffled(new Random(42));
    assertThat(s1).isEqualTo(s2);
    assertThat(s1.endpoints()).containsExactlyInAnyOrderElementsOf(list.endpoints());
    List<String> expected = new ArrayList<>(List.of("a", "b", "c", "d"));
    java.util.Collections.shuffle(expected, new Random(42));
    assertThat(s1.endpoints())
        .extracting(ConnectionParameters::host)
        .containsExactlyElementsOf(expected);
    assertThat(list.endpoints())
        .extracting(ConnectionParameters::host)
        .containsExactly("a", "b", "c", "d");
    assertThat(list.shuffled().size()).isEqualTo(4);
  }

  @Test
  void lazyAttemptsForHugePlans() {
    EndpointList list =
        EndpointList.of(ep("a", Integer.MAX_VALUE, 1), ep("b", Integer.MAX_VALUE, 1));
    assertThatThrownBy(list::plan)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("iterate over attempts() instead");
    Iterator<EndpointList.Attempt> it = list.attempts().iterator();
    List<EndpointList.Attempt> first = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      first.add(it.next());
    }
    assertThat(describe(first))
        .containsExactly("1:a#1@0+0", "2:b#1@1+0", "3:a#2@0+1", "4:b#2@1+0", "5:a#3@0+1");
    assertThat(first.get(0).totalAttempts()).isEqualTo(2L * Integer.MAX_VALUE);
  }

  @Test
  void validationAndToString() {
    assertThatThrownBy(() -> EndpointList.of(List.of()))
        .hasMessage("an endpoint list needs at least one endpoint");
    assertThatThrownBy(() -> EndpointList.of((ConnectionParameters) null))
        .isInstanceOf(NullPointerException.class);
    EndpointList list =
        EndpointList.of(
            ConnectionParameters.builder()
                .host("a")
                .credentials(PlainCredentials.of("u", "s3cr3t-pw"))
                .build());
    assertThat(list.toString()).isEqualTo("EndpointList[amqp://a:5672/%2F]");
    assertThat(list.plan().get(0).toString()).isEqualTo("attempt 1/1 (round 1) amqp://a:5672/%2F");
    assertThatThrownBy(
            () ->
                new EndpointList.Attempt(
                    0, 1, 1, 0, ConnectionParameters.defaults(), Duration.ZERO))
        .hasMessageContaining("number must be between 1 and totalAttempts");
    assertThatThrownBy(
            () ->
                new EndpointList.Attempt(
                    1, 1, 1, 0, ConnectionParameters.defaults(), Duration.ofSeconds(-1)))
        .hasMessageContaining("delayBefore");
  }
}
