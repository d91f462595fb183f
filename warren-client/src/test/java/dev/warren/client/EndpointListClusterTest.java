/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The cluster side of {@link EndpointList}: one URI with several hosts, order, one policy. */
class EndpointListClusterTest {
  private static List<String> endpoints(EndpointList list) {
    return list.endpoints().stream().map(ConnectionParameters::endpoint).toList();
  }

  @Test
  void oneUriWithSeveralHostsIsOneEndpointPerHostSharingEverythingElse() {
    EndpointList list =
        EndpointList.fromUri("amqp://app:s3cr3t@host1:5672,host2:5673,host3/prod?heartbeat=7");
    assertThat(endpoints(list))
        .containsExactly(
            "amqp://host1:5672/prod", "amqp://host2:5673/prod", "amqp://host3:5672/prod");
    for (ConnectionParameters p : list.endpoints()) {
      assertThat(p.virtualHost()).isEqualTo("prod");
      assertThat(p.credentials().orElseThrow()).isInstanceOf(PlainCredentials.class);
      PlainCredentials c = (PlainCredentials) p.credentials().orElseThrow();
      assertThat(c.username()).isEqualTo("app");
      assertThat(new String(c.password())).isEqualTo("s3cr3t");
      assertThat(p.heartbeat())
          .isEqualTo(ConnectionParameters.fromUri("amqp://h?heartbeat=7").heartbeat());
    }
    assertThat(list.order()).isEqualTo(EndpointList.Order.SHUFFLED_PER_CONNECTION);
  }

  @Test
  void hostListsTakeTlsDefaultPortsIpv6AndCommasInThePassword() {
    EndpointList tls = EndpointList.fromUri("amqps://u:p,w@[::1],[::1]:5000,rabbit/%2F");
    assertThat(endpoints(tls))
        .containsExactly(
            "amqps://[::1]:5671/%2F", "amqps://[::1]:5000/%2F", "amqps://rabbit:5671/%2F");
    assertThat(tls.endpoints()).allMatch(ConnectionParameters::tlsEnabled);
    PlainCredentials c = (PlainCredentials) tls.endpoints().get(2).credentials().orElseThrow();
    assertThat(new String(c.password())).isEqualTo("p,w");
  }

  @Test
  void aSingleHostUriIsAListOfOneAndOpensAsBefore() {
    EndpointList one = EndpointList.fromUri("amqp://guest:guest@localhost:5672/%2F");
    assertThat(one.endpoints())
        .containsExactly(ConnectionParameters.fromUri("amqp://guest:guest@localhost:5672/%2F"));
    assertThat(one.forConnection()).isSameAs(one);
  }

  @Test
  void fromUrisExpandsHostListsToo() {
    EndpointList list = EndpointList.fromUris("amqp://a,b", "amqp://c");
    assertThat(endpoints(list))
        .containsExactly("amqp://a:5672/%2F", "amqp://b:5672/%2F", "amqp://c:5672/%2F");
  }

  @Test
  void badHostListsAreRefusedWithoutShowingThePassword() {
    assertThatThrownBy(() -> EndpointList.fromUri("amqp://u:topsecret@h1,,h2/"))
        .isInstanceOf(InvalidUriException.class)
        .hasMessageContaining("has an empty entry")
        .hasMessageNotContaining("topsecret");
    assertThatThrownBy(() -> EndpointList.fromUri("amqp://u:topsecret@h1,h2:notaport/"))
        .isInstanceOf(InvalidUriException.class)
        .hasMessageNotContaining("topsecret");
    assertThatThrownBy(() -> ConnectionParameters.fromUri("amqp://u:topsecret@h1:5672,h2:5673/"))
        .isInstanceOf(InvalidUriException.class)
        .hasMessageContaining("several hosts")
        .hasMessageContaining("EndpointList.fromUri")
        .hasMessageNotContaining("topsecret");
  }

  @Test
  void eachConnectionGetsItsOwnShuffledOrderUnlessInOrder() {
    EndpointList list = EndpointList.fromUri("amqp://a,b,c");
    Set<String> firsts = new HashSet<>();
    Set<List<String>> orders = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      EndpointList mine = list.forConnection();
      assertThat(endpoints(mine)).containsExactlyInAnyOrderElementsOf(endpoints(list));
      assertThat(mine.order()).isEqualTo(EndpointList.Order.AS_LISTED);
      firsts.add(mine.endpoints().get(0).host());
      orders.add(endpoints(mine));
    }
    // 300 draws of 6 orders: missing one has a probability below 1e-20.
    assertThat(firsts).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(orders).hasSize(6);
    EndpointList fixed = list.inOrder();
    assertThat(fixed.forConnection()).isSameAs(fixed);
    assertThat(fixed).isNotEqualTo(list);
    assertThat(fixed.withOrder(EndpointList.Order.SHUFFLED_PER_CONNECTION)).isEqualTo(list);
  }

  @Test
  void theListHasOneRecoveryPolicyAndRefusesConflictingOnes() {
    RecoveryPolicy fast =
        RecoveryPolicy.builder().backoff(Duration.ofMillis(50), Duration.ofSeconds(1)).build();
    RecoveryPolicy same =
        RecoveryPolicy.builder().backoff(Duration.ofMillis(50), Duration.ofSeconds(1)).build();
    ConnectionParameters a = ConnectionParameters.builder().host("a").recovery(fast).build();
    ConnectionParameters b = ConnectionParameters.builder().host("b").recovery(same).build();
    ConnectionParameters c =
        ConnectionParameters.builder().host("c").recovery(RecoveryPolicy.disabled()).build();
    assertThat(EndpointList.of(a, b).recovery()).isEqualTo(fast);
    assertThat(EndpointList.fromUris(a, "amqp://x", "amqp://y").recovery()).isEqualTo(fast);
    assertThatThrownBy(() -> EndpointList.of(a, c).recovery())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different recovery policies")
        .hasMessageContaining("amqp://c:5672/%2F")
        .hasMessageContaining("withRecovery");
    assertThatThrownBy(() -> Connection.open(EndpointList.of(a, c)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different recovery policies");
    EndpointList chosen = EndpointList.of(a, c).withRecovery(RecoveryPolicy.disabled());
    assertThat(chosen.recovery()).isEqualTo(RecoveryPolicy.disabled());
    assertThat(chosen.forConnection().recovery()).isEqualTo(RecoveryPolicy.disabled());
    assertThat(chosen.shuffled().recovery()).isEqualTo(RecoveryPolicy.disabled());
  }
}
